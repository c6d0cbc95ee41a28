package assessment

import (
	"fmt"

	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// WithPlan gives [New] the plan (三个清单) the indicator system scores, so
// that it checks the binding: the system's plan_id and plan_year, when set,
// must be the plan's id and year, and every task a formula names must be on
// the plan. The names are found in the type-checked formula, not in its
// text: the constants a formula compares an assignment's task_id, task_kind
// or tags with (`a.task_id == "T19"`, `a.task_id in ["T19", "T20"]`,
// `a.task_kind == "三会一课"`, `"组织生活" in a.tags`). A name that is not on
// the plan is a [Problem] at the constant's line and column: a rule that
// names a task of last year's plan would otherwise read nothing and score a
// unit on no data. The default is no plan, and no such check.
func WithPlan(plan *zerenv1.Plan) Option {
	return optionFunc(func(c *config) { c.plan = plan })
}

// planIndex is what formulas may name of a plan.
type planIndex struct {
	plan               *zerenv1.Plan
	tasks, kinds, tags map[string]bool
}

func newPlanIndex(p *zerenv1.Plan) *planIndex {
	ix := &planIndex{plan: p, tasks: map[string]bool{}, kinds: map[string]bool{}, tags: map[string]bool{}}
	for _, t := range p.GetTasks() {
		ix.tasks[t.GetId()] = true
		if t.GetKind() != "" {
			ix.kinds[t.GetKind()] = true
		}
		for _, tag := range t.GetTags() {
			ix.tags[tag] = true
		}
	}
	return ix
}

// bindPlan checks the system's plan_id and plan_year against the plan.
func (b *builder) bindPlan() {
	if b.plan == nil {
		return
	}
	s, pl := b.e.sys, b.plan.plan
	sys := Problem{Record: "system", ID: s.GetId(), Name: s.GetName()}
	if id := s.GetPlanId(); id != "" && id != pl.GetId() {
		q := sys
		q.Code, q.Field = problem.Conflict, "plan_id"
		q.Message = fmt.Sprintf("the system scores plan %q, but plan %q was given", id, pl.GetId())
		q.MessageZh = fmt.Sprintf("指标体系对应的计划是 %q，但提供的是计划 %q", id, pl.GetId())
		b.add(q)
	}
	if y := s.GetPlanYear(); y != 0 && pl.GetYear() != 0 && y != pl.GetYear() {
		q := sys
		q.Code, q.Field = problem.Conflict, "plan_year"
		q.Message = fmt.Sprintf("the system scores the plan of %d, but plan %q is of %d", y, pl.GetId(), pl.GetYear())
		q.MessageZh = fmt.Sprintf("指标体系对应 %d 年度的计划，但计划 %q 属于 %d 年度", y, pl.GetId(), pl.GetYear())
		b.add(q)
	}
}

// planRefs reports the tasks, kinds and tags a compiled formula names that
// the plan does not have.
func (b *builder) planRefs(p Problem, prg *cel.Program) {
	if b.plan == nil || prg == nil {
		return
	}
	planID := b.plan.plan.GetId()
	for _, c := range []struct {
		field, what, zh string
		known           map[string]bool
	}{
		{"task_id", "task", "任务", b.plan.tasks},
		{"task_kind", "task kind", "任务类别", b.plan.kinds},
		{"tags", "task tag", "任务标签", b.plan.tags},
	} {
		for _, l := range prg.FieldLiterals("zeren.v1.Assignment", c.field) {
			if c.known[l.Value] {
				continue
			}
			q := p
			q.Code, q.Line, q.Column = problem.DanglingReference, l.Line, l.Column
			q.Message = fmt.Sprintf("%s %q is not on plan %q: the formula would read no assignment of it", c.what, l.Value, planID)
			q.MessageZh = fmt.Sprintf("%s %q 不在计划 %q 的任务清单中，公式将读不到任何分解任务", c.zh, l.Value, planID)
			b.add(q)
		}
	}
}
