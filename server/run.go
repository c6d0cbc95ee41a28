package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/people"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/unitfacts"
)

// genKey is the key of a run generation: "<run id>/<generation>".
func genKey(run *zerenv1.RunAssessmentResponse) string {
	return fmt.Sprintf("%s/%06d", run.GetRunId(), run.GetGeneration())
}

// genPrefix is the prefix of a run generation's results, facts and ballots.
func genPrefix(run *zerenv1.RunAssessmentResponse) string { return genKey(run) + "/" }

// RunAssessment scores every unit for a period on a stored indicator
// system, stores the results with the facts and ballots they came from, and
// stores the proposals its triggers raise.
func (a assessmentService) RunAssessment(ctx context.Context, req *connect.Request[zerenv1.RunAssessmentRequest]) (*connect.Response[zerenv1.RunAssessmentResponse], error) {
	if err := requireAll(ctx, "RunAssessment"); err != nil {
		return nil, err
	}
	run, err := a.s.runAssessment(ctx, req.Msg)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(run), nil
}

// checkRunRequest checks a run request's own fields before any work.
func checkRunRequest(m *zerenv1.RunAssessmentRequest) error {
	var ps problemList
	if pr := idProblem(m.GetSystemId()); pr != "" {
		ps.add("system_id", "%s", pr)
	}
	if m.GetPeriod() == nil {
		ps.add("period", "is required")
	} else if err := checkPeriod("period", m.GetPeriod()); err != nil {
		ps.addErr(err)
	} else if _, _, ok := calendar.PeriodBounds(m.GetPeriod(), time.UTC); !ok || m.GetPeriod().GetYear() == 0 {
		ps.add("period", "must name a kind, a year and an index (e.g. PERIOD_KIND_YEAR 2026)")
	}
	if len(m.GetFacts()) > maxItems {
		ps.add("facts", "holds %d items, more than the %d allowed", len(m.GetFacts()), maxItems)
	}
	if len(m.GetReviews()) > maxItems {
		ps.add("reviews", "holds %d items, more than the %d allowed", len(m.GetReviews()), maxItems)
	}
	for i, f := range m.GetFacts() {
		if ts := f.GetNow(); ts != nil && ts.CheckValid() != nil {
			ps.add(fmt.Sprintf("facts[%d].now", i), "%v", ts.CheckValid())
		}
	}
	return ps.err()
}

// runAssessment does RunAssessment. The run's records are written in
// batches; the run record, written last, switches ListResults and DryRun
// to the new generation, and the records of earlier generations are
// deleted after it.
//
// Runs of one system and period are made one at a time (lockRun), so
// concurrent calls wait for each other — each with its own deadline — and
// each gets a complete generation, instead of failing on the run record's
// version. Calls of one caller with equal requests that wait while a run is
// being made are merged (runGroups): one run, made after all of them
// arrived, answers them all. A run whose write still meets a changed version (a proposal
// decided while it scored) is made again from the store, up to
// runAttempts times.
func (s *Server) runAssessment(ctx context.Context, m *zerenv1.RunAssessmentRequest) (*zerenv1.RunAssessmentResponse, error) {
	if err := checkRunRequest(m); err != nil {
		return nil, err
	}
	runID := m.GetSystemId() + "/" + checklist.PeriodLabel(m.GetPeriod())
	p, _ := PrincipalFrom(ctx)
	for {
		g, lead := s.groups.joinOrLead(runID, p.Subject, m)
		if lead {
			g.run, g.err = s.leadRun(ctx, runID, g, m)
			close(g.done)
			return g.run, g.err
		}
		select {
		case <-g.done:
		case <-ctx.Done():
			return nil, waitError(runID, ctx.Err())
		}
		if g.retry {
			continue
		}
		if g.err != nil {
			return nil, g.err
		}
		return proto.CloneOf(g.run), nil
	}
}

// leadRun makes a run for its group once the period's turn comes. When
// the leader's own wait ends first it marks the group for retry, so that the
// calls that joined it wait on with their own deadlines.
func (s *Server) leadRun(ctx context.Context, runID string, g *runGroup, m *zerenv1.RunAssessmentRequest) (*zerenv1.RunAssessmentResponse, error) {
	defer s.groups.started(runID, g)
	unlock, err := s.lockRun(ctx, runID)
	if err != nil {
		g.retry = true
		return nil, err
	}
	defer unlock()
	s.groups.started(runID, g)
	// The evaluation slot is taken once the run's turn has come: calls
	// waiting for another run of the period hold none, so they are not
	// refused as too many evaluations at once.
	release, err := s.slots.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	for attempt := 1; ; attempt++ {
		run, err := s.runOnce(ctx, m)
		if !errors.Is(err, errRunConflict) {
			return run, err
		}
		if attempt < runAttempts && ctx.Err() == nil {
			continue
		}
		var ce *connect.Error
		errors.As(err, &ce)
		return nil, ce
	}
}

// runAttempts bounds how often a run is made again after a version
// conflict on its write.
const runAttempts = 4

// errRunConflict marks a run whose write met a changed version.
var errRunConflict = errors.New("run conflict")

// runOnce scores and writes one generation of a run; the caller holds the
// run's lock.
func (s *Server) runOnce(ctx context.Context, m *zerenv1.RunAssessmentRequest) (*zerenv1.RunAssessmentResponse, error) {
	stored := &zerenv1.PutIndicatorSystemRequest{}
	sysVersion, err := s.load(ctx, KindSystem, m.GetSystemId(), stored)
	if errors.Is(err, ErrNotFound) {
		return nil, connect.NewError(connect.CodeNotFound, fmt.Errorf("indicator system %q has not been stored (PutIndicatorSystem)", m.GetSystemId()))
	} else if err != nil {
		return nil, toConnect(err)
	}
	h, err := s.hierarchy(ctx)
	if err != nil {
		return nil, toConnect(err)
	}
	// Each unit's 述职评议 names the unit's 党组（党委）书记 of the period (issue 10).
	if err := people.CheckUnitReviews(h, m.GetReviews()); err != nil {
		return nil, toConnect(err)
	}
	engine, proposer, err := s.compiledSystem(ctx, sysVersion, stored)
	if err != nil {
		return nil, connect.NewError(connect.CodeFailedPrecondition,
			fmt.Errorf("indicator system %q no longer compiles against the stored structure; store it again: %w", m.GetSystemId(), err))
	}
	src, err := s.unitFacts(ctx, h, stored.GetSystem(), m)
	if err != nil {
		return nil, err
	}
	runID := m.GetSystemId() + "/" + checklist.PeriodLabel(m.GetPeriod())
	prev := &zerenv1.RunAssessmentResponse{}
	expect := int64(ExpectAbsent)
	if v, err := s.load(ctx, KindRun, runID, prev); err == nil {
		expect = v
	} else if !errors.Is(err, ErrNotFound) {
		return nil, toConnect(err)
	}
	prefix := genPrefix(&zerenv1.RunAssessmentResponse{RunId: runID, Generation: prev.GetGeneration() + 1})
	// The facts of the new generation are written batch by batch ahead of
	// the run; they are unreachable until the run record names the
	// generation, and deleted if the run is not committed (or by the next
	// run, if this process stops first).
	committed := false
	defer func() {
		if !committed {
			_ = s.dropGenerations(context.WithoutCancel(ctx), runID, prev.GetGeneration())
		}
	}()
	// Facts are built, scored and written batch by batch; what stays is
	// each unit's result.
	var (
		skipped []*zerenv1.Diagnostic
		left    map[string]bool
		order   []string // the units of the run, in order
		top     = map[string]string{}
		reviews = m.GetReviews()
		res     *assessment.Run
	)
	for {
		skipped, left, order = nil, map[string]bool{}, nil
		// The facts are written behind the scoring: a batch is applied
		// while the next is scored (and the one after built).
		bg := s.behind(ctx)
		batches := func(yield func([]*zerenv1.UnitFacts, error) bool) {
			for facts, err := range src.batches(ctx, s.runBatch) {
				if err != nil {
					yield(nil, err)
					return
				}
				facts, diags := s.dropOversized(facts, left)
				skipped = append(skipped, diags...)
				fw := &runWriter{s: s, to: bg}
				for _, f := range facts {
					id := f.GetUnit().GetId()
					top[id] = f.GetOrganization().GetId()
					order = append(order, id)
					if err := fw.put(ctx, KindFacts, prefix+id, top[id], f, 0); err != nil {
						yield(nil, err)
						return
					}
				}
				if err := fw.flush(ctx); err != nil {
					yield(nil, err)
					return
				}
				if !yield(facts, nil) {
					return
				}
			}
		}
		res, err = engine.RunBatches(ctx, batches, assessment.WithReviews(reviews...))
		if werr := bg.wait(); werr != nil {
			err = werr // the cause, where a later send only saw it fail
		}
		kept := slices.DeleteFunc(slices.Clone(reviews), func(rv *zerenv1.Review) bool { return left[rv.GetUnitId()] })
		if len(kept) == len(reviews) {
			break // err, if any, is not about a left-out unit's review
		}
		// A unit left out had a review: run again without it (rare: a
		// unit's facts over the size limit).
		reviews = kept
	}
	if err != nil {
		return nil, toConnect(err)
	}
	p, _ := PrincipalFrom(ctx)
	run := &zerenv1.RunAssessmentResponse{
		RunId: runID, Units: int32(len(res.Results)), Period: m.GetPeriod(),
		SystemId: m.GetSystemId(), SystemVersion: stored.GetSystem().GetVersion(), RulesDigest: engine.RulesDigest(),
		RanAt: timestamppb.New(s.now()), RanBy: p.Subject, Generation: prev.GetGeneration() + 1,
		UnitDiagnostics: skipped,
	}
	for _, r := range res.Results {
		if len(r.GetDiagnostics()) > 0 {
			run.UnitsWithDiagnostics++
		}
	}
	// What the run writes goes through w, which applies it whenever it
	// holds maxBatch changes or factsWrite bytes: a run of a city is one
	// transaction with its run record; a province's proposals are written
	// batch by batch as they are made, and the run record comes last.
	w := &runWriter{s: s}
	diags, err := s.proposeAll(ctx, w, run, prev, stored, proposer, res.Results, order)
	if err != nil {
		return nil, err
	}
	for _, d := range diags {
		run.TriggerDiagnostics = append(run.TriggerDiagnostics, &zerenv1.Diagnostic{
			RuleId: d.TriggerID, Message: fmt.Sprintf("unit %q: %v", d.UnitID, d.Err),
		})
	}
	if err := w.put(ctx, KindRunSystem, genKey(run), "", stored, 0); err != nil {
		return nil, err
	}
	for i, r := range res.Results {
		if err := w.put(ctx, KindResult, fmt.Sprintf("%s%06d/%s", prefix, i+1, r.GetUnitId()), top[r.GetUnitId()], r, 0); err != nil {
			return nil, err
		}
	}
	for _, rv := range reviews {
		if err := w.put(ctx, KindReview, prefix+rv.GetUnitId(), top[rv.GetUnitId()], rv, 0); err != nil {
			return nil, err
		}
	}
	if err := w.put(ctx, KindRun, runID, "", run, expect); err != nil {
		return nil, err
	}
	// What a failed write left of the new generation is unreachable (the
	// run record still names the previous one); the deferred
	// dropGenerations deletes it, so that a run made again under the same
	// generation number starts clean.
	if err := w.flush(ctx); err != nil {
		return nil, err
	}
	committed = true
	// The run is committed; delete what earlier generations left. A failure
	// here leaves only unreachable records, which the next run deletes.
	_ = s.dropGenerations(ctx, runID, run.GetGeneration())
	return run, nil
}

// dropOversized leaves out of a run the units whose facts are over the
// size limit, with a diagnostic each, and marks them in left.
func (s *Server) dropOversized(facts []*zerenv1.UnitFacts, left map[string]bool) ([]*zerenv1.UnitFacts, []*zerenv1.Diagnostic) {
	var diags []*zerenv1.Diagnostic
	out := facts[:0:0]
	for _, f := range facts {
		if n := proto.Size(f); n > s.maxFacts {
			id := f.GetUnit().GetId()
			left[id] = true
			diags = append(diags, &zerenv1.Diagnostic{
				RuleId:    id,
				Message:   fmt.Sprintf("unit %q was left out of the run: its facts are %d bytes, more than the %d allowed; redact its evidence (RedactEvidence) or supply its facts", id, n, s.maxFacts),
				MessageZh: fmt.Sprintf("单位“%s”未参加本次考核：其事实数据 %d 字节，超过上限 %d；请删除多余的佐证材料（RedactEvidence）或直接提供其事实数据", id, n, s.maxFacts),
			})
			continue
		}
		out = append(out, f)
	}
	return out, diags
}

// maxRunProposalIDs is the most proposal ids a run's record lists (a
// province whose every unit fails its triggers raises a million; their ids
// would pass a record's 32 MiB); proposals counts them all, and
// ListProposals lists them.
const maxRunProposalIDs = 10_000

// runWriter holds what a run writes and applies it whenever it holds
// maxBatch changes or factsWrite bytes, and at flush. A version conflict
// marks the run to be made again (errRunConflict).
type runWriter struct {
	s       *Server
	to      *behind // when not nil, what applies the changes
	changes []Change
	size    int
}

// behind applies lists of changes in order in a goroutine of its own,
// holding at most one list while it applies another.
type behind struct {
	ch     chan []Change
	done   chan struct{}
	failed atomic.Bool
	err    error // read after done
}

func (s *Server) behind(ctx context.Context) *behind {
	b := &behind{ch: make(chan []Change, 1), done: make(chan struct{})}
	go func() {
		defer close(b.done)
		for cs := range b.ch {
			if b.err != nil {
				continue
			}
			if b.err = s.apply(ctx, cs); b.err != nil {
				b.failed.Store(true)
			}
		}
	}()
	return b
}

// send queues changes; it fails once an earlier list failed (wait says
// how).
func (b *behind) send(cs []Change) error {
	if b.failed.Load() {
		return errors.New("an earlier write failed")
	}
	b.ch <- cs
	return nil
}

// wait waits for every list sent and returns the first failure.
func (b *behind) wait() error {
	close(b.ch)
	<-b.done
	if b.err != nil {
		return toConnect(b.err)
	}
	return nil
}

// put adds a record to write.
func (w *runWriter) put(ctx context.Context, kind, id, scope string, msg proto.Message, expect int64) error {
	data, err := marshal(msg)
	if err != nil {
		return toConnect(err)
	}
	return w.putData(ctx, kind, id, scope, data, expect)
}

// putData adds an encoded record to write.
func (w *runWriter) putData(ctx context.Context, kind, id, scope string, data []byte, expect int64) error {
	if pr := keyProblem(id); pr != "" {
		return connect.NewError(connect.CodeFailedPrecondition, fmt.Errorf("%s %q cannot be stored: its key %s", kind, id, pr))
	}
	return w.add(ctx, Change{Kind: kind, ID: id, Scope: scope, Data: data, ExpectVersion: expect})
}

// add adds a change, applying what is held first when it would pass
// factsWrite bytes (a record is at most maxFacts).
func (w *runWriter) add(ctx context.Context, c Change) error {
	if w.size > 0 && w.size+len(c.Data) > factsWrite {
		if err := w.flush(ctx); err != nil {
			return err
		}
	}
	w.changes = append(w.changes, c)
	w.size += len(c.Data)
	if len(w.changes) >= w.s.applyBatch {
		return w.flush(ctx)
	}
	return nil
}

// flush applies what is held.
func (w *runWriter) flush(ctx context.Context) error {
	changes := w.changes
	w.changes, w.size = nil, 0
	if w.to != nil {
		return w.to.send(changes)
	}
	if err := w.s.apply(ctx, changes); err != nil {
		if errors.Is(err, ErrConflict) {
			return errors.Join(toConnect(err), errRunConflict)
		}
		return toConnect(err)
	}
	return nil
}

// proposeAll makes the run's proposals batch by batch — each unit's facts,
// read back, with the ranked results — and writes them through w. Of the
// proposals of the run's period standing for a trigger and a unit (of
// this run or the previous one), a decision already taken stands; one
// still awaiting a decision is replaced when the run raises it again, and
// withdrawn (deleted, never decided) when it does not. It counts the
// proposals in run and lists the first maxRunProposalIDs.
func (s *Server) proposeAll(ctx context.Context, w *runWriter, run, prev *zerenv1.RunAssessmentResponse, sys *zerenv1.PutIndicatorSystemRequest,
	proposer *accountability.Proposer, results []*zerenv1.Result, order []string) ([]accountability.Diagnostic, error) {
	triggers, units, err := s.proposalReach(ctx, prev, sys, order)
	if err != nil {
		return nil, toConnect(err)
	}
	// The previous run's record lists ids it raised (all of them, in a
	// record written before the list was capped), whatever their trigger
	// or unit: those not met below are withdrawn at the end.
	legacy := map[string]bool{}
	for _, id := range prev.GetProposalIds() {
		legacy[id] = true
	}
	var diags []accountability.Diagnostic
	for i := 0; len(triggers) > 0 && i < len(units); i += s.runBatch {
		batch := units[i:min(i+s.runBatch, len(units))]
		var raised []*zerenv1.Proposal
		if len(sys.GetTriggers()) > 0 {
			facts := make([]*zerenv1.UnitFacts, 0, len(batch))
			for j, id := range batch {
				if i+j >= len(order) {
					break // units of the previous run only
				}
				f := &zerenv1.UnitFacts{}
				if _, err := s.load(ctx, KindFacts, genPrefix(run)+id, f); err != nil {
					return nil, toConnect(err)
				}
				facts = append(facts, f)
			}
			ps, ds, err := proposer.Propose(ctx, facts, results)
			if err != nil {
				return nil, toConnect(err)
			}
			raised, diags = ps, append(diags, ds...)
		}
		if err := s.standProposals(ctx, w, batch, triggers, run.GetPeriod(), raised, legacy); err != nil {
			return nil, err
		}
		for _, pr := range raised {
			if len(run.ProposalIds) < s.runProposalIDs {
				run.ProposalIds = append(run.ProposalIds, pr.GetId())
			}
		}
		run.Proposals += int32(len(raised))
	}
	for _, id := range slices.Sorted(maps.Keys(legacy)) {
		old := &zerenv1.Proposal{}
		v, err := s.load(ctx, KindProposal, id, old)
		if errors.Is(err, ErrNotFound) {
			continue
		} else if err != nil {
			return nil, toConnect(err)
		}
		if old.GetStatus() == zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED {
			if err := w.add(ctx, Change{Kind: KindProposal, ID: id, ExpectVersion: v}); err != nil {
				return nil, err
			}
		}
	}
	return diags, nil
}

// proposalReach returns the triggers whose proposals a run stands for —
// the system's and those of the system the previous run scored with — and
// the units: the run's, in order, then the previous run's others.
func (s *Server) proposalReach(ctx context.Context, prev *zerenv1.RunAssessmentResponse, sys *zerenv1.PutIndicatorSystemRequest, order []string) (triggers, units []string, err error) {
	for _, t := range sys.GetTriggers() {
		triggers = append(triggers, t.GetId())
	}
	units = order
	if prev.GetGeneration() == 0 {
		return triggers, units, nil
	}
	before := &zerenv1.PutIndicatorSystemRequest{}
	if _, err := s.load(ctx, KindRunSystem, genKey(prev), before); err != nil && !errors.Is(err, ErrNotFound) {
		return nil, nil, err
	}
	for _, t := range before.GetTriggers() {
		if !slices.Contains(triggers, t.GetId()) {
			triggers = append(triggers, t.GetId())
		}
	}
	if len(triggers) == 0 {
		return nil, nil, nil
	}
	in := make(map[string]bool, len(order))
	for _, id := range order {
		in[id] = true
	}
	units = slices.Clip(units)
	err = s.each(ctx, KindResult, genPrefix(prev), visibility{all: true}, func(r Record) error {
		id := r.ID[strings.LastIndexByte(r.ID, '/')+1:]
		if !in[id] {
			in[id] = true
			units = append(units, id)
		}
		return nil
	})
	return triggers, units, err
}

// standProposals writes through w the proposals raised for some units and
// withdraws those of the units, triggers and period still awaiting a
// decision that were not raised again. A proposal met is struck from
// legacy.
func (s *Server) standProposals(ctx context.Context, w *runWriter, units, triggers []string, period *zerenv1.Period,
	raised []*zerenv1.Proposal, legacy map[string]bool) error {
	label := checklist.PeriodLabel(period)
	type standing struct {
		version int64
		status  zerenv1.ProposalStatus
		ours    bool // of one of the triggers, units and the period
		same    bool // stored as raised again, byte for byte
	}
	encoded := make(map[string][]byte, len(raised))
	for _, pr := range raised {
		data, err := marshal(pr)
		if err != nil {
			return toConnect(err)
		}
		encoded[pr.GetId()] = data
	}
	stand := map[string]standing{}
	for _, u := range units {
		for _, t := range triggers {
			err := s.each(ctx, KindProposal, t+"/"+u+"/"+label+"/", visibility{all: true}, func(r Record) error {
				if data, again := encoded[r.ID]; again && bytes.Equal(data, r.Data) {
					// Stored as raised again (so awaiting a decision):
					// nothing to decode.
					stand[r.ID] = standing{r.Version, zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED, true, true}
					return nil
				}
				pr := &zerenv1.Proposal{}
				if err := proto.Unmarshal(r.Data, pr); err != nil {
					return fmt.Errorf("%s %q: %w", KindProposal, r.ID, err)
				}
				ours := pr.GetTriggerId() == t && pr.GetUnitId() == u && checklist.PeriodLabel(pr.GetPeriod()) == label
				stand[r.ID] = standing{r.Version, pr.GetStatus(), ours, false}
				return nil
			})
			if err != nil {
				return toConnect(err)
			}
		}
	}
	for _, pr := range raised {
		id := pr.GetId()
		delete(legacy, id)
		old, found := stand[id]
		delete(stand, id)
		if !found {
			// Not stored under its trigger, unit and period: read alone.
			o := &zerenv1.Proposal{}
			v, err := s.load(ctx, KindProposal, id, o)
			switch {
			case errors.Is(err, ErrNotFound):
				old = standing{version: ExpectAbsent, status: zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED}
			case err != nil:
				return toConnect(err)
			default:
				old = standing{version: v, status: o.GetStatus()}
			}
		}
		if old.status != zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED || old.same {
			continue // decided: the decision stands; or stored as it is
		}
		if err := w.putData(ctx, KindProposal, id, pr.GetOrganizationId(), encoded[id], old.version); err != nil {
			return err
		}
	}
	for _, id := range slices.Sorted(maps.Keys(stand)) {
		old := stand[id]
		delete(legacy, id)
		if !old.ours || old.status != zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED {
			continue
		}
		if err := w.add(ctx, Change{Kind: KindProposal, ID: id, ExpectVersion: old.version}); err != nil {
			return err
		}
	}
	return nil
}

// dropGenerations deletes the records of every generation of a run but
// keep.
func (s *Server) dropGenerations(ctx context.Context, runID string, keep int32) error {
	current := fmt.Sprintf("%s/%06d", runID, keep)
	var changes []Change
	for _, kind := range []string{KindResult, KindFacts, KindReview, KindRunSystem} {
		err := s.each(ctx, kind, runID+"/", visibility{all: true}, func(r Record) error {
			if r.ID != current && !strings.HasPrefix(r.ID, current+"/") {
				changes = append(changes, Change{Kind: kind, ID: r.ID})
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return s.apply(ctx, changes)
}

// factsWrite is the most bytes of facts a run writes in one apply ahead of
// the run record (zerend's stores take 64 MiB in one apply).
const factsWrite = 16 << 20

// runBatch is the default of WithUnitBatch, decomposeBatch of
// WithAssignmentBatch.
const (
	runBatch       = 100
	decomposeBatch = 50_000
)

// factsSource assembles the facts of every unit assessed — the 机关工委
// aside, every unit of the structure, and any unit the request has facts
// for — with unitfacts.Build, the library's one facts builder, so that an
// embedding OA that calls it on the same records gets the same facts. The
// stored assignments, findings and cases of the period fill the lists a
// request leaves empty (unless it asks for its records only); the plan the
// system names (or else the year's stored plan) gives the assignments their
// dimension, kind and tags; "now" is the server's clock unless the request's
// facts give one. It builds the facts batch by batch (see batches): a
// batch's assignments are read from the store by the batch's organisations.
type factsSource struct {
	s        *Server
	h        *responsibility.Hierarchy
	sys      *zerenv1.IndicatorSystem
	m        *zerenv1.RunAssessmentRequest
	supplied map[string]*zerenv1.UnitFacts
	in       unitfacts.Input // Units: every unit assessed; no assignments, findings or cases
	plan     *zerenv1.Plan
	planRead bool
}

// unitFacts validates the request's facts and lists the units assessed.
func (s *Server) unitFacts(ctx context.Context, h *responsibility.Hierarchy, sys *zerenv1.IndicatorSystem, m *zerenv1.RunAssessmentRequest) (*factsSource, error) {
	supplied := map[string]*zerenv1.UnitFacts{}
	var ps problemList
	for i, f := range m.GetFacts() {
		id := f.GetUnit().GetId()
		field := fmt.Sprintf("facts[%d].unit.id", i)
		switch _, ok := h.Unit(id); {
		case id == "":
			ps.add(field, "is empty: name the unit the facts are about")
		case !ok:
			ps.add(field, "unit %q does not exist", id)
		case supplied[id] != nil:
			ps.add(field, "unit %q has facts twice", id)
		default:
			supplied[id] = f
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	period := m.GetPeriod()
	in := unitfacts.Input{Period: period, AsOf: s.now(),
		Metrics: map[string]map[string]float64{}, BusinessScores: map[string]float64{}}
	for u := range h.Units() {
		f := supplied[u.GetId()]
		if f == nil && u.GetKind() == zerenv1.UnitKind_UNIT_KIND_WORK_COMMITTEE {
			continue
		}
		if orgs, err := h.UnitOrganizations(u.GetId()); err != nil || len(orgs) == 0 {
			if f != nil {
				return nil, invalid("facts", fmt.Errorf("unit %q has no organisation in the structure", u.GetId()))
			}
			continue
		}
		in.Units = append(in.Units, u.GetId())
		if f != nil {
			in.Metrics[u.GetId()], in.BusinessScores[u.GetId()] = f.GetMetrics(), f.GetBusinessScore()
		}
	}
	return &factsSource{s: s, h: h, sys: sys, m: m, supplied: supplied, in: in}, nil
}

// empty returns which of the units the request leaves a list empty for.
func (src *factsSource) empty(units []string, get func(*zerenv1.UnitFacts) int) map[string]bool {
	empty := map[string]bool{}
	for _, id := range units {
		if get(src.supplied[id]) == 0 {
			empty[id] = true
		}
	}
	return empty
}

// batches yields the facts of the units assessed, size units at a time, in
// the structure's unit order. The next batch is read and built while the
// caller scores and writes the one it holds (readAhead), so that the
// store's reads (most of a province's run) overlap the scoring on a second
// core.
func (src *factsSource) batches(ctx context.Context, size int) iter.Seq2[[]*zerenv1.UnitFacts, error] {
	units := src.in.Units
	return readAhead(func(i int) ([]*zerenv1.UnitFacts, bool, error) {
		if i*size >= len(units) {
			return nil, false, nil
		}
		out, err := src.build(ctx, units[i*size:min((i+1)*size, len(units))])
		return out, true, err
	})
}

// readAhead yields next(0), next(1), … until one says it is the last (ok
// false, yielding nothing) or fails: each is made in a goroutine of its own
// while the caller holds the one before, so at most two are held at once.
// A caller that stops early waits for the one being made, so nothing runs
// after the range returns; each ranging starts again from next(0).
func readAhead[T any](next func(i int) (T, bool, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		type made struct {
			v   T
			err error
		}
		ch, stop := make(chan made), make(chan struct{})
		go func() {
			defer close(ch)
			for i := 0; ; i++ {
				v, ok, err := next(i)
				if !ok && err == nil {
					return
				}
				select {
				case ch <- made{v, err}:
				case <-stop:
					return
				}
				if err != nil {
					return
				}
			}
		}()
		defer func() {
			close(stop)
			for range ch { // the one being made, if any
			}
		}()
		for m := range ch {
			if !yield(m.v, m.err) || m.err != nil {
				return
			}
		}
	}
}

// build builds the facts of some units.
func (src *factsSource) build(ctx context.Context, units []string) ([]*zerenv1.UnitFacts, error) {
	in := src.in
	in.Units = units
	in.Metrics, in.BusinessScores = map[string]map[string]float64{}, map[string]float64{}
	for _, id := range units {
		if m, ok := src.in.Metrics[id]; ok {
			in.Metrics[id] = m
		}
		if b, ok := src.in.BusinessScores[id]; ok {
			in.BusinessScores[id] = b
		}
	}
	if !src.m.GetRequestRecordsOnly() {
		// The stored assignments, findings and cases of the batch's units
		// whose lists the request leaves empty, read by their
		// organisations, each list in id order.
		year := strconv.Itoa(int(src.m.GetPeriod().GetYear())) + "/"
		var err error
		in.Assignments, err = storedOf(ctx, src, units, KindAssignment, year,
			func(f *zerenv1.UnitFacts) int { return len(f.GetAssignments()) }, newAssignment,
			func(a *zerenv1.Assignment) string { return a.GetId() })
		if err != nil {
			return nil, err
		}
		// The server's own bookkeeping (when it received the last report,
		// which evidence the committee redacted) is not a fact of the
		// unit's work: rules read what an embedding OA's unitfacts.Build
		// gives them, no more.
		for _, a := range in.Assignments {
			a.ReceivedAt, a.Redactions = nil, nil
		}
		in.Findings, err = storedOf(ctx, src, units, KindFinding, "",
			func(f *zerenv1.UnitFacts) int { return len(f.GetFindings()) }, func() *zerenv1.Finding { return &zerenv1.Finding{} },
			func(f *zerenv1.Finding) string { return f.GetId() })
		if err != nil {
			return nil, err
		}
		in.Cases, err = storedOf(ctx, src, units, KindCase, "",
			func(f *zerenv1.UnitFacts) int { return len(f.GetCases()) }, func() *zerenv1.SupervisionCase { return &zerenv1.SupervisionCase{} },
			func(c *zerenv1.SupervisionCase) string { return c.GetId() })
		if err != nil {
			return nil, err
		}
		if len(in.Assignments) > 0 {
			if !src.planRead {
				plan, err := src.s.planFor(ctx, src.sys, int(src.m.GetPeriod().GetYear()))
				if err != nil {
					return nil, toConnect(err)
				}
				src.plan, src.planRead = plan, true
			}
			in.Plan = src.plan
		}
	}
	out, err := unitfacts.Build(ctx, src.h, in)
	if err != nil {
		var ve *unitfacts.ValidationError
		if errors.As(err, &ve) {
			return nil, connect.NewError(connect.CodeFailedPrecondition,
				fmt.Errorf("the stored records of the period do not make up facts: %w", err))
		}
		return nil, toConnect(err)
	}
	// What the request gives overrides what is stored, list by list.
	for _, f := range out {
		sf := src.supplied[f.GetUnit().GetId()]
		if sf == nil {
			continue
		}
		f.Review = sf.GetReview()
		if sf.GetNow() != nil {
			f.Now = sf.GetNow()
		}
		if len(sf.GetAssignments()) > 0 {
			f.Assignments = sf.GetAssignments()
		}
		if len(sf.GetFindings()) > 0 {
			f.Findings = sf.GetFindings()
		}
		if len(sf.GetCases()) > 0 {
			f.Cases = sf.GetCases()
		}
	}
	return out, nil
}

// storedOf reads the stored records of a kind under a prefix of those of
// the units the request gives no such list for, by their organisations,
// in id order.
func storedOf[M proto.Message](ctx context.Context, src *factsSource, units []string, kind, prefix string,
	given func(*zerenv1.UnitFacts) int, mk func() M, id func(M) string) ([]M, error) {
	var orgs []string
	for u := range src.empty(units, given) {
		uo, _ := src.h.UnitOrganizations(u)
		for _, o := range uo {
			orgs = append(orgs, o.GetId())
		}
	}
	if len(orgs) == 0 {
		return nil, nil
	}
	ms, _, err := loadIn(ctx, src.s, kind, prefix, orgs, mk)
	if err != nil {
		return nil, toConnect(err)
	}
	slices.SortFunc(ms, func(a, b M) int { return strings.Compare(id(a), id(b)) })
	return ms, nil
}

// planFor returns the plan an indicator system scores: the stored plan it
// names, or else the stored plan of the year; nil when there is none.
func (s *Server) planFor(ctx context.Context, sys *zerenv1.IndicatorSystem, year int) (*zerenv1.Plan, error) {
	if id := sys.GetPlanId(); id != "" {
		plan := &zerenv1.Plan{}
		if _, err := s.load(ctx, KindPlan, id, plan); errors.Is(err, ErrNotFound) {
			return nil, connect.NewError(connect.CodeFailedPrecondition,
				fmt.Errorf("indicator system %q scores plan %q, which has not been stored (PutPlan)", sys.GetId(), id))
		} else if err != nil {
			return nil, err
		}
		return plan, nil
	}
	return s.planOfYear(ctx, year)
}
