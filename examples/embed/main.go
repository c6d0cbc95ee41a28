// Command embed shows an OA backend mounting Zeren's handler in its own
// net/http mux, beside its own routes, under /zeren/. The backend keeps its
// own database; here Zeren's documents live in memory.
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
	log.Fatal(http.ListenAndServe(*addr, h))
}

// newHandler builds the OA's mux with Zeren mounted under /zeren/ and the
// sample city loaded.
func newHandler() (http.Handler, error) {
	tokens := server.StaticTokens{
		envOr("ZEREN_ADMIN_TOKEN", "dev-gongwei"): {Subject: "oa-admin"},
		envOr("ZEREN_CZJ_TOKEN", "dev-czj"):       {Subject: "oa:czj", Root: "czj-pg"},
	}
	srv, err := server.New(server.NewMemoryStore(), server.WithAuthenticator(tokens))
	if err != nil {
		return nil, err
	}
	// At start-up the OA loads its organisations, posts, people and
	// appointments from its own database; here, the sample city.
	if err := srv.LoadStructure(context.Background(), "oa-startup", frameworks.SanjiWugang(), sample.Structure()); err != nil {
		return nil, err
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
