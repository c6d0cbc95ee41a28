package daemon

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// Whatever a library puts on a span, only the RPC's method, system and
// code, error.type, the HTTP status and zeren.* attributes leave zerend:
// no header (the Authorization token), no peer address, no event, no
// status text.
func TestRedactedSpansKeepOnlyAllowedAttributes(t *testing.T) {
	t.Parallel()
	in := tracetest.SpanStub{
		Name: "zeren.v1.HierarchyService/GetChain",
		Attributes: []attribute.KeyValue{
			attribute.String("rpc.method", "zeren.v1.HierarchyService/GetChain"),
			attribute.String("rpc.system.name", "connectrpc"),
			attribute.String("rpc.response.status_code", "INTERNAL"),
			attribute.String("error.type", "INTERNAL"),
			attribute.String("zeren.store.op", "get"),
			attribute.StringSlice("rpc.request.metadata.authorization", []string{"Bearer s3cret"}),
			attribute.String("rpc.message.body", "张三"),
			attribute.String("client.address", "10.0.0.7"),
			attribute.String("enduser.id", "oa:czj"),
		},
		Status: sdktrace.Status{Code: codes.Error, Description: "assignment of 张三 failed"},
		Events: []sdktrace.Event{{Name: "exception", Attributes: []attribute.KeyValue{attribute.String("exception.message", "张三")}}},
		Links:  []sdktrace.Link{{Attributes: []attribute.KeyValue{attribute.String("enduser.id", "oa:czj")}}},
	}.Snapshot()
	out := redactedSpan{in}
	var keys []string
	for _, kv := range out.Attributes() {
		keys = append(keys, string(kv.Key))
	}
	assert.ElementsMatch(t, []string{"rpc.method", "rpc.system.name", "rpc.response.status_code", "error.type", "zeren.store.op"}, keys)
	assert.Equal(t, sdktrace.Status{Code: codes.Error}, out.Status())
	assert.Empty(t, out.Events())
	require.Len(t, out.Links(), 1)
	assert.Empty(t, out.Links()[0].Attributes)

	exp := tracetest.NewInMemoryExporter()
	require.NoError(t, redactingExporter{exp}.ExportSpans(context.Background(), []sdktrace.ReadOnlySpan{in}))
	got := exp.GetSpans()
	require.Len(t, got, 1)
	assert.Len(t, got[0].Attributes, 5)
	assert.Empty(t, got[0].Status.Description)
}

// Without tracing, a store operation costs a nil check: no span, no
// allocation, the context passed on as it is.
func TestStoreSpansCostNothingWithoutTracing(t *testing.T) {
	ts := timedStore{}
	ctx := context.Background()
	allocs := testing.AllocsPerRun(100, func() {
		got, span := ts.span(ctx, "get", "assignment")
		if span != nil || got != ctx {
			t.Fatal("a span without tracing")
		}
		endSpan(span, nil)
	})
	assert.Zero(t, allocs)

	// With tracing on but the call not sampled, still no span.
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.NeverSample()))
	defer func() { _ = tp.Shutdown(ctx) }()
	ts.tracer = tp.Tracer("test")
	sctx, call := tp.Tracer("test").Start(ctx, "call")
	defer call.End()
	_, span := ts.span(sctx, "get", "assignment")
	assert.Nil(t, span)

	// Sampled: a child of the call's span.
	tp2 := sdktrace.NewTracerProvider()
	defer func() { _ = tp2.Shutdown(ctx) }()
	ts.tracer = tp2.Tracer("test")
	sctx, call = tp2.Tracer("test").Start(ctx, "call")
	_, span = ts.span(sctx, "get", "assignment")
	require.NotNil(t, span)
	assert.Equal(t, call.SpanContext().TraceID(), span.SpanContext().TraceID())
	assert.Equal(t, call.SpanContext().SpanID(), span.(sdktrace.ReadOnlySpan).Parent().SpanID())
	endSpan(span, context.DeadlineExceeded)
	assert.Equal(t, codes.Error, span.(sdktrace.ReadOnlySpan).Status().Code)
	assert.Contains(t, span.(sdktrace.ReadOnlySpan).Attributes(), attribute.String("error.type", "deadline_exceeded"))
}
