package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"strings"
	"time"

	"connectrpc.com/connect"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/trace"

	"github.com/zerenlab/zeren/server"

	"github.com/zerenlab/zeren/cmd/internal/serverstore"
	"github.com/zerenlab/zeren/cmd/internal/store"
)

// metrics is what GET /metrics serves, in the Prometheus text format:
//
//   - zeren_rpc_requests_total{procedure,code}: calls answered, by
//     procedure (/zeren.v1.HierarchyService/GetChain) and Connect code
//     (ok, invalid_argument, …);
//   - zeren_rpc_duration_seconds{procedure,code}: their latency;
//   - zeren_assessment_run_seconds: the time of each RunAssessment that
//     succeeded;
//   - zeren_store_duration_seconds{op}: the store's latency per operation
//     (get, version, list, apply, lock_run);
//   - zeren_audit_log_entries: the length of the audit log's hash chain,
//     read from its head at each scrape;
//   - the Go runtime's and the process's own (go_*, process_*).
//
// Each daemon has its own registry, so tests can run several.
type metrics struct {
	reg          *prometheus.Registry
	rpcs         *prometheus.CounterVec
	rpcSeconds   *prometheus.HistogramVec
	runSeconds   prometheus.Histogram
	storeSeconds *prometheus.HistogramVec
	// responses counts HTTP answers by status, those refused before any
	// RPC interceptor (401 for a missing or unknown token, 413, 429)
	// included: the RPC counts never see them.
	responses *prometheus.CounterVec
}

func newMetrics(db *store.DB) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		rpcs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "zeren_rpc_requests_total", Help: "zeren.v1 calls answered, by procedure and Connect code.",
		}, []string{"procedure", "code"}),
		rpcSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "zeren_rpc_duration_seconds", Help: "Latency of zeren.v1 calls, by procedure and Connect code.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120},
		}, []string{"procedure", "code"}),
		runSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "zeren_assessment_run_seconds", Help: "Duration of each RunAssessment that succeeded.",
			Buckets: []float64{.1, .25, .5, 1, 2.5, 5, 10, 20, 30, 60, 120},
		}),
		storeSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "zeren_store_duration_seconds", Help: "Latency of the store's operations, by operation.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 5},
		}, []string{"op"}),
		responses: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "zeren_http_responses_total", Help: "HTTP answers of the API's listener by status, refused calls (401 for a missing or unknown token) included.",
		}, []string{"status"}),
	}
	audit := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "zeren_audit_log_entries", Help: "Entries in the audit log's hash chain (the sequence number of its head).",
	}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		c, err := db.Checkpoint(ctx, time.Now())
		if err != nil {
			return -1
		}
		return float64(c.Seq)
	})
	m.reg.MustRegister(m.rpcs, m.rpcSeconds, m.runSeconds, m.storeSeconds, m.responses, audit,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

func (c *Config) validateMetrics() []error {
	var errs []error
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			errs = append(errs, fmt.Errorf("metrics-addr %q: %v（监控指标 /metrics 的监听地址无效）", c.MetricsAddr, err))
		} else if c.MetricsAddr == c.Addr {
			errs = append(errs, fmt.Errorf("metrics-addr %q is the API's address: give the metrics a listener of their own（监控指标 /metrics 须使用独立的监听地址）", c.MetricsAddr))
		}
	}
	if c.Pprof && c.MetricsAddr == "" {
		errs = append(errs, errors.New("-pprof serves on -metrics-addr, which is not set（-pprof 需要同时设置 -metrics-addr）"))
	}
	return errs
}

// serveMetrics serves GET /metrics, and /debug/pprof/ with -pprof, on the
// metrics listener, without a token. They are kept off the API's listener,
// which every token holder reaches: the counts by procedure and code tell
// of other units' activity, and profiles of the process's memory.
func (d *Daemon) serveMetrics() {
	if d.metricsLn == nil {
		return
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", d.metrics.handler())
	if d.cfg.Pprof {
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	}
	d.metricsSrv = &http.Server{
		Handler:           d.logRequests(mux),
		ReadHeaderTimeout: d.cfg.ReadHeaderTimeout,
		IdleTimeout:       d.cfg.IdleTimeout,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(d.log.Handler(), slog.LevelWarn),
	}
	d.metricsDone = make(chan struct{})
	go func() {
		defer close(d.metricsDone)
		if err := d.metricsSrv.Serve(d.metricsLn); !errors.Is(err, http.ErrServerClosed) {
			d.log.Error("the metrics listener failed", "err", err.Error())
		}
	}()
	d.log.Info("metrics listening", "addr", d.metricsLn.Addr().String(), "pprof", d.cfg.Pprof)
}

// interceptor counts and times every zeren.v1 call.
func (m *metrics) interceptor() connect.Interceptor {
	return connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			start := time.Now()
			resp, err := next(ctx, req)
			took := time.Since(start).Seconds()
			code := "ok"
			if err != nil {
				code = connect.CodeOf(err).String()
			}
			proc := req.Spec().Procedure
			m.rpcs.WithLabelValues(proc, code).Inc()
			m.rpcSeconds.WithLabelValues(proc, code).Observe(took)
			if err == nil && strings.HasSuffix(proc, "/RunAssessment") {
				m.runSeconds.Observe(took)
			}
			return resp, err
		}
	})
}

// timedStore times the store's operations for zeren_store_duration_seconds
// and, with tracing on, makes each a child span of the call's (store.get,
// store.list, …; the batches a RunAssessment reads show as its store.list
// spans). It keeps what the adapter offers beyond server.Store: versions
// without data, and run locks across instances.
type timedStore struct {
	s      *serverstore.Store
	h      *prometheus.HistogramVec
	tracer trace.Tracer // nil without tracing
}

var (
	_ server.Store     = timedStore{}
	_ server.Versioner = timedStore{}
	_ server.RunLocker = timedStore{}
)

func (t timedStore) since(op string, start time.Time) {
	t.h.WithLabelValues(op).Observe(time.Since(start).Seconds())
}

func (t timedStore) Get(ctx context.Context, kind, id string) (server.Record, error) {
	defer t.since("get", time.Now())
	ctx, span := t.span(ctx, "get", kind)
	r, err := t.s.Get(ctx, kind, id)
	endSpan(span, err)
	return r, err
}

func (t timedStore) Version(ctx context.Context, kind, id string) (int64, error) {
	defer t.since("version", time.Now())
	ctx, span := t.span(ctx, "version", kind)
	v, err := t.s.Version(ctx, kind, id)
	endSpan(span, err)
	return v, err
}

func (t timedStore) Versions(ctx context.Context, keys ...server.Key) ([]int64, error) {
	defer t.since("version", time.Now())
	ctx, span := t.span(ctx, "version", "")
	v, err := t.s.Versions(ctx, keys...)
	endSpan(span, err)
	return v, err
}

func (t timedStore) List(ctx context.Context, kind string, q server.ListQuery) (server.Page, error) {
	defer t.since("list", time.Now())
	ctx, span := t.span(ctx, "list", kind)
	p, err := t.s.List(ctx, kind, q)
	if span != nil && err == nil {
		span.SetAttributes(attrStoreRecords.Int(len(p.Records)))
	}
	endSpan(span, err)
	return p, err
}

func (t timedStore) Apply(ctx context.Context, actor string, changes []server.Change) error {
	defer t.since("apply", time.Now())
	ctx, span := t.span(ctx, "apply", "")
	if span != nil {
		span.SetAttributes(attrStoreChanges.Int(len(changes)))
	}
	err := t.s.Apply(ctx, actor, changes)
	endSpan(span, err)
	return err
}

func (t timedStore) LockRun(ctx context.Context, key string) (func(), error) {
	defer t.since("lock_run", time.Now())
	ctx, span := t.span(ctx, "lock_run", "")
	unlock, err := t.s.LockRun(ctx, key)
	endSpan(span, err)
	return unlock, err
}
