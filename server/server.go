package server

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/checklist/supervision"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/responsibility"
)

// Server implements the zeren.v1 services over a Store. It is safe for
// concurrent use; several Servers (zerend instances) may share one store.
type Server struct {
	store   Store
	auth    Authenticator
	now     func() time.Time
	loc     *time.Location
	maxBody int64
	timeout time.Duration

	cal        *calendar.Calendar
	policy     supervision.Policy
	seed       int64
	policySet  bool
	calendarOK bool

	env func() (*cel.Env, error)

	tokenKey []byte
	tokens   sealer

	runBudget      uint64
	tolerance      time.Duration
	maxFacts       int
	runBatch       int
	decomposeBatch int
	runProposalIDs int // the most proposal ids a run's record lists
	applyBatch     int // the most changes in one Store.Apply (maxBatch)
	slots          evalSlots
	runs           keyedLock // one run at a time per system and period
	groups         runGroups // equal runs waiting for their turn, made once
	compiled       compiledCache

	interceptors []connect.Interceptor

	mu      sync.Mutex
	cache   *hierarchyCache
	flights hierarchyFlights // hierarchy.go
}

// Option configures New.
type Option interface{ apply(*Server) }

type optionFunc func(*Server)

func (f optionFunc) apply(s *Server) { f(s) }

// WithAuthenticator sets how callers are authenticated. Required.
func WithAuthenticator(a Authenticator) Option {
	return optionFunc(func(s *Server) { s.auth = a })
}

// WithClock sets the clock that answers "now" when a request leaves its
// date unset. Default: time.Now.
func WithClock(now func() time.Time) Option {
	return optionFunc(func(s *Server) { s.now = now })
}

// WithLocation sets the locality's time zone. Default: UTC+8.
func WithLocation(loc *time.Location) Option {
	return optionFunc(func(s *Server) { s.loc = loc })
}

// WithMaxRequestBytes caps a request body. Default: 32 MiB.
func WithMaxRequestBytes(n int64) Option {
	return optionFunc(func(s *Server) { s.maxBody = n })
}

// WithTimeout caps the time one call may take. Default: 2 minutes.
func WithTimeout(d time.Duration) Option {
	return optionFunc(func(s *Server) { s.timeout = d })
}

// WithCalendar sets the working-day calendar (工作日历) that supervision
// counts reminders, overdue days and case deadlines on. Default:
// calendar.Weekends in the server's location (no holidays). Load the
// locality's official notice with calendar.New.
func WithCalendar(c *calendar.Calendar) Option {
	return optionFunc(func(s *Server) { s.cal, s.calendarOK = c, true })
}

// WithPolicy sets the supervision cycle's policy (reminder offsets,
// dispatch schedule, case deadlines, yellow cards, escalation). New checks
// it with Policy.Validate. Default: supervision.DefaultPolicy().
func WithPolicy(p supervision.Policy) Option {
	return optionFunc(func(s *Server) { s.policy, s.policySet = p, true })
}

// WithInspectionSeed sets the seed of the yearly inspection plan
// (supervision.PlanInspections): the same seed gives the same sampling.
// The plan is made once per year, by the first GetAgenda of the 机关工委
// that year, and stored, so changing the seed later does not change a
// stored plan. Default: 0.
func WithInspectionSeed(seed int64) Option {
	return optionFunc(func(s *Server) { s.seed = seed })
}

// WithPageTokenKey sets the 32-byte key that seals page tokens (AES-256-GCM,
// bound to the caller and the query). Instances behind one load balancer
// need the same key, so that a page token issued by one is honoured by
// another. Default: a random key made by New, so tokens do not outlive the
// process.
func WithPageTokenKey(key []byte) Option {
	return optionFunc(func(s *Server) { s.tokenKey = append([]byte{}, key...) })
}

// WithRunBudget sets the cost budget (cel-go cost units) shared by every
// rule evaluation of one RunAssessment, and of each side of one DryRun;
// once spent, the call fails with RESOURCE_EXHAUSTED and stores nothing.
// Default: 20,000,000,000 (20,000 full-cost evaluations).
func WithRunBudget(cost uint64) Option {
	return optionFunc(func(s *Server) { s.runBudget = cost })
}

// WithProgressTolerance sets how far before its receipt a progress
// report's `at` may lie (it may never lie after it), so that a unit cannot
// backdate a completion to count as on time. Default: 72 hours.
func WithProgressTolerance(d time.Duration) Option {
	return optionFunc(func(s *Server) { s.tolerance = d })
}

// WithMaxFactsBytes sets the largest marshalled facts of one unit that a
// run scores and stores. A unit over it is left out of the run with a
// diagnostic (RunAssessmentResponse.unit_diagnostics) and the other units
// are scored, so that one unit's bloated records never fail the run for
// all. Default: 16 MiB (zerend's stores accept 32 MiB per record).
func WithMaxFactsBytes(n int) Option {
	return optionFunc(func(s *Server) { s.maxFacts = n })
}

// WithUnitBatch sets how many units' records RunAssessment and GetAgenda
// read and compute at a time (default 100): RunAssessment builds, scores
// and encodes that many units' facts, GetAgenda computes that many units'
// reminders and cases. Memory then grows with the batch and the number of
// units, not with the year's assignments; a smaller batch reads the store
// more often. The results do not depend on it, except that GetAgenda lists
// what it finds batch by batch (see GetAgenda).
func WithUnitBatch(n int) Option {
	return optionFunc(func(s *Server) { s.runBatch = n })
}

// WithAssignmentBatch sets how many of a plan's assignments Decompose
// decomposes and writes at a time (default 50,000), whole organisations at
// a time. The result does not depend on it.
func WithAssignmentBatch(n int) Option {
	return optionFunc(func(s *Server) { s.decomposeBatch = n })
}

// WithMaxEvaluationsPerCaller sets how many calls that evaluate rules
// (CheckRule, RunAssessment, DryRun) one caller may have running at once;
// one more answers RESOURCE_EXHAUSTED at once. Default: 2.
func WithMaxEvaluationsPerCaller(n int) Option {
	return optionFunc(func(s *Server) { s.slots.max = n })
}

// WithInterceptors adds Connect interceptors around every call, outside the
// server's own (deadline, authentication, limits): zerend's metrics use it
// to count calls by procedure and code and time them.
func WithInterceptors(ics ...connect.Interceptor) Option {
	return optionFunc(func(s *Server) { s.interceptors = append(s.interceptors, ics...) })
}

// New returns a server over a store. It reports a missing store or
// authenticator at once rather than on the first call.
func New(store Store, opts ...Option) (*Server, error) {
	s := &Server{
		store: store, now: time.Now, loc: time.FixedZone("CST", 8*3600),
		maxBody: 32 << 20, timeout: 2 * time.Minute, runBudget: 20_000_000_000, tolerance: progressTolerance, maxFacts: maxFactsBytes, runBatch: runBatch, decomposeBatch: decomposeBatch, runProposalIDs: maxRunProposalIDs, applyBatch: maxBatch,
		slots: evalSlots{max: cel.DefaultEvaluationsPerCaller},
	}
	for _, o := range opts {
		if o != nil {
			o.apply(s)
		}
	}
	var errs []error
	if s.store == nil {
		errs = append(errs, errors.New("server: a store is required"))
	}
	if s.auth == nil {
		errs = append(errs, errors.New("server: an authenticator is required (WithAuthenticator)"))
	}
	if s.maxBody <= 0 {
		errs = append(errs, fmt.Errorf("server: max request bytes %d must be positive", s.maxBody))
	}
	if s.runBudget == 0 {
		errs = append(errs, errors.New("server: run budget must be positive"))
	}
	if s.slots.max <= 0 {
		errs = append(errs, fmt.Errorf("server: max evaluations per caller %d must be positive", s.slots.max))
	}
	s.slots.byUser = cel.NewLimiters(s.slots.max)
	if s.runBatch <= 0 {
		errs = append(errs, fmt.Errorf("server: unit batch %d must be positive", s.runBatch))
	}
	if s.decomposeBatch <= 0 {
		errs = append(errs, fmt.Errorf("server: assignment batch %d must be positive", s.decomposeBatch))
	}
	if s.maxFacts <= 0 {
		errs = append(errs, fmt.Errorf("server: max facts bytes %d must be positive", s.maxFacts))
	}
	if s.tolerance < 0 {
		errs = append(errs, fmt.Errorf("server: progress tolerance %v must not be negative", s.tolerance))
	}
	if s.timeout <= 0 {
		errs = append(errs, fmt.Errorf("server: timeout %v must be positive", s.timeout))
	}
	if s.loc == nil || s.now == nil {
		errs = append(errs, errors.New("server: location and clock must not be nil"))
	}
	if s.calendarOK && s.cal == nil {
		errs = append(errs, errors.New("server: WithCalendar(nil): pass calendar.Weekends for a calendar without holidays"))
	}
	if !s.policySet {
		s.policy = supervision.DefaultPolicy()
	} else if err := s.policy.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("server: supervision policy: %w", err))
	}
	if s.cal == nil && s.loc != nil {
		s.cal = calendar.Weekends(s.loc)
	}
	var err error
	if s.tokens, err = newSealer(s.tokenKey); err != nil {
		errs = append(errs, fmt.Errorf("server: %w", err))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	s.env = sync.OnceValues(func() (*cel.Env, error) { return cel.NewEnv(cel.WithLocation(s.loc)) })
	return s, nil
}

// Handler returns one net/http handler serving every zeren.v1 service over
// gRPC, gRPC-Web and Connect (JSON or binary over HTTP/1.1 and HTTP/2). Mount
// it at the root of a mux or under a prefix with http.StripPrefix.
func (s *Server) Handler() http.Handler {
	opts := []connect.HandlerOption{
		connect.WithInterceptors(append(slices.Clone(s.interceptors), languageInterceptor(), deadlineInterceptor(s.timeout), authInterceptor(s.auth), limitsInterceptor())...),
		connect.WithReadMaxBytes(int(s.maxBody)),
		connect.WithCodec(strictJSON{}),
		connect.WithCodec(strictProto{}),
		// Below about 1 KiB gzip costs more than it saves (most answers,
		// GetChain's among them, are smaller).
		connect.WithCompressMinBytes(compressMinBytes),
		connect.WithCompression("gzip", func() connect.Decompressor { return &boundedGzip{max: s.maxBody} },
			func() connect.Compressor { return gzip.NewWriter(nil) }),
	}
	mux := http.NewServeMux()
	mux.Handle(zerenv1connect.NewHierarchyServiceHandler(hierarchyService{s}, opts...))
	mux.Handle(zerenv1connect.NewChecklistServiceHandler(checklistService{s}, opts...))
	mux.Handle(zerenv1connect.NewSupervisionServiceHandler(supervisionService{s}, opts...))
	mux.Handle(zerenv1connect.NewAssessmentServiceHandler(assessmentService{s: s}, opts...))
	mux.Handle(zerenv1connect.NewPeopleServiceHandler(peopleService{s}, opts...))
	return http.MaxBytesHandler(authMiddleware(s.auth, mux), s.maxBody+1<<10)
}

// compressMinBytes is the size below which answers are sent uncompressed.
const compressMinBytes = 1024

func deadlineInterceptor(d time.Duration) connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			ctx, cancel := context.WithTimeout(ctx, d)
			defer cancel()
			return next(ctx, req)
		}
	}
}

// at returns the instant a request asks about, or now.
func (s *Server) at(ts *timestamppb.Timestamp) (time.Time, error) {
	if ts == nil {
		return s.now(), nil
	}
	if err := ts.CheckValid(); err != nil {
		return time.Time{}, invalid("at", err)
	}
	return ts.AsTime(), nil
}

// load reads and unmarshals a stored document.
func (s *Server) load(ctx context.Context, kind, id string, m proto.Message) (int64, error) {
	r, err := s.store.Get(ctx, kind, id)
	if err != nil {
		return 0, err
	}
	if err := proto.Unmarshal(r.Data, m); err != nil {
		return 0, fmt.Errorf("stored %s %q is corrupt: %w", kind, id, err)
	}
	return r.Version, nil
}

// save marshals and stores one document.
func (s *Server) save(ctx context.Context, kind, id, scope string, m proto.Message) (int64, error) {
	data, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		return 0, err
	}
	p, _ := PrincipalFrom(ctx)
	if err := s.store.Apply(ctx, p.Subject, []Change{{Kind: kind, ID: id, Scope: scope, Data: data}}); err != nil {
		return 0, err
	}
	r, err := s.store.Get(ctx, kind, id)
	if err != nil {
		return 0, err
	}
	return r.Version, nil
}

// The single structure the server keeps is stored under this id; the
// framework it names is stored under its own id.
const structureID = "current"

// cachedHierarchy returns the cached hierarchy when the store can tell,
// from versions alone, that neither the structure nor its framework changed.
func (s *Server) cachedHierarchy(ctx context.Context) *responsibility.Hierarchy {
	v, ok := s.store.(Versioner)
	if !ok {
		return nil
	}
	s.mu.Lock()
	c := s.cache
	s.mu.Unlock()
	if c == nil {
		return nil
	}
	vs, err := v.Versions(ctx, Key{KindStructure, structureID}, Key{KindFramework, c.fwID})
	if err != nil || vs[0] != c.sVersion || vs[1] != c.fwVersion {
		return nil
	}
	return c.h
}

type hierarchyCache struct {
	fwVersion, sVersion int64
	fwID                string
	h                   *responsibility.Hierarchy
}

// hierarchy returns the hierarchy built from the stored framework and
// structure, rebuilding it when either changed.
func (s *Server) hierarchy(ctx context.Context) (*responsibility.Hierarchy, error) {
	if h := s.cachedHierarchy(ctx); h != nil {
		return h, nil
	}
	st := &zerenv1.Structure{}
	sv, err := s.load(ctx, KindStructure, structureID, st)
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil, connect.NewError(connect.CodeFailedPrecondition, errors.New("no structure has been stored yet (PutStructure)"))
		}
		return nil, err
	}
	fwRec, err := s.store.Get(ctx, KindFramework, st.GetFrameworkId())
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	c := s.cache
	s.mu.Unlock()
	if c != nil && c.sVersion == sv && c.fwVersion == fwRec.Version && c.fwID == st.GetFrameworkId() {
		return c.h, nil
	}
	fw := &zerenv1.Framework{}
	if err := proto.Unmarshal(fwRec.Data, fw); err != nil {
		return nil, err
	}
	h, err := responsibility.New(fw, st, responsibility.WithLocation(s.loc))
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.cache = &hierarchyCache{fwVersion: fwRec.Version, sVersion: sv, fwID: st.GetFrameworkId(), h: h}
	s.mu.Unlock()
	return h, nil
}

// LoadStructure validates a framework and a structure together and stores
// both in one atomic change, as actor — what an OA backend does at start-up
// from its own database. It returns a *responsibility.ValidationError listing
// every problem, a *connect.Error for a field over the limits of every
// request, or a FAILED_PRECONDITION *connect.Error listing the stored
// assignments, open cases and pending proposals the structure would orphan
// (use ChangeStructure or PutStructure with rebind to move them), and
// stores nothing then.
func (s *Server) LoadStructure(ctx context.Context, actor string, fw *zerenv1.Framework, st *zerenv1.Structure) error {
	for _, m := range []proto.Message{fw, st} {
		if ps := checkLimits(m); len(ps) > 0 {
			return limitsErr(ps)
		}
	}
	h, err := responsibility.New(fw, st, responsibility.WithLocation(s.loc))
	if err != nil {
		return err
	}
	// Like PutStructure, refuse a structure that would orphan stored work.
	if _, im, err := s.restructure(ctx, st, h, 0, restructureOpts{dryRun: true, at: s.now()}); err != nil {
		return err
	} else if len(im.GetOrphaned()) > 0 {
		return orphanError(im.GetOrphaned())
	}
	opts := proto.MarshalOptions{Deterministic: true}
	fwData, err := opts.Marshal(fw)
	if err != nil {
		return err
	}
	stData, err := opts.Marshal(st)
	if err != nil {
		return err
	}
	return s.store.Apply(ctx, actor, []Change{
		{Kind: KindFramework, ID: fw.GetId(), Data: fwData},
		{Kind: KindStructure, ID: structureID, Data: stData},
	})
}
