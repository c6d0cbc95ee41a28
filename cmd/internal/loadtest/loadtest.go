// Package loadtest drives a running zerend with concurrent mixed calls for
// a bounded time and measures throughput and latency per kind of call:
//
//   - read: HierarchyService.GetChain on a random organisation (80%);
//   - write: ChecklistService.RecordProgress on a random assignment (15%);
//   - assess: AssessmentService.RunAssessment of the year (5%).
//
// [Run] is the driver, [Discover] finds what to drive on a running zerend,
// and the report carries the [CPU] spent meanwhile by the generator, by
// zerend and by the rest of the machine. BenchmarkLoad starts zerend in
// process on a loopback listener, over SQLite and (with
// ZEREN_TEST_POSTGRES_DSN) PostgreSQL, seeds 示例市 and reports the figures
// with b.ReportMetric; BenchmarkLoadSeparate runs zerend and the generator
// (cmd/zeren-load, pinned to one processor with GOMAXPROCS 1) as processes
// of their own, so that the generator cannot take the server's share of a
// small machine, and reports the shares:
//
//	go test -run '^$' -bench Load ./internal/loadtest
//	ZEREN_LOAD_DURATION=10s ZEREN_LOAD_WORKERS=16 ZEREN_LOAD_PROTOCOL=grpc go test -run '^$' -bench Load ./internal/loadtest
//	ZEREN_LOAD_MIX=100/0/0 go test -run '^$' -bench LoadSeparate ./internal/loadtest
//
// The load is bounded in time ([Config.Duration]) and in count
// ([Config.MaxOps]) and goes to loopback only.
package loadtest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/sample"
)

// Kinds of call, in report order.
const (
	Read   = "read"
	Write  = "write"
	Assess = "assess"
)

// Config is one load run.
type Config struct {
	// BaseURL is zerend's, e.g. http://127.0.0.1:8080.
	BaseURL string
	// Token is a bearer token that sees every organisation and may run the
	// assessment (the 机关工委's).
	Token string
	// Workers is the number of concurrent clients. Default 16.
	Workers int
	// Duration bounds the run. Default 10s.
	Duration time.Duration
	// MaxOps bounds the number of calls. Default 1,000,000.
	MaxOps int
	// Protocol is "grpc" (over h2c, as grpc-java), "connect" (binary over
	// HTTP/1.1) or "grpcweb" (over HTTP/1.1). Default grpc.
	Protocol string
	// Connections is the number of clients the workers are spread over,
	// each with a transport of its own: over gRPC, each one HTTP/2
	// connection carrying its workers' calls, as one OA system's channel
	// would (over HTTP/1.1 every worker has a connection anyway). Default 1.
	Connections int
	// ReadPercent and WritePercent split the calls; the rest are
	// assessment runs. Default 80 and 15.
	ReadPercent, WritePercent int
	// Organizations to read chains of, and Assignments to record progress
	// on. Required.
	Organizations, Assignments []string
	// Seed makes the sequence of calls repeatable. Default 1.
	Seed uint64
	// ServerPID is zerend's process id, when it runs on this machine as a
	// process of its own, for the report's [CPU].Server; 0 leaves it out.
	ServerPID int
}

// Stats are the figures of one kind of call.
type Stats struct {
	Kind string `json:"kind"`
	// OK counts the calls that succeeded; Conflicts the writes that lost
	// an optimistic-concurrency race (ABORTED) and the runs refused because
	// the caller already had its rule evaluations running
	// (RESOURCE_EXHAUSTED), both correct answers under contention; Errors
	// every other failure.
	OK        int `json:"ok"`
	Conflicts int `json:"conflicts"`
	Errors    int `json:"errors"`
	// P50 and P99 are latency percentiles over every call, and Max the
	// slowest.
	P50 time.Duration `json:"p50"`
	P99 time.Duration `json:"p99"`
	Max time.Duration `json:"max"`
	// FirstError is the first failure's message, for the report.
	FirstError string `json:"first_error,omitempty"`
}

// Report is the outcome of Run. It encodes as JSON (durations in
// nanoseconds), which is how zeren-load hands it to the benchmark that
// started it.
type Report struct {
	Protocol    string        `json:"protocol"`
	Workers     int           `json:"workers"`
	Connections int           `json:"connections"`
	Elapsed     time.Duration `json:"elapsed"`
	Kinds       []Stats       `json:"kinds"` // Read, Write, Assess
	// P50 and P99 are latency percentiles over every call of every kind.
	P50 time.Duration `json:"p50"`
	P99 time.Duration `json:"p99"`
	// CPU is the processor time spent while the calls were made.
	CPU CPU `json:"cpu"`
}

// Ops is the number of calls made.
func (r *Report) Ops() int {
	n := 0
	for _, k := range r.Kinds {
		n += k.OK + k.Conflicts + k.Errors
	}
	return n
}

// Throughput is the calls per second, all kinds together.
func (r *Report) Throughput() float64 { return float64(r.Ops()) / r.Elapsed.Seconds() }

// Errors is the number of failed calls other than conflicts.
func (r *Report) Errors() int {
	n := 0
	for _, k := range r.Kinds {
		n += k.Errors
	}
	return n
}

// String renders the report as a small table.
func (r *Report) String() string {
	conns := ""
	if r.Protocol == "grpc" {
		conns = fmt.Sprintf(" on %d HTTP/2 connection(s)", r.Connections)
	}
	s := fmt.Sprintf("%s, %d workers%s, %v: %d calls, %.0f calls/s, p50 %.2fms, p99 %.2fms\n", r.Protocol, r.Workers, conns, r.Elapsed.Round(time.Millisecond), r.Ops(), r.Throughput(), ms(r.P50), ms(r.P99))
	for _, k := range r.Kinds {
		s += fmt.Sprintf("  %-6s ok %6d  conflicts %4d  errors %4d  %7.1f/s  p50 %8.2fms  p99 %8.2fms  max %8.2fms\n",
			k.Kind, k.OK, k.Conflicts, k.Errors, float64(k.OK+k.Conflicts+k.Errors)/r.Elapsed.Seconds(),
			ms(k.P50), ms(k.P99), ms(k.Max))
		if k.FirstError != "" {
			s += "         first error: " + k.FirstError + "\n"
		}
	}
	return s + "  " + r.CPU.String() + "\n"
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func (c *Config) defaults() error {
	if c.Workers <= 0 {
		c.Workers = 16
	}
	if c.Duration <= 0 {
		c.Duration = 10 * time.Second
	}
	if c.MaxOps <= 0 {
		c.MaxOps = 1_000_000
	}
	if c.Protocol == "" {
		c.Protocol = "grpc"
	}
	if c.Connections <= 0 {
		c.Connections = 1
	}
	if c.ReadPercent == 0 && c.WritePercent == 0 {
		c.ReadPercent, c.WritePercent = 80, 15
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	var errs []error
	if c.BaseURL == "" {
		errs = append(errs, errors.New("loadtest: BaseURL is required"))
	}
	if len(c.Organizations) == 0 || len(c.Assignments) == 0 {
		errs = append(errs, errors.New("loadtest: Organizations and Assignments are required"))
	}
	if c.ReadPercent < 0 || c.WritePercent < 0 || c.ReadPercent+c.WritePercent > 100 {
		errs = append(errs, fmt.Errorf("loadtest: read %d%% and write %d%% must be ≥ 0 and add up to at most 100", c.ReadPercent, c.WritePercent))
	}
	if c.Connections > c.Workers {
		errs = append(errs, fmt.Errorf("loadtest: %d connections for %d workers: want at most one a worker", c.Connections, c.Workers))
	}
	if c.Protocol != "grpc" && c.Protocol != "connect" && c.Protocol != "grpcweb" {
		errs = append(errs, fmt.Errorf("loadtest: protocol %q: want grpc, connect or grpcweb", c.Protocol))
	}
	return errors.Join(errs...)
}

// clientSet is the service clients over one transport.
type clientSet struct {
	hier      zerenv1connect.HierarchyServiceClient
	checklist zerenv1connect.ChecklistServiceClient
	assess    zerenv1connect.AssessmentServiceClient
}

// clients returns Connections sets of service clients for the protocol.
func (c *Config) clients() []clientSet {
	sets := make([]clientSet, c.Connections)
	for i := range sets {
		sets[i] = c.clientSet()
	}
	return sets
}

func (c *Config) clientSet() clientSet {
	tr := &http.Transport{MaxIdleConnsPerHost: c.Workers, MaxConnsPerHost: c.Workers}
	opts := []connect.ClientOption{connect.WithInterceptors(connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Authorization", "Bearer "+c.Token)
			return next(ctx, req)
		}
	}))}
	switch c.Protocol {
	case "grpc":
		var p http.Protocols
		p.SetUnencryptedHTTP2(true)
		tr.Protocols = &p
		opts = append(opts, connect.WithGRPC())
	case "grpcweb":
		opts = append(opts, connect.WithGRPCWeb())
	}
	hc := &http.Client{Transport: tr, Timeout: time.Minute}
	return clientSet{
		hier:      zerenv1connect.NewHierarchyServiceClient(hc, c.BaseURL, opts...),
		checklist: zerenv1connect.NewChecklistServiceClient(hc, c.BaseURL, opts...),
		assess:    zerenv1connect.NewAssessmentServiceClient(hc, c.BaseURL, opts...),
	}
}

// outcome is one call's.
type outcome struct {
	kind int
	d    time.Duration
	err  error
}

// Run drives zerend as configured and reports. It returns an error for a
// bad configuration, or when the first call of a client (made before the
// clock starts, to open its connection) fails; failed calls of the run are
// counted in the report.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	sets := cfg.clients()
	// The report's time is left to the server, which stamps its receipt
	// (a caller's `at` may lie at most 72 hours before zerend's clock).
	var at *timestamppb.Timestamp
	period := &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: sample.Year}
	facts, reviews := sample.Facts2026(), sample.Reviews2026()
	for _, f := range facts {
		f.Assignments = nil // filled from the store, as an OA's call would be
	}
	calls := [3]func(ctx context.Context, c clientSet, r *rand.Rand) error{
		func(ctx context.Context, c clientSet, r *rand.Rand) error {
			_, err := c.hier.GetChain(ctx, connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: cfg.Organizations[r.IntN(len(cfg.Organizations))]}))
			return err
		},
		func(ctx context.Context, c clientSet, r *rand.Rand) error {
			_, err := c.checklist.RecordProgress(ctx, connect.NewRequest(&zerenv1.RecordProgressRequest{Records: []*zerenv1.ProgressRecord{{
				AssignmentId: cfg.Assignments[r.IntN(len(cfg.Assignments))], Value: float64(r.IntN(3)), At: at, Note: "load test",
			}}}))
			return err
		},
		func(ctx context.Context, c clientSet, _ *rand.Rand) error {
			_, err := c.assess.RunAssessment(ctx, connect.NewRequest(&zerenv1.RunAssessmentRequest{
				SystemId: sample.IndicatorsID, Period: period, Facts: facts, Reviews: reviews,
			}))
			return err
		},
	}

	// One call on each client first, not counted, so that its connection
	// is open before the workers start: concurrent first calls would each
	// dial one of their own.
	for _, c := range sets {
		if err := calls[0](ctx, c, rand.New(rand.NewPCG(cfg.Seed, 0))); err != nil {
			return nil, fmt.Errorf("loadtest: the first call: %w", err)
		}
	}

	// The run stops starting calls at the deadline; calls in flight then
	// finish and count (each is bounded by the client's one-minute timeout).
	// Giving them the run's deadline would cut them off early, or, over
	// gRPC, have the server end them as DEADLINE_EXCEEDED.
	end := time.Now().Add(cfg.Duration)
	results := make([][]outcome, cfg.Workers)
	var budget sync.Mutex
	left := cfg.MaxOps
	take := func() bool {
		budget.Lock()
		defer budget.Unlock()
		if left == 0 {
			return false
		}
		left--
		return true
	}
	before := sampleCPU(cfg.ServerPID)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range cfg.Workers {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(cfg.Seed, uint64(w)))
			set := sets[w%len(sets)]
			for ctx.Err() == nil && time.Now().Before(end) && take() {
				p := r.IntN(100)
				kind := 2
				switch {
				case p < cfg.ReadPercent:
					kind = 0
				case p < cfg.ReadPercent+cfg.WritePercent:
					kind = 1
				}
				t0 := time.Now()
				err := calls[kind](ctx, set, r)
				d := time.Since(t0)
				results[w] = append(results[w], outcome{kind, d, err})
			}
		})
	}
	wg.Wait()
	rep := &Report{Protocol: cfg.Protocol, Workers: cfg.Workers, Connections: cfg.Connections, Elapsed: time.Since(start), CPU: sampleCPU(cfg.ServerPID).since(before)}
	var lat [3][]time.Duration
	stats := [3]Stats{{Kind: Read}, {Kind: Write}, {Kind: Assess}}
	for _, rs := range results {
		for _, s := range rs {
			st := &stats[s.kind]
			lat[s.kind] = append(lat[s.kind], s.d)
			switch {
			case s.err == nil:
				st.OK++
			case connect.CodeOf(s.err) == connect.CodeAborted, connect.CodeOf(s.err) == connect.CodeResourceExhausted:
				st.Conflicts++
			default:
				st.Errors++
				if st.FirstError == "" {
					st.FirstError = s.err.Error()
				}
			}
		}
	}
	var all []time.Duration
	for i := range stats {
		all = append(all, lat[i]...)
		slices.Sort(lat[i])
		stats[i].P50, stats[i].P99 = percentile(lat[i], 50), percentile(lat[i], 99)
		if n := len(lat[i]); n > 0 {
			stats[i].Max = lat[i][n-1]
		}
	}
	slices.Sort(all)
	rep.P50, rep.P99 = percentile(all, 50), percentile(all, 99)
	rep.Kinds = stats[:]
	return rep, nil
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 × n)
	return sorted[max(rank, 1)-1]
}

// Discover fills cfg.Organizations from zerend's structure and
// cfg.Assignments from every assignment cfg.Token sees, where they are
// empty, so that a load can be aimed at any running zerend.
func Discover(ctx context.Context, cfg *Config) error {
	if cfg.BaseURL == "" {
		return errors.New("loadtest: BaseURL is required")
	}
	auth := connect.WithInterceptors(connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Authorization", "Bearer "+cfg.Token)
			return next(ctx, req)
		}
	}))
	hc := &http.Client{Timeout: time.Minute}
	if len(cfg.Organizations) == 0 {
		r, err := zerenv1connect.NewHierarchyServiceClient(hc, cfg.BaseURL, auth).GetStructure(ctx, connect.NewRequest(&zerenv1.GetStructureRequest{}))
		if err != nil {
			return fmt.Errorf("loadtest: GetStructure: %w", err)
		}
		for _, o := range r.Msg.GetStructure().GetOrganizations() {
			cfg.Organizations = append(cfg.Organizations, o.GetId())
		}
	}
	if len(cfg.Assignments) == 0 {
		c := zerenv1connect.NewChecklistServiceClient(hc, cfg.BaseURL, auth)
		for page := ""; ; {
			r, err := c.ListAssignments(ctx, connect.NewRequest(&zerenv1.ListAssignmentsRequest{PageSize: 1000, PageToken: page}))
			if err != nil {
				return fmt.Errorf("loadtest: ListAssignments: %w", err)
			}
			for _, a := range r.Msg.GetAssignments() {
				cfg.Assignments = append(cfg.Assignments, a.GetId())
			}
			if page = r.Msg.GetNextPageToken(); page == "" {
				break
			}
		}
	}
	if len(cfg.Organizations) == 0 || len(cfg.Assignments) == 0 {
		return fmt.Errorf("loadtest: %s holds %d organisations and %d assignments the token sees; seed it first (zerend -seed-sample)", cfg.BaseURL, len(cfg.Organizations), len(cfg.Assignments))
	}
	return nil
}

// ParseMix reads a mix of calls written read/write/assess in percent,
// e.g. "80/15/5" or "100/0/0".
func ParseMix(s string) (read, write int, err error) {
	var assess int
	if _, err := fmt.Sscanf(s, "%d/%d/%d", &read, &write, &assess); err != nil || read < 0 || write < 0 || assess < 0 || read+write+assess != 100 {
		return 0, 0, fmt.Errorf("loadtest: mix %q: want read/write/assess percentages adding up to 100, e.g. 80/15/5", s)
	}
	return read, write, nil
}
