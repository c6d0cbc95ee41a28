package cli_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"

	"github.com/zerenlab/zeren/cmd/internal/cli"
)

func TestPersonPrintsBothHoldersOfTheRotatedPost(t *testing.T) {
	t.Parallel()
	old := zeren(t, "", "person")
	require.Equal(t, 0, old.code, old.stderr)
	cur := zeren(t, "", "person", "-person", sample.RotationNewSecretaryID, "-lang", "en")
	require.Equal(t, 0, cur.code, cur.stderr)
	golden(t, "person_old_zh.golden", old.stdout)
	golden(t, "person_new_en.golden", cur.stdout)
	assert.Contains(t, old.stdout, "2026-01-01 至 2026-06-30（181 天）")
	assert.Contains(t, cur.stdout, "(184 days, in post at the period's end)")

	js := zeren(t, "", "person", "-person", "p-zjj-01", "-format", "json")
	require.Equal(t, 0, js.code, js.stderr)
	var o map[string]any
	require.NoError(t, json.Unmarshal([]byte(js.stdout), &o))
	assert.Equal(t, "祁建新", o["personName"])

	bad := zeren(t, "", "person", "-person", "p-nobody")
	assert.Equal(t, cli.ExitUsage, bad.code)
	assert.Contains(t, bad.stderr, "p-nobody")
}

func TestPersonAsksZerend(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, err := server.New(server.NewMemoryStore(),
		server.WithAuthenticator(server.StaticTokens{"tok": {Subject: "gongwei-admin"}}),
		server.WithClock(func() time.Time { return sample.RotationDate }), server.WithLocation(sample.Location))
	require.NoError(t, err)
	require.NoError(t, srv.LoadStructure(ctx, "setup", frameworks.SanjiWugang(), sample.Structure()))
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	var out, errOut strings.Builder
	code := cli.Main(ctx, []string{"person", "-server", hs.URL, "-person", sample.RotationNewSecretaryID}, cli.Env{
		Stdout: &out, Stderr: &errOut, Getenv: func(k string) string {
			if k == "ZEREN_TOKEN" {
				return "tok"
			}
			return ""
		}})
	require.Equal(t, 0, code, errOut.String())
	assert.Contains(t, out.String(), "叶思远（p-czj-02）2026年度")
	assert.Contains(t, out.String(), "（184 天，期末在岗）")

	code = cli.Main(ctx, []string{"person", "-server", hs.URL, "-person", sample.RotationNewSecretaryID}, cli.Env{Stdout: &out, Stderr: &errOut})
	assert.Equal(t, cli.ExitProblems, code, "no token: refused")
}
