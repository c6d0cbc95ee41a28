// Command embed shows an OA backend mounting Zeren's handler in its own
// net/http mux, beside its own routes, under /zeren/. The backend keeps its
// own database; here Zeren's documents live in memory. At start-up it loads
// 示例市: the structure, the 2026 三个清单 decomposed to assignments, the
// sample working-day calendar, the 2026 indicator system (指标体系) and the
// accountability triggers, so that a client can run the year's assessment
// at once (see clients/testdata/run-assessment-2026.json).
//
//	go run ./examples/embed            # serves on 127.0.0.1:8080
//	curl -s -H 'Authorization: Bearer dev-gongwei' -H 'Content-Type: application/json' \
//	  -d '{"organizationId":"czj-b1"}' \
//	  http://127.0.0.1:8080/zeren/zeren.v1.HierarchyService/GetChain
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address (loopback by default)")
	flag.Parse()
	h, err := newHandler()
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("Zeren mounted at http://%s/zeren/", *addr)
	// HTTP/1.1 for Connect and gRPC-Web, cleartext HTTP/2 for native gRPC
	// clients (grpc-java, grpcio).
	var protocols http.Protocols
	protocols.SetHTTP1(true)
	protocols.SetUnencryptedHTTP2(true)
	srv := &http.Server{Addr: *addr, Handler: h, Protocols: &protocols, ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.ListenAndServe())
}

// newHandler builds the OA's mux with Zeren mounted under /zeren/ and the
// sample city loaded.
func newHandler() (http.Handler, error) {
	tokens := server.StaticTokens{
		envOr("ZEREN_ADMIN_TOKEN", "dev-gongwei"): {Subject: "oa-admin"},
		envOr("ZEREN_CZJ_TOKEN", "dev-czj"):       {Subject: "oa:czj", Root: "czj-pg"},
	}
	// The sample calendar is labelled a sample: an OA loads the 国务院办公厅's
	// notice of the year instead.
	cal, err := calendar.New(sample.Calendar(), sample.Location)
	if err != nil {
		return nil, err
	}
	srv, err := server.New(server.NewMemoryStore(), server.WithAuthenticator(tokens),
		server.WithLocation(sample.Location), server.WithCalendar(cal))
	if err != nil {
		return nil, err
	}
	// At start-up the OA loads its organisations, posts, people and
	// appointments from its own database, then the year's lists and rules;
	// here, the sample city.
	ctx := context.Background()
	if err := srv.LoadStructure(ctx, "oa-startup", frameworks.SanjiWugang(), sample.Structure()); err != nil {
		return nil, err
	}
	if _, err := srv.LoadPlan(ctx, "oa-startup", sample.Plan()); err != nil {
		return nil, fmt.Errorf("load the 2026 plan: %w", err)
	}
	if err := srv.LoadIndicatorSystem(ctx, "oa-startup", sample.IndicatorSystem(), sample.Triggers()); err != nil {
		return nil, fmt.Errorf("load the 2026 indicator system: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.Handle("/zeren/", http.StripPrefix("/zeren", srv.Handler()))
	return mux, nil
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
