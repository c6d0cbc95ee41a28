package checklist

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/problem"
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
		v.problems.Add(ProblemMissingField, "plan", recordID(pb.GetId(), 0), pb.GetName(), "year", "未设置年度", "year is not set")
	case y < minYear || y > maxYear:
		v.problems.Add(ProblemInvalidValue, "plan", recordID(pb.GetId(), 0), pb.GetName(), "year",
			fmt.Sprintf("年度%d不在%d到%d之间", y, minYear, maxYear),
			fmt.Sprintf("year %d is not between %d and %d", y, minYear, maxYear))
	default:
		v.yearOK = true
	}
	if fw := pb.GetFrameworkId(); fw != "" && fw != v.p.h.Framework().GetId() {
		v.problems.Add(ProblemDanglingReference, "plan", recordID(pb.GetId(), 0), pb.GetName(), "framework_id",
			fmt.Sprintf("计划采用责任体系“%s”，而组织结构采用“%s”", fw, v.p.h.Framework().GetId()),
			fmt.Sprintf("the plan follows framework %q, the hierarchy %q", fw, v.p.h.Framework().GetId()))
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
		add(ProblemMissingField, "dimension", "未设置建设维度", "dimension is not set")
	case !known:
		add(ProblemInvalidValue, "dimension", fmt.Sprintf("建设维度%d无效", int32(d)),
			fmt.Sprintf("dimension %d is not one of the dimensions", int32(d)))
	}
}

func (v *validator) problemList() {
	v.problem = map[string]bool{}
	for i, pr := range v.p.pb.GetProblems() {
		id, name := recordID(pr.GetId(), i), pr.GetTitle()
		add := v.adder("problem", fmt.Sprintf("problems[%d]", i), id, name)
		switch {
		case pr.GetId() == "":
			add(ProblemMissingField, "id", "编号为空", "id is empty")
		case v.problem[pr.GetId()]:
			add(ProblemDuplicateID, "id", "编号与问题清单中另一问题重复", "id is used by another problem")
		default:
			v.problem[pr.GetId()] = true
		}
		if name == "" {
			add(ProblemMissingField, "title", "标题为空", "title is empty")
		}
		v.dimension(pr.GetDimension(), add)
	}
}

func (v *validator) taskList() {
	p := v.p
	p.taskIdx = map[string]int{}
	for i, t := range p.pb.GetTasks() {
		id, name := recordID(t.GetId(), i), t.GetTitle()
		add := v.adder("task", fmt.Sprintf("tasks[%d]", i), id, name)
		ok := true
		switch _, dup := p.taskIdx[t.GetId()]; {
		case t.GetId() == "":
			add(ProblemMissingField, "id", "编号为空", "id is empty")
			ok = false
		case dup:
			add(ProblemDuplicateID, "id", "编号与任务清单中另一任务重复", "id is used by another task")
			ok = false
		case strings.Contains(t.GetId(), "/"):
			add(ProblemInvalidValue, "id", "编号含有“/”，该字符用作分解任务编号的分隔符",
				`id contains "/", which assignment ids use as a separator`)
			ok = false
		}
		if name == "" {
			add(ProblemMissingField, "title", "标题为空", "title is empty")
		}
		v.dimension(t.GetDimension(), add)
		for _, pid := range t.GetProblemIds() {
			if !v.problem[pid] {
				add(ProblemDanglingReference, "problem_ids", fmt.Sprintf("问题“%s”不在问题清单中", pid),
					fmt.Sprintf("problem %q is not on the problem list", pid))
			}
		}
		if w := t.GetWeight(); math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
			add(ProblemInvalidValue, "weight", fmt.Sprintf("权重%v不是大于等于0的有限数", w),
				fmt.Sprintf("weight %v is not a finite number ≥ 0", w))
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

// addFunc records a problem of one record with its Chinese and English
// message.
type addFunc func(kind ProblemKind, field, zh, en string)

// adder returns the addFunc for the record at path ("tasks[3]").
func (v *validator) adder(record, path, id, name string) addFunc {
	return func(kind ProblemKind, field, zh, en string) {
		v.problems = append(v.problems, problem.Problem{Code: kind, Record: record, Path: path, ID: id, Name: name,
			Field: field, MessageZh: zh, Message: en})
	}
}

// owner checks the owner post kind and the scope, and resolves the scope.
func (v *validator) owner(t *zerenv1.Task, pt *planTask, add addFunc) bool {
	h := v.p.h
	kindID := t.GetOwnerPostKindId()
	kind, kindOK := h.PostKind(kindID)
	if kindID == "" {
		add(ProblemMissingField, "owner_post_kind_id", "未设置责任岗位类型", "owner post kind is not set")
	} else if !kindOK {
		add(ProblemDanglingReference, "owner_post_kind_id",
			fmt.Sprintf("责任体系“%s”中没有岗位类型“%s”", h.Framework().GetId(), kindID),
			fmt.Sprintf("post kind %q is not in framework %q", kindID, h.Framework().GetId()))
	}
	s := t.GetScope()
	levels, scopeOK := set(s.GetLevelIds(), func(id string) bool { _, ok := h.Level(id); return ok },
		func(id string) {
			add(ProblemDanglingReference, "scope.level_ids", fmt.Sprintf("责任体系中没有层级“%s”", id),
				fmt.Sprintf("level %q is not in the framework", id))
		})
	units, ok2 := set(s.GetUnitIds(), func(id string) bool { _, ok := h.Unit(id); return ok },
		func(id string) {
			add(ProblemDanglingReference, "scope.unit_ids", fmt.Sprintf("单位“%s”不存在", id),
				fmt.Sprintf("unit %q does not exist", id))
		})
	orgs, ok3 := set(s.GetOrganizationIds(), func(id string) bool { _, ok := h.Organization(id); return ok },
		func(id string) {
			add(ProblemDanglingReference, "scope.organization_ids", fmt.Sprintf("党组织“%s”不存在", id),
				fmt.Sprintf("organization %q does not exist", id))
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
				add(ProblemInvalidValue, "scope", fmt.Sprintf("党组织“%s”的编号含有“/”，该字符用作分解任务编号的分隔符", o.id),
					fmt.Sprintf(`organization %q has "/" in its id, which assignment ids use as a separator`, o.id))
				return false
			}
			pt.targets = append(pt.targets, v.post(post, o.id))
			if !pt.perPost {
				break
			}
		}
	}
	if len(pt.targets) == 0 {
		add(ProblemEmptyScope, "scope",
			fmt.Sprintf("范围内没有党组织设有“%s”（%s）岗位，任务无人承担", kindID, kind.GetName()),
			fmt.Sprintf("no organisation in the scope has a post of kind %q (%s), so nobody would carry the task",
				kindID, kind.GetName()))
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
		add(ProblemMissingField, "measure", "任务没有量化要求（指标、单位、目标值、比较方式、周期）",
			"the task has no measure (metric, unit, target, comparison, period)")
		return false
	}
	if m.GetMetric() == "" {
		add(ProblemMissingField, "measure.metric", "未填写指标", "metric is empty")
	}
	if m.GetUnit() == "" {
		add(ProblemMissingField, "measure.unit", "未填写计量单位", "unit is empty")
	}
	t := m.GetTarget()
	targetOK := !math.IsNaN(t) && !math.IsInf(t, 0) && t >= 0 && t <= MaxTarget
	if !targetOK {
		add(ProblemInvalidValue, "measure.target", fmt.Sprintf("目标值%v不在0到%g之间", t, MaxTarget),
			fmt.Sprintf("target %v is not a number between 0 and %g", t, MaxTarget))
	}
	if !knownEnum(m.GetComparison(), zerenv1.Comparison_name) {
		add(ProblemMissingField, "measure.comparison", fmt.Sprintf("未设置比较方式（%v）", m.GetComparison()),
			fmt.Sprintf("comparison %v is not set", m.GetComparison()))
	}
	n := calendar.PeriodsPerYear(m.GetPeriodKind())
	if n == 0 {
		add(ProblemMissingField, "measure.period_kind", fmt.Sprintf("未设置周期类型（%v）", m.GetPeriodKind()),
			fmt.Sprintf("period kind %v is not set", m.GetPeriodKind()))
	}
	if !knownEnum(m.GetSplit(), zerenv1.SplitRule_name) {
		add(ProblemMissingField, "measure.split", fmt.Sprintf("未设置分解规则（%v）", m.GetSplit()),
			fmt.Sprintf("split rule %v is not set", m.GetSplit()))
	}
	if r := m.GetRounding(); r != 0 && !knownEnum(r, zerenv1.Rounding_name) {
		add(ProblemInvalidValue, "measure.rounding", fmt.Sprintf("取整方式%v无效", r), fmt.Sprintf("rounding %v is unknown", r))
	}
	precOK := m.GetPrecision() >= 0 && m.GetPrecision() <= MaxPrecision
	if !precOK {
		add(ProblemInvalidValue, "measure.precision", fmt.Sprintf("精度%d不在0到%d之间", m.GetPrecision(), MaxPrecision),
			fmt.Sprintf("precision %d is not between 0 and %d", m.GetPrecision(), MaxPrecision))
	}
	divides := n > 1 && (m.GetSplit() == zerenv1.SplitRule_SPLIT_RULE_PER_PERIOD ||
		m.GetSplit() == zerenv1.SplitRule_SPLIT_RULE_CUMULATIVE)
	if divides && targetOK && precOK {
		switch r := m.GetRounding(); {
		case r == zerenv1.Rounding_ROUNDING_UNSPECIFIED:
			add(ProblemMissingField, "measure.rounding",
				fmt.Sprintf("未设置取整方式，按%v规则分解到%d个周期需要设置", m.GetSplit(), n),
				fmt.Sprintf("rounding is not set, and the %v split over %d periods needs one", m.GetSplit(), n))
		case knownEnum(r, zerenv1.Rounding_name):
			if zh, en := checkSplit(m, n); en != "" {
				add(ProblemConflict, "measure.rounding", zh, en)
			}
		}
	}
	if m.GetComparison() == zerenv1.Comparison_COMPARISON_DONE {
		if t != 1 {
			add(ProblemConflict, "measure.target", fmt.Sprintf("比较方式为DONE（完成）时目标值应为1，而非%v", t),
				fmt.Sprintf("a DONE measure has target 1 (done), not %v", t))
		}
		if n > 1 && m.GetSplit() != zerenv1.SplitRule_SPLIT_RULE_REPEAT {
			add(ProblemConflict, "measure.split",
				fmt.Sprintf("比较方式为DONE（完成）且跨%d个周期时，分解规则应为SPLIT_RULE_REPEAT（每个周期均须完成），而非%v", n, m.GetSplit()),
				fmt.Sprintf("a DONE measure over %d periods must use SPLIT_RULE_REPEAT (done in every period), not %v",
					n, m.GetSplit()))
		}
	}
	return len(v.problems) == n0
}

// deadline checks the task's deadline and plans its periods: those of the
// measure's kind that begin on or before the deadline day.
func (v *validator) deadline(t *zerenv1.Task, pt *planTask, add addFunc) bool {
	d := t.GetDeadline()
	if d == nil {
		add(ProblemMissingField, "deadline", "未设置完成时限", "deadline is not set")
		return false
	}
	if err := d.CheckValid(); err != nil {
		add(ProblemInvalidValue, "deadline", fmt.Sprintf("完成时限不是有效的时间：%v", err),
			fmt.Sprintf("deadline is not a valid instant: %v", err))
		return false
	}
	if !v.yearOK {
		return false
	}
	loc, year := v.p.loc, int(v.p.pb.GetYear())
	day := startOfDay(d.AsTime(), loc)
	if day.Year() != year {
		add(ProblemOutsideYear, "deadline", fmt.Sprintf("完成时限%s不在计划年度%d年内", day.Format(time.DateOnly), year),
			fmt.Sprintf("deadline %s is outside the plan year %d", day.Format(time.DateOnly), year))
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
		add := v.adder("responsibility entry", fmt.Sprintf("responsibilities[%d]", i), id, name)
		switch {
		case r.GetId() == "":
			add(ProblemMissingField, "id", "编号为空", "id is empty")
		case seen[r.GetId()]:
			add(ProblemDuplicateID, "id", "编号与责任清单中另一条目重复", "id is used by another responsibility entry")
		default:
			seen[r.GetId()] = true
		}
		if r.GetTaskId() == "" {
			add(ProblemMissingField, "task_id", "未指定任务", "task is not set")
		} else if !listed[r.GetTaskId()] {
			add(ProblemDanglingReference, "task_id", fmt.Sprintf("任务“%s”不在任务清单中", r.GetTaskId()),
				fmt.Sprintf("task %q is not on the task list", r.GetTaskId()))
		}
		for _, u := range r.GetResponsibleUnitIds() {
			if _, ok := h.Unit(u); !ok {
				add(ProblemDanglingReference, "responsible_unit_ids", fmt.Sprintf("单位“%s”不存在", u),
					fmt.Sprintf("unit %q does not exist", u))
			}
		}
		if k := r.GetPostKindId(); k != "" {
			if _, ok := h.PostKind(k); !ok {
				add(ProblemDanglingReference, "post_kind_id",
					fmt.Sprintf("责任体系“%s”中没有岗位类型“%s”", h.Framework().GetId(), k),
					fmt.Sprintf("post kind %q is not in framework %q", k, h.Framework().GetId()))
			}
		}
		if d := r.GetDeadline(); d != nil && v.yearOK {
			if err := d.CheckValid(); err != nil {
				add(ProblemInvalidValue, "deadline", fmt.Sprintf("完成时限不是有效的时间：%v", err),
					fmt.Sprintf("deadline is not a valid instant: %v", err))
			} else if day := startOfDay(d.AsTime(), v.p.loc); day.Year() != int(v.p.pb.GetYear()) {
				add(ProblemOutsideYear, "deadline",
					fmt.Sprintf("完成时限%s不在计划年度%d年内", day.Format(time.DateOnly), v.p.pb.GetYear()),
					fmt.Sprintf("deadline %s is outside the plan year %d", day.Format(time.DateOnly), v.p.pb.GetYear()))
			}
		}
	}
}
