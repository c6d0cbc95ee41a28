package daemon_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cmd/internal/daemon"
)

// A flag wins over its environment variable, which wins over the
// configuration file, which wins over the default.
func TestConfigFileIsOverriddenByEnvironmentAndFlags(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "zerend.toml")
	require.NoError(t, os.WriteFile(path, []byte(`
addr = "127.0.0.1:7000"
db = "/srv/file.db"
call-timeout = "3m"
seed-sample = true
inspection-seed = 42
log-level = "warn"
`), 0o600))
	fs := flag.NewFlagSet("zerend", flag.ContinueOnError)
	var c daemon.Config
	c.RegisterFlags(fs)
	require.NoError(t, fs.Parse([]string{"-db", "./flag.db"}))
	env := map[string]string{"ZEREN_CALL_TIMEOUT": "5s"}
	require.NoError(t, daemon.ApplyEnv(fs, func(k string) string { return env[k] }))
	require.NoError(t, daemon.ApplyConfigFile(fs, path))
	assert.Equal(t, "./flag.db", c.DB, "the flag wins over the file")
	assert.Equal(t, 5*time.Second, c.CallTimeout, "the environment wins over the file")
	assert.Equal(t, "127.0.0.1:7000", c.Addr, "the file wins over the default")
	assert.True(t, c.SeedSample)
	assert.Equal(t, int64(42), c.InspectionSeed)
	assert.Equal(t, "warn", c.LogLevel)
	assert.Equal(t, 30*time.Second, c.ShutdownTimeout, "the default")
}

// Every problem of the file is reported at once, naming the key.
func TestConfigFileProblems(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "zerend.toml")
	require.NoError(t, os.WriteFile(path, []byte(`
adress = "127.0.0.1:7000"
call-timeout = "soon"
tokens = ["a", "b"]
`), 0o600))
	fs := flag.NewFlagSet("zerend", flag.ContinueOnError)
	var c daemon.Config
	c.RegisterFlags(fs)
	err := daemon.ApplyConfigFile(fs, path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `“adress”不是 zerend 的配置项`)
	assert.Contains(t, err.Error(), `call-timeout = "soon"`)
	assert.Contains(t, err.Error(), `call-timeout 的值“soon”无效`)
	assert.Contains(t, err.Error(), `"tokens" must be a string, a number or a boolean`)

	require.NoError(t, os.WriteFile(path, []byte("addr = "), 0o600))
	assert.ErrorContains(t, daemon.ApplyConfigFile(fs, path), "不是有效的 TOML")
	assert.ErrorContains(t, daemon.ApplyConfigFile(fs, filepath.Join(t.TempDir(), "none.toml")), "无法读取")
}

// zerend -version prints the build and exits 0; a bad configuration file
// (by -config or ZEREN_CONFIG) exits 2 before anything is opened.
func TestVersionAndConfigFlags(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	assert.Equal(t, 0, daemon.Main(context.Background(), "zerend", []string{"-version"}, func(string) string { return "" }, &out))
	assert.Contains(t, out.String(), "zerend ")
	assert.Contains(t, out.String(), "go1.")

	bad := filepath.Join(t.TempDir(), "bad.toml")
	require.NoError(t, os.WriteFile(bad, []byte(`nonsense = 1`), 0o600))
	out.Reset()
	assert.Equal(t, 2, daemon.Main(context.Background(), "zerend", []string{"-config", bad}, func(string) string { return "" }, &out))
	assert.Contains(t, out.String(), "nonsense")
	out.Reset()
	env := map[string]string{daemon.ConfigFileEnv: bad}
	assert.Equal(t, 2, daemon.Main(context.Background(), "zerend", nil, func(k string) string { return env[k] }, &out))
	assert.Contains(t, out.String(), "nonsense")
}

// The configuration file shipped in cmd/deploy sets only real settings.
func TestShippedConfigFileParses(t *testing.T) {
	t.Parallel()
	fs := flag.NewFlagSet("zerend", flag.ContinueOnError)
	var c daemon.Config
	c.RegisterFlags(fs)
	require.NoError(t, daemon.ApplyConfigFile(fs, "../../deploy/zerend.toml"))
	assert.Equal(t, "0.0.0.0:8080", c.Addr)
	assert.Equal(t, "/var/lib/zeren/zeren.db", c.DB)
	assert.Equal(t, "127.0.0.1:9464", c.MetricsAddr)
	assert.Equal(t, 0.1, c.Tracing.SampleRatio)
	assert.Empty(t, c.Tracing.Endpoint, "tracing stays off until an endpoint is filled in")
	require.NoError(t, c.Validate())
}
