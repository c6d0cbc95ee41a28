package assessment

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"

	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Limits of an indicator system.
const (
	// maxPrecision is the most decimal places a system may keep.
	maxPrecision = 4
	// defaultPrecision applies when a system leaves precision unset (0).
	defaultPrecision = 2
	// maxDepth is the deepest indicator tree accepted.
	maxDepth = 8
	// maxFactor bounds a modifier's factor.
	maxFactor = 1e3
)

// builder validates a system and compiles it into an Engine.
type builder struct {
	ctx context.Context
	e   *Engine
	ps  problems
	ids map[string]string
	// plan is the plan of WithPlan, or nil.
	plan *planIndex
}

func (b *builder) add(p Problem) { b.ps.add(p) }

// number checks that v is finite and within [0, hi].
func (b *builder) number(p Problem, v, hi float64) bool {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		p.Message, p.MessageZh = fmt.Sprintf("%v is not a finite number", v), fmt.Sprintf("%v 不是有效数值", v)
	case v < 0:
		p.Message, p.MessageZh = fmt.Sprintf("%v is negative", v), fmt.Sprintf("%v 不能为负数", v)
	case v > hi:
		p.Message, p.MessageZh = fmt.Sprintf("%v exceeds the limit of %v", v, hi), fmt.Sprintf("%v 超过上限 %v", v, hi)
	default:
		return true
	}
	b.add(p)
	return false
}

// id checks an item id: present, unique across indicators, adjustments and
// vetoes, and not reserved.
func (b *builder) id(p Problem) {
	switch {
	case p.ID == "":
		p.Code, p.Field, p.Message, p.MessageZh = problem.MissingField, "id", "the id is empty", "编号不能为空"
	case p.ID == ReviewVetoID:
		p.Field, p.Message, p.MessageZh = "id", fmt.Sprintf("the id %q is reserved for the review threshold", p.ID),
			fmt.Sprintf("编号“%s”保留给述职评议满意度阈值，请换一个", p.ID)
	default:
		if prev, dup := b.ids[p.ID]; dup {
			p.Code, p.Field = problem.DuplicateID, "id"
			p.Message = fmt.Sprintf("the id is also used by %s; ids must be unique", prev)
			p.MessageZh = fmt.Sprintf("编号与 %s 重复，编号必须唯一", prev)
			b.add(p)
			return
		}
		b.ids[p.ID] = p.Record + " " + fmt.Sprintf("%q", p.ID)
		return
	}
	b.add(p)
}

// compile compiles one formula, reporting each compile issue as a problem.
func (b *builder) compile(p Problem, src string, kind cel.Kind, ruleID string) *cel.Program {
	if b.ctx.Err() != nil {
		return nil
	}
	if src == "" {
		p.Code, p.Message, p.MessageZh = problem.MissingField, "the formula is empty", "公式不能为空"
		b.add(p)
		return nil
	}
	prg, err := b.e.env.Compile(src, kind, cel.WithRuleID(ruleID))
	if err == nil {
		b.planRefs(p, prg)
		return prg
	}
	var ce *cel.CompileError
	if !errors.As(err, &ce) || len(ce.Issues) == 0 {
		p.Code, p.Message, p.MessageZh, p.Err = problem.BadRule, err.Error(), "公式无法编译："+err.Error(), err
		b.add(p)
		return nil
	}
	for _, is := range ce.Issues {
		q := p
		q.Code, q.Line, q.Column, q.Message, q.MessageZh, q.Err = problem.BadRule, is.Line, is.Column, is.Message, is.MessageZh, ce
		b.add(q)
	}
	return nil
}

// ticks converts a validated non-negative amount to ticks, requiring that it
// have at most the system's decimal places.
func (b *builder) ticks(p Problem, v float64) int64 {
	if decimals(v) > b.e.prec {
		p.Message = fmt.Sprintf("%v has more decimal places than the system's precision of %d", v, b.e.prec)
		p.MessageZh = fmt.Sprintf("%v 的小数位数超过指标体系的精度（%d 位）", v, b.e.prec)
		b.add(p)
		return 0
	}
	t, _ := decOf(v).ticks(b.e.prec, zerenv1.ScoreRounding_SCORE_ROUNDING_DOWN)
	return t
}

func (b *builder) build() {
	s, e := b.e.sys, b.e
	sys := Problem{Record: "system", ID: s.GetId(), Name: s.GetName()}
	b.bindPlan()
	e.prec = defaultPrecision
	if s.GetPrecision() != 0 {
		if p := s.GetPrecision(); p < 0 || p > maxPrecision {
			q := sys
			q.Field, q.Message, q.MessageZh = "precision", fmt.Sprintf("precision %d is outside 0–%d", p, maxPrecision),
				fmt.Sprintf("精度 %d 超出 0–%d 位的范围", p, maxPrecision)
			b.add(q)
		} else {
			e.prec = int(p)
		}
	}
	switch e.rule = s.GetRounding(); e.rule {
	case zerenv1.ScoreRounding_SCORE_ROUNDING_UNSPECIFIED:
		e.rule = zerenv1.ScoreRounding_SCORE_ROUNDING_HALF_UP
	case zerenv1.ScoreRounding_SCORE_ROUNDING_HALF_UP, zerenv1.ScoreRounding_SCORE_ROUNDING_HALF_EVEN,
		zerenv1.ScoreRounding_SCORE_ROUNDING_DOWN:
	default:
		q := sys
		q.Field, q.Message, q.MessageZh = "rounding", fmt.Sprintf("unknown rounding rule %d", e.rule), fmt.Sprintf("未知的舍入规则 %d", e.rule)
		b.add(q)
	}
	if len(s.GetIndicators()) == 0 {
		q := sys
		q.Field, q.Message, q.MessageZh = "indicators", "the system has no indicators", "指标体系没有任何指标"
		b.add(q)
	}
	e.roots, e.weighted, e.maxScore = b.indicators(s.GetIndicators(), "indicators", 1)
	q := sys
	q.Field = "max_score"
	if ms := s.GetMaxScore(); ms != 0 && b.number(q, ms, maxPoints) {
		t := b.ticks(q, ms)
		if !e.weighted && t != e.maxScore && len(e.roots) > 0 {
			q.Message = fmt.Sprintf("the 一级指标 add up to %s points, not %s; fix their max_points or give them weights",
				formatTicks(e.maxScore, e.prec), formatTicks(t, e.prec))
			q.MessageZh = fmt.Sprintf("一级指标分值合计 %s 分，与总分 %s 分不符；请修改分值或设置权重",
				formatTicks(e.maxScore, e.prec), formatTicks(t, e.prec))
			b.add(q)
		}
		e.maxScore = t
	}
	b.grades()
	e.bonuses = b.adjustments(s.GetBonuses(), "bonus", "bonuses")
	e.deductions = b.adjustments(s.GetDeductions(), "deduction", "deductions")
	b.vetoes()
	b.scheme()
}

// indicators validates and compiles a list of sibling indicators, returning
// them, whether they combine by weight, and the sum of their maximum points.
func (b *builder) indicators(list []*zerenv1.Indicator, path string, depth int) ([]*node, bool, int64) {
	var nodes []*node
	weighted := false
	var sum int64
	for i, ind := range list {
		p := Problem{Record: "indicator", Path: fmt.Sprintf("%s[%d]", path, i), ID: ind.GetId(), Name: ind.GetName()}
		if ind == nil {
			p.Message, p.MessageZh = "the indicator is empty", "指标为空"
			b.add(p)
			continue
		}
		b.id(p)
		n := &node{id: ind.GetId(), name: ind.GetName(), formula: ind.GetFormula(), points: ind.GetPointsFormula()}
		q := p
		q.Field = "max_points"
		if b.number(q, ind.GetMaxPoints(), maxPoints) {
			n.max, n.maxF = decOf(ind.GetMaxPoints()), ind.GetMaxPoints()
			n.maxTicks = b.ticks(q, ind.GetMaxPoints())
		}
		q.Field = "weight"
		if w := ind.GetWeight(); w != 0 && b.number(q, w, maxPoints) {
			n.weight = decOf(w).rat()
			weighted = true
		}
		if len(ind.GetChildren()) == 0 {
			b.leaf(p, ind, n)
		} else {
			b.inner(p, ind, n, depth)
		}
		if n.weight == nil {
			n.weight = ticksRat(n.maxTicks, b.e.prec)
		}
		n.maxText = formatTicks(n.maxTicks, b.e.prec)
		sum += n.maxTicks
		nodes = append(nodes, n)
	}
	return nodes, weighted, sum
}

func (b *builder) leaf(p Problem, ind *zerenv1.Indicator, n *node) {
	if ind.GetMaxPoints() == 0 {
		q := p
		q.Field, q.Message, q.MessageZh = "max_points", "a leaf indicator needs maximum points above 0", "末级指标的分值必须大于 0"
		b.add(q)
	}
	q := p
	q.Field = "formula"
	n.prg = b.compile(q, ind.GetFormula(), cel.KindNumber, ind.GetId())
	switch n.noData = ind.GetNoData(); n.noData {
	case zerenv1.NoDataPolicy_NO_DATA_POLICY_UNSPECIFIED:
		n.noData = zerenv1.NoDataPolicy_NO_DATA_POLICY_ZERO
	case zerenv1.NoDataPolicy_NO_DATA_POLICY_ZERO, zerenv1.NoDataPolicy_NO_DATA_POLICY_EXCLUDE,
		zerenv1.NoDataPolicy_NO_DATA_POLICY_FULL_MARKS, zerenv1.NoDataPolicy_NO_DATA_POLICY_FAIL_UNIT:
	default:
		q.Field = "no_data"
		q.Message = fmt.Sprintf("unknown no-data policy %d", n.noData)
		q.MessageZh = fmt.Sprintf("未知的无数据处理规则 %d", n.noData)
		b.add(q)
	}
}

func (b *builder) inner(p Problem, ind *zerenv1.Indicator, n *node, depth int) {
	if ind.GetNoData() != zerenv1.NoDataPolicy_NO_DATA_POLICY_UNSPECIFIED {
		q := p
		q.Field = "no_data"
		q.Message = "an indicator with children has no formula, so no no-data policy; set it on its leaves"
		q.MessageZh = "含下级指标的指标没有公式，不能设置无数据处理规则；请在末级指标上设置"
		b.add(q)
	}
	if ind.GetFormula() != "" || ind.GetPointsFormula() {
		q := p
		q.Field = "formula"
		q.Message = "an indicator with children is scored from them and cannot have a formula"
		q.MessageZh = "含下级指标的指标由下级指标合计得分，不能再设公式"
		b.add(q)
	}
	if depth >= maxDepth {
		q := p
		q.Field = "children"
		q.Message = fmt.Sprintf("the tree nests deeper than %d levels", maxDepth)
		q.MessageZh = fmt.Sprintf("指标层级超过 %d 级", maxDepth)
		b.add(q)
		return
	}
	children, weighted, sum := b.indicators(ind.GetChildren(), p.Path+".children", depth+1)
	n.children, n.weighted = children, weighted
	if ind.GetMaxPoints() == 0 {
		n.maxTicks = sum
		return
	}
	if !weighted && sum != n.maxTicks {
		q := p
		q.Field = "max_points"
		q.Message = fmt.Sprintf("the children add up to %s points, not %s; fix their max_points or give them weights",
			formatTicks(sum, b.e.prec), formatTicks(n.maxTicks, b.e.prec))
		q.MessageZh = fmt.Sprintf("下级指标分值合计 %s 分，与本指标分值 %s 分不符；请修改分值或设置权重",
			formatTicks(sum, b.e.prec), formatTicks(n.maxTicks, b.e.prec))
		b.add(q)
	}
}

func (b *builder) adjustments(list []*zerenv1.Adjustment, kind, path string) []*adjustment {
	var out []*adjustment
	for i, a := range list {
		p := Problem{Record: kind, Path: fmt.Sprintf("%s[%d]", path, i), ID: a.GetId(), Name: a.GetName()}
		if a == nil {
			p.Message, p.MessageZh = "the item is empty", "加减分项为空"
			b.add(p)
			continue
		}
		b.id(p)
		adj := &adjustment{id: a.GetId(), name: a.GetName(), formula: a.GetFormula()}
		q := p
		q.Field = "formula"
		adj.prg = b.compile(q, a.GetFormula(), cel.KindNumber, a.GetId())
		q.Field = "cap"
		if c := a.GetCap(); c != 0 && b.number(q, c, maxPoints) {
			adj.cap = decOf(c).rat()
			adj.capTicks = b.ticks(q, c)
		}
		for j, m := range a.GetModifiers() {
			mp := Problem{Record: "modifier", Path: fmt.Sprintf("%s.modifiers[%d]", p.Path, j), Name: m.GetName()}
			mod := modifier{ruleID: fmt.Sprintf("%s.modifiers[%d]", a.GetId(), j), name: m.GetName(), condition: m.GetCondition()}
			mp.Field = "condition"
			mod.prg = b.compile(mp, m.GetCondition(), cel.KindBool, mod.ruleID)
			mp.Field = "factor"
			if b.number(mp, m.GetFactor(), maxFactor) {
				d := decOf(m.GetFactor())
				mod.factor, mod.factorText = d.rat(), d.rat().FloatString(max(0, -d.e))
			}
			adj.mods = append(adj.mods, mod)
		}
		out = append(out, adj)
	}
	return out
}

func (b *builder) grades() {
	e, gs := b.e, b.e.sys.GetGradeScale()
	e.gradeIndex = map[string]int{}
	if gs == nil {
		return
	}
	p := Problem{Record: "grade scale", ID: gs.GetId(), Name: gs.GetName()}
	if len(gs.GetGrades()) == 0 {
		p.Field, p.Message, p.MessageZh = "grades", "the grade scale has no grades", "等次设置中没有任何等次"
		b.add(p)
	}
	switch e.tie = gs.GetTieRule(); e.tie {
	case zerenv1.TieRule_TIE_RULE_UNSPECIFIED:
		e.tie = zerenv1.TieRule_TIE_RULE_REVIEW_THEN_ID
	case zerenv1.TieRule_TIE_RULE_REVIEW_THEN_ID, zerenv1.TieRule_TIE_RULE_ID, zerenv1.TieRule_TIE_RULE_SHARED:
	default:
		p.Field, p.Message, p.MessageZh = "tie_rule", fmt.Sprintf("unknown tie rule %d", e.tie), fmt.Sprintf("未知的并列规则 %d", e.tie)
		b.add(p)
	}
	switch e.vetoRanking = gs.GetVetoRanking(); e.vetoRanking {
	case zerenv1.VetoRanking_VETO_RANKING_UNSPECIFIED:
		e.vetoRanking = zerenv1.VetoRanking_VETO_RANKING_BY_GRADE
	case zerenv1.VetoRanking_VETO_RANKING_BY_GRADE, zerenv1.VetoRanking_VETO_RANKING_APART:
	default:
		q := p
		q.Field, q.Message, q.MessageZh = "veto_ranking", fmt.Sprintf("unknown veto ranking %d", e.vetoRanking), fmt.Sprintf("未知的一票否决排名规则 %d", e.vetoRanking)
		b.add(q)
	}
	last := len(gs.GetGrades()) - 1
	for i, g := range gs.GetGrades() {
		q := Problem{Record: "grade", Path: fmt.Sprintf("grade_scale.grades[%d]", i), ID: g.GetId(), Name: g.GetName()}
		gr := grade{id: g.GetId(), name: g.GetName()}
		if gr.name == "" {
			gr.name = gr.id
		}
		if _, dup := e.gradeIndex[g.GetId()]; dup || g.GetId() == "" {
			q.Field, q.Message, q.MessageZh = "id", "grade ids must be present and unique", "等次编号不能为空且不能重复"
			b.add(q)
		} else {
			e.gradeIndex[g.GetId()] = i
		}
		q.Field = "min_score"
		if b.number(q, g.GetMinScore(), maxPoints) {
			r := new(big.Rat).Mul(decOf(g.GetMinScore()).rat(), big.NewRat(pow10[e.prec], 1))
			gr.minTicks = new(big.Int).Quo(new(big.Int).Add(r.Num(), new(big.Int).Sub(r.Denom(), big.NewInt(1))), r.Denom()).Int64()
			if i > 0 && g.GetMinScore() >= gs.GetGrades()[i-1].GetMinScore() {
				q.Message = "grades must be listed best first, each with a lower min_score than the one before"
				q.MessageZh = "等次须从高到低排列，每一等次的最低分须低于上一等次"
				b.add(q)
			}
		}
		q.Field = "quota_percent"
		if b.number(q, g.GetQuotaPercent(), 100) && g.GetQuotaPercent() > 0 {
			if i == last {
				q.Message = "the last grade takes every remaining unit and cannot have a quota"
				q.MessageZh = "最后一个等次承接其余所有单位，不能设置比例"
				b.add(q)
			}
			gr.quota = decOf(g.GetQuotaPercent()).rat()
		}
		e.grades = append(e.grades, gr)
	}
}

// gradeRef resolves a grade id named by a veto or the review scheme.
func (b *builder) gradeRef(p Problem, id string) int {
	if i, ok := b.e.gradeIndex[id]; ok {
		return i
	}
	p.Code = problem.DanglingReference
	switch {
	case b.e.sys.GetGradeScale() == nil:
		p.Message, p.MessageZh = fmt.Sprintf("grade %q is named but the system has no grade scale", id),
			fmt.Sprintf("引用了等次“%s”，但指标体系没有等次设置", problem.Printable(id))
	default:
		p.Message, p.MessageZh = fmt.Sprintf("grade %q does not exist in the grade scale", id),
			fmt.Sprintf("等次“%s”在等次设置中不存在", problem.Printable(id))
	}
	b.add(p)
	return -1
}

func (b *builder) vetoes() {
	for i, v := range b.e.sys.GetVetoes() {
		p := Problem{Record: "veto", Path: fmt.Sprintf("vetoes[%d]", i), ID: v.GetId(), Name: v.GetName()}
		if v == nil {
			p.Message, p.MessageZh = "the veto is empty", "否决项为空"
			b.add(p)
			continue
		}
		b.id(p)
		vt := &veto{id: v.GetId(), name: v.GetName(), condition: v.GetCondition(), action: v.GetAction()}
		q := p
		q.Field = "condition"
		vt.prg = b.compile(q, v.GetCondition(), cel.KindBool, v.GetId())
		q.Field = "action"
		if a := v.GetAction(); a != zerenv1.VetoAction_VETO_ACTION_FORCE_GRADE && a != zerenv1.VetoAction_VETO_ACTION_CAP_GRADE {
			q.Message, q.MessageZh = "the action must be FORCE_GRADE or CAP_GRADE", "否决方式须为“直接定为某等次”或“不高于某等次”"
			b.add(q)
		}
		q.Field = "grade_id"
		vt.grade = b.gradeRef(q, v.GetGradeId())
		b.e.vetoes = append(b.e.vetoes, vt)
	}
}
