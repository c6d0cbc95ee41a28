package daemon

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/server"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

// Config is zerend's configuration. Each field has a flag and an
// environment variable; a flag given on the command line wins over the
// variable, which wins over the default.
type Config struct {
	// Addr is the TCP address to listen on (-addr, ZEREN_ADDR). Default
	// 127.0.0.1:8080: loopback, so that exposing the server is a decision.
	Addr string
	// DB is the store (-db, ZEREN_DB): an SQLite file path, or a
	// postgres:// (postgresql://) URL. Default ./zeren.db.
	DB string
	// TokensFile is a JSON file of bearer tokens (-tokens-file,
	// ZEREN_TOKENS_FILE): {"token": {"subject": "oa:czj", "root": "czj-pg"}};
	// an empty root grants every organisation (the 机关工委).
	TokensFile string
	// Tokens holds tokens inline (-tokens, ZEREN_TOKENS), in the same JSON
	// or as token=subject[@root] separated by commas.
	Tokens string
	// LogLevel is debug, info, warn or error (-log-level,
	// ZEREN_LOG_LEVEL). Default info.
	LogLevel string
	// MaxRequestBytes caps a request body (-max-request-bytes,
	// ZEREN_MAX_REQUEST_BYTES). Default 32 MiB.
	MaxRequestBytes int64
	// CallTimeout caps one call (-call-timeout, ZEREN_CALL_TIMEOUT).
	// Default 2m.
	CallTimeout time.Duration
	// ReadHeaderTimeout caps reading a request's headers
	// (-read-header-timeout, ZEREN_READ_HEADER_TIMEOUT). Default 10s.
	ReadHeaderTimeout time.Duration
	// ReadTimeout caps reading a whole request, headers and body
	// (-read-timeout, ZEREN_READ_TIMEOUT), so that a slow client cannot
	// hold a connection open with a trickle of bytes. Default 1m.
	ReadTimeout time.Duration
	// IdleTimeout closes idle keep-alive connections (-idle-timeout,
	// ZEREN_IDLE_TIMEOUT). Default 2m.
	IdleTimeout time.Duration
	// ShutdownTimeout is how long a graceful shutdown waits for calls in
	// flight (-shutdown-timeout, ZEREN_SHUTDOWN_TIMEOUT). Default 30s.
	ShutdownTimeout time.Duration
	// CalendarFile is the locality's working-day calendar (工作日历), a
	// zeren.v1.Calendar in JSON or text (-calendar, ZEREN_CALENDAR_FILE):
	// supervision counts reminders, overdue days and case deadlines on it.
	// Default: Monday to Friday, no holidays.
	CalendarFile string
	// InspectionSeed seeds the sampling of the yearly inspection plan
	// (-inspection-seed, ZEREN_INSPECTION_SEED). Default 0.
	InspectionSeed int64
	// PageTokenKeyFile holds the key that seals page tokens: 64 hex digits
	// (32 bytes), kept outside the database (-page-token-key-file,
	// ZEREN_PAGE_TOKEN_KEY_FILE). Instances behind one load balancer need
	// the same key. Default: a key derived from the audit key (HKDF-SHA256),
	// which every instance of one database shares; without an audit key
	// (-dev, -insecure-audit), a random key per process, so a page token
	// does not outlive a restart.
	PageTokenKeyFile string
	// SeedSample loads 示例市 (framework, structure and, where the server
	// offers them, plan and indicator system) when the store holds no
	// structure yet (-seed-sample, ZEREN_SEED_SAMPLE). Default false.
	SeedSample bool
	// Dev allows starting without tokens: development tokens are made up
	// and printed, and the address must be loopback (-dev, ZEREN_DEV).
	// It also allows starting without an audit key.
	Dev bool
	// AuditKeyFile holds the audit key (审计密钥) that keys the audit
	// log's hash chain (-audit-key-file, ZEREN_AUDIT_KEY_FILE): at least 32
	// bytes, e.g. from `head -c 32 /dev/urandom | base64`, readable only by
	// zerend's user and kept outside the database and its backups.
	AuditKeyFile string
	// AuditKey is the audit key itself, from ZEREN_AUDIT_KEY only: it has
	// no flag, as a command line is visible to every user of the machine.
	AuditKey string
	// AuditCheckpointFile is a file outside the database that zerend
	// appends a signed checkpoint of the audit log's head to, one JSON line
	// each (-audit-checkpoint-file, ZEREN_AUDIT_CHECKPOINT_FILE). Default
	// none: checkpoints go to the log only.
	AuditCheckpointFile string
	// AuditCheckpointInterval is how often zerend checkpoints the audit
	// log's head when it has moved (-audit-checkpoint-interval,
	// ZEREN_AUDIT_CHECKPOINT_INTERVAL); it also does at start and on
	// shutdown. Default 10m.
	AuditCheckpointInterval time.Duration
	// InsecureAudit allows starting without an audit key (-insecure-audit,
	// ZEREN_INSECURE_AUDIT): the audit log is then a plain hash chain that
	// whoever can write the database can rewrite consistently. Default
	// false: zerend refuses to start without a key unless -dev.
	InsecureAudit bool

	// MetricsAddr is a second listener that serves GET /metrics (and, with
	// Pprof, /debug/pprof/) without a token (-metrics-addr,
	// ZEREN_METRICS_ADDR), e.g. 127.0.0.1:9464. Default none: /metrics is
	// served nowhere, and never on Addr, where branch tokens reach.
	MetricsAddr string
	// Pprof serves Go's profiles at /debug/pprof/ on MetricsAddr (-pprof,
	// ZEREN_PPROF). Default false.
	Pprof bool

	// Tracing configures OpenTelemetry traces, off by default.
	Tracing TracingConfig
}

// envOf maps each flag to its environment variable.
var envOf = map[string]string{
	"addr":                "ZEREN_ADDR",
	"db":                  "ZEREN_DB",
	"tokens-file":         "ZEREN_TOKENS_FILE",
	"tokens":              "ZEREN_TOKENS",
	"log-level":           "ZEREN_LOG_LEVEL",
	"max-request-bytes":   "ZEREN_MAX_REQUEST_BYTES",
	"call-timeout":        "ZEREN_CALL_TIMEOUT",
	"read-header-timeout": "ZEREN_READ_HEADER_TIMEOUT",
	"read-timeout":        "ZEREN_READ_TIMEOUT",
	"idle-timeout":        "ZEREN_IDLE_TIMEOUT",
	"shutdown-timeout":    "ZEREN_SHUTDOWN_TIMEOUT",
	"calendar":            "ZEREN_CALENDAR_FILE",
	"inspection-seed":     "ZEREN_INSPECTION_SEED",
	"seed-sample":         "ZEREN_SEED_SAMPLE",
	"page-token-key-file": "ZEREN_PAGE_TOKEN_KEY_FILE",
	"dev":                 "ZEREN_DEV",

	"audit-key-file":            "ZEREN_AUDIT_KEY_FILE",
	"audit-checkpoint-file":     "ZEREN_AUDIT_CHECKPOINT_FILE",
	"audit-checkpoint-interval": "ZEREN_AUDIT_CHECKPOINT_INTERVAL",
	"insecure-audit":            "ZEREN_INSECURE_AUDIT",

	"metrics-addr": "ZEREN_METRICS_ADDR",
	"pprof":        "ZEREN_PPROF",

	"tracing-endpoint":     "ZEREN_TRACING_ENDPOINT",
	"tracing-sample-ratio": "ZEREN_TRACING_SAMPLE_RATIO",
	"tracing-service-name": "ZEREN_TRACING_SERVICE_NAME",
	"tracing-trust-remote": "ZEREN_TRACING_TRUST_REMOTE",
}

// RegisterFlags defines the configuration's flags on fs, with the defaults
// documented on [Config].
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	env := func(name, usage string) string { return usage + " (env " + envOf[name] + ")" }
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", env("addr", "listen address"))
	fs.StringVar(&c.DB, "db", "./zeren.db", env("db", "store: an SQLite file path or a postgres:// URL"))
	fs.StringVar(&c.TokensFile, "tokens-file", "", env("tokens-file", `JSON file of bearer tokens: {"token": {"subject": "oa:czj", "root": "czj-pg"}}`))
	fs.StringVar(&c.Tokens, "tokens", "", env("tokens", "bearer tokens inline: the same JSON, or token=subject[@root],…"))
	fs.StringVar(&c.LogLevel, "log-level", "info", env("log-level", "debug, info, warn or error"))
	fs.Int64Var(&c.MaxRequestBytes, "max-request-bytes", 32<<20, env("max-request-bytes", "largest request body in bytes"))
	fs.DurationVar(&c.CallTimeout, "call-timeout", 2*time.Minute, env("call-timeout", "longest time one call may take"))
	fs.DurationVar(&c.ReadHeaderTimeout, "read-header-timeout", 10*time.Second, env("read-header-timeout", "longest time to read a request's headers"))
	fs.DurationVar(&c.ReadTimeout, "read-timeout", time.Minute, env("read-timeout", "longest time to read a whole request, headers and body"))
	fs.DurationVar(&c.IdleTimeout, "idle-timeout", 2*time.Minute, env("idle-timeout", "close keep-alive connections idle this long"))
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", 30*time.Second, env("shutdown-timeout", "how long shutdown waits for calls in flight"))
	fs.StringVar(&c.CalendarFile, "calendar", "", env("calendar", "working-day calendar (zeren.v1.Calendar, JSON or text); default Monday to Friday without holidays"))
	fs.Int64Var(&c.InspectionSeed, "inspection-seed", 0, env("inspection-seed", "seed of the yearly inspection plan's sampling"))
	fs.StringVar(&c.PageTokenKeyFile, "page-token-key-file", "", env("page-token-key-file", "file of 64 hex digits: the key sealing page tokens (shared by instances behind one load balancer); default derived from the audit key"))
	fs.BoolVar(&c.SeedSample, "seed-sample", false, env("seed-sample", "load 示例市 when the store holds no structure yet"))
	fs.BoolVar(&c.Dev, "dev", false, env("dev", "allow starting without tokens, with printed development tokens (loopback only)"))
	c.registerAuditFlags(fs, env)
	fs.StringVar(&c.MetricsAddr, "metrics-addr", "", env("metrics-addr", "a second listen address serving GET /metrics without a token, e.g. 127.0.0.1:9464; default none: no /metrics"))
	fs.BoolVar(&c.Pprof, "pprof", false, env("pprof", "serve Go's profiles at /debug/pprof/ on -metrics-addr"))
	c.Tracing.registerFlags(fs, env)
}

// ApplyEnv sets every flag of fs that was not given on the command line
// from its environment variable, when that is set, through the flag's own
// parser; the tracing flags fall back to the standard OTEL_* variables
// ([TracingConfig]). It names the variable in its error.
func ApplyEnv(fs *flag.FlagSet, getenv func(string) string) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []error
	names := make([]string, 0, len(envOf))
	for name := range envOf {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if given[name] || fs.Lookup(name) == nil {
			continue
		}
		variable, v := envOf[name], getenv(envOf[name])
		if v == "" && otelEnvOf[name] != nil {
			variable, v = otelEnvOf[name](getenv)
		}
		if v == "" {
			continue
		}
		if err := fs.Set(name, v); err != nil {
			errs = append(errs, fmt.Errorf("%s=%q: %v", variable, v, err))
		}
	}
	return errors.Join(errs...)
}

// Validate reports every problem of the configuration at once.
func (c *Config) Validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("addr %q: %v（监听地址无效）", c.Addr, err))
	}
	if strings.TrimSpace(c.DB) == "" {
		errs = append(errs, errors.New("db is empty: give an SQLite file path or a postgres:// URL（未给出数据库：请给出 SQLite 文件路径或 postgres:// 地址）"))
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		errs = append(errs, err)
	}
	if c.MaxRequestBytes <= 0 {
		errs = append(errs, fmt.Errorf("max-request-bytes %d must be positive（应为正数）", c.MaxRequestBytes))
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"call-timeout", c.CallTimeout}, {"read-header-timeout", c.ReadHeaderTimeout}, {"read-timeout", c.ReadTimeout}, {"idle-timeout", c.IdleTimeout}, {"shutdown-timeout", c.ShutdownTimeout}} {
		if d.v <= 0 {
			errs = append(errs, fmt.Errorf("%s %v must be positive（应为正数）", d.name, d.v))
		}
	}
	errs = append(errs, c.validateAudit()...)
	errs = append(errs, c.validateMetrics()...)
	errs = append(errs, c.Tracing.validate()...)
	if c.Dev && !loopback(c.Addr) {
		errs = append(errs, fmt.Errorf("-dev serves with development tokens and only on a loopback address, not %q（-dev 使用开发令牌，只能监听本机回环地址）", c.Addr))
	}
	return errors.Join(errs...)
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("log-level %q: want debug, info, warn or error（日志级别应为 debug、info、warn 或 error）", s)
	}
	return l, nil
}

// loopback reports whether addr's host is a loopback address or localhost.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// LoadCalendar reads the working-day calendar, or returns nil for the
// server's default.
func (c *Config) LoadCalendar() (*calendar.Calendar, error) {
	if c.CalendarFile == "" {
		return nil, nil
	}
	data, err := os.ReadFile(c.CalendarFile)
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	doc, err := calendar.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("calendar %s: %w", c.CalendarFile, err)
	}
	cal, err := calendar.New(doc, nil)
	if err != nil {
		return nil, fmt.Errorf("calendar %s: %w", c.CalendarFile, err)
	}
	return cal, nil
}

// tokenEntry is one token's grant in a tokens file.
type tokenEntry struct {
	Subject string `json:"subject"`
	Root    string `json:"root"`
}

// LoadTokens reads the configured tokens: the file's, then the inline ones (an
// inline token overrides the file's). It reports every malformed entry.
func (c *Config) LoadTokens() (server.StaticTokens, error) {
	out := server.StaticTokens{}
	var errs []error
	if c.TokensFile != "" {
		data, err := os.ReadFile(c.TokensFile)
		if err != nil {
			return nil, fmt.Errorf("tokens file: %w", err)
		}
		errs = append(errs, parseTokens(out, "tokens file "+c.TokensFile, data))
	}
	if strings.TrimSpace(c.Tokens) != "" {
		errs = append(errs, parseTokens(out, "inline tokens", []byte(c.Tokens)))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

func parseTokens(out server.StaticTokens, src string, data []byte) error {
	var errs []error
	add := func(tok string, e tokenEntry) {
		switch {
		case tok == "" || strings.ContainsAny(tok, " \t\r\n"):
			errs = append(errs, fmt.Errorf("%s: a token is empty or holds white space", src))
		case strings.TrimSpace(e.Subject) == "":
			errs = append(errs, fmt.Errorf("%s: the token for %q has no subject (it names the caller in the audit log)", src, mask(tok)))
		default:
			out[tok] = server.Principal{Subject: e.Subject, Root: e.Root}
		}
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		dec.DisallowUnknownFields()
		var m map[string]tokenEntry
		if err := dec.Decode(&m); err != nil {
			return fmt.Errorf("%s: %v (want {\"token\": {\"subject\": \"…\", \"root\": \"…\"}})", src, err)
		}
		if _, err := dec.Token(); err != io.EOF {
			return fmt.Errorf("%s: data after the JSON object", src)
		}
		for tok, e := range m {
			add(tok, e)
		}
		return errors.Join(errs...)
	}
	for item := range strings.SplitSeq(string(trimmed), ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		tok, grant, ok := strings.Cut(item, "=")
		if !ok {
			errs = append(errs, fmt.Errorf("%s: %q is not token=subject[@root]", src, mask(item)))
			continue
		}
		subject, root, _ := strings.Cut(grant, "@")
		add(tok, tokenEntry{Subject: subject, Root: root})
	}
	return errors.Join(errs...)
}

// mask shows only the start of a secret.
func mask(s string) string {
	if len(s) <= 4 {
		return "…"
	}
	return s[:4] + "…"
}

// devTokens are the development tokens of -dev, the same as examples/embed's.
func devTokens() server.StaticTokens {
	return server.StaticTokens{
		"dev-gongwei": {Subject: "dev:gongwei"},
		"dev-czj":     {Subject: "dev:czj", Root: "czj-pg"},
	}
}

// pageTokenKeyPurpose is the HKDF info that derives the page-token key
// from the audit key; changing it invalidates every page token issued.
const pageTokenKeyPurpose = "zeren page token key v1"

// pageTokenKey is the key that seals page tokens: the key file's, else one
// derived from the audit key (the same in every instance of a database),
// else nil for a random key per process.
func pageTokenKey(log *slog.Logger, fromFile []byte, audit *store.AuditKey) ([]byte, error) {
	switch {
	case fromFile != nil:
		log.Info("page tokens sealed with the key of -page-token-key-file")
		return fromFile, nil
	case audit != nil:
		key, err := audit.DeriveKey(pageTokenKeyPurpose, 32)
		if err != nil {
			return nil, fmt.Errorf("derive the page token key: %w", err)
		}
		log.Info("page tokens sealed with a key derived from the audit key: every instance with this audit key honours them")
		return key, nil
	}
	log.Info("page tokens sealed with a random key: they do not outlive this process nor work on another instance; set -page-token-key-file or an audit key")
	return nil, nil
}

// LoadPageTokenKey reads the key of PageTokenKeyFile, or returns nil when
// none is configured.
func (c *Config) LoadPageTokenKey() ([]byte, error) {
	if c.PageTokenKeyFile == "" {
		return nil, nil
	}
	b, err := os.ReadFile(c.PageTokenKeyFile)
	if err != nil {
		return nil, fmt.Errorf("page token key file: %w", err)
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("page token key file %s: must hold 64 hex digits (32 bytes), e.g. from `openssl rand -hex 32`", c.PageTokenKeyFile)
	}
	return key, nil
}
