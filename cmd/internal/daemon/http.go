package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

// routes mounts the zeren.v1 handler at / beside the probes, and logs every
// request.
func (d *Daemon) routes(api http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", d.ready)
	if d.excel != nil {
		mux.Handle("/excel/", d.excel)
	}
	d.discovery(mux)
	// GET /metrics is not here but on -metrics-addr: every token holder,
	// and anyone, reaches this listener (see serveMetrics).
	mux.Handle("/", api)
	return d.logRequests(mux)
}

// ready answers 200 when the store answers a read within two seconds, 503
// when it does not or the daemon is shutting down.
func (d *Daemon) ready(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if d.draining.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "shutting down")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if _, err := d.db.List(ctx, store.KindStructure, store.ListQuery{PageSize: 1}); err != nil {
		d.log.Warn("not ready: the store does not answer", "err", err.Error())
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "store unavailable")
		return
	}
	fmt.Fprintln(w, "ready")
}

// logRequests logs each request once it is answered: at info level for the
// API, at debug level for the probes.
func (d *Daemon) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rw, r)
		if d.metrics != nil {
			d.metrics.responses.WithLabelValues(strconv.Itoa(rw.status)).Inc()
		}
		level := slog.LevelInfo
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || r.URL.Path == "/metrics" || strings.HasPrefix(r.URL.Path, "/grpc.health.v1.") {
			level = slog.LevelDebug
		}
		if !d.log.Enabled(r.Context(), level) {
			return
		}
		attrs := []slog.Attr{
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("proto", r.Proto),
			slog.Int("status", rw.status), slog.Int64("bytes", rw.bytes),
			slog.Float64("ms", float64(time.Since(start).Microseconds())/1000), slog.String("remote", r.RemoteAddr),
		}
		// gRPC answers 200 and puts the outcome in a trailer.
		if s := grpcStatus(w.Header()); s != "" && s != "0" {
			attrs = append(attrs, slog.String("grpc_status", s))
		}
		d.log.LogAttrs(r.Context(), level, "request", attrs...)
	})
}

// statusWriter records the status and size of a response. It passes
// Flush through and unwraps for http.ResponseController, which gRPC needs.
type statusWriter struct {
	http.ResponseWriter
	status      int
	bytes       int64
	wroteHeader bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wroteHeader {
		w.status, w.wroteHeader = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wroteHeader = true
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Flush() {
	w.wroteHeader = true
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// grpcStatus finds a gRPC status in a response's headers or in the
// trailers the handler announced with http.TrailerPrefix.
func grpcStatus(h http.Header) string {
	if s := h.Get("Grpc-Status"); s != "" {
		return s
	}
	for k, v := range h {
		if len(v) > 0 && strings.EqualFold(k, http.TrailerPrefix+"Grpc-Status") {
			return v[0]
		}
	}
	return ""
}
