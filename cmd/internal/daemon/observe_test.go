package daemon_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"connectrpc.com/connect"
	"connectrpc.com/grpchealth"
	"connectrpc.com/grpcreflect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/reflect/protoreflect"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/sample"

	"github.com/zerenlab/zeren/cmd/internal/testdb"
)

// A client that knows no .proto file learns zerend's services and their
// methods by gRPC server reflection, over gRPC and Connect alike.
func TestServerReflection(t *testing.T) {
	t.Parallel()
	d, _ := start(t, config(testdb.SQLite(t)))
	base := "http://" + d.Addr().String()
	for name, opt := range map[string]connect.ClientOption{"grpc": connect.WithGRPC(), "connect": nil} {
		t.Run(name, func(t *testing.T) {
			var opts []connect.ClientOption
			if opt != nil {
				opts = append(opts, opt)
			}
			stream := grpcreflect.NewClient(h2c(), base, opts...).NewStream(context.Background())
			defer stream.Close()
			names, err := stream.ListServices()
			require.NoError(t, err)
			for _, want := range []protoreflect.FullName{zerenv1connect.HierarchyServiceName, zerenv1connect.ChecklistServiceName,
				zerenv1connect.SupervisionServiceName, zerenv1connect.AssessmentServiceName} {
				assert.Contains(t, names, want)
			}
			files, err := stream.FileContainingSymbol(zerenv1connect.HierarchyServiceName)
			require.NoError(t, err)
			var methods []string
			for _, f := range files {
				for _, s := range f.GetService() {
					if s.GetName() == "HierarchyService" {
						for _, m := range s.GetMethod() {
							methods = append(methods, m.GetName())
						}
					}
				}
			}
			assert.Contains(t, methods, "GetChain")
		})
	}
}

// grpc.health.v1 answers SERVING for the server and each zeren.v1 service
// while the store answers and NOT_FOUND for an unknown service.
func TestGRPCHealth(t *testing.T) {
	t.Parallel()
	d, _ := start(t, config(testdb.SQLite(t)))
	c := grpchealth.NewClient(h2c(), "http://"+d.Addr().String(), connect.WithGRPC())
	ctx := context.Background()
	for _, svc := range []string{"", zerenv1connect.HierarchyServiceName, zerenv1connect.AssessmentServiceName} {
		resp, err := c.Check(ctx, &grpchealth.CheckRequest{Service: svc})
		require.NoError(t, err, svc)
		assert.Equal(t, grpchealth.StatusServing, resp.Status, svc)
	}
	_, err := c.Check(ctx, &grpchealth.CheckRequest{Service: "zeren.v1.NoSuchService"})
	assert.Equal(t, connect.CodeNotFound, connect.CodeOf(err), "%v", err)
}

// GET /metrics on the metrics listener serves RPC counts and latencies by
// procedure and code, the store's latencies and the audit log's length in
// the Prometheus format; the API's listener, which every token holder
// reaches, does not serve them.
func TestMetrics(t *testing.T) {
	t.Parallel()
	cfg := config(testdb.SQLite(t))
	cfg.SeedSample = true
	cfg.MetricsAddr = "127.0.0.1:0"
	d, _ := start(t, cfg)
	base := "http://" + d.Addr().String()
	chain := zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, base, bearer(adminToken))
	ctx := context.Background()
	for range 3 {
		_, err := chain.GetChain(ctx, connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: sample.RotationBranchID}))
		require.NoError(t, err)
	}
	_, err := chain.GetChain(ctx, connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: "no-such-org"}))
	require.Error(t, err)
	forged := zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, base, bearer("not-a-token-of-this-server-0123"))
	for range 2 {
		_, err := forged.GetChain(ctx, connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: sample.RotationBranchID}))
		require.Equal(t, connect.CodeUnauthenticated, connect.CodeOf(err))
	}
	code, body := get(t, base+"/metrics")
	assert.NotEqual(t, http.StatusOK, code, "no metrics on the API's listener")
	assert.NotContains(t, body, "zeren_rpc")
	require.NotNil(t, d.MetricsAddr())
	code, body = get(t, "http://"+d.MetricsAddr().String()+"/metrics")
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, `zeren_rpc_requests_total{code="ok",procedure="/zeren.v1.HierarchyService/GetChain"} 3`)
	assert.Contains(t, body, `zeren_rpc_requests_total{code="`+connect.CodeOf(err).String()+`",procedure="/zeren.v1.HierarchyService/GetChain"} 1`)
	assert.Contains(t, body, `zeren_rpc_duration_seconds_count{code="ok",procedure="/zeren.v1.HierarchyService/GetChain"} 3`)
	assert.Regexp(t, `zeren_store_duration_seconds_count\{op="version"\} [1-9]`, body)
	assert.Contains(t, body, `zeren_http_responses_total{status="401"} 3`, "refused tokens are counted: two forged calls and the /metrics probe")
	assert.Regexp(t, `zeren_http_responses_total\{status="200"\} [1-9]`, body)
	m := regexp.MustCompile(`(?m)^zeren_audit_log_entries (\d+)$`).FindStringSubmatch(body)
	require.NotNil(t, m, "the audit log's length is served")
	n, _ := strconv.Atoi(m[1])
	assert.Positive(t, n, "seeding 示例市 wrote audit entries")
	assert.Contains(t, body, "go_goroutines")
	assert.Contains(t, body, "process_resident_memory_bytes")
}

// Without -metrics-addr nothing serves /metrics; -pprof adds Go's
// profiles to the metrics listener only, and needs one.
func TestMetricsListener(t *testing.T) {
	t.Parallel()
	d, _ := start(t, config(testdb.SQLite(t)))
	assert.Nil(t, d.MetricsAddr())
	code, body := get(t, "http://"+d.Addr().String()+"/metrics")
	assert.Equal(t, http.StatusUnauthorized, code, "/metrics is an unknown API path, behind the token check")
	assert.NotContains(t, body, "zeren_rpc")

	cfg := config(testdb.SQLite(t))
	cfg.MetricsAddr = "127.0.0.1:0"
	d, _ = start(t, cfg)
	code, _ = get(t, "http://"+d.MetricsAddr().String()+"/debug/pprof/")
	assert.Equal(t, http.StatusNotFound, code, "no profiles without -pprof")

	cfg = config(testdb.SQLite(t))
	cfg.MetricsAddr, cfg.Pprof = "127.0.0.1:0", true
	d, _ = start(t, cfg)
	code, body = get(t, "http://"+d.MetricsAddr().String()+"/debug/pprof/")
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, "goroutine")
	code, _ = get(t, "http://"+d.Addr().String()+"/debug/pprof/")
	assert.NotEqual(t, http.StatusOK, code, "never on the API's listener")

	bad := config(testdb.SQLite(t))
	bad.Pprof = true
	assert.ErrorContains(t, bad.Validate(), "-pprof serves on -metrics-addr")
	bad = config(testdb.SQLite(t))
	bad.MetricsAddr = bad.Addr
	assert.ErrorContains(t, bad.Validate(), "is the API's address")
	bad.MetricsAddr = "9464"
	assert.ErrorContains(t, bad.Validate(), "metrics-addr")
}
