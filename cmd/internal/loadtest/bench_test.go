package loadtest_test

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"connectrpc.com/connect"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/sample"

	"github.com/zerenlab/zeren/cmd/internal/daemon"
	"github.com/zerenlab/zeren/cmd/internal/loadtest"
	"github.com/zerenlab/zeren/cmd/internal/testdb"
)

const token = "load-test-admin-token-0123456789"

// zerend starts zerend in process on a loopback listener over target,
// seeded with 示例市, and returns its URL, the organisations and the
// assignments to drive.
func zerend(tb testing.TB, target string) loadtest.Config {
	cfg, _ := zerendCounting(tb, target)
	return cfg
}

// countingListener counts the connections it accepts.
type countingListener struct {
	net.Listener
	accepted atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.accepted.Add(1)
	}
	return c, err
}

// zerendCounting is zerend, with a function counting the connections it
// has accepted.
func zerendCounting(tb testing.TB, target string) (lc loadtest.Config, accepted func() int64) {
	tb.Helper()
	fs := flag.NewFlagSet("zerend", flag.ContinueOnError)
	var cfg daemon.Config
	cfg.RegisterFlags(fs)
	cfg.DB, cfg.Tokens, cfg.SeedSample = target, token+"=load-test", true
	cfg.AuditKey = "load test audit key 0123456789abcdef"
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	ln := &countingListener{Listener: inner}
	// Request logs are formatted as in production and thrown away.
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	d, err := daemon.Start(context.Background(), cfg, log, ln)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = d.Shutdown(context.Background()) })
	base := "http://" + d.Addr().String()

	lc = loadtest.Config{BaseURL: base, Token: token}
	accepted = ln.accepted.Load
	for _, o := range sample.Structure().GetOrganizations() {
		lc.Organizations = append(lc.Organizations, o.GetId())
	}
	c := zerenv1connect.NewChecklistServiceClient(http.DefaultClient, base, connect.WithInterceptors(connect.UnaryInterceptorFunc(
		func(next connect.UnaryFunc) connect.UnaryFunc {
			return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
				req.Header().Set("Authorization", "Bearer "+token)
				return next(ctx, req)
			}
		})))
	page := ""
	for {
		resp, err := c.ListAssignments(context.Background(), connect.NewRequest(&zerenv1.ListAssignmentsRequest{PageSize: 1000, PageToken: page}))
		if err != nil {
			tb.Fatal(err)
		}
		for _, a := range resp.Msg.GetAssignments() {
			lc.Assignments = append(lc.Assignments, a.GetId())
		}
		if page = resp.Msg.GetNextPageToken(); page == "" {
			break
		}
	}
	return lc, accepted
}

// envConfig reads the load's shape from ZEREN_LOAD_DURATION (10s),
// ZEREN_LOAD_WORKERS (16), ZEREN_LOAD_PROTOCOL (grpc), ZEREN_LOAD_MIX
// (read/write/assess percentages, 80/15/5), ZEREN_LOAD_MAX_OPS
// (1,000,000) and ZEREN_LOAD_CONNS (HTTP/2 connections the workers share,
// 1).
func envConfig(tb testing.TB, c *loadtest.Config) {
	if v := os.Getenv("ZEREN_LOAD_DURATION"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			tb.Fatalf("ZEREN_LOAD_DURATION: %v", err)
		}
		c.Duration = d
	}
	for _, e := range []struct {
		name string
		dst  *int
	}{{"ZEREN_LOAD_WORKERS", &c.Workers}, {"ZEREN_LOAD_MAX_OPS", &c.MaxOps}, {"ZEREN_LOAD_CONNS", &c.Connections}} {
		if v := os.Getenv(e.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				tb.Fatalf("%s: %v", e.name, err)
			}
			*e.dst = n
		}
	}
	c.Protocol = os.Getenv("ZEREN_LOAD_PROTOCOL")
	if v := os.Getenv("ZEREN_LOAD_MIX"); v != "" {
		var err error
		if c.ReadPercent, c.WritePercent, err = loadtest.ParseMix(v); err != nil {
			tb.Fatalf("ZEREN_LOAD_MIX: %v", err)
		}
	}
}

// BenchmarkLoad drives zerend with 80% chain reads, 15% progress writes
// and 5% assessment runs from concurrent clients for a bounded time, on
// SQLite and on PostgreSQL, and reports calls per second and the p50 and
// p99 latency of each kind of call. ns/op is the wall time per call of the
// whole load (1 / throughput).
func BenchmarkLoad(b *testing.B) {
	for _, target := range []struct {
		name string
		new  func(testing.TB) string
	}{{"sqlite", testdb.SQLite}, {"postgres", testdb.Postgres}} {
		b.Run(target.name, func(b *testing.B) {
			cfg := zerend(b, target.new(b))
			envConfig(b, &cfg)
			var rep *loadtest.Report
			for b.Loop() {
				var err error
				if rep, err = loadtest.Run(context.Background(), cfg); err != nil {
					b.Fatal(err)
				}
			}
			b.Logf("%s: %s", target.name, rep)
			if rep.Errors() > 0 {
				b.Errorf("%d calls failed", rep.Errors())
			}
			reportLoad(b, rep)
			// The generator and zerend share this process.
			b.ReportMetric(rep.CPU.GeneratorShare(), "process-cores")
			b.ReportMetric(rep.CPU.OtherShare(), "other-cores")
		})
	}
}

// reportLoad reports a load's figures as benchmark metrics: calls per
// second, ns/op as the wall time per call of the whole load (1 /
// throughput), the p99 latency of every call, and each kind's calls per
// second and p50 and p99 latency.
func reportLoad(b *testing.B, rep *loadtest.Report) {
	b.ReportMetric(rep.Throughput(), "calls/s")
	b.ReportMetric(float64(rep.Elapsed.Nanoseconds())/float64(rep.Ops()), "ns/op")
	b.ReportMetric(float64(rep.P99.Microseconds())/1000, "p99-ms")
	for _, k := range rep.Kinds {
		if k.OK+k.Conflicts+k.Errors == 0 {
			continue
		}
		b.ReportMetric(float64(k.OK+k.Conflicts+k.Errors)/rep.Elapsed.Seconds(), k.Kind+"/s")
		b.ReportMetric(float64(k.P50.Microseconds())/1000, k.Kind+"-p50-ms")
		b.ReportMetric(float64(k.P99.Microseconds())/1000, k.Kind+"-p99-ms")
	}
}
