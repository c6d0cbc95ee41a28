package cli_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cmd/internal/cli"
	"github.com/zerenlab/zeren/cmd/internal/store"
	"github.com/zerenlab/zeren/cmd/internal/testdb"
)

// zerenEnv runs the command with environment variables.
func zerenEnv(t *testing.T, vars map[string]string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Main(context.Background(), args, cli.Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string { return vars[k] },
	})
	return result{code, out.String(), errOut.String()}
}

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

const testKey = "cli test audit key: 0123456789abcdef0123456789"

// keyedDB writes n changes into a new database keyed with testKey, and
// returns it, a key file and a checkpoint file holding the head.
func keyedDB(t *testing.T, newDB func(testing.TB) string, n int) (db, keyFile, cpFile string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	keyFile = filepath.Join(dir, "audit.key")
	require.NoError(t, os.WriteFile(keyFile, []byte(testKey+"\n"), 0o600))
	key, err := store.ReadAuditKeyFile(keyFile)
	require.NoError(t, err)
	db = newDB(t)
	s, err := store.Open(ctx, db, store.WithAuditKey(key))
	require.NoError(t, err)
	defer s.Close()
	for i := range n {
		_, err := s.Apply(ctx, "tester", []store.Change{{Op: store.OpPut, Kind: store.KindPlan, ID: fmt.Sprintf("p%d", i), Data: []byte{byte(i)}}})
		require.NoError(t, err)
	}
	cp, err := s.Checkpoint(ctx, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	line, err := json.Marshal(cp)
	require.NoError(t, err)
	cpFile = filepath.Join(dir, "checkpoints.jsonl")
	require.NoError(t, os.WriteFile(cpFile, append(line, '\n'), 0o600))
	return db, keyFile, cpFile
}

func TestAuditVerifyWithKeyAndCheckpoint(t *testing.T) {
	t.Parallel()
	for _, target := range []struct {
		name string
		new  func(testing.TB) string
	}{{"sqlite", testdb.SQLite}, {"postgres", testdb.Postgres}} {
		t.Run(target.name, func(t *testing.T) {
			t.Parallel()
			db, keyFile, cpFile := keyedDB(t, target.new, 12)

			r := zeren(t, "", "audit", "verify", "-db", db, "-audit-key-file", keyFile, "-expect-head", cpFile)
			require.Equal(t, cli.ExitOK, r.code, r.stdout+r.stderr)
			assert.Contains(t, r.stdout, "检查点： 已核对 1 个\n")
			assert.Contains(t, r.stdout, "（全部条目）")
			assert.Contains(t, r.stdout, "审计日志完整，校验通过")
			assert.NotContains(t, r.stdout, "注意")

			r = zerenEnv(t, map[string]string{"ZEREN_AUDIT_KEY": testKey, "ZEREN_DB": db, "ZEREN_LANG": "en"}, "audit", "verify", "-expect-head", cpFile)
			require.Equal(t, cli.ExitOK, r.code, r.stdout+r.stderr)
			assert.Contains(t, r.stdout, "checkpoints: 1 checked\n")
			assert.False(t, hasHan(r.stdout+r.stderr), "English only:\n%s", r.stdout)

			// The head printed is a checkpoint too.
			var head string
			for line := range strings.Lines(r.stdout) {
				if v, ok := strings.CutPrefix(line, "checkpoint (count:hash): "); ok {
					head = strings.TrimSpace(v)
				}
			}
			require.True(t, strings.HasPrefix(head, "12:"), r.stdout)
			r = zeren(t, "", "audit", "verify", "-db", db, "-audit-key-file", keyFile, "-expect-head", head)
			require.Equal(t, cli.ExitOK, r.code, r.stdout+r.stderr)

			// A checkpoint ahead of the log: it was rolled back.
			ahead := "13:" + strings.Repeat("ab", 32)
			r = zeren(t, "", "audit", "verify", "-db", db, "-audit-key-file", keyFile, "-expect-head", ahead)
			assert.Equal(t, cli.ExitProblems, r.code)
			assert.Contains(t, r.stdout, "审计日志在第 13 条处断裂：日志只到第 12 条")

			// Without the key, a keyed log is not verified.
			r = zeren(t, "", "audit", "verify", "-db", db)
			assert.Equal(t, cli.ExitUsage, r.code)
			assert.Contains(t, r.stderr, "校验需要该密钥")
			r = zeren(t, "", "audit", "verify", "-db", db, "-lang", "en")
			assert.Contains(t, r.stderr, "verifying it needs that key")
			assert.False(t, hasHan(r.stderr), r.stderr)

			// With another key, it is a break.
			other := filepath.Join(t.TempDir(), "other.key")
			require.NoError(t, os.WriteFile(other, []byte("another key, 0123456789abcdef0123456789"), 0o600))
			r = zeren(t, "", "audit", "verify", "-db", db, "-audit-key-file", other)
			assert.Equal(t, cli.ExitProblems, r.code)
			assert.Contains(t, r.stdout, "审计日志未通过校验：日志的密钥记录是密钥")
		})
	}
}

// The six tamperings of issue 9, each found by zeren audit verify, with
// messages in one language.
func TestAuditVerifyFindsTampering(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		tamper []string
		zh, en string
	}{
		{"roll back the last 2 changes", []string{
			"DELETE FROM audit WHERE seq > 10",
			"DELETE FROM records WHERE audit_seq > 10",
			"UPDATE audit_head SET seq = 10, hash = (SELECT hash FROM audit WHERE seq = 10)",
		}, "审计日志在第 11 条处断裂：日志只到第 10 条，而 2026-03-02T09:00:00Z 的检查点记有 12 条：日志被回滚",
			"BROKEN: the audit log breaks at entry 11: the log ends at entry 10 but the checkpoint of 2026-03-02T09:00:00Z recorded 12 entries: the log was rolled back"},
		{"edit an entry and its record", []string{
			"UPDATE audit SET after = x'ff' WHERE seq = 5",
			"UPDATE records SET data = x'ff' WHERE audit_seq = 5",
		}, "审计日志在第 5 条处断裂：其哈希不是审计密钥下的哈希",
			"BROKEN: the audit log breaks at entry 5: its hash is not its keyed hash"},
		{"re-attribute an entry", []string{
			"UPDATE audit SET actor = 'mallory' WHERE seq = 7",
			"UPDATE records SET updated_by = 'mallory' WHERE audit_seq = 7",
		}, "审计日志在第 7 条处断裂：其哈希不是审计密钥下的哈希",
			"BROKEN: the audit log breaks at entry 7: its hash is not its keyed hash"},
		{"append a forged entry", []string{
			`INSERT INTO audit (seq, at, actor, kind, id, scope, action, version, before, after, prev_hash, hash)
			 SELECT 13, at + 1, 'mallory', 'plan', 'forged', '', 'create', 1, NULL, x'00', hash, zeroblob(32) FROM audit WHERE seq = 12`,
			"UPDATE audit_head SET seq = 13, hash = zeroblob(32)",
		}, "审计日志在第 13 条处断裂：其哈希不是审计密钥下的哈希",
			"BROKEN: the audit log breaks at entry 13: its hash is not its keyed hash"},
		{"wipe all", []string{
			"DELETE FROM audit", "DELETE FROM records", "UPDATE audit_head SET seq = 0, hash = zeroblob(32)",
		}, "审计日志在第 1 条处断裂：日志只到第 0 条，而 2026-03-02T09:00:00Z 的检查点记有 12 条：日志被清空",
			"BROKEN: the audit log breaks at entry 1: the log ends at entry 0 but the checkpoint of 2026-03-02T09:00:00Z recorded 12 entries: the log was wiped"},
		{"drop the triggers", nil,
			"审计日志未通过校验：保护日志只增不改的触发器 audit_no_update 被删除",
			"BROKEN: the audit log fails verification: the append-only trigger audit_no_update was dropped"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db, keyFile, cpFile := keyedDB(t, testdb.SQLite, 12)
			raw, err := sql.Open("sqlite", db)
			require.NoError(t, err)
			for _, q := range append([]string{"DROP TRIGGER audit_no_update", "DROP TRIGGER audit_no_delete"}, tc.tamper...) {
				_, err := raw.Exec(q)
				require.NoError(t, err, q)
			}
			require.NoError(t, raw.Close())

			r := zeren(t, "", "audit", "verify", "-db", db, "-audit-key-file", keyFile, "-expect-head", cpFile)
			assert.Equal(t, cli.ExitProblems, r.code, r.stdout+r.stderr)
			assert.Contains(t, r.stdout, tc.zh)
			r = zeren(t, "", "audit", "verify", "-db", db, "-audit-key-file", keyFile, "-expect-head", cpFile, "-lang", "en")
			assert.Equal(t, cli.ExitProblems, r.code)
			assert.Contains(t, r.stdout, tc.en)
			assert.False(t, hasHan(r.stdout+r.stderr), "English only:\n%s", r.stdout)
		})
	}
}

// verify refuses what is not a Zeren database and leaves it byte for byte.
func TestAuditVerifyRefusesOtherFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	unrelated := filepath.Join(dir, "unrelated.db")
	raw, err := sql.Open("sqlite", unrelated)
	require.NoError(t, err)
	_, err = raw.Exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)")
	require.NoError(t, err)
	require.NoError(t, raw.Close())
	empty := filepath.Join(dir, "empty.db")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	for _, path := range []string{unrelated, empty} {
		before, err := os.ReadFile(path)
		require.NoError(t, err)
		r := zeren(t, "", "audit", "verify", "-db", path)
		assert.Equal(t, cli.ExitUsage, r.code, r.stdout)
		assert.Contains(t, r.stderr, path+" 不是 Zeren 数据库：没有 migrations 表；已只读打开，文件未被改动")
		assert.NotContains(t, r.stdout, "校验通过")
		r = zeren(t, "", "audit", "verify", "-db", path, "-lang", "en")
		assert.Contains(t, r.stderr, "is not a Zeren database: it has no migrations table")
		assert.False(t, hasHan(r.stderr), r.stderr)
		after, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, before, after, "%s is byte for byte as it was", path)
	}
}

func TestAuditHelp(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"--help", "-h", "help"} {
		r := zeren(t, "", "audit", arg)
		assert.Equal(t, cli.ExitOK, r.code, arg)
		assert.Contains(t, r.stdout, "示例：")
		assert.Contains(t, r.stdout, "-expect-head")
	}
	r := zerenEnv(t, map[string]string{"ZEREN_LANG": "en"}, "audit", "--help")
	assert.Equal(t, cli.ExitOK, r.code)
	assert.Contains(t, r.stdout, "Examples:")
	assert.False(t, hasHan(strings.ReplaceAll(r.stdout, "审计日志", "")), r.stdout)
	assert.Equal(t, cli.ExitOK, zeren(t, "", "audit", "verify", "-h").code)

	r = zeren(t, "", "audit", "verify", "-db", "x.db", "-expect-head", "12:nothex")
	assert.Equal(t, cli.ExitUsage, r.code)
	assert.Contains(t, r.stderr, "不是 64 位十六进制数")
	short := filepath.Join(t.TempDir(), "short.key")
	require.NoError(t, os.WriteFile(short, []byte("too short"), 0o600))
	r = zeren(t, "", "audit", "verify", "-db", "x.db", "-audit-key-file", short, "-lang", "en")
	assert.Equal(t, cli.ExitUsage, r.code)
	assert.Contains(t, r.stderr, "the audit key is 9 bytes long")
}
