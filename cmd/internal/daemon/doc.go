// Package daemon is zerend — shared by cmd/zerend and `zeren serve`: its
// configuration ([Config]: flags with environment fallbacks), its start-up
// ([Start]: open the store, build the zeren.v1 handler over it through
// serverstore, seed 示例市 on request, listen) and its graceful shutdown
// ([Daemon.Shutdown]).
//
// The HTTP server speaks HTTP/1.1 and cleartext HTTP/2 (h2c), so native gRPC
// clients (grpc-java, grpc-go) connect without TLS termination in front;
// put a TLS-terminating proxy in front for anything but loopback. Routes:
//
//	/zeren.v1.<Service>/<Method>   the services (gRPC, gRPC-Web, Connect JSON and binary)
//	GET /healthz                   200 "ok" while the process serves (liveness)
//	GET /readyz                    200 "ready" when the store answers a read within
//	                               2 s; 503 otherwise and while shutting down
//	grpc.health.v1, reflection     the standard health service and gRPC server
//	                               reflection, without a token
//
// GET /metrics (Prometheus) and, with [Config.Pprof], /debug/pprof/ are
// served on a listener of their own, [Config.MetricsAddr], never on the
// API's, which every token holder reaches. OpenTelemetry traces
// ([TracingConfig]) are off unless an OTLP/HTTP endpoint is given: one span
// per call, a child span per store operation, nothing of the token or the
// request in them. Page tokens are sealed with the key of
// [Config.PageTokenKeyFile] or else one derived from the audit key, so
// that instances of one database honour each other's.
//
// Every request is logged with log/slog as one JSON line (method, path,
// protocol, status, bytes, milliseconds, gRPC status when not OK); probes
// at debug level. Bearer tokens come from a JSON file or the environment
// and bind a caller to an organisation subtree (see [Config.LoadTokens]);
// without any, Start refuses to run unless [Config.Dev] is set. Likewise
// without an audit key ([Config.LoadAuditKey]) unless Dev or
// [Config.InsecureAudit]; with one, the store's audit chain is keyed, and
// zerend logs a signed checkpoint of its head ("audit checkpoint") at
// start, every [Config.AuditCheckpointInterval] when it has moved and on
// shutdown, appending each to [Config.AuditCheckpointFile] when set.
package daemon
