package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

// Opening read-only refuses what is not a Zeren database and leaves it
// byte for byte as it was: zeren audit verify once printed OK on an
// unrelated SQLite file and wrote Zeren's tables into it.
func TestReadOnlyRefusesOtherSQLiteFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	unrelated := filepath.Join(dir, "unrelated.db")
	raw, err := sql.Open("sqlite", unrelated)
	require.NoError(t, err)
	_, err = raw.Exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('张三')")
	require.NoError(t, err)
	require.NoError(t, raw.Close())
	empty := filepath.Join(dir, "empty.db")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	text := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(text, []byte("这不是数据库 — not a database at all, just some text to be left alone.\n"), 0o644))

	for _, tc := range []struct{ name, path, zh, en string }{
		{"an unrelated SQLite database", unrelated, "没有 migrations 表", "it has no migrations table"},
		{"an empty file", empty, "没有 migrations 表", "it has no migrations table"},
		{"a text file", text, "无法读取其表目录", "its catalogue cannot be read"},
	} {
		t.Run(tc.name+" is refused and left unchanged", func(t *testing.T) {
			before, err := os.ReadFile(tc.path)
			require.NoError(t, err)
			_, err = store.Open(context.Background(), tc.path, store.WithReadOnly(), store.WithAuditKey(mustKey(t)))
			var nz *store.NotZerenError
			require.ErrorAs(t, err, &nz)
			assert.Equal(t, tc.zh, nz.Zh)
			assert.Equal(t, tc.en, nz.En)
			assert.Contains(t, err.Error(), "is not a Zeren database")
			after, err := os.ReadFile(tc.path)
			require.NoError(t, err)
			assert.Equal(t, before, after, "the file is byte for byte as it was")
		})
	}

	t.Run("a missing file is not created", func(t *testing.T) {
		missing := filepath.Join(dir, "typo.db")
		_, err := store.Open(context.Background(), missing, store.WithReadOnly())
		require.ErrorIs(t, err, os.ErrNotExist)
		assert.NoFileExists(t, missing)
	})
}

func TestReadOnlyRefusesAnEmptyPostgresSchema(t *testing.T) {
	t.Parallel()
	dsn := postgresTarget(t)
	_, err := store.Open(context.Background(), dsn, store.WithReadOnly())
	var nz *store.NotZerenError
	require.ErrorAs(t, err, &nz)
	assert.Equal(t, "it has no migrations table", nz.En)
	// Nothing was created: opening for writing migrates from scratch.
	s, err := store.Open(context.Background(), dsn)
	require.NoError(t, err)
	defer s.Close()
	v, err := s.SchemaVersion(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 3, v)
}

// A database of schema 1, from before the audit key, verifies read-only
// without being migrated.
func TestReadOnlyVerifiesAnOlderSchema(t *testing.T) {
	t.Parallel()
	path := sqlitePath(t)
	s, err := store.Open(context.Background(), path)
	require.NoError(t, err)
	_, err = s.Apply(context.Background(), "tester", []store.Change{{Op: store.OpPut, Kind: store.KindPlan, ID: "p", Data: []byte("x")}})
	require.NoError(t, err)
	require.NoError(t, store.ExecRaw(context.Background(), s, "DROP TABLE audit_key"))
	require.NoError(t, store.ExecRaw(context.Background(), s, "DELETE FROM migrations WHERE version >= 2"))
	require.NoError(t, s.Close())

	ro, err := store.Open(context.Background(), path, store.WithReadOnly())
	require.NoError(t, err)
	defer ro.Close()
	rep, err := ro.VerifyAudit(context.Background())
	require.NoError(t, err)
	assert.True(t, rep.OK(), "%v", rep.Broken)
	assert.Equal(t, uint64(1), rep.Unkeyed)
	v, err := ro.SchemaVersion(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, v, "not migrated")
}

func mustKey(t testing.TB) *store.AuditKey {
	k, err := store.ParseAuditKey([]byte("  readonly test key 0123456789abcdef0123\n"))
	require.NoError(t, err)
	return k
}

func TestParseAuditKey(t *testing.T) {
	t.Parallel()
	_, err := store.ParseAuditKey([]byte("  short\n"))
	var ke *store.KeyError
	require.ErrorAs(t, err, &ke)
	assert.Contains(t, ke.Zh, "只有 5 字节")
	assert.Contains(t, ke.En, "5 bytes long")
	a, err := store.ParseAuditKey([]byte("0123456789abcdef0123456789abcdef"))
	require.NoError(t, err)
	b, err := store.ParseAuditKey([]byte("0123456789abcdef0123456789abcdef\n"))
	require.NoError(t, err)
	assert.Equal(t, a.ID(), b.ID(), "surrounding white space is not part of the key")
	assert.Len(t, a.ID(), 16)
	assert.NotContains(t, a.String(), "0123456789abcdef")
	_, err = store.ReadAuditKeyFile(filepath.Join(t.TempDir(), "nope.key"))
	require.ErrorAs(t, err, &ke)
	assert.Contains(t, ke.Zh, "无法读取审计密钥文件")
}

func TestCheckpoints(t *testing.T) {
	t.Parallel()
	h := "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	c, err := store.ParseCheckpoint("1234:" + h)
	require.NoError(t, err)
	assert.Equal(t, store.Checkpoint{Seq: 1234, Hash: h}, c)
	assert.Equal(t, "1234:"+h, c.String())
	for _, bad := range []string{"", "1234", "x:" + h, "-1:" + h, "12:abc", "0:" + h} {
		_, err := store.ParseCheckpoint(bad)
		var ce *store.CheckpointError
		require.ErrorAs(t, err, &ce, "%q", bad)
		assert.NotEmpty(t, ce.Zh)
	}
	file := `{"seq":3,"hash":"` + h + `","at":"2026-03-02T09:00:00Z"}

{"time":"2026-03-02T09:00:00Z","level":"INFO","msg":"listening","addr":"127.0.0.1:8080"}
{"time":"2026-03-02T10:00:00Z","level":"INFO","msg":"audit checkpoint","checkpoint":{"seq":5,"hash":"` + h + `","at":"2026-03-02T10:00:00Z"}}
`
	cps, err := store.ReadCheckpoints([]byte(file))
	require.NoError(t, err)
	require.Len(t, cps, 2)
	assert.Equal(t, uint64(3), cps[0].Seq)
	assert.Equal(t, uint64(5), cps[1].Seq)
	_, err = store.ReadCheckpoints([]byte(file + "{\"seq\": 7}\n"))
	var ce *store.CheckpointError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 5, ce.Line)
	_, err = store.ReadCheckpoints([]byte("\n"))
	require.ErrorAs(t, err, &ce)
}
