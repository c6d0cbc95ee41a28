package assessment

import (
	"context"
	"fmt"
	"iter"
	"sync"
	"sync/atomic"

	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Run is the outcome of scoring every unit of a period together: results
// with grades and ranks, and how the quotas were used. A Run is a plain
// value owned by the caller; it is not safe to modify from several
// goroutines at once.
type Run struct {
	// Results in rank order; units that share a rank (TIE_RULE_SHARED)
	// follow unit id order. After the ranked units come, with rank 0, the
	// units listed in Apart and then those in Incomplete.
	Results []*zerenv1.Result
	// Apart lists, in score order, the units with a veto (一票否决) that
	// VETO_RANKING_APART leaves out of the ranking; they are graded.
	Apart []*zerenv1.Result
	// Incomplete lists, by unit id, the units that could not be scored
	// (Result.incomplete): neither graded nor ranked.
	Incomplete []*zerenv1.Result
	// Quotas tells, grade by grade (best first), how many units the quota
	// admits and how many units got the grade; empty without a grade scale.
	Quotas []Quota
}

// Quota is one grade's quota (等次比例) in a run.
type Quota struct {
	// GradeID is the grade.
	GradeID string
	// Limit is the most units the grade admits, floor(n × quota_percent /
	// 100); -1 when the grade has no quota.
	Limit int
	// Count is how many units got the grade, forced ones included.
	Count int
}

// Result returns the result of one unit, or nil.
func (r *Run) Result(unitID string) *zerenv1.Result {
	for _, x := range r.Results {
		if x.GetUnitId() == unitID {
			return x
		}
	}
	return nil
}

// Run scores every unit, then ranks and grades them together. Units are
// scored in parallel by a bounded pool of goroutines (see [WithWorkers]),
// all of which have ended when Run returns; the outcome does not depend on
// the order of units or on scheduling. Rules that fail for a unit become
// diagnostics on its result and the run goes on.
//
// Run returns a [*ValidationError] when a unit is nil, has no id or repeats
// another's id, or when the reviews (see [WithReviews]) name unknown units,
// repeat a unit, or hold ballots the review scheme rejects; ctx.Err() when
// ctx is done before the run ends; and an error matching
// cel.ErrBudgetExhausted when the run's budget ([WithRunBudget]) is spent.
func (e *Engine) Run(ctx context.Context, units []*zerenv1.UnitFacts, opts ...RunOption) (*Run, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	var rc runConfig
	for _, o := range opts {
		if o != nil {
			o.applyRun(&rc)
		}
	}
	reviews, err := e.checkRun(units, rc.reviews)
	if err != nil {
		return nil, err
	}
	outs, err := e.scoreAll(ctx, units, reviews, e.newBudget())
	if err != nil {
		return nil, err
	}
	return e.rank(outs), nil
}

// checkRun validates the units and reviews of a run and indexes the reviews
// by unit.
func (e *Engine) checkRun(units []*zerenv1.UnitFacts, reviews []*zerenv1.Review) (map[string]*zerenv1.Review, error) {
	var ps problems
	seen := make(map[string]bool, len(units))
	for i, u := range units {
		p := Problem{Record: "unit", Path: fmt.Sprintf("units[%d]", i), ID: unitID(u), Name: u.GetUnit().GetName()}
		switch id := unitID(u); {
		case u == nil:
			p.Code, p.Message, p.MessageZh = problem.MissingField, "the unit's facts are empty", "单位数据为空"
		case id == "":
			p.Code, p.Field, p.Message, p.MessageZh = problem.MissingField, "unit.id", "the unit has no id", "单位没有编号"
		case seen[id]:
			p.Code, p.Field, p.Message, p.MessageZh = problem.DuplicateID, "unit.id", "the unit appears twice", "单位重复出现"
		default:
			seen[id] = true
			continue
		}
		ps.add(p)
	}
	byUnit := make(map[string]*zerenv1.Review, len(reviews))
	for i, rv := range reviews {
		path := fmt.Sprintf("reviews[%d]", i)
		p := Problem{Record: "review", Path: path, ID: rv.GetUnitId()}
		switch {
		case rv == nil:
			p.Code, p.Message, p.MessageZh = problem.MissingField, "the review is empty", "述职评议记录为空"
		case e.review == nil:
			p.Code, p.Message, p.MessageZh = problem.Conflict, "the indicator system has no review scheme", "指标体系未设置述职评议方案"
		case !seen[rv.GetUnitId()]:
			p.Code, p.Field = problem.DanglingReference, "unit_id"
			p.Message = fmt.Sprintf("unit %q is not among the units of the run", rv.GetUnitId())
			p.MessageZh = fmt.Sprintf("单位“%s”不在本次考核的单位中", problem.Printable(rv.GetUnitId()))
		case byUnit[rv.GetUnitId()] != nil:
			p.Code, p.Field, p.Message, p.MessageZh = problem.DuplicateID, "unit_id", "the unit has two reviews", "该单位有两份述职评议记录"
		default:
			byUnit[rv.GetUnitId()] = rv
			for _, q := range e.checkReview(rv, path) {
				ps.add(q)
			}
			continue
		}
		ps.add(p)
	}
	return byUnit, ps.err()
}

// RunBatches is [Engine.Run] for a period too large to hold every unit's
// facts at once: it scores the units batch by batch as batches yields them,
// keeps only each unit's result, and ranks and grades them together at the
// end. A batch's facts may be dropped once the next batch is asked for.
// The outcome is the one Run gives for all the batches' units in the same
// order, and so are the errors, with units numbered across batches; an
// error batches yields stops the run and is returned as it is.
func (e *Engine) RunBatches(ctx context.Context, batches iter.Seq2[[]*zerenv1.UnitFacts, error], opts ...RunOption) (*Run, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	b := e.newBatchRun(opts)
	for units, err := range batches {
		if err != nil {
			return nil, err
		}
		if err := b.add(ctx, units); err != nil {
			return nil, err
		}
	}
	return b.finish()
}

// batchRun is one engine's run fed batch by batch: what RunBatches keeps
// between batches (each unit's outcome and a stub of its id and name).
type batchRun struct {
	e       *Engine
	reviews []*zerenv1.Review
	byUnit  map[string]*zerenv1.Review
	stubs   []*zerenv1.UnitFacts // id and name only, for validation
	outs    []*outcome
	budget  *cel.Budget
}

func (e *Engine) newBatchRun(opts []RunOption) *batchRun {
	var rc runConfig
	for _, o := range opts {
		if o != nil {
			o.applyRun(&rc)
		}
	}
	// Reviews by unit for scoring; they are validated against every unit
	// once all are known, exactly as Run does.
	byUnit := make(map[string]*zerenv1.Review, len(rc.reviews))
	for _, rv := range rc.reviews {
		if _, dup := byUnit[rv.GetUnitId()]; !dup && rv != nil {
			byUnit[rv.GetUnitId()] = rv
		}
	}
	return &batchRun{e: e, reviews: rc.reviews, byUnit: byUnit, budget: e.newBudget()}
}

// add scores a batch of units and keeps their outcomes.
func (b *batchRun) add(ctx context.Context, units []*zerenv1.UnitFacts) error {
	for _, u := range units {
		if u == nil {
			b.stubs = append(b.stubs, nil)
			continue
		}
		b.stubs = append(b.stubs, &zerenv1.UnitFacts{Unit: &zerenv1.Unit{Id: unitID(u), Name: u.GetUnit().GetName()}})
	}
	got, err := b.e.scoreAll(ctx, units, b.byUnit, b.budget)
	if err != nil {
		return err
	}
	b.outs = append(b.outs, got...)
	return nil
}

// finish validates the units and reviews of every batch together and
// ranks the outcomes.
func (b *batchRun) finish() (*Run, error) {
	if _, err := b.e.checkRun(b.stubs, b.reviews); err != nil {
		return nil, err
	}
	return b.e.rank(b.outs), nil
}

// scoreAll scores units in parallel with the engine's workers.
func (e *Engine) scoreAll(ctx context.Context, units []*zerenv1.UnitFacts, reviews map[string]*zerenv1.Review, budget *cel.Budget) ([]*outcome, error) {
	outs := make([]*outcome, len(units))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(e.cfg.workers, len(units)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte // the digest's encoding buffer, reused from unit to unit
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(units) {
					return
				}
				outs[i] = e.score(ctx, units[i], reviews[unitID(units[i])], budget, &buf)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, o := range outs {
		if o.err != nil {
			return nil, fmt.Errorf("assessment: unit %q: %w", o.res.GetUnitId(), o.err)
		}
	}
	return outs, nil
}
