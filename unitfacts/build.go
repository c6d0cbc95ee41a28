package unitfacts

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// Input is what an OA keeps about a period, as [Build] reads it. Only
// Period and AsOf are required; every list may be empty.
type Input struct {
	// Period is the period assessed, e.g. the year 2026
	// (PERIOD_KIND_YEAR, 2026). Assignments whose period lies within it, and
	// findings and cases dated within it, belong to the facts.
	Period *zerenv1.Period
	// AsOf is the instant the facts are taken: progress reported, findings
	// found and cases opened after it are left out, and it is the facts'
	// "now" (what overdue_count and on_time_rate measure against).
	AsOf time.Time
	// Plan is the plan (三个清单) the assignments were decomposed from. When
	// set, each assignment's task must be on it, and the assignment carries
	// the task's dimension and tags in the facts. When nil, assignments are
	// taken as they are.
	Plan *zerenv1.Plan
	// Assignments are the decomposed assignments (分解任务), with or without
	// progress already applied.
	Assignments []*zerenv1.Assignment
	// Progress are progress reports (进度填报) not yet applied to
	// Assignments; those made by AsOf are applied, in the order of their
	// time, as checklist.Record does.
	Progress []*zerenv1.ProgressRecord
	// Findings are inspection findings (督查发现), of any unit and date.
	Findings []*zerenv1.Finding
	// Cases are supervision cases (督办单), of any unit and date.
	Cases []*zerenv1.SupervisionCase
	// Metrics are custom metrics per unit id (facts.metrics).
	Metrics map[string]map[string]float64
	// BusinessScores are the business scores (绩效考核业务得分) per unit id.
	BusinessScores map[string]float64
	// Units are the ids of the units assessed. Empty means every unit of the
	// hierarchy that has an organisation, except the supervising 机关工委
	// (UNIT_KIND_WORK_COMMITTEE).
	Units []string
}

// Build returns the facts of each unit assessed, in the hierarchy's unit
// order, with assignments, findings and cases in id order, built from the input as of in.AsOf (see the package doc for what
// each field holds). It reports every problem of the input at once in a
// *[ValidationError]: a record at an organisation the hierarchy does not
// know, an assignment whose task is not on the plan, two assignments with
// one id, a progress report that cannot be applied, a finding or case
// without its date, metrics for a unit not assessed. It returns ctx's error
// when ctx is done. Build does not modify its input; the facts hold copies.
// It is safe for concurrent use.
func Build(ctx context.Context, h *responsibility.Hierarchy, in Input) ([]*zerenv1.UnitFacts, error) {
	var ps problem.List
	add := func(code problem.Code, record, path, id, name, field, zh, en string) {
		ps = append(ps, problem.Problem{Code: code, Record: record, Path: path, ID: id, Name: name, Field: field,
			MessageZh: zh, Message: en})
	}
	if h == nil {
		return nil, fmt.Errorf("unitfacts: the hierarchy is nil")
	}
	start, end, ok := calendar.PeriodBounds(in.Period, h.Location())
	if !ok || in.Period.GetYear() == 0 {
		ps.Add(problem.InvalidValue, "input", "period", "", "period",
			fmt.Sprintf("周期应写明类型、年度和序号（如 PERIOD_KIND_YEAR 2026），实际为%v", in.Period),
			fmt.Sprintf("must name a kind, a year and an index (e.g. PERIOD_KIND_YEAR 2026), got %v", in.Period))
	}
	if in.AsOf.IsZero() {
		ps.Add(problem.MissingField, "input", "as_of", "", "as_of", "未设置数据截取时刻", "the instant the facts are taken is not set")
	}
	if len(ps) > 0 {
		return nil, problem.New("unitfacts", ps)
	}

	// The units assessed.
	assessed := map[string]*zerenv1.UnitFacts{}
	var out []*zerenv1.UnitFacts
	want := map[string]bool{}
	for i, id := range in.Units {
		if _, ok := h.Unit(id); !ok {
			ps.Add(problem.DanglingReference, "input", problem.RecordID(id, i), "", fmt.Sprintf("units[%d]", i),
				fmt.Sprintf("单位“%s”不存在", id), fmt.Sprintf("unit %q does not exist", id))
		}
		want[id] = true
	}
	now := timestamppb.New(in.AsOf)
	for u := range h.Units() {
		if len(want) > 0 && !want[u.GetId()] {
			continue
		}
		if len(want) == 0 && u.GetKind() == zerenv1.UnitKind_UNIT_KIND_WORK_COMMITTEE {
			continue
		}
		orgs, _ := h.UnitOrganizations(u.GetId())
		if len(orgs) == 0 {
			if len(want) > 0 {
				ps.Add(problem.Conflict, "unit", u.GetId(), u.GetName(), "", "该单位在组织结构中没有党组织，因而没有考核数据",
					"the unit has no organisation in the structure, so it has no facts")
			}
			continue
		}
		top, _ := h.TopOrganization(u.GetId()) // the one rule: responsibility decides, not input order
		f := &zerenv1.UnitFacts{
			Unit: proto.CloneOf(u), Organization: proto.CloneOf(top), Period: proto.CloneOf(in.Period), Now: now,
		}
		for _, o := range orgs {
			f.Organizations = append(f.Organizations, proto.CloneOf(o))
		}
		if m := in.Metrics[u.GetId()]; m != nil {
			f.Metrics = make(map[string]float64, len(m))
			for k, v := range m {
				f.Metrics[k] = v
			}
		}
		f.BusinessScore = in.BusinessScores[u.GetId()]
		assessed[u.GetId()] = f
		out = append(out, f)
	}
	for _, id := range sortedKeys(in.Metrics) {
		if assessed[id] == nil {
			ps.Add(problem.DanglingReference, "input", id, "", "metrics",
				fmt.Sprintf("给出了单位“%s”的指标数据，但该单位不在考核范围内", id),
				fmt.Sprintf("metrics are given for unit %q, which is not assessed", id))
		}
	}
	for _, id := range sortedKeys(in.BusinessScores) {
		if assessed[id] == nil {
			ps.Add(problem.DanglingReference, "input", id, "", "business_scores",
				fmt.Sprintf("给出了单位“%s”的业务工作得分，但该单位不在考核范围内", id),
				fmt.Sprintf("a business score is given for unit %q, which is not assessed", id))
		}
	}
	unitOf := func(orgID string) (string, bool) {
		o, ok := h.Organization(orgID)
		return o.GetUnitId(), ok
	}
	within := func(t time.Time) bool { return !t.Before(start) && t.Before(end) && !t.After(in.AsOf) }

	// Assignments, with progress applied.
	tasks := map[string]*zerenv1.Task{}
	for _, t := range in.Plan.GetTasks() {
		tasks[t.GetId()] = t
	}
	list := make([]*zerenv1.Assignment, 0, len(in.Assignments))
	seen := make(map[string]bool, len(in.Assignments))
	for i, a := range in.Assignments {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		id := problem.RecordID(a.GetId(), i)
		if seen[a.GetId()] {
			add(problem.DuplicateID, "assignment", at("assignments", i), id, "", "id", "编号与另一分解任务重复", "another assignment has the same id")
			continue
		}
		seen[a.GetId()] = true
		if _, ok := unitOf(a.GetOrganizationId()); !ok {
			add(problem.DanglingReference, "assignment", at("assignments", i), id, "", "organization_id",
				fmt.Sprintf("党组织“%s”不存在", a.GetOrganizationId()), fmt.Sprintf("organisation %q does not exist", a.GetOrganizationId()))
			continue
		}
		if in.Plan != nil && a.GetStatus() != zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED && tasks[a.GetTaskId()] == nil {
			add(problem.DanglingReference, "assignment", at("assignments", i), id, "", "task_id",
				fmt.Sprintf("任务“%s”不在计划“%s”中", a.GetTaskId(), in.Plan.GetId()),
				fmt.Sprintf("task %q is not on plan %q", a.GetTaskId(), in.Plan.GetId()))
			continue
		}
		list = append(list, proto.CloneOf(a))
	}
	var progress []*zerenv1.ProgressRecord
	var orig []int // index in in.Progress of each of progress
	for i, r := range in.Progress {
		if r.GetAt() == nil || !r.GetAt().AsTime().After(in.AsOf) {
			progress = append(progress, r)
			orig = append(orig, i)
		}
	}
	if len(progress) > 0 {
		if err := checklist.Record(list, progress); err != nil {
			if ve, ok := err.(*ValidationError); ok {
				for _, p := range ve.Problems {
					// checklist.Record numbers the reports it was given;
					// name them by their place in in.Progress.
					var k int
					if _, err := fmt.Sscanf(p.Path, "records[%d]", &k); err == nil && k >= 0 && k < len(orig) {
						p.Path = at("progress", orig[k])
						if p.Name == fmt.Sprintf("#%d", k+1) {
							p.Name = fmt.Sprintf("#%d", orig[k]+1)
						}
						if p.ID == fmt.Sprintf("#%d", k+1) {
							p.ID = fmt.Sprintf("#%d", orig[k]+1)
						}
					}
					ps = append(ps, p)
				}
			} else {
				return nil, err
			}
		}
	}
	for _, a := range list {
		u, _ := unitOf(a.GetOrganizationId())
		f := assessed[u]
		if f == nil || a.GetStatus() == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED {
			continue
		}
		as, ae, ok := calendar.PeriodBounds(a.GetPeriod(), h.Location())
		if !ok || as.Before(start) || ae.After(end) {
			continue
		}
		if t := tasks[a.GetTaskId()]; t != nil {
			a.Dimension = t.GetDimension()
			a.Tags = slices.Clone(t.GetTags())
			a.TaskKind = t.GetKind()
		}
		f.Assignments = append(f.Assignments, a)
	}

	// Findings and cases.
	for i, fd := range in.Findings {
		id := problem.RecordID(fd.GetId(), i)
		u, ok := unitOf(fd.GetOrganizationId())
		switch {
		case !ok:
			add(problem.DanglingReference, "finding", at("findings", i), id, "", "organization_id",
				fmt.Sprintf("党组织“%s”不存在", fd.GetOrganizationId()), fmt.Sprintf("organisation %q does not exist", fd.GetOrganizationId()))
		case fd.GetFoundAt() == nil:
			add(problem.MissingField, "finding", at("findings", i), id, "", "found_at", "督查发现没有日期，无法归入考核周期",
				"the finding has no date, so it cannot be placed in a period")
		case assessed[u] != nil && within(fd.GetFoundAt().AsTime()):
			assessed[u].Findings = append(assessed[u].Findings, proto.CloneOf(fd))
		}
	}
	for i, c := range in.Cases {
		id := problem.RecordID(c.GetId(), i)
		u, ok := unitOf(c.GetOrganizationId())
		switch {
		case !ok:
			add(problem.DanglingReference, "case", at("cases", i), id, c.GetTitle(), "organization_id",
				fmt.Sprintf("党组织“%s”不存在", c.GetOrganizationId()), fmt.Sprintf("organisation %q does not exist", c.GetOrganizationId()))
		case c.GetOpenedAt() == nil:
			add(problem.MissingField, "case", at("cases", i), id, c.GetTitle(), "opened_at", "督办单没有立项日期，无法归入考核周期",
				"the case has no opening date, so it cannot be placed in a period")
		case assessed[u] != nil && within(c.GetOpenedAt().AsTime()):
			assessed[u].Cases = append(assessed[u].Cases, proto.CloneOf(c))
		}
	}
	if err := problem.New("unitfacts", ps); err != nil {
		return nil, err
	}
	// Lists in id order, so that the facts do not depend on the order the
	// records came in (a store's key order, a decomposition's order).
	for _, f := range out {
		slices.SortStableFunc(f.Assignments, func(x, y *zerenv1.Assignment) int { return strings.Compare(x.GetId(), y.GetId()) })
		slices.SortStableFunc(f.Findings, func(x, y *zerenv1.Finding) int { return strings.Compare(x.GetId(), y.GetId()) })
		slices.SortStableFunc(f.Cases, func(x, y *zerenv1.SupervisionCase) int { return strings.Compare(x.GetId(), y.GetId()) })
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// at locates the i-th record (from 0) of an input list: at("cases", 2) is
// "cases[2]".
func at(list string, i int) string { return fmt.Sprintf("%s[%d]", list, i) }
