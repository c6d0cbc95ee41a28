package daemon_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/sample"

	"github.com/zerenlab/zeren/cmd/internal/daemon"
	"github.com/zerenlab/zeren/cmd/internal/testdb"
)

// otlpReceiver is an OTLP/HTTP collector: it decodes every export as the
// protobuf ExportTraceServiceRequest, as a collector does, and keeps the
// raw bodies to search for what must never leave zerend.
type otlpReceiver struct {
	mu       sync.Mutex
	paths    []string
	raw      [][]byte
	requests []*coltracepb.ExportTraceServiceRequest
}

func newOTLPReceiver(t *testing.T) (*otlpReceiver, *httptest.Server) {
	r := &otlpReceiver{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(req.Body)
		if err == nil && req.Header.Get("Content-Encoding") == "gzip" {
			var zr *gzip.Reader
			if zr, err = gzip.NewReader(bytes.NewReader(body)); err == nil {
				body, err = io.ReadAll(zr)
			}
		}
		msg := &coltracepb.ExportTraceServiceRequest{}
		if err == nil && req.Header.Get("Content-Type") != "application/x-protobuf" {
			err = assert.AnError
		}
		if err == nil {
			err = proto.Unmarshal(body, msg)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		r.paths = append(r.paths, req.URL.Path)
		r.raw = append(r.raw, body)
		r.requests = append(r.requests, msg)
		r.mu.Unlock()
		out, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(out)
	}))
	t.Cleanup(srv.Close)
	return r, srv
}

// span is an exported span with its resource's service.name.
type span struct {
	*tracepb.Span
	service string
}

func (r *otlpReceiver) spans() []span {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []span
	for _, req := range r.requests {
		for _, rs := range req.GetResourceSpans() {
			service := attr(rs.GetResource().GetAttributes(), "service.name")
			for _, ss := range rs.GetScopeSpans() {
				for _, s := range ss.GetSpans() {
					out = append(out, span{s, service})
				}
			}
		}
	}
	return out
}

func (r *otlpReceiver) payload() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return bytes.Join(r.raw, nil)
}

func attr(kvs []*commonpb.KeyValue, key string) string {
	for _, kv := range kvs {
		if kv.GetKey() == key {
			if s, ok := kv.GetValue().GetValue().(*commonpb.AnyValue_StringValue); ok {
				return s.StringValue
			}
			return kv.GetValue().String()
		}
	}
	return ""
}

// With tracing on, each call through a real client is one server span
// named after its method, with its code, and the store operations it made
// are its child spans; shutdown flushes them to a real OTLP/HTTP receiver.
// Neither the bearer token nor the request's content is in what is sent.
func TestTracesEveryCallWithItsStoreOperations(t *testing.T) {
	t.Parallel()
	recv, collector := newOTLPReceiver(t)
	cfg := config(testdb.SQLite(t))
	cfg.SeedSample = true
	cfg.Tracing.Endpoint = collector.URL // no path: /v1/traces
	cfg.Tracing.ServiceName = "zerend-test"
	d, logs := start(t, cfg)
	base := "http://" + d.Addr().String()

	const secretOrg = "no-such-org-王秘书"
	ctx := context.Background()
	for name, opt := range map[string]connect.ClientOption{"grpc": connect.WithGRPC(), "connect": connect.WithProtoJSON()} {
		c := zerenv1connect.NewHierarchyServiceClient(h2c(), base, bearer(adminToken), opt)
		_, err := c.GetChain(ctx, connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: sample.RotationBranchID}))
		require.NoError(t, err, name)
		_, err = c.GetChain(ctx, connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: secretOrg}))
		require.Equal(t, connect.CodeNotFound, connect.CodeOf(err), "%s: %v", name, err)
	}
	assess := zerenv1connect.NewAssessmentServiceClient(h2c(), base, bearer(adminToken), connect.WithGRPC())
	_, err := assess.RunAssessment(ctx, connect.NewRequest(&zerenv1.RunAssessmentRequest{
		SystemId: sample.IndicatorsID, Period: &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: sample.Year},
		Facts: sample.Facts2026(), Reviews: sample.Reviews2026(), RequestRecordsOnly: true,
	}))
	require.NoError(t, err)
	const wrongToken = "wrong-token-0123456789abcdef"
	stranger := zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, base, bearer(wrongToken))
	_, err = stranger.GetChain(ctx, connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: sample.RotationBranchID}))
	require.Equal(t, connect.CodeUnauthenticated, connect.CodeOf(err))
	require.NoError(t, d.Shutdown(ctx), "shutdown flushes the exporter")

	spans := recv.spans()
	require.NotEmpty(t, spans, "spans reached the receiver; log: %s", logs.String())
	assert.Contains(t, recv.paths, "/v1/traces")
	byCode := map[string][]span{}
	children := map[string][]span{} // by parent span id
	for _, s := range spans {
		assert.Equal(t, "zerend-test", s.service)
		if s.GetName() == "zeren.v1.HierarchyService/GetChain" {
			assert.Equal(t, tracepb.Span_SPAN_KIND_SERVER, s.GetKind())
			assert.Equal(t, "zeren.v1.HierarchyService/GetChain", attr(s.GetAttributes(), "rpc.method"))
			code := attr(s.GetAttributes(), "rpc.response.status_code")
			byCode[code] = append(byCode[code], s)
		}
		if len(s.GetParentSpanId()) > 0 {
			children[string(s.GetParentSpanId())] = append(children[string(s.GetParentSpanId())], s)
		}
		for _, kv := range s.GetAttributes() {
			assert.NotContains(t, kv.GetKey(), "metadata", "no header is exported")
			assert.NotContains(t, kv.GetKey(), "address", "no peer address is exported")
		}
		assert.Empty(t, s.GetEvents())
		assert.Empty(t, s.GetStatus().GetMessage())
	}
	require.Len(t, byCode["OK"], 2, "one span per call: %v", byCode)
	require.Len(t, byCode["NOT_FOUND"], 2)
	assert.Empty(t, byCode["UNAUTHENTICATED"], "a call without a valid token is refused before any handler or interceptor")
	for _, call := range append(byCode["OK"], byCode["NOT_FOUND"]...) {
		kids := children[string(call.GetSpanId())]
		require.NotEmpty(t, kids, "the call's store operations are its children")
		for _, k := range kids {
			assert.True(t, strings.HasPrefix(k.GetName(), "store."), k.GetName())
			assert.Equal(t, call.GetTraceId(), k.GetTraceId())
			assert.Equal(t, strings.TrimPrefix(k.GetName(), "store."), attr(k.GetAttributes(), "zeren.store.op"))
		}
	}

	// A run's spans: its batches read through store.list, its results
	// written through store.apply, under the run's lock.
	var runs []span
	for _, s := range spans {
		if s.GetName() == "zeren.v1.AssessmentService/RunAssessment" {
			runs = append(runs, s)
		}
	}
	require.Len(t, runs, 1)
	ops := map[string]int{}
	for _, k := range children[string(runs[0].GetSpanId())] {
		ops[k.GetName()]++
		if k.GetName() == "store.list" {
			assert.NotEmpty(t, attr(k.GetAttributes(), "zeren.store.kind"))
			assert.NotEmpty(t, attr(k.GetAttributes(), "zeren.store.records"))
		}
	}
	assert.Positive(t, ops["store.list"], "%v", ops)
	assert.Positive(t, ops["store.apply"], "%v", ops)
	assert.Positive(t, ops["store.lock_run"], "%v", ops)

	payload := recv.payload()
	for _, secret := range []string{adminToken, wrongToken, "Bearer", "test-czj-token-0123456789", secretOrg, testAuditKey,
		sample.Reviews2026()[0].GetPersonId(), "raterGroup", "leaders"} {
		assert.False(t, bytes.Contains(payload, []byte(secret)), "%q is not in the exported payload", secret)
	}
}

// A sample ratio of 0 exports no span; the calls are served as before.
func TestTracingSampleRatioZeroExportsNothing(t *testing.T) {
	t.Parallel()
	recv, collector := newOTLPReceiver(t)
	cfg := config(testdb.SQLite(t))
	cfg.Tracing.Endpoint = collector.URL + "/v1/traces"
	cfg.Tracing.SampleRatio = 0
	d, _ := start(t, cfg)
	c := zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, "http://"+d.Addr().String(), bearer(adminToken))
	_, err := c.GetChain(context.Background(), connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: "x"}))
	require.Error(t, err, "no structure yet")
	require.NoError(t, d.Shutdown(context.Background()))
	assert.Empty(t, recv.spans())
}

// The tracing settings come from flags, ZEREN_ variables, the
// configuration file's [tracing] table and, under them, the standard
// OTEL_* variables, which win over the file as every variable does.
func TestTracingConfiguration(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "zerend.toml")
	require.NoError(t, os.WriteFile(path, []byte(`
metrics-addr = "127.0.0.1:9464"

[tracing]
endpoint = "http://file:4318/v1/traces"
sample-ratio = 0.5
service-name = "from-file"
`), 0o600))
	parse := func(args []string, env map[string]string) (daemon.Config, error) {
		fs := flag.NewFlagSet("zerend", flag.ContinueOnError)
		var c daemon.Config
		c.RegisterFlags(fs)
		require.NoError(t, fs.Parse(args))
		if err := daemon.ApplyEnv(fs, func(k string) string { return env[k] }); err != nil {
			return c, err
		}
		return c, daemon.ApplyConfigFile(fs, path)
	}

	c, err := parse(nil, nil)
	require.NoError(t, err)
	assert.Equal(t, daemon.TracingConfig{Endpoint: "http://file:4318/v1/traces", SampleRatio: 0.5, ServiceName: "from-file"}, c.Tracing)
	assert.Equal(t, "127.0.0.1:9464", c.MetricsAddr)

	c, err = parse([]string{"-tracing-sample-ratio", "0.25"}, map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318/",
		"OTEL_TRACES_SAMPLER":         "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0.1",
		"OTEL_SERVICE_NAME": "from-otel",
	})
	require.NoError(t, err)
	assert.Equal(t, "http://collector:4318/v1/traces", c.Tracing.Endpoint, "OTEL_EXPORTER_OTLP_ENDPOINT is a base URL")
	assert.Equal(t, 0.25, c.Tracing.SampleRatio, "the flag wins")
	assert.Equal(t, "from-otel", c.Tracing.ServiceName)

	c, err = parse(nil, map[string]string{
		"ZEREN_TRACING_ENDPOINT":             "http://zeren:4318",
		"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://otel:4318/traces",
		"OTEL_TRACES_SAMPLER":                "always_off",
	})
	require.NoError(t, err)
	assert.Equal(t, "http://zeren:4318", c.Tracing.Endpoint, "ZEREN_ wins over OTEL_")
	assert.Equal(t, 0.0, c.Tracing.SampleRatio)

	c, err = parse(nil, map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://otel:4318/traces"})
	require.NoError(t, err)
	assert.Equal(t, "http://otel:4318/traces", c.Tracing.Endpoint, "the traces endpoint is taken as it is")

	c, err = parse(nil, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://otel:4318", "OTEL_SDK_DISABLED": "true"})
	require.NoError(t, err)
	assert.Equal(t, "http://file:4318/v1/traces", c.Tracing.Endpoint, "a disabled SDK's endpoint does not count")

	_, err = parse(nil, map[string]string{"OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "lots"})
	assert.ErrorContains(t, err, "OTEL_TRACES_SAMPLER_ARG")

	bad := daemon.Config{}
	bad.Tracing = daemon.TracingConfig{Endpoint: "collector:4318", SampleRatio: 2, ServiceName: " "}
	for _, want := range []string{"tracing-endpoint", "tracing-sample-ratio", "tracing-service-name"} {
		assert.ErrorContains(t, bad.Validate(), want)
	}

	require.NoError(t, os.WriteFile(path, []byte("[tracing]\nendpont = \"http://x\"\n[nonsense]\na = 1\n"), 0o600))
	_, err = parse(nil, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"tracing.endpont"`)
	assert.Contains(t, err.Error(), `"nonsense"`)
}

// A caller's W3C traceparent is linked to, not continued, unless
// -tracing-trust-remote: an outsider cannot graft zerend's spans onto a
// trace of its choosing by default.
func TestTracingTrustRemote(t *testing.T) {
	t.Parallel()
	const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	traceparent := "00-" + traceID + "-00f067aa0ba902b7-01"
	for _, trust := range []bool{false, true} {
		recv, collector := newOTLPReceiver(t)
		cfg := config(testdb.SQLite(t))
		cfg.Tracing.Endpoint, cfg.Tracing.TrustRemote = collector.URL, trust
		d, _ := start(t, cfg)
		c := zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, "http://"+d.Addr().String(), bearer(adminToken))
		req := connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: "x"})
		req.Header().Set("Traceparent", traceparent)
		_, err := c.GetChain(context.Background(), req)
		require.Error(t, err, "no structure yet")
		require.NoError(t, d.Shutdown(context.Background()))
		var call *span
		for _, s := range recv.spans() {
			if s.GetName() == "zeren.v1.HierarchyService/GetChain" {
				call = &s
			}
		}
		require.NotNil(t, call, "trust=%v", trust)
		got := fmt.Sprintf("%x", call.GetTraceId())
		if trust {
			assert.Equal(t, traceID, got, "the caller's trace continues")
		} else {
			assert.NotEqual(t, traceID, got, "a trace of its own")
			require.Len(t, call.GetLinks(), 1)
			assert.Equal(t, traceID, fmt.Sprintf("%x", call.GetLinks()[0].GetTraceId()), "linked to the caller's")
		}
	}
}

// zerend's command line turns tracing on from the standard OTEL_*
// variables alone, and flushes the spans when it is stopped.
func TestMainTracesFromTheOTelEnvironment(t *testing.T) {
	t.Parallel()
	recv, collector := newOTLPReceiver(t)
	env := map[string]string{
		"ZEREN_AUDIT_KEY":             testAuditKey,
		"OTEL_EXPORTER_OTLP_ENDPOINT": collector.URL,
		"OTEL_SERVICE_NAME":           "zerend-from-env",
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &logBuffer{}
	code := make(chan int, 1)
	go func() {
		code <- daemon.Main(ctx, "zerend", []string{"-addr", "127.0.0.1:0", "-db", testdb.SQLite(t), "-tokens", adminToken + "=test-admin"},
			func(k string) string { return env[k] }, logs)
	}()
	var addr string
	require.Eventually(t, func() bool {
		for line := range strings.Lines(logs.String()) {
			var m struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &m) == nil && m.Msg == "listening" {
				addr = m.Addr
				return true
			}
		}
		return false
	}, 10*time.Second, 10*time.Millisecond, "zerend listens: %s", logs)
	c := zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, "http://"+addr, bearer(adminToken))
	_, err := c.GetChain(context.Background(), connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: "x"}))
	require.Error(t, err, "no structure yet")
	cancel()
	require.Equal(t, 0, <-code, "%s", logs)
	spans := recv.spans()
	require.NotEmpty(t, spans)
	assert.Equal(t, "zerend-from-env", spans[0].service)
	assert.Contains(t, recv.paths, "/v1/traces")
	assert.Contains(t, logs.String(), `"endpoint":"`+collector.URL+`/v1/traces"`)
}

// A collector that is down costs the spans, not the calls nor a clean
// shutdown.
func TestTracingToACollectorThatIsDown(t *testing.T) {
	t.Parallel()
	_, collector := newOTLPReceiver(t)
	collector.Close()
	cfg := config(testdb.SQLite(t))
	cfg.Tracing.Endpoint = collector.URL
	d, logs := start(t, cfg)
	c := zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, "http://"+d.Addr().String(), bearer(adminToken))
	_, err := c.GetChain(context.Background(), connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: "x"}))
	require.Error(t, err)
	assert.NotEqual(t, connect.CodeUnavailable, connect.CodeOf(err), "the call is answered as without tracing: %v", err)
	began := time.Now()
	require.NoError(t, d.Shutdown(context.Background()), "a clean shutdown: exit code 0")
	assert.Less(t, time.Since(began), 15*time.Second, "the flush gives up after a few seconds")
	assert.Contains(t, logs.messages(t), "stopped")
}
