package daemon

import (
	"context"
	"net/http"
	"strings"
	"time"

	"connectrpc.com/connect"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

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
	m.reg.MustRegister(m.rpcs, m.rpcSeconds, m.runSeconds, m.storeSeconds, audit,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
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

// timedStore times the store's operations for zeren_store_duration_seconds.
// It keeps what the adapter offers beyond server.Store: versions without
// data, and run locks across instances.
type timedStore struct {
	s *serverstore.Store
	h *prometheus.HistogramVec
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
	return t.s.Get(ctx, kind, id)
}

func (t timedStore) Version(ctx context.Context, kind, id string) (int64, error) {
	defer t.since("version", time.Now())
	return t.s.Version(ctx, kind, id)
}

func (t timedStore) List(ctx context.Context, kind string, q server.ListQuery) (server.Page, error) {
	defer t.since("list", time.Now())
	return t.s.List(ctx, kind, q)
}

func (t timedStore) Apply(ctx context.Context, actor string, changes []server.Change) error {
	defer t.since("apply", time.Now())
	return t.s.Apply(ctx, actor, changes)
}

func (t timedStore) LockRun(ctx context.Context, key string) (func(), error) {
	defer t.since("lock_run", time.Now())
	return t.s.LockRun(ctx, key)
}
