// Command zerend is Zeren's standalone server: the zeren.v1 services
// (HierarchyService, ChecklistService, SupervisionService,
// AssessmentService) over gRPC, gRPC-Web and Connect (JSON or binary), on
// HTTP/1.1 and cleartext HTTP/2 (h2c), so that Java, TypeScript and Python
// OA systems call it through clients generated from proto/zeren/v1. Its
// documents live in SQLite (a file, the default) or PostgreSQL (several
// instances behind a load balancer), every change appended to a
// hash-chained audit log that `zeren audit verify` checks.
//
//	zerend -db ./zeren.db -tokens-file tokens.json
//	ZEREN_DB=postgres://zeren@db/zeren ZEREN_TOKENS_FILE=/etc/zeren/tokens.json zerend
//	zerend -dev -seed-sample          # loopback, development tokens, 示例市
//
// Paths: the services at /zeren.v1.<Service>/<Method> (for example POST
// /zeren.v1.HierarchyService/GetChain with Authorization: Bearer …),
// GET /healthz (the process is alive) and GET /readyz (the store answers;
// 503 while shutting down), the standard grpc.health.v1 service, gRPC server
// reflection (grpcurl, Postman, Apifox and buf curl need no .proto files);
// GET /metrics in the Prometheus format on a listener of its own
// (-metrics-addr); OpenTelemetry traces to an OTLP/HTTP endpoint when one is
// given (-tracing-endpoint, [tracing] or OTEL_EXPORTER_OTLP_ENDPOINT).
// SIGINT or SIGTERM shuts it down gracefully. Flags and their environment variables: zerend -h, or
// cmd/README.md; -config (ZEREN_CONFIG) reads them from a TOML file, which
// both override; -version prints the build. cmd/deploy holds a Dockerfile
// (static, non-root), a hardened systemd unit and a sample configuration.
//
// Exit codes: 0 after a clean shutdown, 1 when serving failed, 2 for a
// usage or configuration error (no tokens, a bad flag value).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/zerenlab/zeren/cmd/internal/daemon"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := daemon.Main(ctx, "zerend", os.Args[1:], os.Getenv, os.Stderr)
	stop()
	os.Exit(code)
}
