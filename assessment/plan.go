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

// planIndex is the plan a system is bound to and what its formulas may
// name of it.
type planIndex struct {
	plan  *zerenv1.Plan
	names *cel.PlanNames
}

func newPlanIndex(p *zerenv1.Plan) *planIndex {
	return &planIndex{plan: p, names: cel.NewPlanNames(p)}
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
		q.MessageZh = fmt.Sprintf("指标体系对应的计划是“%s”，但提供的是计划“%s”", problem.Printable(id), problem.Printable(pl.GetId()))
		b.add(q)
	}
	if y := s.GetPlanYear(); y != 0 && pl.GetYear() != 0 && y != pl.GetYear() {
		q := sys
		q.Code, q.Field = problem.Conflict, "plan_year"
		q.Message = fmt.Sprintf("the system scores the plan of %d, but plan %q is of %d", y, pl.GetId(), pl.GetYear())
		q.MessageZh = fmt.Sprintf("指标体系对应 %d 年度的计划，但计划“%s”属于 %d 年度", y, problem.Printable(pl.GetId()), pl.GetYear())
		b.add(q)
	}
}

// planRefs reports the tasks, kinds and tags a compiled formula names that
// the plan does not have.
func (b *builder) planRefs(p Problem, prg *cel.Program) {
	if b.plan == nil {
		return
	}
	for _, u := range b.plan.names.Unknown(prg) {
		q := p
		q.Code, q.Line, q.Column = problem.DanglingReference, u.Line, u.Column
		q.Message = fmt.Sprintf("%s %q is not on plan %q: the formula would read no assignment of it", u.What, u.Value, b.plan.names.ID)
		q.MessageZh = fmt.Sprintf("%s“%s”不在计划“%s”的任务清单中，公式将读不到任何分解任务", u.WhatZh, problem.Printable(u.Value), problem.Printable(b.plan.names.ID))
		b.add(q)
	}
}
