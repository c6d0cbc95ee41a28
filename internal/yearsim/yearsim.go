// Package yearsim plays a year of 示例市 through the library, day by day:
// the plan is decomposed, holders report progress (some on time, some late,
// some never), and each working day the supervision cycle runs — reminders,
// dispatches, inspections with findings, supervision cases opened, urged,
// rectified and closed out. It is deterministic for a seed, and feeds the
// examples and the assessment demo with facts that come from the real
// decomposition and the real supervision rules, not from hand-written
// numbers.
package yearsim

import (
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"time"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/checklist/supervision"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// Config says how diligent the organisations are.
type Config struct {
	// Seed makes the year reproducible.
	Seed uint64
	// OnTime is the chance, by level id, that an assignment is done on time;
	// the rest is split 70/30 between late and never.
	OnTime map[string]float64
	// UnitBias shifts OnTime per unit (e.g. -0.3 for a unit that lags).
	UnitBias map[string]float64
}

// Month is what happened in one month.
type Month struct {
	Month                                           time.Month
	Reminders, Dispatches, OnSite, Documents        int
	Findings, OpenedOverdue, OpenedFinding          int
	Urged, YellowCards, Escalated, Returned, Closed int
	Completion                                      float64 // weighted completion of what was due by month end
	Overdue                                         int     // overdue at month end
}

// Year is the outcome.
type Year struct {
	Assignments []*zerenv1.Assignment
	Cases       []*zerenv1.SupervisionCase
	Findings    []*zerenv1.Finding
	Plan        *zerenv1.InspectionPlan
	Months      []Month
	// FirstCase is the first case opened, for a narrative.
	FirstCase *zerenv1.SupervisionCase
}

// Run plays the plan's year.
func Run(ctx context.Context, h *responsibility.Hierarchy, plan *zerenv1.Plan, cal *calendar.Calendar, cfg Config) (*Year, error) {
	p, err := checklist.NewPlan(plan, h)
	if err != nil {
		return nil, err
	}
	dec, err := checklist.Decompose(ctx, p)
	if err != nil {
		return nil, err
	}
	year := int(plan.GetYear())
	loc := h.Location()
	var units []*zerenv1.Unit
	for u := range h.Units() {
		units = append(units, u)
	}
	insp, err := supervision.PlanInspections(units, year, int64(cfg.Seed), cal)
	if err != nil {
		return nil, err
	}
	s := &sim{h: h, cal: cal, cfg: cfg, policy: supervision.DefaultPolicy(), loc: loc}
	s.state = supervision.State{Assignments: dec.Assignments, Plan: insp, Directory: supervision.NewDirectory(h, plan.GetTasks())}
	s.schedule()
	y := &Year{Plan: insp}
	start := time.Date(year, 1, 1, 0, 0, 0, 0, loc)
	end := time.Date(year+1, 1, 1, 0, 0, 0, 0, loc)
	var m *Month
	for day := start; day.Before(end); day = day.AddDate(0, 0, 1) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if m == nil || m.Month != day.Month() {
			if m != nil {
				s.monthEnd(m, day)
				y.Months = append(y.Months, *m)
			}
			m = &Month{Month: day.Month()}
		}
		if err := s.progress(day); err != nil {
			return nil, err
		}
		if !cal.IsWorkday(day) {
			continue
		}
		s.rectify(day, m)
		ag := supervision.Due(day.Add(9*time.Hour), s.state, cal, s.policy)
		m.Reminders += len(ag.Reminders)
		m.Dispatches += len(ag.Dispatches)
		for _, in := range ag.Inspections {
			if in.GetMode() == zerenv1.InspectionMode_INSPECTION_MODE_ON_SITE {
				m.OnSite++
			} else {
				m.Documents++
			}
			f := s.inspect(in, day)
			m.Findings += len(f)
			s.state.Findings = append(s.state.Findings, f...)
		}
		for _, c := range ag.Open {
			if c.GetSource() == zerenv1.CaseSource_CASE_SOURCE_FINDING {
				m.OpenedFinding++
			} else {
				m.OpenedOverdue++
			}
			if c.GetYellowCard() {
				m.YellowCards++ // a repeat case carries its card from the start
			}
			if y.FirstCase == nil {
				y.FirstCase = c
			}
			s.state.Cases = append(s.state.Cases, c)
		}
		for _, u := range ag.Urges {
			m.Urged++
			if u.YellowCard {
				m.YellowCards++
			}
			if u.Escalated {
				m.Escalated++
			}
			s.replace(u.Case)
		}
	}
	s.monthEnd(m, end)
	y.Months = append(y.Months, *m)
	y.Assignments, y.Cases, y.Findings = s.state.Assignments, s.state.Cases, s.state.Findings
	return y, nil
}

type sim struct {
	h      *responsibility.Hierarchy
	cal    *calendar.Calendar
	cfg    Config
	policy supervision.Policy
	loc    *time.Location
	state  supervision.State
	// done maps a day to the progress reports made on it.
	done map[time.Time][]*zerenv1.ProgressRecord
	byID map[string]*zerenv1.Assignment
}

// roll returns a deterministic number in [0, 1) for a key.
func (s *sim) roll(key string) float64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%s", s.cfg.Seed, key)
	return float64(h.Sum64()>>11) / float64(1<<53)
}

// schedule decides when each assignment is reported done.
func (s *sim) schedule() {
	s.done = map[time.Time][]*zerenv1.ProgressRecord{}
	s.byID = make(map[string]*zerenv1.Assignment, len(s.state.Assignments))
	for _, a := range s.state.Assignments {
		s.byID[a.GetId()] = a
		o, _ := s.h.Organization(a.GetOrganizationId())
		p := s.cfg.OnTime[o.GetLevelId()]
		if p == 0 {
			p = 0.9
		}
		p += s.cfg.UnitBias[o.GetUnitId()]
		r := s.roll(a.GetId())
		due := a.GetDue().AsTime().In(s.loc)
		var day time.Time
		switch {
		case r < p:
			day = due.AddDate(0, 0, -int(s.roll(a.GetId()+"/early")*10))
		case r < p+(1-p)*0.7:
			day = due.AddDate(0, 0, 3+int(s.roll(a.GetId()+"/late")*30))
		default:
			continue // never reported
		}
		if c := a.GetComparison(); c == zerenv1.Comparison_COMPARISON_AT_MOST || c == zerenv1.Comparison_COMPARISON_EQUAL {
			if day.Before(due) {
				day = due // such measures complete only on a report on or after the due day
			}
		}
		s.done[day] = append(s.done[day], &zerenv1.ProgressRecord{
			AssignmentId: a.GetId(), Value: max(a.GetTarget(), 1), At: ts(day.Add(17 * time.Hour)),
			ReportedBy: a.GetPersonId(), Note: "按期填报",
		})
	}
}

func (s *sim) progress(day time.Time) error {
	recs := s.done[day]
	if len(recs) == 0 {
		return nil
	}
	return checklist.Record(s.state.Assignments, recs)
}

// inspect records findings for an inspection: about half the units have
// something found, weaker units more often.
func (s *sim) inspect(in *zerenv1.Inspection, day time.Time) []*zerenv1.Finding {
	orgs, _ := s.h.UnitOrganizations(in.GetUnitId())
	if len(orgs) == 0 || s.roll(in.GetId())+s.cfg.UnitBias[in.GetUnitId()] > 0.5 {
		return nil
	}
	org := orgs[int(s.roll(in.GetId()+"/org")*float64(len(orgs)))]
	sev := zerenv1.Severity_SEVERITY_MINOR
	if s.roll(in.GetId()+"/sev") < 0.25 {
		sev = zerenv1.Severity_SEVERITY_MAJOR
	}
	return []*zerenv1.Finding{{
		Id: in.GetId() + "-F1", InspectionId: in.GetId(), OrganizationId: org.GetId(),
		Dimension:   zerenv1.Dimension_DIMENSION_ORGANIZATIONAL,
		Description: "“三会一课”记录不完整，组织生活会会前谈心谈话不全覆盖",
		Severity:    sev, FoundAt: ts(day.Add(15 * time.Hour)),
		SelfReported: s.roll(in.GetId()+"/self") < 0.2,
	}}
}

// rectify moves cases along: 整改 starts the next working day, is submitted
// a few working days later (laggard units late), verification sends one in
// five back once, and verified cases are closed out (销号).
func (s *sim) rectify(day time.Time, m *Month) {
	for i, c := range s.state.Cases {
		last := c.GetHistory()[len(c.GetHistory())-1].GetAt().AsTime()
		since := s.cal.WorkdaysBetween(last, day)
		unit := ""
		if o, ok := s.h.Organization(c.GetOrganizationId()); ok {
			unit = o.GetUnitId()
		}
		slow := s.cfg.UnitBias[unit] < 0
		var to zerenv1.CaseState
		switch c.GetState() {
		case zerenv1.CaseState_CASE_STATE_OPEN:
			if since >= 1 {
				to = zerenv1.CaseState_CASE_STATE_RECTIFYING
			}
		case zerenv1.CaseState_CASE_STATE_RECTIFYING, zerenv1.CaseState_CASE_STATE_RETURNED:
			need := 3 + int(s.roll(c.GetId()+"/work")*5)
			if slow {
				need += 8
			}
			if since >= need {
				to = zerenv1.CaseState_CASE_STATE_SUBMITTED
			}
		case zerenv1.CaseState_CASE_STATE_SUBMITTED:
			if since >= 2 {
				to = zerenv1.CaseState_CASE_STATE_VERIFIED
				if c.GetRectification().GetReturns() == 0 && s.roll(c.GetId()+"/verify") < 0.2 {
					to = zerenv1.CaseState_CASE_STATE_RETURNED
				}
			}
		case zerenv1.CaseState_CASE_STATE_VERIFIED:
			if since >= 1 {
				to = zerenv1.CaseState_CASE_STATE_CLOSED
			}
		}
		if to == zerenv1.CaseState_CASE_STATE_UNSPECIFIED {
			continue
		}
		next, err := supervision.Transition(c, to, supervision.Event{
			At: day.Add(10 * time.Hour), Actor: "gw-supervisor", Note: notes[to],
			Measures: measures(to),
		})
		if err != nil {
			continue // the ledger is ahead of the day (an urge today): try tomorrow
		}
		if to == zerenv1.CaseState_CASE_STATE_SUBMITTED {
			s.complete(c.GetAssignmentIds(), day)
		}
		switch to {
		case zerenv1.CaseState_CASE_STATE_CLOSED:
			m.Closed++
		case zerenv1.CaseState_CASE_STATE_RETURNED:
			m.Returned++
		}
		s.state.Cases[i] = next
	}
}

var notes = map[zerenv1.CaseState]string{
	zerenv1.CaseState_CASE_STATE_RECTIFYING: "制定整改方案，明确责任人和时限",
	zerenv1.CaseState_CASE_STATE_SUBMITTED:  "提交整改报告及佐证材料，申请销号",
	zerenv1.CaseState_CASE_STATE_VERIFIED:   "机关工委验收合格",
	zerenv1.CaseState_CASE_STATE_RETURNED:   "验收未通过：佐证材料不充分，退回重新整改",
	zerenv1.CaseState_CASE_STATE_CLOSED:     "办结销号",
}

// complete reports the assignments of a case done on the day its
// rectification is submitted (整改到位), unless they already are.
func (s *sim) complete(ids []string, day time.Time) {
	var recs []*zerenv1.ProgressRecord
	for _, id := range ids {
		a := s.byID[id]
		if a == nil || a.GetStatus() == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE {
			continue
		}
		recs = append(recs, &zerenv1.ProgressRecord{
			AssignmentId: id, Value: max(a.GetTarget(), 1), At: ts(day.Add(11 * time.Hour)),
			ReportedBy: a.GetPersonId(), Note: "督办整改后补报",
		})
	}
	if len(recs) > 0 {
		_ = checklist.Record(s.state.Assignments, recs)
	}
}

func measures(to zerenv1.CaseState) []string {
	if to == zerenv1.CaseState_CASE_STATE_RECTIFYING {
		return []string{"召开专题会议研究整改", "建立整改台账，明确责任人和完成时限"}
	}
	return nil
}

func (s *sim) replace(c *zerenv1.SupervisionCase) {
	for i, old := range s.state.Cases {
		if old.GetId() == c.GetId() {
			s.state.Cases[i] = c
			return
		}
	}
}

func (s *sim) monthEnd(m *Month, next time.Time) {
	due := slices.DeleteFunc(slices.Clone(s.state.Assignments), func(a *zerenv1.Assignment) bool {
		return !a.GetDue().AsTime().Before(next)
	})
	var w, dw float64
	for _, r := range checklist.Rollup(s.h, due, next, checklist.ByUnit) {
		w += r.Weight
		dw += r.DoneWeight
		m.Overdue += r.Overdue
	}
	if w > 0 {
		m.Completion = dw / w
	}
}

// Sample is the diligence of 示例市 in 2026: the 党组 level nearly always on
// time, branches less so (上热中温下冷), 市住房城乡建设局 lagging and
// 市财政局 ahead.
func Sample() Config {
	return Config{
		Seed:     2026,
		OnTime:   map[string]float64{"party-group": 0.96, "organ-committee": 0.9, "branch": 0.8},
		UnitBias: map[string]float64{"zjj": -0.3, "czj": 0.03, "jtj": -0.08},
	}
}
