package daemon_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cmd/internal/daemon"
	"github.com/zerenlab/zeren/cmd/internal/store"
	"github.com/zerenlab/zeren/cmd/internal/testdb"
)

const testAuditKey = "daemon test audit key 0123456789abcdef"

func TestRefusesToStartWithoutAnAuditKey(t *testing.T) {
	t.Parallel()
	cfg := config(testdb.SQLite(t))
	cfg.AuditKey = ""
	_, err := daemon.Start(context.Background(), cfg, slog.New(slog.DiscardHandler), nil)
	var ce *daemon.ConfigError
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, err.Error(), "no audit key configured")
	assert.Contains(t, err.Error(), "head -c 32 /dev/urandom | base64")
	assert.NoFileExists(t, cfg.DB, "nothing is opened before the configuration is checked")

	cfg.AuditKey = "short"
	_, err = daemon.Start(context.Background(), cfg, slog.New(slog.DiscardHandler), nil)
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, err.Error(), "5 bytes long")

	cfg.AuditKey, cfg.AuditKeyFile = testAuditKey, "/etc/zeren/audit.key"
	require.ErrorContains(t, cfg.Validate(), "give one")

	// -insecure-audit starts, and says what it costs.
	cfg.AuditKey, cfg.AuditKeyFile, cfg.InsecureAudit = "", "", true
	d, logs := start(t, cfg)
	require.NoError(t, d.Shutdown(context.Background()))
	assert.Contains(t, logs.String(), "audit log not keyed")

	// Once keyed, the database refuses a zerend without the key.
	cfg.AuditKey, cfg.InsecureAudit = testAuditKey, false
	d, logs = start(t, cfg)
	require.NoError(t, d.Shutdown(context.Background()))
	assert.Contains(t, logs.String(), `"msg":"audit key adopted`)
	cfg.AuditKey, cfg.InsecureAudit = "", true
	_, err = daemon.Start(context.Background(), cfg, slog.New(slog.DiscardHandler), nil)
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, err.Error(), "cannot be written without that key")
}

// zerend checkpoints the audit log's head, signed, to its log and to a file,
// at start, when the head moves and on shutdown; the checkpoints verify the
// log and find a later rollback.
func TestWritesSignedCheckpoints(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "audit.key")
	require.NoError(t, os.WriteFile(keyFile, []byte(testAuditKey+"\n"), 0o644))
	cfg := config(testdb.SQLite(t))
	cfg.AuditKey, cfg.AuditKeyFile = "", keyFile
	cfg.AuditCheckpointFile = filepath.Join(dir, "checkpoints.jsonl")
	cfg.AuditCheckpointInterval = 20 * time.Millisecond
	d, logs := start(t, cfg)
	assert.Contains(t, logs.String(), "the audit key file is readable by others than its owner")

	// A write after start: the ticker checkpoints the moved head.
	key, err := store.ReadAuditKeyFile(keyFile)
	require.NoError(t, err)
	db, err := store.Open(context.Background(), cfg.DB, store.WithAuditKey(key))
	require.NoError(t, err)
	_, err = db.Apply(context.Background(), "tester", []store.Change{{Op: store.OpPut, Kind: store.KindPlan, ID: "p", Data: []byte("x")}})
	require.NoError(t, err)
	require.Eventually(t, func() bool { return strings.Contains(logs.String(), `"seq":1,`) }, 10*time.Second, 10*time.Millisecond)
	_, err = db.Apply(context.Background(), "tester", []store.Change{{Op: store.OpPut, Kind: store.KindPlan, ID: "q", Data: []byte("y")}})
	require.NoError(t, err)
	require.NoError(t, db.Close())
	require.NoError(t, d.Shutdown(context.Background()))

	data, err := os.ReadFile(cfg.AuditCheckpointFile)
	require.NoError(t, err)
	cps, err := store.ReadCheckpoints(data)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(cps), 3, "start, a tick and shutdown:\n%s", data)
	assert.Equal(t, uint64(0), cps[0].Seq, "at start")
	assert.Equal(t, uint64(2), cps[len(cps)-1].Seq, "on shutdown")
	for _, c := range cps {
		assert.Equal(t, key.ID(), c.KeyID)
		assert.NotEmpty(t, c.MAC)
	}
	fromLog, err := store.ReadCheckpoints([]byte(logs.String()))
	require.NoError(t, err, "zerend's own log is a checkpoint file too")
	assert.Equal(t, cps, fromLog)
	st, err := os.Stat(cfg.AuditCheckpointFile)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	ro, err := store.Open(context.Background(), cfg.DB, store.WithReadOnly(), store.WithAuditKey(key))
	require.NoError(t, err)
	defer ro.Close()
	rep, err := ro.VerifyAudit(context.Background(), cps...)
	require.NoError(t, err)
	require.True(t, rep.OK(), "%v", rep.Broken)
	assert.Equal(t, len(cps), rep.Checkpoints)
}
