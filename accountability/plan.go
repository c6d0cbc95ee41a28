package accountability

import (
	"fmt"

	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// unknownPlanNames reports the tasks, kinds and tags a compiled condition
// compares an assignment with that the plan does not have, at their line
// and column.
func unknownPlanNames(known *cel.PlanNames, t *zerenv1.Trigger, id string, prg *cel.Program) []Problem {
	var out []Problem
	for _, u := range known.Unknown(prg) {
		out = append(out, Problem{Code: problem.DanglingReference, Record: "trigger", ID: id, Name: t.GetName(),
			Field: "condition", Line: u.Line, Column: u.Column,
			Message:   fmt.Sprintf("%s %q is not on plan %q: the condition would read no assignment of it", u.What, u.Value, known.ID),
			MessageZh: fmt.Sprintf("%s“%s”不在计划“%s”的任务清单中，触发条件将读不到任何分解任务", u.WhatZh, u.Value, known.ID)})
	}
	return out
}
