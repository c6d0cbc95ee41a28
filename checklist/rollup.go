package checklist

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// Grouping says what [Rollup] aggregates by.
type Grouping int

// The groupings of [Rollup].
const (
	// ByAssignment: one row per assignment, in input order.
	ByAssignment Grouping = iota + 1
	// ByOrganization: per organisation (党组织), in hierarchy order.
	ByOrganization
	// ByUnit: per unit (单位), in hierarchy order.
	ByUnit
	// ByLevel: per framework level (党组 / 机关党委 / 党支部), in framework
	// order — the figures that show 上热中温下冷.
	ByLevel
	// ByTask: per task, by task id.
	ByTask
	// ByPerson: per person bound to the assignments, by person id.
	ByPerson
)

// String returns the grouping's English name.
func (g Grouping) String() string {
	switch g {
	case ByAssignment:
		return "assignment"
	case ByOrganization:
		return "organization"
	case ByUnit:
		return "unit"
	case ByLevel:
		return "level"
	case ByTask:
		return "task"
	case ByPerson:
		return "person"
	}
	return fmt.Sprintf("Grouping(%d)", int(g))
}

// Row is the progress of one group of assignments as of a date. Completion
// is whether targets were met, not how well the work was done: the quality
// of results is assessed elsewhere (督查 findings, 述职评议, the indicator
// system of the assessment package), and the two are kept apart.
type Row struct {
	// Key is the id of the group: an assignment, organisation, unit, level,
	// task or person id. Assignments whose organisation the hierarchy does
	// not know (or that have no person, for ByPerson) fall in a group with
	// an empty key, listed last.
	Key string
	// Name is the group's name from the hierarchy, when it has one.
	Name string
	// Assignments counts the group's assignments (retired ones excluded).
	Assignments int
	// Done counts those done as of the date: status DONE and completed by
	// then (a DONE assignment without a completion time counts as done).
	Done int
	// Weight sums the assignments' weights, a weight of 0 counting as 1.
	Weight float64
	// DoneWeight sums the weights of the done assignments.
	DoneWeight float64
	// Completion is DoneWeight ÷ Weight (完成率), 0 for an empty group.
	Completion float64
	// Due counts the assignments whose due day has ended by the date.
	Due int
	// OnTime counts those among Due completed before their due day ended.
	OnTime int
	// OnTimeRate is OnTime ÷ Due (按时完成率), 0 while nothing is due.
	OnTimeRate float64
	// Overdue counts those among Due not done (逾期未完成).
	Overdue int
}

// Rollup aggregates the progress of assignments as of a date (台账汇总), per
// the grouping: count, done, weighted completion, on-time rate and overdue
// count. Retired assignments are left out. Due days end at midnight in the
// hierarchy's location: an assignment due on 2026-03-31 is overdue from
// 2026-04-01 00:00 if not done. Rows come in a deterministic order (see
// [Grouping]); the result depends only on the inputs.
func Rollup(h *responsibility.Hierarchy, assignments []*zerenv1.Assignment, asOf time.Time, by Grouping) []Row {
	type orgInfo struct {
		order       int
		unit, level string
		name        string
	}
	orgs := map[string]orgInfo{}
	i := 0
	for o := range h.Organizations() {
		orgs[o.GetId()] = orgInfo{order: i, unit: o.GetUnitId(), level: o.GetLevelId(), name: o.GetName()}
		i++
	}
	loc := h.Location()
	dueEnds := map[int64]int64{}
	now := asOf.UnixNano()
	rows := []Row{}
	index := map[string]int{}
	for _, a := range assignments {
		if a == nil || a.GetStatus() == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED {
			continue
		}
		var key string
		switch by {
		case ByAssignment:
			key = a.GetId()
		case ByOrganization:
			if _, ok := orgs[a.GetOrganizationId()]; ok {
				key = a.GetOrganizationId()
			}
		case ByUnit:
			key = orgs[a.GetOrganizationId()].unit
		case ByLevel:
			key = orgs[a.GetOrganizationId()].level
		case ByTask:
			key = a.GetTaskId()
		case ByPerson:
			key = a.GetPersonId()
		}
		k := len(rows)
		if by != ByAssignment {
			var ok bool
			if k, ok = index[key]; !ok {
				k = len(rows)
				index[key] = k
			}
		}
		if k == len(rows) {
			rows = append(rows, Row{Key: key})
		}
		r := &rows[k]
		w := a.GetWeight()
		if !(w > 0) {
			w = 1
		}
		r.Assignments++
		r.Weight += w
		done := a.GetStatus() == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE &&
			(a.GetCompletedAt() == nil || a.GetCompletedAt().AsTime().UnixNano() <= now)
		if done {
			r.Done++
			r.DoneWeight += w
		}
		if a.GetDue() == nil {
			continue
		}
		ds := a.GetDue().GetSeconds()
		end, ok := dueEnds[ds]
		if !ok {
			end = dayEnd(time.Unix(ds, 0), loc).UnixNano()
			dueEnds[ds] = end
		}
		if end > now {
			continue
		}
		r.Due++
		switch {
		case !done:
			r.Overdue++
		case a.GetCompletedAt() == nil || a.GetCompletedAt().AsTime().UnixNano() < end:
			r.OnTime++
		}
	}
	for k := range rows {
		r := &rows[k]
		if r.Weight > 0 {
			r.Completion = r.DoneWeight / r.Weight
		}
		if r.Due > 0 {
			r.OnTimeRate = float64(r.OnTime) / float64(r.Due)
		}
		r.Name = rowName(h, by, r.Key, func(id string) string { return orgs[id].name })
	}
	if by == ByAssignment {
		return rows
	}
	rank := rankOf(h, by, func(id string) (int, bool) { o, ok := orgs[id]; return o.order, ok })
	slices.SortStableFunc(rows, func(x, y Row) int {
		rx, okx := rank(x.Key)
		ry, oky := rank(y.Key)
		switch {
		case okx && oky:
			return cmp.Compare(rx, ry)
		case okx != oky:
			if okx {
				return -1
			}
			return 1
		}
		return compareKeys(x.Key, y.Key)
	})
	return rows
}

// rankOf returns the hierarchy order of the groups that have one.
func rankOf(h *responsibility.Hierarchy, by Grouping, org func(string) (int, bool)) func(string) (int, bool) {
	order := map[string]int{}
	switch by {
	case ByOrganization:
		return org
	case ByUnit:
		i := 0
		for u := range h.Units() {
			order[u.GetId()] = i
			i++
		}
	case ByLevel:
		for i, l := range h.Framework().GetLevels() {
			order[l.GetId()] = i
		}
	}
	return func(k string) (int, bool) { i, ok := order[k]; return i, ok }
}

// rowName names a group from the hierarchy.
func rowName(h *responsibility.Hierarchy, by Grouping, key string, org func(string) string) string {
	switch by {
	case ByOrganization:
		return org(key)
	case ByUnit:
		if u, ok := h.Unit(key); ok {
			return u.GetName()
		}
	case ByLevel:
		if l, ok := h.Level(key); ok {
			return l.GetName()
		}
	case ByPerson:
		if p, ok := h.Person(key); ok {
			return p.GetName()
		}
	}
	return ""
}

// compareKeys orders keys by byte value, the empty key last.
func compareKeys(x, y string) int {
	switch {
	case x == y:
		return 0
	case x == "":
		return 1
	case y == "":
		return -1
	}
	return cmp.Compare(x, y)
}
