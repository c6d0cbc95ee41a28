package supervision

import (
	"strconv"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// taskKey keys repeat detection: the same organisation supervised again for
// the same task (or, for a finding without a task, the same problem).
func taskKey(orgID, taskID string) string {
	if orgID == "" || taskID == "" {
		return ""
	}
	return orgID + "\x00" + taskID
}

func findingTask(f *zerenv1.Finding) string {
	if f.GetTaskId() != "" {
		return f.GetTaskId()
	}
	if f.GetProblemId() != "" {
		return "problem:" + f.GetProblemId()
	}
	return ""
}

// open returns the cases to open today: for the overdue assignments (indices
// into s.Assignments, none with an active case), then for the findings
// without a case (findings[:fromState] come from s.Findings, the others
// from the plan); and where the cases for findings, then those for the
// plan's findings, begin.
func (pl *planner) open(s State, overdue []int, findings []*zerenv1.Finding, fromState int, ag *Agenda) ([]*zerenv1.SupervisionCase, [2]int) {
	hasCase := map[string]bool{}
	caseCount := map[string]int{}
	for _, c := range s.Cases {
		if id := c.GetFindingId(); id != "" {
			hasCase[id] = true
		}
		for _, id := range c.GetAssignmentIds() {
			caseCount[id]++
		}
	}
	var fresh []*zerenv1.Finding
	freshFromState := 0 // fresh[:freshFromState] come from s.Findings
	for i, f := range findings {
		if i == fromState {
			freshFromState = len(fresh)
		}
		switch {
		case f.GetId() == "":
			ag.diagnose(diagFinding, i, true, Problem{Code: problem.MissingField, Record: "finding", Path: at("findings", i),
				ID: pos(i), Field: "id", MessageZh: "督查发现没有编号，无法督办", Message: "a finding without an id cannot be supervised"})
		case f.GetOrganizationId() == "":
			ag.diagnose(diagFinding, i, false, Problem{Code: problem.MissingField, Record: "finding", Path: at("findings", i),
				ID: f.GetId(), Field: "organization_id", MessageZh: "督查发现没有指明党组织，无法督办",
				Message: "a finding without an organisation cannot be supervised"})
		case hasCase[f.GetId()]:
		case f.GetFoundAt() != nil && f.GetFoundAt().AsTime().After(pl.now):
		default:
			fresh = append(fresh, f)
		}
	}
	if fromState >= len(findings) {
		freshFromState = len(fresh)
	}
	if len(overdue) == 0 && len(fresh) == 0 {
		return nil, [2]int{}
	}

	// Earlier cases by organisation and task, for yellow cards on repeats.
	// Only cases of an organisation that gets a new case matter; the tasks
	// of their assignments take one more pass, skipped when there are none.
	orgs := map[string]bool{}
	for _, i := range overdue {
		orgs[s.Assignments[i].GetOrganizationId()] = true
	}
	for _, f := range fresh {
		orgs[f.GetOrganizationId()] = true
	}
	wanted := map[string]string{} // assignment id → task id, for those cases
	for _, c := range s.Cases {
		if orgs[c.GetOrganizationId()] {
			for _, id := range c.GetAssignmentIds() {
				wanted[id] = ""
			}
		}
	}
	if len(wanted) > 0 {
		for _, a := range s.Assignments {
			if _, ok := wanted[a.GetId()]; ok {
				wanted[a.GetId()] = a.GetTaskId()
			}
		}
	}
	tasks := wanted
	byID := map[string]*zerenv1.Finding{}
	for _, f := range findings {
		byID[f.GetId()] = f
	}
	priors := map[string]int{}
	for _, c := range s.Cases {
		if !orgs[c.GetOrganizationId()] {
			continue
		}
		task := ""
		if f, ok := byID[c.GetFindingId()]; ok && c.GetFindingId() != "" {
			task = findingTask(f)
		}
		for _, id := range c.GetAssignmentIds() {
			if task == "" {
				task = tasks[id]
			}
		}
		if k := taskKey(c.GetOrganizationId(), task); k != "" {
			priors[k]++
		}
	}
	repeat := func(orgID, taskID string) bool {
		k := taskKey(orgID, taskID)
		if k == "" {
			return false
		}
		priors[k]++
		return priors[k] > 1
	}

	var out []*zerenv1.SupervisionCase
	opened := map[string]bool{}
	for _, i := range overdue {
		a := s.Assignments[i]
		if a.GetId() == "" || a.GetOrganizationId() == "" {
			ag.diagnose(diagOverdue, i, a.GetId() == "", Problem{Code: problem.MissingField, Record: "assignment", Path: at("assignments", i),
				ID: nameOr(a.GetId(), pos(i)), Field: "id, organization_id",
				MessageZh: "逾期的分解任务没有编号或党组织，无法督办",
				Message:   "an overdue assignment without an id or an organisation cannot be supervised"})
			continue
		}
		id := OverdueCaseID(a.GetId(), caseCount[a.GetId()]+1)
		if opened[id] {
			continue
		}
		opened[id] = true
		in := pl.info(a.GetDue())
		org := a.GetOrganizationId()
		out = append(out, openCase(CaseSpec{
			ID:               id,
			Title:            overdueTitle(s.Directory, org, a.GetTaskId()),
			Source:           zerenv1.CaseSource_CASE_SOURCE_OVERDUE,
			OrganizationID:   org,
			LeadUnitID:       unitOf(s.Directory, org),
			AssistingUnitIDs: pl.p.AssistingUnitIDs,
			AssignmentIDs:    []string{a.GetId()},
			Urgency:          overdueUrgency(in.overdue, pl.p),
			YellowCard:       repeat(org, a.GetTaskId()),
			Actor:            pl.p.Actor,
			Note: "超期" + strconv.Itoa(in.overdue) + "个工作日未完成（完成时限" +
				in.eff.Format(time.DateOnly) + "）",
		}, pl.now, pl.cal, pl.p))
	}
	var begin [2]int
	begin[0], begin[1] = len(out), len(out)
	for j, f := range fresh {
		if j == freshFromState {
			begin[1] = len(out)
		}
		id := FindingCaseID(f.GetId())
		if opened[id] {
			continue
		}
		opened[id] = true
		org := f.GetOrganizationId()
		out = append(out, openCase(CaseSpec{
			ID:               id,
			Title:            findingTitle(s.Directory, org),
			Source:           zerenv1.CaseSource_CASE_SOURCE_FINDING,
			OrganizationID:   org,
			LeadUnitID:       unitOf(s.Directory, org),
			AssistingUnitIDs: pl.p.AssistingUnitIDs,
			FindingID:        f.GetId(),
			Urgency:          findingUrgency(f),
			YellowCard:       repeat(org, findingTask(f)),
			Actor:            pl.p.Actor,
			Note:             f.GetDescription(),
		}, pl.now, pl.cal, pl.p))
	}
	if freshFromState >= len(fresh) {
		begin[1] = len(out)
	}
	return out, begin
}

func unitOf(d Directory, orgID string) string {
	if d == nil {
		return ""
	}
	return d.UnitOf(orgID)
}

// caseReminders returns the reminders due today before the deadlines of the
// active cases, existing and new.
func (pl *planner) caseReminders(lists ...[]*zerenv1.SupervisionCase) []*zerenv1.Reminder {
	var out []*zerenv1.Reminder
	for _, cases := range lists {
		for _, c := range cases {
			if !active(c.GetState()) || c.GetDeadline() == nil {
				continue
			}
			eff := pl.cal.Adjust(c.GetDeadline().AsTime(), pl.p.DueRule)
			for _, o := range pl.coffs {
				if pl.reminderDay(eff, o).Equal(pl.today) {
					out = append(out, caseReminder(c, o, pl.today, eff))
				}
			}
		}
	}
	return out
}

func caseReminder(c *zerenv1.SupervisionCase, offset int, on, deadline time.Time) *zerenv1.Reminder {
	return &zerenv1.Reminder{
		Id: CaseReminderID(c.GetId(), offset), CaseId: c.GetId(), OrganizationId: c.GetOrganizationId(),
		RemindOn: timestamppb.New(on), Due: timestamppb.New(deadline), OffsetDays: int32(offset),
	}
}

// urgedSince reports whether the case's ledger holds a 催办 (an entry whose
// from equals its to) on a day after the deadline day.
func (pl *planner) urgedSince(c *zerenv1.SupervisionCase, deadline time.Time) bool {
	h := c.GetHistory()
	for i := len(h) - 1; i >= 0; i-- {
		e := h[i]
		if e.GetFromState() == e.GetToState() && e.GetAt() != nil && pl.cal.Day(e.GetAt().AsTime()).After(deadline) {
			return true
		}
	}
	return false
}

// urges returns the active cases past their deadline not yet urged for it.
func (pl *planner) urges(cases []*zerenv1.SupervisionCase) []Urge {
	var out []Urge
	for _, c := range cases {
		if !active(c.GetState()) || c.GetDeadline() == nil {
			continue
		}
		if o := c.GetOpenedAt(); o != nil && o.AsTime().After(pl.now) {
			continue
		}
		dl := pl.cal.Adjust(c.GetDeadline().AsTime(), pl.p.DueRule)
		days := pl.cal.WorkdaysBetween(dl, pl.today)
		if days <= 0 || pl.urgedSince(c, dl) {
			continue
		}
		u := Urge{Case: proto.Clone(c).(*zerenv1.SupervisionCase), OverdueDays: days}
		uc := u.Case
		carded := uc.YellowCard
		uc.OverdueCount++
		run := int(uc.OverdueCount)
		if !uc.YellowCard && pl.p.YellowCardAfter > 0 && run >= pl.p.YellowCardAfter {
			uc.YellowCard, u.YellowCard = true, true
		}
		if !uc.Escalated && (carded || (pl.p.EscalateAfter > 0 && run >= pl.p.EscalateAfter)) {
			uc.Escalated, u.Escalated = true, true
		}
		if uc.YellowCard {
			uc.Urgency = max(uc.Urgency, zerenv1.Urgency_URGENCY_HIGH)
		}
		if uc.Escalated {
			uc.Urgency = zerenv1.Urgency_URGENCY_CRITICAL
		}
		note := "催办：已超过办理期限（" + dl.Format(time.DateOnly) + "）" + strconv.Itoa(days) +
			"个工作日，第" + strconv.Itoa(run) + "次超期"
		if u.YellowCard {
			note += "，黄牌警告"
		}
		if u.Escalated {
			note += "，升级督办"
		}
		uc.History = append(uc.History, &zerenv1.CaseEvent{
			At: timestamppb.New(pl.now), FromState: uc.State, ToState: uc.State, Actor: pl.p.Actor, Note: note,
		})
		out = append(out, u)
	}
	return out
}
