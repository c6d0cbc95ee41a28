package daemon_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/assessment"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"

	"github.com/zerenlab/zeren/cmd/internal/daemon"
	"github.com/zerenlab/zeren/cmd/internal/store"
	"github.com/zerenlab/zeren/cmd/internal/testdb"
)

const adminToken = "test-admin-token-0123456789"

// logBuffer collects the daemon's JSON log lines; safe for concurrent use.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// messages returns the msg of every log line.
func (l *logBuffer) messages(t *testing.T) []string {
	var out []string
	for line := range strings.Lines(l.String()) {
		var m struct{ Msg string }
		require.NoError(t, json.Unmarshal([]byte(line), &m), "a log line is JSON: %s", line)
		out = append(out, m.Msg)
	}
	return out
}

func config(db string) daemon.Config {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	var c daemon.Config
	c.RegisterFlags(fs)
	c.DB = db
	c.Tokens = adminToken + "=test-admin," + "test-czj-token-0123456789=oa:czj@czj-pg"
	c.AuditKey = testAuditKey
	return c
}

func start(t *testing.T, cfg daemon.Config) (*daemon.Daemon, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	d, err := daemon.Start(context.Background(), cfg, slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), ln)
	require.NoError(t, err)
	t.Cleanup(func() { _ = d.Shutdown(context.Background()) })
	return d, logs
}

func bearer(token string) connect.ClientOption {
	return connect.WithInterceptors(connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Authorization", "Bearer "+token)
			return next(ctx, req)
		}
	}))
}

func h2c() *http.Client {
	var p http.Protocols
	p.SetUnencryptedHTTP2(true)
	return &http.Client{Transport: &http.Transport{Protocols: &p}}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

func TestServesEveryProtocolOnBothDatabases(t *testing.T) {
	t.Parallel()
	for _, target := range []struct {
		name string
		new  func(testing.TB) string
	}{{"sqlite", testdb.SQLite}, {"postgres", testdb.Postgres}} {
		t.Run(target.name, func(t *testing.T) {
			t.Parallel()
			cfg := config(target.new(t))
			cfg.SeedSample = true
			d, logs := start(t, cfg)
			base := "http://" + d.Addr().String()

			code, body := get(t, base+"/healthz")
			assert.Equal(t, http.StatusOK, code)
			assert.Equal(t, "ok\n", body)
			code, body = get(t, base+"/readyz")
			assert.Equal(t, http.StatusOK, code)
			assert.Equal(t, "ready\n", body)

			req := &zerenv1.GetChainRequest{OrganizationId: sample.RotationBranchID}
			clients := map[string]zerenv1connect.HierarchyServiceClient{
				"connect json, HTTP/1.1": zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, base, bearer(adminToken), connect.WithProtoJSON()),
				"connect binary, h2c":    zerenv1connect.NewHierarchyServiceClient(h2c(), base, bearer(adminToken)),
				"gRPC, h2c":              zerenv1connect.NewHierarchyServiceClient(h2c(), base, bearer(adminToken), connect.WithGRPC()),
				"gRPC-Web, HTTP/1.1":     zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, base, bearer(adminToken), connect.WithGRPCWeb()),
			}
			for name, c := range clients {
				resp, err := c.GetChain(context.Background(), connect.NewRequest(req))
				require.NoError(t, err, name)
				assert.NotEmpty(t, resp.Msg.GetLinks(), name)
			}

			// The seeded plan and indicator system are there: the year's
			// assessment ranks 示例市 as the library does.
			assess := zerenv1connect.NewAssessmentServiceClient(h2c(), base, bearer(adminToken), connect.WithGRPC())
			run, err := assess.RunAssessment(context.Background(), connect.NewRequest(&zerenv1.RunAssessmentRequest{
				SystemId: sample.IndicatorsID, Period: &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: sample.Year},
				Facts: sample.Facts2026(), Reviews: sample.Reviews2026(), RequestRecordsOnly: true,
			}))
			require.NoError(t, err)
			assert.Equal(t, int32(11), run.Msg.GetUnits())
			results, err := assess.ListResults(context.Background(), connect.NewRequest(&zerenv1.ListResultsRequest{RunId: run.Msg.GetRunId()}))
			require.NoError(t, err)
			require.Len(t, results.Msg.GetResults(), 11)
			assert.Equal(t, "sws", results.Msg.GetResults()[0].GetUnitId())
			assert.Equal(t, "99.74", results.Msg.GetResults()[0].GetScore())

			// A token bound to 市财政局 reads only its subtree, over gRPC too.
			czj := zerenv1connect.NewHierarchyServiceClient(h2c(), base, bearer("test-czj-token-0123456789"), connect.WithGRPC())
			_, err = czj.GetChain(context.Background(), connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: "fgw-pg"}))
			assert.Equal(t, connect.CodeNotFound, connect.CodeOf(err), "another unit's organisation answers like a missing one: %v", err)
			anon := zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, base)
			_, err = anon.GetChain(context.Background(), connect.NewRequest(req))
			assert.Equal(t, connect.CodeUnauthenticated, connect.CodeOf(err), "%v", err)

			require.NoError(t, d.Shutdown(context.Background()))
			<-d.Done()
			require.NoError(t, d.Err())
			msgs := logs.messages(t)
			for _, what := range []string{"framework and structure", "plan", "decomposition", "indicator system"} {
				assert.Contains(t, msgs, "seeded 示例市: "+what)
			}
			assert.Contains(t, msgs, "listening")
			assert.Contains(t, msgs, "stopped")
			assert.Contains(t, logs.String(), `"grpc_status":"5"`, "a gRPC error is logged with its status")
			assert.Contains(t, logs.String(), `"proto":"HTTP/2.0"`, "h2c was served")

			// Restarted on the same database, it keeps what it had and does
			// not seed again.
			d2, logs2 := start(t, cfg)
			c := zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, "http://"+d2.Addr().String(), bearer(adminToken))
			_, err = c.GetChain(context.Background(), connect.NewRequest(req))
			require.NoError(t, err)
			assert.Contains(t, logs2.messages(t), "store already holds a structure: 示例市 not seeded")
		})
	}
}

func TestRefusesToStartWithoutTokens(t *testing.T) {
	t.Parallel()
	cfg := config(testdb.SQLite(t))
	cfg.Tokens = ""
	_, err := daemon.Start(context.Background(), cfg, slog.New(slog.DiscardHandler), nil)
	var ce *daemon.ConfigError
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, err.Error(), "no bearer tokens configured")
	assert.NoFileExists(t, cfg.DB, "nothing is opened before the configuration is checked")

	cfg.Addr = "0.0.0.0:0"
	cfg.Dev = true
	_, err = daemon.Start(context.Background(), cfg, slog.New(slog.DiscardHandler), nil)
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, err.Error(), "loopback")
}

func TestDevStartsWithPrintedTokens(t *testing.T) {
	t.Parallel()
	cfg := config(testdb.SQLite(t))
	cfg.Tokens, cfg.Dev, cfg.SeedSample = "", true, true
	d, logs := start(t, cfg)
	assert.Contains(t, logs.String(), `"token":"dev-gongwei"`)
	c := zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, "http://"+d.Addr().String(), bearer("dev-czj"))
	_, err := c.GetChain(context.Background(), connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: "czj-b1"}))
	require.NoError(t, err)
}

func TestTokens(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "tokens.json")
	require.NoError(t, os.WriteFile(file, []byte(`{"aaaa-bbbb-cccc-dddd": {"subject": "oa:admin"}, "eeee-ffff": {"subject": "oa:czj", "root": "czj-pg"}}`), 0o600))
	tests := []struct {
		name    string
		cfg     daemon.Config
		want    server.StaticTokens
		wantErr string
	}{
		{"a file", daemon.Config{TokensFile: file}, server.StaticTokens{
			"aaaa-bbbb-cccc-dddd": {Subject: "oa:admin"}, "eeee-ffff": {Subject: "oa:czj", Root: "czj-pg"},
		}, ""},
		{"inline, compact", daemon.Config{Tokens: "t1=oa:admin, t2=oa:czj@czj-pg"}, server.StaticTokens{
			"t1": {Subject: "oa:admin"}, "t2": {Subject: "oa:czj", Root: "czj-pg"},
		}, ""},
		{"inline JSON overrides the file", daemon.Config{TokensFile: file, Tokens: `{"eeee-ffff": {"subject": "oa:fgw", "root": "fgw-pg"}}`}, server.StaticTokens{
			"aaaa-bbbb-cccc-dddd": {Subject: "oa:admin"}, "eeee-ffff": {Subject: "oa:fgw", Root: "fgw-pg"},
		}, ""},
		{"a missing file", daemon.Config{TokensFile: filepath.Join(dir, "nope.json")}, nil, "tokens file"},
		{"an unknown field", daemon.Config{Tokens: `{"t": {"subject": "s", "scope": "x"}}`}, nil, `unknown field "scope"`},
		{"no subject, no equals sign: both reported", daemon.Config{Tokens: "t1=, secret-token-without-grant"}, nil, "has no subject"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.cfg.LoadTokens()
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				assert.NotContains(t, err.Error(), "secret-token-without-grant", "a token is never printed whole")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestFlagsWinOverEnvironmentOverDefaults(t *testing.T) {
	t.Parallel()
	env := map[string]string{"ZEREN_ADDR": "127.0.0.1:9999", "ZEREN_DB": "/var/lib/zeren.db", "ZEREN_CALL_TIMEOUT": "5s", "ZEREN_SEED_SAMPLE": "true"}
	fs := flag.NewFlagSet("zerend", flag.ContinueOnError)
	var c daemon.Config
	c.RegisterFlags(fs)
	require.NoError(t, fs.Parse([]string{"-db", "./mine.db"}))
	require.NoError(t, daemon.ApplyEnv(fs, func(k string) string { return env[k] }))
	assert.Equal(t, "127.0.0.1:9999", c.Addr)
	assert.Equal(t, "./mine.db", c.DB, "the flag wins")
	assert.Equal(t, 5*time.Second, c.CallTimeout)
	assert.True(t, c.SeedSample)
	assert.Equal(t, 30*time.Second, c.ShutdownTimeout, "the default")

	fs = flag.NewFlagSet("zerend", flag.ContinueOnError)
	c.RegisterFlags(fs)
	err := daemon.ApplyEnv(fs, func(k string) string {
		return map[string]string{"ZEREN_CALL_TIMEOUT": "soon", "ZEREN_SEED_SAMPLE": "maybe"}[k]
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `ZEREN_CALL_TIMEOUT="soon"`)
	assert.Contains(t, err.Error(), `ZEREN_SEED_SAMPLE="maybe"`, "every bad variable is reported")
}

func TestValidateReportsEveryProblem(t *testing.T) {
	t.Parallel()
	c := config("")
	c.Addr, c.LogLevel, c.MaxRequestBytes, c.CallTimeout = "nowhere", "loud", 0, -time.Second
	err := c.Validate()
	require.Error(t, err)
	for _, want := range []string{"addr", "db is empty", "log-level", "max-request-bytes", "call-timeout"} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestMainExitCodes(t *testing.T) {
	t.Parallel()
	var out logBuffer
	assert.Equal(t, 0, daemon.Main(context.Background(), "zerend", []string{"-h"}, os.Getenv, &out))
	assert.Contains(t, out.String(), "ZEREN_TOKENS_FILE")

	out = logBuffer{}
	empty := func(string) string { return "" }
	assert.Equal(t, 2, daemon.Main(context.Background(), "zerend", []string{"-db", testdb.SQLite(t)}, empty, &out))
	assert.Contains(t, out.String(), "zerend: no bearer tokens configured")
	assert.Equal(t, 2, daemon.Main(context.Background(), "zerend", []string{"-nope"}, empty, &out))
	assert.Equal(t, 2, daemon.Main(context.Background(), "zerend", []string{"extra"}, empty, &out))

	// Serves until the context ends (SIGTERM in zerend), then exits 0.
	ctx, cancel := context.WithCancel(context.Background())
	out = logBuffer{}
	done := make(chan int)
	go func() {
		done <- daemon.Main(ctx, "zerend", []string{"-addr", "127.0.0.1:0", "-db", testdb.SQLite(t), "-tokens", "t=admin", "-insecure-audit"}, empty, &out)
	}()
	require.Eventually(t, func() bool { return strings.Contains(out.String(), `"msg":"listening"`) }, 10*time.Second, 10*time.Millisecond)
	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, out.String())
	case <-time.After(30 * time.Second):
		t.Fatal("zerend did not stop")
	}
	assert.Contains(t, out.String(), `"msg":"stopped"`)
}

func TestCalendar(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	js, err := assessment.MarshalJSON(sample.Calendar())
	require.NoError(t, err)
	good := filepath.Join(dir, "calendar.json")
	require.NoError(t, os.WriteFile(good, js, 0o644))
	cal, err := (&daemon.Config{CalendarFile: good}).LoadCalendar()
	require.NoError(t, err)
	assert.False(t, cal.IsWorkday(time.Date(2026, 10, 1, 0, 0, 0, 0, sample.Location)), "国庆节")

	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"id": "x", "holidays": [{"date": "2026-10-01T00:00:00Z"}]}`), 0o644))
	cfg := config(testdb.SQLite(t))
	cfg.CalendarFile = bad
	_, err = daemon.Start(context.Background(), cfg, slog.New(slog.DiscardHandler), nil)
	var ce *daemon.ConfigError
	require.ErrorAs(t, err, &ce, "a calendar is checked before anything starts")
	assert.Contains(t, err.Error(), "calendar "+bad)
}

// Malformed, oversized and hostile requests get clear errors from zerend
// and leave the store — and its audit log — as they were.
func TestHostileRequestsLeaveTheStoreUnchanged(t *testing.T) {
	t.Parallel()
	cfg := config(testdb.SQLite(t))
	cfg.SeedSample = true
	seeded, _ := start(t, cfg) // the plan is bigger than the limit below
	require.NoError(t, seeded.Shutdown(context.Background()))
	cfg.MaxRequestBytes = 16 << 10
	d, _ := start(t, cfg)
	base := "http://" + d.Addr().String()
	ctx := context.Background()
	key, err := store.ParseAuditKey([]byte(cfg.AuditKey))
	require.NoError(t, err)
	entries := func() uint64 {
		db, err := store.Open(ctx, cfg.DB, store.WithReadOnly(), store.WithAuditKey(key))
		require.NoError(t, err)
		defer db.Close()
		rep, err := db.VerifyAudit(ctx)
		require.NoError(t, err)
		require.True(t, rep.OK(), "%v", rep.Broken)
		return rep.Entries
	}
	before := entries()

	hier := zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, base, bearer(adminToken))
	_, err = hier.PutStructure(ctx, connect.NewRequest(&zerenv1.PutStructureRequest{Structure: sample.Structure()}))
	assert.Equal(t, connect.CodeResourceExhausted, connect.CodeOf(err), "a body over -max-request-bytes: %v", err)

	checklist := zerenv1connect.NewChecklistServiceClient(h2c(), base, bearer(adminToken), connect.WithGRPC())
	// zerend reads the real clock: a report may lie at most 72 hours before it.
	at := timestamppb.New(time.Now().Add(-time.Hour))
	for _, id := range []string{"T01/czj-pg/2026-M01\x00", strings.Repeat("T01/", 100) + "2026-M01", " T01/czj-pg/2026-M01"} {
		_, err = checklist.RecordProgress(ctx, connect.NewRequest(&zerenv1.RecordProgressRequest{
			Records: []*zerenv1.ProgressRecord{{AssignmentId: "T01/gw-pg/2026-M01", Value: 1, At: at}, {AssignmentId: id, Value: 1, At: at}},
		}))
		assert.Equal(t, connect.CodeInvalidArgument, connect.CodeOf(err), "assignment id %q: %v", id, err)
	}
	_, err = checklist.RecordProgress(ctx, connect.NewRequest(&zerenv1.RecordProgressRequest{
		Records: []*zerenv1.ProgressRecord{{AssignmentId: "T01/gw-pg/2026-M01", Value: 1, At: at}, {AssignmentId: "T99/nowhere/2026-M01", Value: 1, At: at}},
	}))
	assert.Equal(t, connect.CodeInvalidArgument, connect.CodeOf(err), "one unknown assignment fails the batch: %v", err)
	assert.ErrorContains(t, err, `分解任务“T99/nowhere/2026-M01”不存在`, "in Chinese by default")

	for _, body := range []string{`{"organizationId": `, `{"organisationId": "czj-b1"}`, `[1, 2, 3]`} {
		req, err := http.NewRequest(http.MethodPost, base+"/zeren.v1.HierarchyService/GetChain", strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+adminToken)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "%s → %s", body, msg)
		assert.Contains(t, string(msg), `"code":"invalid_argument"`)
	}
	assert.Equal(t, before, entries(), "nothing was written")
}
