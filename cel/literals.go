package cel

import (
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Literal is a string constant a rule compares a field with, located in the
// rule's source (1-based line and column, in characters).
type Literal struct {
	// Value is the constant.
	Value string
	// Line and Column locate the constant in the source.
	Line, Column int
}

// FieldLiterals returns the string constants the rule compares a field of a
// message type with, found in the type-checked expression (not in the
// text): `a.task_id == "T19"` and `"T19" == a.task_id`, `a.task_id != "T19"`,
// `a.task_id in ["T19", "T20"]`, and `"三会一课" in a.tags` for a repeated
// field. msgType is the full name, e.g. "zeren.v1.Assignment". Only fields
// of values the checker typed as that message count, so a field of the same
// name on another message, or inside a string, does not. The constants come
// in source order.
func (p *Program) FieldLiterals(msgType, field string) []Literal {
	if p == nil || p.ast == nil {
		return nil
	}
	a := p.ast
	isField := func(e celast.Expr) bool {
		if e.Kind() != celast.SelectKind || e.AsSelect().FieldName() != field || e.AsSelect().IsTestOnly() {
			return false
		}
		t := a.GetType(e.AsSelect().Operand().ID())
		return t != nil && t.Kind() == types.StructKind && t.TypeName() == msgType
	}
	var out []Literal
	add := func(e celast.Expr) {
		if e.Kind() != celast.LiteralKind {
			return
		}
		s, ok := e.AsLiteral().Value().(string)
		if !ok {
			return
		}
		l := Literal{Value: s}
		if loc := p.info.GetStartLocation(e.ID()); loc.Line() > 0 {
			l.Line, l.Column = loc.Line(), loc.Column()+1
		}
		out = append(out, l)
	}
	celast.PreOrderVisit(a.Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		if e.Kind() != celast.CallKind {
			return
		}
		c := e.AsCall()
		args := c.Args()
		if len(args) != 2 {
			return
		}
		switch c.FunctionName() {
		case operators.Equals, operators.NotEquals:
			if isField(args[0]) {
				add(args[1])
			} else if isField(args[1]) {
				add(args[0])
			}
		case operators.In:
			switch {
			case isField(args[0]) && args[1].Kind() == celast.ListKind:
				for _, el := range args[1].AsList().Elements() {
					add(el)
				}
			case isField(args[1]):
				add(args[0])
			}
		}
	}))
	return out
}

// PlanNames is what rules may name of a plan: its task ids, task kinds and
// tags. Package assessment checks indicator formulas against it and package
// accountability trigger conditions.
type PlanNames struct {
	// ID is the plan's id.
	ID                 string
	tasks, kinds, tags map[string]bool
}

// NewPlanNames indexes a plan; nil for no plan.
func NewPlanNames(p *zerenv1.Plan) *PlanNames {
	if p == nil {
		return nil
	}
	n := &PlanNames{ID: p.GetId(), tasks: map[string]bool{}, kinds: map[string]bool{}, tags: map[string]bool{}}
	for _, t := range p.GetTasks() {
		n.tasks[t.GetId()] = true
		if t.GetKind() != "" {
			n.kinds[t.GetKind()] = true
		}
		for _, tag := range t.GetTags() {
			n.tags[tag] = true
		}
	}
	return n
}

// UnknownName is a task id, kind or tag a rule names that the plan does not
// have, with what it is in English and Chinese ("task kind", "任务类别").
type UnknownName struct {
	Literal
	What, WhatZh string
}

// Unknown returns, in source order per kind of name, the task ids, task
// kinds and tags the rule compares an assignment with that the plan does not
// have ([Program.FieldLiterals]).
func (n *PlanNames) Unknown(prg *Program) []UnknownName {
	if n == nil || prg == nil {
		return nil
	}
	var out []UnknownName
	for _, c := range []struct {
		field, what, zh string
		known           map[string]bool
	}{
		{"task_id", "task", "任务", n.tasks},
		{"task_kind", "task kind", "任务类别", n.kinds},
		{"tags", "task tag", "任务标签", n.tags},
	} {
		for _, l := range prg.FieldLiterals("zeren.v1.Assignment", c.field) {
			if !c.known[l.Value] {
				out = append(out, UnknownName{Literal: l, What: c.what, WhatZh: c.zh})
			}
		}
	}
	return out
}
