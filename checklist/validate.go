package checklist

import (
	"math"
	"strings"
	"time"

	"github.com/zerenlab/zeren/calendar"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// validator checks a plan and fills the Plan's indexes, collecting every
// problem rather than stopping at the first.
type validator struct {
	p        *Plan
	problems problems
	yearOK   bool
	problem  map[string]bool
	postIdx  map[string]int32
	orgs     []orgRef
}

// orgRef is an organisation with what scope resolution needs.
type orgRef struct {
	id, level, unit string
	key             bool
	posts           []*zerenv1.Post
}

// Plan years are limited to the hierarchy's accepted dates.
const minYear, maxYear = 1901, 2199

func (v *validator) run() {
	pb := v.p.pb
	y := pb.GetYear()
	switch {
	case y == 0:
		v.problems.Addf(ProblemMissingField, "plan", recordID(pb.GetId(), 0), pb.GetName(), "year", "year is not set")
	case y < minYear || y > maxYear:
		v.problems.Addf(ProblemInvalidValue, "plan", recordID(pb.GetId(), 0), pb.GetName(), "year",
			"year %d is not between %d and %d", y, minYear, maxYear)
	default:
		v.yearOK = true
	}
	if fw := pb.GetFrameworkId(); fw != "" && fw != v.p.h.Framework().GetId() {
		v.problems.Addf(ProblemDanglingReference, "plan", recordID(pb.GetId(), 0), pb.GetName(), "framework_id",
			"the plan follows framework %q, the hierarchy %q", fw, v.p.h.Framework().GetId())
	}
	v.indexOrgs()
	v.problemList()
	v.taskList()
	v.responsibilityList()
}

func (v *validator) indexOrgs() {
	h := v.p.h
	for o := range h.Organizations() {
		r := orgRef{id: o.GetId(), level: o.GetLevelId(), unit: o.GetUnitId()}
		if u, ok := h.Unit(r.unit); ok {
			r.key = u.GetKeyUnit()
		}
		r.posts, _ = h.Posts(r.id)
		v.orgs = append(v.orgs, r)
	}
	v.postIdx = map[string]int32{}
}

func (v *validator) dimension(d zerenv1.Dimension, add addFunc) {
	switch _, known := zerenv1.Dimension_name[int32(d)]; {
	case d == zerenv1.Dimension_DIMENSION_UNSPECIFIED:
		add(ProblemMissingField, "dimension", "dimension (建设维度) is not set")
	case !known:
		add(ProblemInvalidValue, "dimension", "dimension %d is not one of the 建设维度", int32(d))
	}
}

func (v *validator) problemList() {
	v.problem = map[string]bool{}
	for i, pr := range v.p.pb.GetProblems() {
		id, name := recordID(pr.GetId(), i), pr.GetTitle()
		add := func(kind ProblemKind, field, format string, args ...any) {
			v.problems.Addf(kind, "problem", id, name, field, format, args...)
		}
		switch {
		case pr.GetId() == "":
			add(ProblemMissingField, "id", "id is empty")
		case v.problem[pr.GetId()]:
			add(ProblemDuplicateID, "id", "id is used by another problem")
		default:
			v.problem[pr.GetId()] = true
		}
		if name == "" {
			add(ProblemMissingField, "title", "title is empty")
		}
		v.dimension(pr.GetDimension(), add)
	}
}

func (v *validator) taskList() {
	p := v.p
	p.taskIdx = map[string]int{}
	for i, t := range p.pb.GetTasks() {
		id, name := recordID(t.GetId(), i), t.GetTitle()
		add := func(kind ProblemKind, field, format string, args ...any) {
			v.problems.Addf(kind, "task", id, name, field, format, args...)
		}
		ok := true
		switch _, dup := p.taskIdx[t.GetId()]; {
		case t.GetId() == "":
			add(ProblemMissingField, "id", "id is empty")
			ok = false
		case dup:
			add(ProblemDuplicateID, "id", "id is used by another task")
			ok = false
		case strings.Contains(t.GetId(), "/"):
			add(ProblemInvalidValue, "id", `id contains "/", which assignment ids use as a separator`)
			ok = false
		}
		if name == "" {
			add(ProblemMissingField, "title", "title is empty")
		}
		v.dimension(t.GetDimension(), add)
		for _, pid := range t.GetProblemIds() {
			if !v.problem[pid] {
				add(ProblemDanglingReference, "problem_ids", "problem %q is not on the 问题清单", pid)
			}
		}
		if w := t.GetWeight(); math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
			add(ProblemInvalidValue, "weight", "weight %v is not a finite number ≥ 0", w)
			ok = false
		}
		pt := planTask{pb: t}
		ok = v.owner(t, &pt, add) && ok
		ok = v.measure(t.GetMeasure(), add) && ok
		ok = v.deadline(t, &pt, add) && ok
		if !ok {
			continue
		}
		p.taskIdx[t.GetId()] = len(p.tasks)
		p.tasks = append(p.tasks, pt)
	}
}

type addFunc func(kind ProblemKind, field, format string, args ...any)

// owner checks the owner post kind and the scope, and resolves the scope.
func (v *validator) owner(t *zerenv1.Task, pt *planTask, add addFunc) bool {
	h := v.p.h
	kindID := t.GetOwnerPostKindId()
	kind, kindOK := h.PostKind(kindID)
	if kindID == "" {
		add(ProblemMissingField, "owner_post_kind_id", "owner post kind is not set")
	} else if !kindOK {
		add(ProblemDanglingReference, "owner_post_kind_id", "post kind %q is not in framework %q",
			kindID, h.Framework().GetId())
	}
	s := t.GetScope()
	levels, scopeOK := set(s.GetLevelIds(), func(id string) bool { _, ok := h.Level(id); return ok },
		func(id string) {
			add(ProblemDanglingReference, "scope.level_ids", "level %q is not in the framework", id)
		})
	units, ok2 := set(s.GetUnitIds(), func(id string) bool { _, ok := h.Unit(id); return ok },
		func(id string) { add(ProblemDanglingReference, "scope.unit_ids", "unit %q does not exist", id) })
	orgs, ok3 := set(s.GetOrganizationIds(), func(id string) bool { _, ok := h.Organization(id); return ok },
		func(id string) {
			add(ProblemDanglingReference, "scope.organization_ids", "organization %q does not exist", id)
		})
	if !kindOK || !scopeOK || !ok2 || !ok3 {
		return false
	}
	pt.perPost = !kind.GetSingleHolder()
	for _, o := range v.orgs {
		if (levels != nil && !levels[o.level]) || (units != nil && !units[o.unit]) ||
			(orgs != nil && !orgs[o.id]) || (s.GetKeyUnitsOnly() && !o.key) {
			continue
		}
		for _, post := range o.posts {
			if post.GetPostKindId() != kindID {
				continue
			}
			if strings.Contains(o.id, "/") {
				add(ProblemInvalidValue, "scope", `organization %q has "/" in its id, which assignment ids use as a separator`, o.id)
				return false
			}
			pt.targets = append(pt.targets, v.post(post, o.id))
			if !pt.perPost {
				break
			}
		}
	}
	if len(pt.targets) == 0 {
		add(ProblemEmptyScope, "scope", "no organisation in the scope has a post of kind %q (%s), so nobody would carry the task",
			kindID, kind.GetName())
		return false
	}
	return true
}

// set turns a list of ids into a set, reporting those that do not exist.
// A nil set means "no restriction".
func set(ids []string, exists func(string) bool, missing func(string)) (map[string]bool, bool) {
	if len(ids) == 0 {
		return nil, true
	}
	m := make(map[string]bool, len(ids))
	ok := true
	for _, id := range ids {
		if !exists(id) {
			missing(id)
			ok = false
		}
		m[id] = true
	}
	return m, ok
}

// post returns the index of a post in Plan.posts, adding it on first use.
func (v *validator) post(post *zerenv1.Post, org string) int32 {
	if i, ok := v.postIdx[post.GetId()]; ok {
		return i
	}
	apps, _ := v.p.h.Appointments(post.GetId())
	i := int32(len(v.p.posts))
	v.p.posts = append(v.p.posts, postRef{id: post.GetId(), org: org, apps: appRefs(apps)})
	v.postIdx[post.GetId()] = i
	return i
}

func knownEnum[E ~int32](e E, names map[int32]string) bool {
	_, ok := names[int32(e)]
	return ok && e != 0
}

// measure checks a task's measure (量化到事).
func (v *validator) measure(m *zerenv1.Measure, add addFunc) bool {
	n0 := len(v.problems)
	if m == nil {
		add(ProblemMissingField, "measure", "the task has no measure (metric, unit, target, comparison, period)")
		return false
	}
	if m.GetMetric() == "" {
		add(ProblemMissingField, "measure.metric", "metric is empty")
	}
	if m.GetUnit() == "" {
		add(ProblemMissingField, "measure.unit", "unit is empty")
	}
	t := m.GetTarget()
	targetOK := !math.IsNaN(t) && !math.IsInf(t, 0) && t >= 0 && t <= MaxTarget
	if !targetOK {
		add(ProblemInvalidValue, "measure.target", "target %v is not a number between 0 and %g", t, MaxTarget)
	}
	if !knownEnum(m.GetComparison(), zerenv1.Comparison_name) {
		add(ProblemMissingField, "measure.comparison", "comparison %v is not set", m.GetComparison())
	}
	n := calendar.PeriodsPerYear(m.GetPeriodKind())
	if n == 0 {
		add(ProblemMissingField, "measure.period_kind", "period kind %v is not set", m.GetPeriodKind())
	}
	if !knownEnum(m.GetSplit(), zerenv1.SplitRule_name) {
		add(ProblemMissingField, "measure.split", "split rule %v is not set", m.GetSplit())
	}
	if r := m.GetRounding(); r != 0 && !knownEnum(r, zerenv1.Rounding_name) {
		add(ProblemInvalidValue, "measure.rounding", "rounding %v is unknown", r)
	}
	precOK := m.GetPrecision() >= 0 && m.GetPrecision() <= MaxPrecision
	if !precOK {
		add(ProblemInvalidValue, "measure.precision", "precision %d is not between 0 and %d", m.GetPrecision(), MaxPrecision)
	}
	divides := n > 1 && (m.GetSplit() == zerenv1.SplitRule_SPLIT_RULE_PER_PERIOD ||
		m.GetSplit() == zerenv1.SplitRule_SPLIT_RULE_CUMULATIVE)
	if divides && targetOK && precOK {
		switch r := m.GetRounding(); {
		case r == zerenv1.Rounding_ROUNDING_UNSPECIFIED:
			add(ProblemMissingField, "measure.rounding", "rounding is not set, and the %v split over %d periods needs one",
				m.GetSplit(), n)
		case knownEnum(r, zerenv1.Rounding_name):
			if why := checkSplit(m, n); why != "" {
				add(ProblemConflict, "measure.rounding", "%s", why)
			}
		}
	}
	if m.GetComparison() == zerenv1.Comparison_COMPARISON_DONE {
		if t != 1 {
			add(ProblemConflict, "measure.target", "a DONE measure has target 1 (done), not %v", t)
		}
		if n > 1 && m.GetSplit() != zerenv1.SplitRule_SPLIT_RULE_REPEAT {
			add(ProblemConflict, "measure.split", "a DONE measure over %d periods must use SPLIT_RULE_REPEAT (done in every period), not %v",
				n, m.GetSplit())
		}
	}
	return len(v.problems) == n0
}

// deadline checks the task's deadline and plans its periods: those of the
// measure's kind that begin on or before the deadline day.
func (v *validator) deadline(t *zerenv1.Task, pt *planTask, add addFunc) bool {
	d := t.GetDeadline()
	if d == nil {
		add(ProblemMissingField, "deadline", "deadline (完成时限) is not set")
		return false
	}
	if err := d.CheckValid(); err != nil {
		add(ProblemInvalidValue, "deadline", "deadline is not a valid instant: %v", err)
		return false
	}
	if !v.yearOK {
		return false
	}
	loc, year := v.p.loc, int(v.p.pb.GetYear())
	day := startOfDay(d.AsTime(), loc)
	if day.Year() != year {
		add(ProblemOutsideYear, "deadline", "deadline %s is outside the plan year %d", day.Format(time.DateOnly), year)
		return false
	}
	m := t.GetMeasure()
	n := calendar.PeriodsPerYear(m.GetPeriodKind())
	if n == 0 {
		return false
	}
	for i := 1; i <= n; i++ {
		per := &zerenv1.Period{Kind: m.GetPeriodKind(), Year: int32(year), Index: int32(i)}
		start, end, _ := calendar.PeriodBounds(per, loc)
		if start.After(day) {
			break
		}
		due, _ := DueDay(per, loc)
		if due.After(day) {
			due = day
		}
		pt.periods = append(pt.periods, periodPlan{
			index: int32(i), start: start.UnixNano(), end: end.UnixNano(), due: due, label: PeriodLabel(per),
			until: min(end.UnixNano(), dayEnd(due, loc).UnixNano()),
		})
	}
	targets, err := SplitTarget(m, len(pt.periods))
	if err != nil {
		return false // reported by measure
	}
	for i := range pt.periods {
		pt.periods[i].target = targets[i]
	}
	return true
}

func (v *validator) responsibilityList() {
	h := v.p.h
	listed := map[string]bool{}
	for _, t := range v.p.pb.GetTasks() {
		listed[t.GetId()] = true
	}
	seen := map[string]bool{}
	for i, r := range v.p.pb.GetResponsibilities() {
		id := recordID(r.GetId(), i)
		name := r.GetResponsibleDepartment()
		add := func(kind ProblemKind, field, format string, args ...any) {
			v.problems.Addf(kind, "responsibility entry", id, name, field, format, args...)
		}
		switch {
		case r.GetId() == "":
			add(ProblemMissingField, "id", "id is empty")
		case seen[r.GetId()]:
			add(ProblemDuplicateID, "id", "id is used by another responsibility entry")
		default:
			seen[r.GetId()] = true
		}
		if r.GetTaskId() == "" {
			add(ProblemMissingField, "task_id", "task is not set")
		} else if !listed[r.GetTaskId()] {
			add(ProblemDanglingReference, "task_id", "task %q is not on the 任务清单", r.GetTaskId())
		}
		for _, u := range r.GetResponsibleUnitIds() {
			if _, ok := h.Unit(u); !ok {
				add(ProblemDanglingReference, "responsible_unit_ids", "unit %q does not exist", u)
			}
		}
		if k := r.GetPostKindId(); k != "" {
			if _, ok := h.PostKind(k); !ok {
				add(ProblemDanglingReference, "post_kind_id", "post kind %q is not in framework %q", k, h.Framework().GetId())
			}
		}
		if d := r.GetDeadline(); d != nil && v.yearOK {
			if err := d.CheckValid(); err != nil {
				add(ProblemInvalidValue, "deadline", "deadline is not a valid instant: %v", err)
			} else if day := startOfDay(d.AsTime(), v.p.loc); day.Year() != int(v.p.pb.GetYear()) {
				add(ProblemOutsideYear, "deadline", "deadline %s is outside the plan year %d",
					day.Format(time.DateOnly), v.p.pb.GetYear())
			}
		}
	}
}
