package daemon_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"connectrpc.com/connect"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/sample"

	"github.com/zerenlab/zeren/cmd/internal/daemon"
	"github.com/zerenlab/zeren/cmd/internal/testdb"
)

// BenchmarkGetChainTracing serves GetChain from three zerends on the same
// machine, called in turn in each iteration: tracing off, on with every
// call sampled (exported to a local OTLP/HTTP receiver that discards), and
// on with none sampled, each first in turn. It reports each one's ns per call and their ratios
// to off (off_ratio would be 1).
//
//	go test ./internal/daemon -run '^$' -bench GetChainTracing -benchtime 2000x
func BenchmarkGetChainTracing(b *testing.B) {
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	defer collector.Close()
	serve := func(endpoint string, ratio float64) zerenv1connect.HierarchyServiceClient {
		cfg := config(testdb.SQLite(b))
		cfg.SeedSample = true
		cfg.Tracing.Endpoint, cfg.Tracing.SampleRatio = endpoint, ratio
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		d, err := daemon.Start(context.Background(), cfg, slog.New(slog.DiscardHandler), ln)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = d.Shutdown(context.Background()) })
		return zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, "http://"+d.Addr().String(), bearer(adminToken))
	}
	clients := []zerenv1connect.HierarchyServiceClient{
		serve("", 1), serve(collector.URL, 1), serve(collector.URL, 0),
	}
	names := []string{"off", "sampled", "unsampled"}
	req := connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: sample.RotationBranchID})
	var spent [3]time.Duration
	ctx := context.Background()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for k := range clients {
			i := (n + k) % len(clients) // each goes first in turn
			start := time.Now()
			if _, err := clients[i].GetChain(ctx, req); err != nil {
				b.Fatal(err)
			}
			spent[i] += time.Since(start)
		}
		n++
	}
	for i, name := range names {
		b.ReportMetric(float64(spent[i].Nanoseconds())/float64(n), name+"_ns/call")
	}
	b.ReportMetric(float64(spent[1])/float64(spent[0]), "sampled/off")
	b.ReportMetric(float64(spent[2])/float64(spent[0]), "unsampled/off")
}
