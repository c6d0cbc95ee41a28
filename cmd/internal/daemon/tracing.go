package daemon

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"runtime/debug"
	"strings"

	"connectrpc.com/connect"
	"connectrpc.com/otelconnect"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/zerenlab/zeren/server"
)

// TracingConfig configures OpenTelemetry traces (调用追踪), which are off
// unless an endpoint is given. Each zeren.v1 call is then one server span
// (rpc.method, rpc.response.status_code), with a child span for each of
// the store's operations it makes, exported over OTLP/HTTP (protobuf) in
// batches and flushed on shutdown.
//
// Every field has a flag, a ZEREN_ variable and a key of the
// configuration file's [tracing] table; when neither the flag nor the
// ZEREN_ variable is set, the standard OpenTelemetry variables are read
// (they win over the file, as every variable does):
//
//   - Endpoint: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is, or
//     OTEL_EXPORTER_OTLP_ENDPOINT with /v1/traces appended; neither counts
//     when OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none;
//   - SampleRatio: OTEL_TRACES_SAMPLER (always_on, always_off,
//     traceidratio and their parentbased_ forms) with
//     OTEL_TRACES_SAMPLER_ARG;
//   - ServiceName: OTEL_SERVICE_NAME.
//
// The exporter itself reads the other OTEL_EXPORTER_OTLP_* variables
// (headers, certificate, compression, timeout), and OTEL_RESOURCE_ATTRIBUTES
// adds to the resource.
type TracingConfig struct {
	// Endpoint is the OTLP/HTTP traces URL (-tracing-endpoint,
	// ZEREN_TRACING_ENDPOINT), e.g. http://127.0.0.1:4318/v1/traces; a URL
	// without a path gets /v1/traces; https:// is sent over TLS. Default
	// none: tracing off, and no OpenTelemetry code runs.
	Endpoint string
	// SampleRatio is the share of calls traced, from 0 to 1
	// (-tracing-sample-ratio, ZEREN_TRACING_SAMPLE_RATIO). Default 1.
	SampleRatio float64
	// ServiceName is the service.name of the spans (-tracing-service-name,
	// ZEREN_TRACING_SERVICE_NAME). Default zerend.
	ServiceName string
	// TrustRemote makes a caller's W3C traceparent header the parent of the
	// call's span (-tracing-trust-remote, ZEREN_TRACING_TRUST_REMOTE), so an
	// OA system's trace continues into zerend. Default false: each call
	// starts a trace of its own, linked to the caller's.
	TrustRemote bool
}

func (t *TracingConfig) registerFlags(fs *flag.FlagSet, env func(name, usage string) string) {
	fs.StringVar(&t.Endpoint, "tracing-endpoint", "", env("tracing-endpoint", "OTLP/HTTP URL to export OpenTelemetry traces to, e.g. http://127.0.0.1:4318/v1/traces; or OTEL_EXPORTER_OTLP_ENDPOINT; default none: no tracing"))
	fs.Float64Var(&t.SampleRatio, "tracing-sample-ratio", 1, env("tracing-sample-ratio", "share of calls traced, 0 to 1; or OTEL_TRACES_SAMPLER(_ARG)"))
	fs.StringVar(&t.ServiceName, "tracing-service-name", "zerend", env("tracing-service-name", "service.name of the spans; or OTEL_SERVICE_NAME"))
	fs.BoolVar(&t.TrustRemote, "tracing-trust-remote", false, env("tracing-trust-remote", "continue the caller's trace (W3C traceparent) instead of linking to it"))
}

func (t *TracingConfig) validate() []error {
	var errs []error
	if t.Endpoint != "" {
		u, err := url.Parse(t.Endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("tracing-endpoint %q: want an http:// or https:// URL such as http://127.0.0.1:4318/v1/traces（追踪地址应为 http:// 或 https:// 网址）", t.Endpoint))
		}
	}
	if !(t.SampleRatio >= 0 && t.SampleRatio <= 1) {
		errs = append(errs, fmt.Errorf("tracing-sample-ratio %v must lie between 0 and 1（采样比例应在 0 与 1 之间）", t.SampleRatio))
	}
	if strings.TrimSpace(t.ServiceName) == "" {
		errs = append(errs, errors.New("tracing-service-name is empty（服务名为空）"))
	}
	return errs
}

// endpointURL is Endpoint with /v1/traces for an empty path.
func (t *TracingConfig) endpointURL() string {
	u, err := url.Parse(t.Endpoint)
	if err != nil {
		return t.Endpoint
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/v1/traces"
	}
	return u.String()
}

// otelEnvOf gives the flags that fall back to the standard OpenTelemetry
// variables the variable and value to use, or "" for none.
var otelEnvOf = map[string]func(getenv func(string) string) (string, string){
	"tracing-endpoint": func(getenv func(string) string) (string, string) {
		if strings.EqualFold(getenv("OTEL_SDK_DISABLED"), "true") || getenv("OTEL_TRACES_EXPORTER") == "none" {
			return "", ""
		}
		if v := getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"); v != "" {
			return "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", v
		}
		if v := getenv("OTEL_EXPORTER_OTLP_ENDPOINT"); v != "" {
			return "OTEL_EXPORTER_OTLP_ENDPOINT", strings.TrimSuffix(v, "/") + "/v1/traces"
		}
		return "", ""
	},
	"tracing-sample-ratio": func(getenv func(string) string) (string, string) {
		switch s := getenv("OTEL_TRACES_SAMPLER"); s {
		case "always_on", "parentbased_always_on":
			return "OTEL_TRACES_SAMPLER", "1"
		case "always_off", "parentbased_always_off":
			return "OTEL_TRACES_SAMPLER", "0"
		case "traceidratio", "parentbased_traceidratio":
			if arg := getenv("OTEL_TRACES_SAMPLER_ARG"); arg != "" {
				return "OTEL_TRACES_SAMPLER_ARG", arg
			}
			return "OTEL_TRACES_SAMPLER", "1"
		}
		return "", ""
	},
	"tracing-service-name": func(getenv func(string) string) (string, string) {
		return "OTEL_SERVICE_NAME", getenv("OTEL_SERVICE_NAME")
	},
}

// tracing is a daemon's OpenTelemetry tracer provider and the Connect
// interceptor that opens a span per call. A daemon without tracing has
// none: no interceptor, and the store's wrapper skips its spans on a nil
// tracer.
type tracing struct {
	tp          *sdktrace.TracerProvider
	tracer      trace.Tracer
	interceptor connect.Interceptor
}

// startTracing sets up tracing as cfg says, or returns nil when it is off.
func startTracing(ctx context.Context, cfg TracingConfig, log *slog.Logger) (*tracing, error) {
	if cfg.Endpoint == "" {
		return nil, nil
	}
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(cfg.endpointURL()))
	if err != nil {
		return nil, fmt.Errorf("tracing exporter: %w", err)
	}
	res, err := resource.New(ctx, resource.WithFromEnv(), resource.WithTelemetrySDK(),
		resource.WithAttributes(semconv.ServiceName(cfg.ServiceName), semconv.ServiceVersion(moduleVersion())))
	if err != nil {
		log.Warn("tracing: part of the resource could not be detected", "err", err.Error())
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(redactingExporter{exp}),
		sdktrace.WithResource(res),
		// A caller's "sampled" flag (followed with TrustRemote) does not
		// raise the ratio: any caller, before its token is checked, could
		// otherwise have every call traced.
		sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(cfg.SampleRatio),
			sdktrace.WithRemoteParentSampled(sdktrace.TraceIDRatioBased(cfg.SampleRatio)))),
	)
	opts := []otelconnect.Option{
		otelconnect.WithTracerProvider(tp),
		otelconnect.WithoutMetrics(), // /metrics has them
		otelconnect.WithPropagator(propagation.TraceContext{}),
	}
	if cfg.TrustRemote {
		opts = append(opts, otelconnect.WithTrustRemote())
	}
	ic, err := otelconnect.NewInterceptor(opts...)
	if err != nil {
		_ = tp.Shutdown(ctx)
		return nil, fmt.Errorf("tracing interceptor: %w", err)
	}
	// Export failures go to zerend's log, not the standard logger. The
	// handler is the process's: one zerend per process logs them all.
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) { log.Warn("tracing", "err", err.Error()) }))
	log.Info("tracing", "endpoint", cfg.endpointURL(), "sample_ratio", cfg.SampleRatio, "service_name", cfg.ServiceName, "trust_remote", cfg.TrustRemote)
	return &tracing{tp: tp, tracer: tp.Tracer("github.com/zerenlab/zeren/cmd/internal/daemon"), interceptor: ic}, nil
}

// shutdown exports the spans still queued and stops the exporter.
func (t *tracing) shutdown(ctx context.Context) error {
	if t == nil {
		return nil
	}
	return t.tp.Shutdown(ctx)
}

// moduleVersion is the main module's version, for service.version.
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// redactingExporter is the last guard on what leaves zerend: every span it
// exports keeps only the attributes of exportedAttribute, no events (an
// exception event carries an error's text) and no status description (the
// text of an internal error, which may quote a record). Tokens, request
// bodies and personal data are never put on spans in the first place;
// this keeps a library's default from adding them.
type redactingExporter struct{ sdktrace.SpanExporter }

func (e redactingExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	out := make([]sdktrace.ReadOnlySpan, len(spans))
	for i, s := range spans {
		out[i] = redactedSpan{s}
	}
	return e.SpanExporter.ExportSpans(ctx, out)
}

type redactedSpan struct{ sdktrace.ReadOnlySpan }

func (s redactedSpan) Attributes() []attribute.KeyValue {
	var out []attribute.KeyValue
	for _, kv := range s.ReadOnlySpan.Attributes() {
		if exportedAttribute(kv.Key) {
			out = append(out, kv)
		}
	}
	return out
}

func (s redactedSpan) Events() []sdktrace.Event { return nil }

func (s redactedSpan) Links() []sdktrace.Link {
	links := s.ReadOnlySpan.Links()
	out := make([]sdktrace.Link, len(links))
	for i, l := range links {
		out[i] = sdktrace.Link{SpanContext: l.SpanContext}
	}
	return out
}

func (s redactedSpan) Status() sdktrace.Status {
	return sdktrace.Status{Code: s.ReadOnlySpan.Status().Code}
}

// exportedAttribute says which span attributes may leave zerend: the RPC
// semantic conventions' method, system and status (not the request or
// response metadata, which hold the Authorization header, nor peer
// addresses), error.type, the HTTP status and zerend's own zeren.*.
func exportedAttribute(k attribute.Key) bool {
	s := string(k)
	switch {
	case strings.HasPrefix(s, "rpc.request.metadata"), strings.HasPrefix(s, "rpc.response.metadata"), strings.HasPrefix(s, "rpc.message."):
		return false
	case strings.HasPrefix(s, "rpc."), strings.HasPrefix(s, "zeren."):
		return true
	}
	return s == "error.type" || s == "http.response.status_code"
}

// Store spans' attributes.
const (
	attrStoreOp      = attribute.Key("zeren.store.op")
	attrStoreKind    = attribute.Key("zeren.store.kind")
	attrStoreRecords = attribute.Key("zeren.store.records")
	attrStoreChanges = attribute.Key("zeren.store.changes")
)

// span starts a child span for a store operation when the call's span is
// recording (tracing on and the call sampled), or returns nil. Without
// tracing it costs a nil check.
func (t timedStore) span(ctx context.Context, op, kind string) (context.Context, trace.Span) {
	if t.tracer == nil || !trace.SpanFromContext(ctx).IsRecording() {
		return ctx, nil
	}
	attrs := []attribute.KeyValue{attrStoreOp.String(op)}
	if kind != "" {
		attrs = append(attrs, attrStoreKind.String(kind))
	}
	return t.tracer.Start(ctx, "store."+op, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
}

// endSpan ends a store operation's span, if any, with the class of its
// error (never the error's text).
func endSpan(span trace.Span, err error) {
	if span == nil {
		return
	}
	if err != nil {
		span.SetAttributes(semconv.ErrorTypeKey.String(errorType(err)))
		if !errors.Is(err, server.ErrNotFound) {
			span.SetStatus(codes.Error, "")
		}
	}
	span.End()
}

// errorType names a store error's class, never its text.
func errorType(err error) string {
	switch {
	case errors.Is(err, server.ErrNotFound):
		return "not_found"
	case errors.Is(err, server.ErrConflict):
		return "conflict"
	case errors.Is(err, context.DeadlineExceeded):
		return "deadline_exceeded"
	case errors.Is(err, context.Canceled):
		return "canceled"
	}
	return "error"
}
