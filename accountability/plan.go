package accountability

import (
	"fmt"

	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// planIndex is what trigger conditions may name of a plan.
type planIndex struct {
	id                 string
	tasks, kinds, tags map[string]bool
}

// planNames indexes a plan's task ids, kinds and tags; nil without a plan.
func planNames(p *zerenv1.Plan) *planIndex {
	if p == nil {
		return nil
	}
	ix := &planIndex{id: p.GetId(), tasks: map[string]bool{}, kinds: map[string]bool{}, tags: map[string]bool{}}
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

// check reports the tasks, kinds and tags a compiled condition compares an
// assignment with that the plan does not have, at their line and column.
func (ix *planIndex) check(t *zerenv1.Trigger, id string, prg *cel.Program) []Problem {
	var out []Problem
	for _, c := range []struct {
		field, what, zh string
		known           map[string]bool
	}{
		{"task_id", "task", "任务", ix.tasks},
		{"task_kind", "task kind", "任务类别", ix.kinds},
		{"tags", "task tag", "任务标签", ix.tags},
	} {
		for _, l := range prg.FieldLiterals("zeren.v1.Assignment", c.field) {
			if c.known[l.Value] {
				continue
			}
			out = append(out, Problem{Code: problem.DanglingReference, Record: "trigger", ID: id, Name: t.GetName(),
				Field: "condition", Line: l.Line, Column: l.Column,
				Message: fmt.Sprintf("%s %q is not on plan %q: the condition would read no assignment of it",
					c.what, l.Value, ix.id),
				MessageZh: fmt.Sprintf("%s“%s”不在计划“%s”的任务清单中，触发条件将读不到任何分解任务",
					c.zh, l.Value, ix.id)})
		}
	}
	return out
}
