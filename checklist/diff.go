package checklist

import (
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Diff tells what a re-decomposition changed, assignment by assignment,
// matched by id. Only live (not retired) assignments count.
type Diff struct {
	// Added: produced now and not live before (new tasks, organisations or
	// periods in scope, or revived ones).
	Added []*zerenv1.Assignment
	// Changed: live before and now, with another target, due date, weight,
	// comparison, post, person or appointment (the new version). Progress
	// (actual value, evidence, status) is not a change of plan.
	Changed []*zerenv1.Assignment
	// Retired: live before and no longer produced (the retired version when
	// there is one, else the previous one).
	Retired []*zerenv1.Assignment
	// Unchanged counts the assignments live before and now, unchanged.
	Unchanged int
}

// Empty reports whether nothing was added, changed or retired.
func (d Diff) Empty() bool {
	return len(d.Added) == 0 && len(d.Changed) == 0 && len(d.Retired) == 0
}

// Compare diffs two lists of assignments (for example what a store holds and
// a new [Decompose] without [WithPrevious]), matching them by id; see [Diff].
// Each list is taken in order; an id that occurs twice counts once, by its
// first occurrence. Added and Changed follow the order of next, Retired that
// of prev.
func Compare(prev, next []*zerenv1.Assignment) Diff {
	live := func(a *zerenv1.Assignment) bool {
		return a != nil && a.GetStatus() != zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED
	}
	first := func(list []*zerenv1.Assignment) map[string]*zerenv1.Assignment {
		m := make(map[string]*zerenv1.Assignment, len(list))
		for _, a := range list {
			if a == nil {
				continue
			}
			if _, dup := m[a.GetId()]; !dup {
				m[a.GetId()] = a
			}
		}
		return m
	}
	before, after := first(prev), first(next)
	var d Diff
	for _, a := range next {
		if a == nil || after[a.GetId()] != a || !live(a) {
			continue
		}
		switch old := before[a.GetId()]; {
		case !live(old):
			d.Added = append(d.Added, a)
		case planChanged(old, a):
			d.Changed = append(d.Changed, a)
		default:
			d.Unchanged++
		}
	}
	for _, old := range prev {
		if old == nil || before[old.GetId()] != old || !live(old) {
			continue
		}
		if a, ok := after[old.GetId()]; !ok {
			d.Retired = append(d.Retired, old)
		} else if !live(a) {
			d.Retired = append(d.Retired, a)
		}
	}
	return d
}
