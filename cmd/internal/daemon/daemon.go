package daemon

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"connectrpc.com/connect"

	"github.com/zerenlab/zeren/server"

	"github.com/zerenlab/zeren/cmd/internal/serverstore"
	"github.com/zerenlab/zeren/cmd/internal/store"
)

// Daemon is a running zerend: a listener, an HTTP server and a store. Its
// methods are safe for concurrent use.
type Daemon struct {
	cfg      Config
	log      *slog.Logger
	db       *store.DB
	cps      *checkpointer
	srv      *http.Server
	ln       net.Listener
	draining atomic.Bool
	excel    *excel // the /excel/ downloads and uploads
	metrics  *metrics
	tracing  *tracing // nil when tracing is off

	metricsSrv  *http.Server // nil without -metrics-addr
	metricsLn   net.Listener
	metricsDone chan struct{}

	done     chan struct{} // closed when Serve returns
	serveErr error

	shutdown sync.Once
	shutErr  error
}

// Start opens the store, builds the zeren.v1 handler, seeds 示例市 when asked
// and serves on ln — or, when ln is nil, on a new listener at cfg.Addr —
// until [Daemon.Shutdown]. It returns once the server accepts connections.
// It refuses to start without tokens unless cfg.Dev is set.
func Start(ctx context.Context, cfg Config, log *slog.Logger, ln net.Listener) (*Daemon, error) {
	if err := cfg.Validate(); err != nil {
		return nil, &ConfigError{err}
	}
	tokens, err := cfg.LoadTokens()
	if err != nil {
		return nil, &ConfigError{err}
	}
	cal, err := cfg.LoadCalendar()
	if err != nil {
		return nil, &ConfigError{err}
	}
	pageKey, err := cfg.LoadPageTokenKey()
	if err != nil {
		return nil, &ConfigError{err}
	}
	if len(tokens) == 0 {
		if !cfg.Dev {
			return nil, &ConfigError{errors.New("no bearer tokens configured: set -tokens-file (ZEREN_TOKENS_FILE) or -tokens (ZEREN_TOKENS), " +
				`e.g. ZEREN_TOKENS='<secret>=oa-admin' for a caller that sees everything; -dev starts with development tokens on loopback` +
				"\n未配置访问令牌：请用 -tokens-file（ZEREN_TOKENS_FILE）或 -tokens（ZEREN_TOKENS）给出，" +
				"例如 ZEREN_TOKENS='<密钥>=oa-admin' 表示可查看全部数据的调用方；-dev 以开发令牌仅在本机回环地址启动")}
		}
		tokens = devTokens()
		for tok, p := range tokens {
			root := p.Root
			if root == "" {
				root = "(all organisations)"
			}
			log.Warn("development token: not for production", "token", tok, "subject", p.Subject, "root", root)
		}
	}
	auditKey, err := cfg.LoadAuditKey()
	if err != nil {
		return nil, &ConfigError{err}
	}
	for tok, p := range tokens {
		if len(tok) < 16 && !cfg.Dev {
			log.Warn("short bearer token: use at least 16 random characters", "subject", p.Subject)
		}
	}

	var storeOpts []store.Option
	if auditKey != nil {
		storeOpts = append(storeOpts, store.WithAuditKey(auditKey))
	}
	db, err := store.Open(ctx, cfg.DB, storeOpts...)
	if ke := (*store.KeyError)(nil); errors.As(err, &ke) {
		return nil, &ConfigError{fmt.Errorf("store %s: %w", redact(cfg.DB), err)}
	}
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", redact(cfg.DB), err)
	}
	d := &Daemon{cfg: cfg, log: log, db: db, done: make(chan struct{})}
	ok := false
	defer func() {
		if !ok {
			_ = db.Close()
		}
	}()
	schema, err := db.SchemaVersion(ctx)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", redact(cfg.DB), err)
	}
	log.Info("store opened", "backend", db.Backend(), "target", redact(cfg.DB), "schema_version", schema)
	logAuditKey(log, cfg, db, auditKey)

	pageKey, err = pageTokenKey(log, pageKey, auditKey)
	if err != nil {
		return nil, err
	}

	auth := &seedAuth{next: tokens}
	st := serverstore.New(db)
	d.metrics = newMetrics(db)
	if d.tracing, err = startTracing(ctx, cfg.Tracing, log); err != nil {
		return nil, err
	}
	defer func() {
		if !ok {
			_ = d.tracing.shutdown(context.WithoutCancel(ctx))
		}
	}()
	ics := []connect.Interceptor{d.metrics.interceptor()}
	if d.tracing != nil {
		ics = append([]connect.Interceptor{d.tracing.interceptor}, ics...)
	}
	opts := []server.Option{
		server.WithInterceptors(ics...),
		server.WithAuthenticator(auth),
		server.WithMaxRequestBytes(cfg.MaxRequestBytes),
		server.WithTimeout(cfg.CallTimeout),
		server.WithInspectionSeed(cfg.InspectionSeed),
	}
	if cal != nil {
		opts = append(opts, server.WithCalendar(cal))
	}
	if pageKey != nil {
		opts = append(opts, server.WithPageTokenKey(pageKey))
	}
	observed := timedStore{s: st, h: d.metrics.storeSeconds}
	if d.tracing != nil {
		observed.tracer = d.tracing.tracer
	}
	srv, err := server.New(observed, opts...)
	if err != nil {
		return nil, err
	}
	handler := srv.Handler()
	d.excel = &excel{api: handler, store: st, auth: auth, limit: cfg.MaxRequestBytes}
	if cfg.SeedSample {
		if err := seed(ctx, log, st, srv, handler, auth); err != nil {
			return nil, fmt.Errorf("seed 示例市: %w", err)
		}
	}

	if ln == nil {
		ln, err = net.Listen("tcp", cfg.Addr)
		if err != nil {
			return nil, err
		}
	}
	if cfg.MetricsAddr != "" {
		if d.metricsLn, err = net.Listen("tcp", cfg.MetricsAddr); err != nil {
			_ = ln.Close()
			return nil, fmt.Errorf("metrics-addr: %w", err)
		}
	}
	// The first checkpoint anchors the head as it is before serving.
	if d.cps, err = startCheckpointer(ctx, db, log, cfg.AuditCheckpointFile, cfg.AuditCheckpointInterval); err != nil {
		_ = ln.Close()
		if d.metricsLn != nil {
			_ = d.metricsLn.Close()
		}
		return nil, err
	}
	d.ln = ln
	var protocols http.Protocols
	protocols.SetHTTP1(true)
	protocols.SetUnencryptedHTTP2(true) // h2c, for native gRPC clients
	d.srv = &http.Server{
		Handler:           d.routes(handler),
		Protocols:         &protocols,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	go func() {
		defer close(d.done)
		if err := d.srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			d.serveErr = err
		}
	}()
	log.Info("listening", "version", Version(), "addr", ln.Addr().String(), "protocols", "HTTP/1.1, h2c",
		"services", "gRPC, gRPC-Web, Connect (JSON and binary)", "tokens", len(tokens))
	d.serveMetrics()
	ok = true
	return d, nil
}

// Addr is the address the daemon listens on.
func (d *Daemon) Addr() net.Addr { return d.ln.Addr() }

// MetricsAddr is the address of the metrics listener, or nil without
// -metrics-addr.
func (d *Daemon) MetricsAddr() net.Addr {
	if d.metricsLn == nil {
		return nil
	}
	return d.metricsLn.Addr()
}

// Done is closed when the server stops serving: after [Daemon.Shutdown], or
// when the listener fails ([Daemon.Err] tells).
func (d *Daemon) Done() <-chan struct{} { return d.done }

// Err is why the server stopped serving on its own, once Done is closed;
// nil after a shutdown.
func (d *Daemon) Err() error {
	<-d.done
	return d.serveErr
}

// Shutdown stops the daemon gracefully: /readyz turns 503, the listener
// closes, calls in flight may finish within the configured shutdown timeout
// (or ctx's deadline, if sooner), then the store closes. Later calls return
// the first call's result.
func (d *Daemon) Shutdown(ctx context.Context) error {
	d.shutdown.Do(func() {
		d.draining.Store(true)
		start := time.Now()
		d.log.Info("shutting down", "timeout", d.cfg.ShutdownTimeout.String())
		ctx, cancel := context.WithTimeout(ctx, d.cfg.ShutdownTimeout)
		defer cancel()
		err := d.srv.Shutdown(ctx)
		if err != nil {
			d.log.Warn("calls still in flight at the shutdown timeout were cut off", "err", err)
			_ = d.srv.Close()
		}
		<-d.done
		if d.metricsSrv != nil {
			if merr := d.metricsSrv.Shutdown(ctx); merr != nil {
				_ = d.metricsSrv.Close()
			}
			<-d.metricsDone
		}
		// The calls have ended, and their spans with them: flush them, for
		// a few seconds more even when the calls took the whole timeout. A
		// collector that is down loses its spans; it does not fail the
		// shutdown.
		fctx, fcancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer fcancel()
		if terr := d.tracing.shutdown(fctx); terr != nil {
			d.log.Warn("the last spans were not exported", "err", terr.Error())
		}
		if cerr := d.cps.close(context.WithoutCancel(ctx)); cerr != nil {
			err = errors.Join(err, fmt.Errorf("last audit checkpoint: %w", cerr))
		}
		if cerr := d.db.Close(); cerr != nil {
			err = errors.Join(err, fmt.Errorf("close store: %w", cerr))
		}
		d.log.Info("stopped", "took", time.Since(start).String())
		d.shutErr = err
	})
	return d.shutErr
}

// Run starts the daemon and serves until ctx is done (SIGINT or SIGTERM in
// zerend), then shuts it down gracefully.
func Run(ctx context.Context, cfg Config, log *slog.Logger) error {
	d, err := Start(ctx, cfg, log, nil)
	if err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		return d.Shutdown(context.WithoutCancel(ctx))
	case <-d.Done():
		err := d.Err()
		return errors.Join(err, d.Shutdown(context.WithoutCancel(ctx)))
	}
}

// Main is zerend's (and `zeren serve`'s) command line: it parses args
// (flags, with environment fallbacks from getenv), logs JSON to logOut and
// serves until ctx is done. It returns the process exit code: 0 after a
// clean shutdown, 1 when serving failed, 2 for a usage or configuration
// error.
func Main(ctx context.Context, name string, args []string, getenv func(string) string, logOut io.Writer) int {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(logOut)
	var cfg Config
	cfg.RegisterFlags(fs)
	configFile := fs.String("config", "", "TOML configuration file; its keys are these flags' names, and flags and environment variables win over it (env "+ConfigFileEnv+")")
	version := fs.Bool("version", false, "print the version and exit")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s [flags]\n\nServes the zeren.v1 services (gRPC, gRPC-Web, Connect) over HTTP/1.1 and h2c,\nwith GET /healthz and GET /readyz. Flags:\n\n", name)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(logOut, "%s: unexpected arguments %q\n", name, fs.Args())
		return 2
	}
	if *version {
		fmt.Fprintln(logOut, Version())
		return 0
	}
	if err := ApplyEnv(fs, getenv); err != nil {
		fmt.Fprintf(logOut, "%s: %v\n", name, err)
		return 2
	}
	if *configFile == "" {
		*configFile = getenv(ConfigFileEnv)
	}
	if err := ApplyConfigFile(fs, *configFile); err != nil {
		fmt.Fprintf(logOut, "%s: %v\n", name, err)
		return 2
	}
	cfg.AuditKey = getenv("ZEREN_AUDIT_KEY")
	level, err := parseLevel(cfg.LogLevel)
	if err != nil {
		fmt.Fprintf(logOut, "%s: %v\n", name, err)
		return 2
	}
	log := slog.New(slog.NewJSONHandler(logOut, &slog.HandlerOptions{Level: level}))
	if err := Run(ctx, cfg, log); err != nil {
		var ce *ConfigError
		if errors.As(err, &ce) {
			fmt.Fprintf(logOut, "%s: %v\n", name, err)
			return 2
		}
		log.Error("zerend failed", "err", err.Error())
		return 1
	}
	return 0
}

// ConfigError is a configuration problem found before anything is opened:
// a bad flag value, no tokens, an unreadable tokens file. zerend exits 2
// for it and 1 for a failure to serve.
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return e.Err.Error() }

// Unwrap returns the problem.
func (e *ConfigError) Unwrap() error { return e.Err }

// redact hides the password of a PostgreSQL URL or keyword DSN.
func redact(target string) string {
	if strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://") {
		u, err := url.Parse(target)
		if err != nil {
			return "postgres://…"
		}
		return u.Redacted()
	}
	if strings.Contains(target, "password=") {
		fields := strings.Fields(target)
		for i, f := range fields {
			if strings.HasPrefix(f, "password=") {
				fields[i] = "password=xxxxx"
			}
		}
		return strings.Join(fields, " ")
	}
	return target
}
