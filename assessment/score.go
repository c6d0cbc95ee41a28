package assessment

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"

	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// outcome is one unit's scoring, with the exact figures grading needs.
type outcome struct {
	res       *zerenv1.Result
	score     int64 // ticks
	review    int64 // review score in ticks, when hasReview
	hasReview bool
	force     int // grade index a FORCE_GRADE veto sets; -1: none
	cap       int // best grade index allowed; 0: no cap
	grade     int // grade index given by [Engine.grade]; -1: none
	excl      []bool
	err       error // what stops the run: the context's error or budget exhaustion
}

// unitScorer scores one unit; it is not shared between goroutines.
type unitScorer struct {
	e      *Engine
	ctx    context.Context
	facts  *zerenv1.UnitFacts
	res    *zerenv1.Result
	budget *cel.Budget
	fatal  error
	// incomplete: an indicator with NO_DATA_POLICY_FAIL_UNIT found no data.
	incomplete bool
}

// Score scores one unit: its indicators, review, bonuses, deductions and
// vetoes, with the derivation and provenance. It leaves the grade and rank
// unset, since they depend on the other units (see [Engine.Run]); a veto
// that fires is listed in veto_ids. Rules that fail become diagnostics on
// the result; a cancelled ctx shows as diagnostics too. Of the options, only
// [WithReviews] applies: the review whose unit_id is the unit's.
func (e *Engine) Score(ctx context.Context, facts *zerenv1.UnitFacts, opts ...RunOption) *zerenv1.Result {
	if ctx == nil {
		ctx = context.Background()
	}
	var rc runConfig
	for _, o := range opts {
		if o != nil {
			o.applyRun(&rc)
		}
	}
	var rv *zerenv1.Review
	id := unitID(facts)
	for _, r := range rc.reviews {
		if r.GetUnitId() == id {
			rv = r
			break
		}
	}
	return e.score(ctx, facts, rv, e.newBudget(), nil).res
}

func (e *Engine) newBudget() *cel.Budget {
	if e.cfg.budget == 0 {
		return nil
	}
	return cel.NewBudget(e.cfg.budget)
}

// unitID returns the id of the unit the facts describe.
func unitID(f *zerenv1.UnitFacts) string {
	if id := f.GetUnit().GetId(); id != "" {
		return id
	}
	return f.GetOrganization().GetUnitId()
}

func (e *Engine) score(ctx context.Context, facts *zerenv1.UnitFacts, rv *zerenv1.Review, budget *cel.Budget, buf *[]byte) *outcome {
	if facts == nil {
		facts = &zerenv1.UnitFacts{}
	}
	res := &zerenv1.Result{
		UnitId:   unitID(facts),
		UnitName: facts.GetUnit().GetName(),
		Period:   facts.GetPeriod(),
		Provenance: &zerenv1.Provenance{
			RulesDigest: e.rulesDigest,
			FactsDigest: factsDigest(buf, facts, rv),
			Environment: cel.EnvironmentVersion,
			Engine:      Version,
		},
	}
	out := &outcome{res: res, force: -1, grade: -1}
	s := &unitScorer{e: e, ctx: ctx, facts: facts, res: res, budget: budget}

	// 述职评议: score the ballots, or take the review the OA scored.
	var rs reviewScore
	switch {
	case rv != nil && e.review != nil:
		rs = e.scoreReview(rv)
		// Rules see the scored review as facts.review.
		s.facts = withReview(facts, rs.res)
	case facts.GetReview() != nil:
		rs = e.givenReview(facts.GetReview())
	}
	res.Review = rs.res
	out.review, out.hasReview = rs.score, rs.res.GetValid()
	if e.review != nil && !out.hasReview {
		s.diag(&zerenv1.Diagnostic{RuleId: "review",
			Message:   "no valid 述职评议: no ballots, or no rater group reached its quorum",
			MessageZh: "无有效的述职评议结果：没有票数，或各评议组均未达到法定人数"})
	}

	// Indicators, then the base score.
	pts := make([]int64, len(e.roots))
	out.excl = make([]bool, len(e.roots))
	res.Indicators = make([]*zerenv1.IndicatorResult, 0, len(e.roots))
	for i, n := range e.roots {
		ir, t, x := s.indicator(n)
		res.Indicators = append(res.Indicators, ir)
		pts[i], out.excl[i] = t, x
	}
	total, _ := s.combine(e.roots, pts, out.excl, e.weighted, e.maxScore)
	res.Incomplete = s.incomplete
	base := total
	if sc := e.review; sc != nil && sc.weight.Sign() > 0 {
		// base = (1 − w)·indicators + w·(review / best choice)·max_score
		x := new(big.Rat).Mul(new(big.Rat).Sub(big.NewRat(1, 1), sc.weight), ticksRat(total, 0))
		r := new(big.Rat).Mul(sc.weight, ticksRat(rs.score, 0))
		r.Mul(r, ticksRat(e.maxScore, 0)).Quo(r, new(big.Rat).Mul(sc.maxChoice, big.NewRat(pow10[e.prec], 1)))
		base, _ = ratTicks(x.Add(x, r), 0, e.rule)
	}
	res.BaseScore = formatTicks(base, e.prec)
	res.Score = res.BaseScore

	// Bonuses and deductions see the result so far.
	score := base
	for _, a := range e.bonuses {
		ir, t := s.adjust(a)
		res.Bonuses = append(res.Bonuses, ir)
		score += t
	}
	for _, a := range e.deductions {
		ir, t := s.adjust(a)
		res.Deductions = append(res.Deductions, ir)
		score -= t
	}
	out.score = max(score, 0)
	res.Score = formatTicks(out.score, e.prec)

	// Vetoes see the whole result.
	for _, v := range e.vetoes {
		if !s.holds(v.prg, v.id) {
			continue
		}
		res.VetoIds = append(res.VetoIds, v.id)
		switch v.action {
		case zerenv1.VetoAction_VETO_ACTION_FORCE_GRADE:
			out.force = max(out.force, v.grade)
		case zerenv1.VetoAction_VETO_ACTION_CAP_GRADE:
			out.cap = max(out.cap, v.grade)
		}
	}
	if sc := e.review; sc != nil && sc.threshold > 0 && out.hasReview && rs.satis < sc.threshold {
		res.VetoIds = append(res.VetoIds, ReviewVetoID)
		out.cap = max(out.cap, sc.capGrade)
	}
	out.err = s.fatal
	return out
}

// withReview returns a shallow copy of facts whose review is r.
func withReview(f *zerenv1.UnitFacts, r *zerenv1.ReviewResult) *zerenv1.UnitFacts {
	return &zerenv1.UnitFacts{
		Unit: f.GetUnit(), Organization: f.GetOrganization(), Organizations: f.GetOrganizations(),
		Assignments: f.GetAssignments(), Findings: f.GetFindings(), Cases: f.GetCases(),
		Review: r, Metrics: f.GetMetrics(), BusinessScore: f.GetBusinessScore(),
		Period: f.GetPeriod(), Now: f.GetNow(),
	}
}

func (s *unitScorer) diag(d *zerenv1.Diagnostic) {
	s.res.Diagnostics = append(s.res.Diagnostics, d)
}

// eval evaluates one rule, turning a failure into a diagnostic (nil when it
// succeeded). The context's error and budget exhaustion also stop the run.
func (s *unitScorer) eval(prg *cel.Program, ruleID string, withResult bool) (cel.Value, *zerenv1.Diagnostic) {
	v, d, noData := s.evalData(prg, ruleID, withResult)
	if noData {
		s.diag(d)
	}
	return v, d
}

// evalData is eval that also reports whether the rule failed for want of
// data (cel.ErrNoData).
func (s *unitScorer) evalData(prg *cel.Program, ruleID string, withResult bool) (cel.Value, *zerenv1.Diagnostic, bool) {
	if prg == nil {
		return cel.Value{}, &zerenv1.Diagnostic{RuleId: ruleID, Message: "the rule is not compiled", MessageZh: "规则未编译"}, false
	}
	opts := make([]cel.EvalOption, 0, 3)
	if s.e.cfg.inputs {
		opts = append(opts, cel.WithTrace())
	}
	if withResult {
		opts = append(opts, cel.WithResult(s.res))
	}
	if s.budget != nil {
		opts = append(opts, cel.WithBudget(s.budget))
	}
	v, err := prg.Eval(s.ctx, s.facts, opts...)
	if err == nil {
		v.Number = quantize(v.Number)
		return v, nil, false
	}
	d := &zerenv1.Diagnostic{RuleId: ruleID, Message: err.Error(), MessageZh: err.Error(), Evaluator: string(prg.Evaluator())}
	var ee *cel.EvalError
	if errors.As(err, &ee) {
		d.Line, d.Column, d.Message, d.MessageZh = int32(ee.Line), int32(ee.Column), ee.Message, ee.MessageZh
	}
	if s.fatal == nil {
		switch {
		case s.ctx.Err() != nil:
			s.fatal = s.ctx.Err()
		case errors.Is(err, cel.ErrBudgetExhausted):
			s.fatal = err
		}
	}
	noData := errors.Is(err, cel.ErrNoData)
	if !noData {
		s.diag(d)
	}
	return v, d, noData
}

// holds evaluates a condition; a failing condition does not hold.
func (s *unitScorer) holds(prg *cel.Program, ruleID string) bool {
	v, d := s.eval(prg, ruleID, true)
	return d == nil && v.Bool
}

// indicator scores one indicator and its children. excluded reports that
// the indicator is left out of its parent's score (NO_DATA_POLICY_EXCLUDE,
// or every child left out).
func (s *unitScorer) indicator(n *node) (ir *zerenv1.IndicatorResult, t int64, excluded bool) {
	e := s.e
	ir = &zerenv1.IndicatorResult{IndicatorId: n.id, Name: n.name, Formula: n.formula, MaxPoints: n.maxText}
	if len(n.children) > 0 {
		pts := make([]int64, len(n.children))
		excl := make([]bool, len(n.children))
		ir.Children = make([]*zerenv1.IndicatorResult, 0, len(n.children))
		for i, c := range n.children {
			cr, ct, cx := s.indicator(c)
			ir.Children = append(ir.Children, cr)
			pts[i], excl[i] = ct, cx
		}
		t, excluded = s.combine(n.children, pts, excl, n.weighted, n.maxTicks)
		ir.Points, ir.Excluded = e.format(t), excluded
		return ir, t, excluded
	}
	v, d, noData := s.evalData(n.prg, n.id, false)
	ir.Value, ir.Inputs, ir.Diagnostic = v.Number, v.Inputs, d
	if n.prg != nil {
		ir.Evaluator = string(n.prg.Evaluator())
	}
	switch {
	case noData:
		ir.NoData, ir.Value = true, 0
		t, excluded = s.noData(n, ir)
	case d == nil:
		t = n.leafTicks(v.Number, e)
	}
	ir.Points = e.format(t)
	return ir, t, excluded
}

// noData applies a leaf's no-data policy and rewrites its diagnostic to
// name the unit, the indicator and what was done.
func (s *unitScorer) noData(n *node, ir *zerenv1.IndicatorResult) (t int64, excluded bool) {
	var did, didZh string
	switch n.noData {
	case zerenv1.NoDataPolicy_NO_DATA_POLICY_EXCLUDE:
		excluded, ir.Excluded = true, true
		did, didZh = "left out, its parent renormalised", "不计入，上级指标按其余指标折算"
	case zerenv1.NoDataPolicy_NO_DATA_POLICY_FULL_MARKS:
		t = n.maxTicks
		did, didZh = "full marks", "按满分计"
	case zerenv1.NoDataPolicy_NO_DATA_POLICY_FAIL_UNIT:
		s.incomplete = true
		did, didZh = "the unit cannot be scored and gets no grade or rank", "该单位无法计分，不评定等次、不参加排名"
	default:
		did, didZh = "0 points", "按 0 分计"
	}
	d := ir.GetDiagnostic()
	unit := s.res.GetUnitId()
	ir.Diagnostic = &zerenv1.Diagnostic{RuleId: n.id, Line: d.GetLine(), Column: d.GetColumn(),
		Message: fmt.Sprintf("no data: unit %s, indicator %s %s: %s; scored as %s (no-data policy)",
			unit, n.id, n.name, d.GetMessage(), did),
		MessageZh: fmt.Sprintf("无数据：单位 %s 指标 %s「%s」：%s；%s（无数据处理规则）",
			unit, n.id, n.name, d.GetMessageZh(), didZh)}
	s.diag(ir.Diagnostic)
	return t, excluded
}

// combine adds up siblings' points into their parent's (of maxTicks), by
// weight when weighted. Siblings left out (excl) do not count and the rest
// are renormalised to the parent's full maximum; when every sibling is left
// out, so is the parent.
func (s *unitScorer) combine(nodes []*node, pts []int64, excl []bool, weighted bool, maxTicks int64) (int64, bool) {
	if !slices.Contains(excl, true) {
		if weighted {
			return s.weightedSum(nodes, pts, maxTicks), false
		}
		var t int64
		for _, p := range pts {
			t += p
		}
		return t, false
	}
	var in []*node
	var inPts []int64
	var got, of, all int64
	for i, n := range nodes {
		all += n.maxTicks
		if excl[i] {
			continue
		}
		in, inPts = append(in, n), append(inPts, pts[i])
		got += pts[i]
		of += n.maxTicks
	}
	if len(in) == 0 {
		return 0, true
	}
	if weighted {
		return s.weightedSum(in, inPts, maxTicks), false
	}
	if of == 0 {
		return 0, false
	}
	// Σ kept points × (the full scale / the kept maxima), rounded once.
	if maxTicks == 0 {
		maxTicks = all
	}
	t, _ := ratTicks(new(big.Rat).Mul(big.NewRat(got, of), big.NewRat(maxTicks, 1)), 0, s.e.rule)
	return t, false
}

// leafTicks converts a leaf formula's value to points: a ratio is clamped
// to [0, 1] and multiplied by the maximum; points are clamped to [0, max].
func (n *node) leafTicks(v float64, e *Engine) int64 {
	switch {
	case v <= 0 || math.IsNaN(v):
		return 0
	case !n.points && v >= 1:
		return n.maxTicks
	case n.points && v >= n.maxF:
		return n.maxTicks
	}
	x := decOf(v)
	if !n.points {
		p, ok := x.mul(n.max)
		if !ok {
			t, _ := ratTicks(new(big.Rat).Mul(x.rat(), n.max.rat()), e.prec, e.rule)
			return t
		}
		x = p
	}
	if t, ok := x.ticks(e.prec, e.rule); ok {
		return t
	}
	t, _ := ratTicks(x.rat(), e.prec, e.rule)
	return t
}

// weightedSum combines siblings by weight: max × Σ(wᵢ·pᵢ/mᵢ) / Σwᵢ, in
// ticks, rounded once.
func (s *unitScorer) weightedSum(nodes []*node, pts []int64, maxTicks int64) int64 {
	acc, ws := new(big.Rat), new(big.Rat)
	for i, n := range nodes {
		ws.Add(ws, n.weight)
		if n.maxTicks == 0 {
			continue
		}
		acc.Add(acc, new(big.Rat).Mul(n.weight, big.NewRat(pts[i], n.maxTicks)))
	}
	if ws.Sign() == 0 {
		return 0
	}
	acc.Mul(acc, big.NewRat(maxTicks, 1)).Quo(acc, ws)
	t, _ := ratTicks(acc, 0, s.e.rule)
	return t
}

// adjust scores a bonus or deduction: the formula's value (negative reads
// as 0), times the factor of each modifier whose condition holds, capped,
// rounded once.
func (s *unitScorer) adjust(a *adjustment) (*zerenv1.IndicatorResult, int64) {
	e := s.e
	ir := &zerenv1.IndicatorResult{IndicatorId: a.id, Name: a.name, Formula: a.formula}
	if a.cap != nil {
		ir.MaxPoints = formatTicks(a.capTicks, e.prec)
	}
	v, d := s.eval(a.prg, a.id, true)
	ir.Value, ir.Inputs, ir.Diagnostic = v.Number, v.Inputs, d
	if a.prg != nil {
		ir.Evaluator = string(a.prg.Evaluator())
	}
	x := new(big.Rat)
	if d == nil && v.Number > 0 {
		x = decOf(v.Number).rat()
	}
	for _, m := range a.mods {
		mv, md := s.eval(m.prg, m.ruleID, true)
		held := md == nil && mv.Bool
		mr := &zerenv1.IndicatorResult{IndicatorId: m.ruleID, Name: m.name, Formula: m.condition, Inputs: mv.Inputs, Diagnostic: md}
		if m.prg != nil {
			mr.Evaluator = string(m.prg.Evaluator())
		}
		if held {
			mr.Value = 1
			x.Mul(x, m.factor)
		}
		ir.Children = append(ir.Children, mr)
	}
	if a.cap != nil && x.Cmp(a.cap) > 0 {
		x = a.cap
	}
	var t int64
	if x.Cmp(big.NewRat(maxPoints, 1)) > 0 {
		ir.Diagnostic = &zerenv1.Diagnostic{RuleId: a.id,
			Message:   "the item's points exceed 10^9; set a cap",
			MessageZh: "加减分超过 10^9 分，请设置封顶分值"}
		s.diag(ir.Diagnostic)
	} else {
		t, _ = ratTicks(x, e.prec, e.rule)
	}
	ir.Points = e.format(t)
	return ir, t
}
