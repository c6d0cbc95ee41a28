package server

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

type hierarchyService struct{ s *Server }

// requireAll refuses a call that only the 机关工委 may make: one that
// changes the whole locality, or that computes over every unit (DryRun).
func requireAll(ctx context.Context, what string) error {
	p, _ := PrincipalFrom(ctx)
	if !p.All() {
		return connect.NewError(connect.CodePermissionDenied,
			errors.New(what+" 仅限机关工委调用（"+what+" is the work committee's: only a caller granted every organisation may call it, since it changes or computes over the whole locality）"))
	}
	return nil
}

func (h hierarchyService) PutFramework(ctx context.Context, req *connect.Request[zerenv1.PutFrameworkRequest]) (*connect.Response[zerenv1.PutFrameworkResponse], error) {
	if err := requireAll(ctx, "PutFramework"); err != nil {
		return nil, err
	}
	fw := req.Msg.GetFramework()
	if fw == nil {
		return nil, invalid("framework", errors.New("is missing"))
	}
	if _, err := responsibility.New(fw, &zerenv1.Structure{}); err != nil {
		return nil, toConnect(err)
	}
	v, err := h.s.save(ctx, KindFramework, fw.GetId(), "", fw)
	if err != nil {
		return nil, toConnect(err)
	}
	return connect.NewResponse(&zerenv1.PutFrameworkResponse{Version: v}), nil
}

func (h hierarchyService) PutStructure(ctx context.Context, req *connect.Request[zerenv1.PutStructureRequest]) (*connect.Response[zerenv1.PutStructureResponse], error) {
	if err := requireAll(ctx, "PutStructure"); err != nil {
		return nil, err
	}
	st := req.Msg.GetStructure()
	if st == nil {
		return nil, invalid("structure", errors.New("is missing"))
	}
	if st.GetFrameworkId() == "" {
		return nil, invalid("structure.framework_id", errors.New("is empty"))
	}
	fw := &zerenv1.Framework{}
	if _, err := h.s.load(ctx, KindFramework, st.GetFrameworkId(), fw); err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil, invalid("structure.framework_id", errors.New("framework "+strconv.Quote(st.GetFrameworkId())+" has not been stored (PutFramework)"))
		}
		return nil, toConnect(err)
	}
	hr, err := responsibility.New(fw, st, responsibility.WithLocation(h.s.loc))
	if err != nil {
		return nil, toConnect(err)
	}
	// A structure that would orphan stored work is refused unless the
	// caller asks for rebinding (structure_sync.go).
	expect := int64(ExpectAbsent)
	if r, err := h.s.store.Get(ctx, KindStructure, structureID); err == nil {
		expect = r.Version
	} else if !errors.Is(err, ErrNotFound) {
		return nil, toConnect(err)
	}
	at, err := h.s.at(req.Msg.GetAt())
	if err != nil {
		return nil, err
	}
	v, impact, err := h.s.restructure(ctx, st, hr, expect, restructureOpts{
		rebind: req.Msg.GetRebind(), successors: req.Msg.GetSuccessors(), dryRun: req.Msg.GetDryRun(), at: at,
	})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&zerenv1.PutStructureResponse{Version: v, Impact: impact}), nil
}

func (h hierarchyService) GetChain(ctx context.Context, req *connect.Request[zerenv1.GetChainRequest]) (*connect.Response[zerenv1.GetChainResponse], error) {
	hr, at, err := h.prepare(ctx, req.Msg.GetOrganizationId(), req.Msg.GetAt())
	if err != nil {
		return nil, err
	}
	links, err := hr.Chain(req.Msg.GetOrganizationId(), at)
	if err != nil {
		return nil, toConnect(err)
	}
	return connect.NewResponse(&zerenv1.GetChainResponse{Links: links}), nil
}

func (h hierarchyService) ListHolders(ctx context.Context, req *connect.Request[zerenv1.ListHoldersRequest]) (*connect.Response[zerenv1.ListHoldersResponse], error) {
	hr, err := h.s.sharedHierarchy(ctx)
	if err != nil {
		return nil, toConnect(err)
	}
	post, ok := hr.Post(req.Msg.GetPostId())
	if !ok || !reach(ctx, hr, post.GetOrganizationId()) {
		return nil, missing("post", req.Msg.GetPostId())
	}
	at, err := h.s.at(req.Msg.GetAt())
	if err != nil {
		return nil, err
	}
	holders, err := hr.Holders(post.GetId(), at)
	if err != nil {
		return nil, toConnect(err)
	}
	return connect.NewResponse(&zerenv1.ListHoldersResponse{Holders: holders}), nil
}

func (h hierarchyService) ListResponsible(ctx context.Context, req *connect.Request[zerenv1.ListResponsibleRequest]) (*connect.Response[zerenv1.ListResponsibleResponse], error) {
	hr, at, err := h.prepare(ctx, req.Msg.GetOrganizationId(), req.Msg.GetAt())
	if err != nil {
		return nil, err
	}
	if _, ok := zerenv1.ResponsibilityKind_name[int32(req.Msg.GetKind())]; !ok || req.Msg.GetKind() == 0 {
		return nil, invalid("kind", errors.New("must be a responsibility kind"))
	}
	holders, err := hr.Responsible(req.Msg.GetOrganizationId(), req.Msg.GetKind(), at)
	if err != nil {
		return nil, toConnect(err)
	}
	return connect.NewResponse(&zerenv1.ListResponsibleResponse{Holders: holders}), nil
}

func (h hierarchyService) GetCoverage(ctx context.Context, req *connect.Request[zerenv1.GetCoverageRequest]) (*connect.Response[zerenv1.GetCoverageResponse], error) {
	hr, err := h.s.hierarchy(ctx)
	if err != nil {
		return nil, toConnect(err)
	}
	at, err := h.s.at(req.Msg.GetAt())
	if err != nil {
		return nil, err
	}
	// An unset date is "now" on every page, not the first page's now.
	fp := fingerprint("coverage", "now")
	if req.Msg.GetAt() != nil {
		fp = fingerprint("coverage", at.UTC().Format(time.RFC3339Nano))
	}
	size, offset, err := h.s.page(ctx, fp, req.Msg.GetPageSize(), req.Msg.GetPageToken())
	if err != nil {
		return nil, err
	}
	p, _ := PrincipalFrom(ctx)
	var gaps []*zerenv1.Gap
	for _, g := range hr.Coverage(at) {
		if p.All() || gapInScope(hr, p.Root, g) {
			gaps = append(gaps, g)
		}
	}
	resp := &zerenv1.GetCoverageResponse{}
	if offset < len(gaps) {
		end := min(offset+size, len(gaps))
		resp.Gaps = gaps[offset:end]
		if end < len(gaps) {
			resp.NextPageToken = h.s.tokens.seal(ctx, fp, []byte(strconv.Itoa(end)))
		}
	}
	return connect.NewResponse(resp), nil
}

// gapInScope reports whether a gap concerns the caller's subtree: its
// organisation, or for a missing level any organisation of its unit.
func gapInScope(h *responsibility.Hierarchy, root string, g *zerenv1.Gap) bool {
	if g.GetOrganizationId() != "" {
		return h.InSubtree(root, g.GetOrganizationId())
	}
	orgs, _ := h.UnitOrganizations(g.GetUnitId())
	for _, o := range orgs {
		if h.InSubtree(root, o.GetId()) {
			return true
		}
	}
	return false
}

func (h hierarchyService) GetLiability(ctx context.Context, req *connect.Request[zerenv1.GetLiabilityRequest]) (*connect.Response[zerenv1.GetLiabilityResponse], error) {
	if req.Msg.GetAt() == nil {
		return nil, invalid("at", errors.New("is required: liability follows whoever held the posts when the failure happened"))
	}
	if len(req.Msg.GetParticipantIds()) > 100 {
		return nil, invalid("participant_ids", errors.New("holds more than 100 ids"))
	}
	hr, at, err := h.prepare(ctx, req.Msg.GetOrganizationId(), req.Msg.GetAt())
	if err != nil {
		return nil, err
	}
	var opts []responsibility.LiabilityOption
	if req.Msg.GetDutyAreaId() != "" {
		opts = append(opts, responsibility.InDutyArea(req.Msg.GetDutyAreaId()))
	}
	if len(req.Msg.GetParticipantIds()) > 0 {
		opts = append(opts, responsibility.WithParticipants(req.Msg.GetParticipantIds()...))
	}
	r, err := hr.Liability(req.Msg.GetOrganizationId(), at, opts...)
	if err != nil {
		return nil, toConnect(err)
	}
	return connect.NewResponse(&zerenv1.GetLiabilityResponse{Report: r}), nil
}

func (h hierarchyService) prepare(ctx context.Context, orgID string, ts *timestamppb.Timestamp) (*responsibility.Hierarchy, time.Time, error) {
	hr, err := h.s.sharedHierarchy(ctx)
	if err != nil {
		return nil, time.Time{}, toConnect(err)
	}
	if err := inScope(ctx, hr, orgID); err != nil {
		return nil, time.Time{}, err
	}
	at, err := h.s.at(ts)
	if err != nil {
		return nil, time.Time{}, err
	}
	return hr, at, nil
}

// page decodes paging parameters: size (≤ 1000, 0 → 100) and a sealed
// offset token.
func (s *Server) page(ctx context.Context, fp string, size int32, tok string) (int, int, error) {
	n, err := pageSize(size)
	if err != nil {
		return 0, 0, err
	}
	if tok == "" {
		return n, 0, nil
	}
	raw, err := s.tokens.open(ctx, fp, tok)
	if err != nil {
		return 0, 0, err
	}
	off, err := strconv.Atoi(string(raw))
	if err != nil || off < 0 {
		return 0, 0, badToken()
	}
	return n, off, nil
}

// hierarchyFlights coalesces concurrent loads of the hierarchy. Every load
// checks the stored versions of the structure and its framework (two
// queries) and rebuilds when they moved; under many concurrent reads these
// checks were most of a GetChain's cost. A call may take the outcome of a
// load that started after the call arrived — that load read the store after
// everything committed before the call, through this instance or another —
// but never of one that started earlier. So one check serves every call
// that arrived while the previous check ran, and a change is still seen on
// the next call.
type hierarchyFlights struct {
	mu      sync.Mutex
	started uint64           // loads started so far
	cur     *hierarchyFlight // the load in progress, if any
	last    *hierarchyFlight // the latest load finished
	jobs    chan flightJob   // to an idle loader goroutine
}

type hierarchyFlight struct {
	seq  uint64
	done chan struct{}
	h    *responsibility.Hierarchy
	err  error
	// own: the error is the leading call's own (its context ended), not
	// the store's answer, and other calls load again.
	own bool
}

// usable reports whether a call that arrived when arrived loads had
// started may take the flight's outcome.
func (f *hierarchyFlight) usable(arrived uint64) bool { return f.seq > arrived && !f.own }

// sharedHierarchy is hierarchy, coalesced with concurrent calls (see
// hierarchyFlights).
func (s *Server) sharedHierarchy(ctx context.Context) (*responsibility.Hierarchy, error) {
	fl := &s.flights
	fl.mu.Lock()
	arrived := fl.started
	for {
		if c := fl.cur; c != nil {
			fl.mu.Unlock()
			select {
			case <-c.done:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			if c.usable(arrived) {
				return c.h, c.err
			}
			fl.mu.Lock()
			continue
		}
		if l := fl.last; l != nil && l.usable(arrived) {
			fl.mu.Unlock()
			return l.h, l.err
		}
		fl.started++
		c := &hierarchyFlight{seq: fl.started, done: make(chan struct{})}
		fl.cur = c
		if fl.jobs == nil {
			fl.jobs = make(chan flightJob)
		}
		jobs := fl.jobs
		fl.mu.Unlock()
		return s.lead(ctx, c, jobs)
	}
}

// lead runs a flight's load and waits for it, or for its own context.
// The load runs on a loader goroutine kept for a second after its last
// load, not on the caller's: the store's query (SQLite's in particular)
// runs deep, and growing a fresh handler goroutine's stack for it each time
// cost about a quarter of the check.
func (s *Server) lead(ctx context.Context, c *hierarchyFlight, jobs chan flightJob) (*responsibility.Hierarchy, error) {
	j := flightJob{ctx: ctx, c: c}
	select {
	case jobs <- j: // an idle loader took it
	default:
		go s.loader(j, jobs)
	}
	select {
	case <-c.done:
		return c.h, c.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// flightJob is a flight to load with its leading call's context.
type flightJob struct {
	ctx context.Context
	c   *hierarchyFlight
}

// loaderIdle is how long a loader goroutine waits for its next flight.
const loaderIdle = time.Second

// loader runs flights until none comes for loaderIdle.
func (s *Server) loader(j flightJob, jobs <-chan flightJob) {
	idle := time.NewTimer(loaderIdle)
	defer idle.Stop()
	for {
		s.fly(j.ctx, j.c)
		idle.Reset(loaderIdle)
		select {
		case j = <-jobs:
		case <-idle.C:
			return
		}
	}
}

// fly loads the hierarchy for a flight and publishes the outcome; a panic
// of the load becomes the flight's error (the loader is no handler
// goroutine that a panic could end alone).
func (s *Server) fly(ctx context.Context, c *hierarchyFlight) {
	c.own = true // until the load returns
	defer func() {
		if p := recover(); p != nil {
			c.h, c.err, c.own = nil, fmt.Errorf("加载组织体系时内部出错（server: loading the hierarchy panicked: %v）", p), false
		}
		fl := &s.flights
		fl.mu.Lock()
		fl.cur, fl.last = nil, c
		fl.mu.Unlock()
		close(c.done)
	}()
	c.h, c.err = s.hierarchy(ctx)
	c.own = c.err != nil && (ctx.Err() != nil || errors.Is(c.err, context.Canceled) || errors.Is(c.err, context.DeadlineExceeded))
}
