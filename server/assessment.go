package server

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
)

// assessmentService serves rule checks, the year's assessment (综合考核),
// its results and the accountability proposals (问责建议) it raises.
//
// Storage: an indicator system with its triggers (the
// PutIndicatorSystemRequest) under the system id (KindSystem); each run's
// record (the RunAssessmentResponse) under the run id (KindRun); per run
// generation, the system it scored with (KindRunSystem), each unit's result
// in rank order (KindResult), facts (KindFacts) and ballots (KindReview),
// scoped to the unit's top organisation; proposals under their id
// (KindProposal), scoped to the organisation they address.
type assessmentService struct {
	// Methods not implemented yet answer Unimplemented.
	zerenv1connect.UnimplementedAssessmentServiceHandler
	s *Server
}

func ruleKind(k zerenv1.RuleKind) (cel.Kind, bool) {
	switch k {
	case zerenv1.RuleKind_RULE_KIND_RATIO:
		return cel.KindRatio, true
	case zerenv1.RuleKind_RULE_KIND_NUMBER:
		return cel.KindNumber, true
	case zerenv1.RuleKind_RULE_KIND_CONDITION:
		return cel.KindBool, true
	}
	return 0, false
}

// CheckRule compiles a rule as it would be saved and returns its problems
// with positions, in English and Chinese. A rule with problems is not an
// error of the call: the response lists them.
func (a assessmentService) CheckRule(ctx context.Context, req *connect.Request[zerenv1.CheckRuleRequest]) (*connect.Response[zerenv1.CheckRuleResponse], error) {
	kind, ok := ruleKind(req.Msg.GetKind())
	if !ok {
		return nil, invalid("kind", errors.New("must be RULE_KIND_RATIO, RULE_KIND_NUMBER or RULE_KIND_CONDITION"))
	}
	release, err := a.s.slots.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	env, err := a.s.env()
	if err != nil {
		return nil, toConnect(err)
	}
	resp := &zerenv1.CheckRuleResponse{}
	if _, err := env.Compile(req.Msg.GetSource(), kind); err != nil {
		var cerr *cel.CompileError
		if !errors.As(err, &cerr) {
			return nil, toConnect(err)
		}
		for _, is := range cerr.Issues {
			resp.Issues = append(resp.Issues, &zerenv1.RuleIssue{
				Line: int32(is.Line), Column: int32(is.Column), Message: is.Message, MessageZh: is.MessageZh,
			})
		}
	}
	return connect.NewResponse(resp), nil
}

// compileSystem builds the engine of an indicator system and the proposer
// of its triggers, reporting every problem of both at once.
func (s *Server) compileSystem(ctx context.Context, sys *zerenv1.IndicatorSystem, triggers []*zerenv1.Trigger) (*assessment.Engine, *accountability.Proposer, error) {
	env, err := s.env()
	if err != nil {
		return nil, nil, toConnect(err)
	}
	h, err := s.hierarchy(ctx)
	if err != nil {
		return nil, nil, toConnect(err)
	}
	if n := countIndicators(sys); n > maxIndicators {
		return nil, nil, withProblems(connect.CodeInvalidArgument,
			fmt.Errorf("指标体系“%s”有 %d 个指标，超过上限 %d（indicator system %q has %d indicators, more than the %d allowed）", problem.Printable(sys.GetId()), n, maxIndicators, sys.GetId(), n, maxIndicators),
			[]*zerenv1.ValidationProblem{{Record: "indicator_system", Id: sys.GetId(), Field: "indicators", Message: fmt.Sprintf("有 %d 个指标，超过上限 %d（%d indicators, more than the %d allowed）", n, maxIndicators, n, maxIndicators)}})
	}
	// A system bound to a stored plan is checked against it: every task,
	// task kind and tag its formulas and its triggers' conditions name must
	// be on the plan.
	opts := []assessment.Option{assessment.WithRunBudget(s.runBudget)}
	var topts []accountability.Option
	if id := sys.GetPlanId(); id != "" {
		plan := &zerenv1.Plan{}
		if _, err := s.load(ctx, KindPlan, id, plan); err == nil {
			opts = append(opts, assessment.WithPlan(plan))
			topts = append(topts, accountability.WithPlan(plan))
		} else if !errors.Is(err, ErrNotFound) {
			return nil, nil, toConnect(err)
		}
	}
	// The problems of the system and of its triggers are reported
	// together, as one validation error.
	var problems []problem.Problem
	e, err := assessment.New(ctx, sys, env, opts...)
	if err != nil {
		ve, ok := problem.As(err)
		if !ok {
			return nil, nil, toConnect(err)
		}
		problems = append(problems, ve.Problems...)
	}
	pr, err := accountability.New(env, h, triggers, topts...)
	if err != nil {
		ve, ok := problem.As(err)
		if !ok {
			return nil, nil, toConnect(err)
		}
		problems = append(problems, ve.Problems...)
	}
	if err := problem.New("assessment", problems); err != nil {
		return nil, nil, toConnect(err)
	}
	return e, pr, nil
}

// PutIndicatorSystem compiles and stores an indicator system with its
// triggers.
func (a assessmentService) PutIndicatorSystem(ctx context.Context, req *connect.Request[zerenv1.PutIndicatorSystemRequest]) (*connect.Response[zerenv1.PutIndicatorSystemResponse], error) {
	if err := requireAll(ctx, "PutIndicatorSystem"); err != nil {
		return nil, err
	}
	v, err := a.s.putSystem(ctx, req.Msg)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&zerenv1.PutIndicatorSystemResponse{Version: v}), nil
}

func (s *Server) putSystem(ctx context.Context, m *zerenv1.PutIndicatorSystemRequest) (int64, error) {
	sys := m.GetSystem()
	if sys == nil {
		return 0, invalid("system", errors.New("is missing"))
	}
	if err := checkID("system.id", sys.GetId()); err != nil {
		return 0, err
	}
	if err := checkLen("triggers", len(m.GetTriggers()), maxTriggers); err != nil {
		return 0, err
	}
	if _, _, err := s.compileSystem(ctx, sys, m.GetTriggers()); err != nil {
		return 0, err
	}
	v, err := s.save(ctx, KindSystem, sys.GetId(), "", &zerenv1.PutIndicatorSystemRequest{System: sys, Triggers: m.GetTriggers()})
	if err != nil {
		return 0, toConnect(err)
	}
	return v, nil
}

// loadRun reads a run's record.
func (s *Server) loadRun(ctx context.Context, runID string) (*zerenv1.RunAssessmentResponse, int64, error) {
	if runID == "" {
		return nil, 0, invalid("run_id", errors.New("is empty"))
	}
	if pr := keyProblem(runID); pr != "" {
		return nil, 0, invalid("run_id", errors.New(pr))
	}
	run := &zerenv1.RunAssessmentResponse{}
	v, err := s.load(ctx, KindRun, runID, run)
	if errors.Is(err, ErrNotFound) {
		return nil, 0, connect.NewError(connect.CodeNotFound, fmt.Errorf("run %q does not exist (RunAssessment)", runID))
	} else if err != nil {
		return nil, 0, toConnect(err)
	}
	return run, v, nil
}

// ListResults pages through a run's results in rank order, for the units
// whose top organisation the caller sees.
func (a assessmentService) ListResults(ctx context.Context, req *connect.Request[zerenv1.ListResultsRequest]) (*connect.Response[zerenv1.ListResultsResponse], error) {
	m := req.Msg
	if _, err := pageSize(m.GetPageSize()); err != nil {
		return nil, err
	}
	run, _, err := a.s.loadRun(ctx, m.GetRunId())
	if err != nil {
		return nil, err
	}
	results, next, err := listVisible(ctx, a.s, listQuery{
		kind: KindResult, prefix: genPrefix(run), orgID: m.GetOrganizationId(), size: m.GetPageSize(), token: m.GetPageToken(),
		fp: fingerprint("results", m.GetRunId(), m.GetOrganizationId(), fmt.Sprint(run.GetGeneration())),
	}, func() *zerenv1.Result { return &zerenv1.Result{} }, nil)
	if err != nil {
		return nil, err
	}
	resp := &zerenv1.ListResultsResponse{Results: results, NextPageToken: next}
	return connect.NewResponse(resp), nil
}

// DryRun scores a candidate system on a stored run's facts and ballots and
// compares it with the system the run scored with, reading the facts a
// batch of units at a time (WithUnitBatch) and keeping only each unit's two
// results, so that a province's dry run holds a batch of facts, not the
// year's (see storedFacts). It is the work
// committee's: a candidate formula runs over every unit's facts and ranks
// units against each other, so a branch that could choose the formula could
// read other units' facts through its own score or rank (see the package
// doc, "Who may do what").
func (a assessmentService) DryRun(ctx context.Context, req *connect.Request[zerenv1.DryRunRequest]) (*connect.Response[zerenv1.DryRunResponse], error) {
	if err := requireAll(ctx, "DryRun"); err != nil {
		return nil, err
	}
	release, err := a.s.slots.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	s, m := a.s, req.Msg
	if m.GetSystem() == nil {
		return nil, invalid("system", errors.New("is missing"))
	}
	run, _, err := s.loadRun(ctx, m.GetRunId())
	if err != nil {
		return nil, err
	}
	next, _, err := s.compileSystem(ctx, m.GetSystem(), nil)
	if err != nil {
		return nil, err
	}
	snap := &zerenv1.PutIndicatorSystemRequest{}
	if _, err := s.load(ctx, KindRunSystem, genKey(run), snap); err != nil {
		return nil, toConnect(fmt.Errorf("run %q: %w", run.GetRunId(), err))
	}
	env, err := s.env()
	if err != nil {
		return nil, toConnect(err)
	}
	old, err := assessment.New(ctx, snap.GetSystem(), env, assessment.WithRunBudget(s.runBudget))
	if err != nil {
		return nil, connect.NewError(connect.CodeFailedPrecondition, fmt.Errorf("the system run %q scored with no longer compiles: %w", run.GetRunId(), err))
	}
	// The ballots are one small record a unit; the facts, up to a few
	// hundred KB a unit, are read a batch of units at a time.
	reviews, _, err := loadAll(ctx, s, KindReview, genPrefix(run), visibility{all: true}, func() *zerenv1.Review { return &zerenv1.Review{} })
	if err != nil {
		return nil, toConnect(err)
	}
	report, err := assessment.DryRunBatches(ctx, old, next, s.storedFacts(ctx, run), assessment.WithReviews(reviews...))
	if err != nil {
		return nil, toConnect(err)
	}
	resp := &zerenv1.DryRunResponse{}
	for _, u := range report.Units {
		if u.Changed() {
			resp.Changes = append(resp.Changes, &zerenv1.UnitChange{
				UnitId: u.UnitID, OldScore: u.OldScore, NewScore: u.NewScore,
				OldGradeId: u.OldGrade, NewGradeId: u.NewGrade, OldRank: u.OldRank, NewRank: u.NewRank,
			})
		}
	}
	resp.Text = report.String()
	return connect.NewResponse(resp), nil
}

// storedFacts yields the facts a run stored, a store page of at most
// s.runBatch units at a time, in unit id order, reading the next page
// while the caller scores the one it holds (readAhead). Each ranging reads
// the store again; rangings must not overlap.
func (s *Server) storedFacts(ctx context.Context, run *zerenv1.RunAssessmentResponse) iter.Seq2[[]*zerenv1.UnitFacts, error] {
	tok, last := "", false
	return readAhead(func(i int) ([]*zerenv1.UnitFacts, bool, error) {
		if i == 0 {
			tok, last = "", false // ranged again: from the start
		}
		if last {
			return nil, false, nil
		}
		for {
			batch, t, err := s.factsPage(ctx, genPrefix(run), tok)
			tok, last = t, t == ""
			if err != nil || len(batch) > 0 || last {
				return batch, err != nil || len(batch) > 0, err
			}
		}
	})
}

// factsPage reads and decodes one store page of a run's facts.
func (s *Server) factsPage(ctx context.Context, prefix, tok string) ([]*zerenv1.UnitFacts, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	page, err := s.store.List(ctx, KindFacts, ListQuery{Prefix: prefix, PageSize: min(s.runBatch, storePage), PageToken: tok})
	if err != nil {
		return nil, "", err
	}
	batch := make([]*zerenv1.UnitFacts, len(page.Records))
	for i, r := range page.Records {
		batch[i] = &zerenv1.UnitFacts{}
		if err := proto.Unmarshal(r.Data, batch[i]); err != nil {
			return nil, "", fmt.Errorf("stored %s %q is corrupt: %w", KindFacts, r.ID, err)
		}
	}
	return batch, page.NextPageToken, nil
}

// countIndicators counts the indicators of a system at every level, with
// its bonuses, deductions and vetoes.
func countIndicators(sys *zerenv1.IndicatorSystem) int {
	var walk func([]*zerenv1.Indicator) int
	walk = func(is []*zerenv1.Indicator) int {
		n := len(is)
		for _, i := range is {
			n += walk(i.GetChildren())
		}
		return n
	}
	return walk(sys.GetIndicators()) + len(sys.GetBonuses()) + len(sys.GetDeductions()) + len(sys.GetVetoes())
}
