package supervision

import (
	"slices"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// State is what supervision looks at: the decomposed assignments, the cases
// opened so far, the inspection findings and the year's inspection plan. It
// is read, never modified.
type State struct {
	// Assignments are the 分解任务 (zeren.v1.Assignment) to supervise.
	Assignments []*zerenv1.Assignment
	// Cases are the supervision cases (督办单) opened so far, in any state.
	Cases []*zerenv1.SupervisionCase
	// Findings are inspection findings (督查发现). Findings recorded on the
	// plan's inspections count too; a finding listed in both counts once.
	Findings []*zerenv1.Finding
	// Plan is the year's inspection plan (督查计划), if any.
	Plan *zerenv1.InspectionPlan
	// Directory places organisations in units and names them and their
	// tasks in case titles; nil leaves lead units empty and titles with ids.
	Directory Directory
}

// Agenda is what is due on one day.
type Agenda struct {
	// Day is the day, as the instant it begins in the calendar's location.
	Day time.Time
	// Reminders (提示) due today: for open assignments, in input order, then
	// for active cases, in input order, then for the new cases in Open, in
	// their order; offsets in policy order. A
	// reminder's due is the adjusted due date (after 顺延); a case
	// reminder has no assignment_id and names the case in case_id and in
	// its id ([CaseReminderID]).
	Reminders []*zerenv1.Reminder
	// Dispatches (调度) to issue today.
	Dispatches []*zerenv1.Dispatch
	// Inspections (督查) planned today, in plan order (copies).
	Inspections []*zerenv1.Inspection
	// Open are new cases (督办单) to open: for overdue assignments without an
	// active case, in input order, then for findings without a case, those
	// of State.Findings before those recorded on the plan.
	Open []*zerenv1.SupervisionCase
	// Urges are cases to chase (催办) because they ran past their deadline,
	// in input order.
	Urges []Urge
	// Diagnostics name the records Due could not act on: first the open
	// assignments without a due date, then the findings without an id or
	// organisation, then the overdue assignments without an id or
	// organisation. A Path "assignments[i]" indexes State.Assignments; a
	// Path "findings[i]" indexes the findings Due collects: those of
	// State.Findings, then those of the plan's inspections, nil ones left
	// out and each id once.
	Diagnostics []Problem

	// lay records the sections of the lists above and the size of the
	// input, for [Merge]; the zero value puts every list in its first
	// section.
	lay layout
}

// Urge is a 催办: a case that ran past its deadline without being submitted.
type Urge struct {
	// Case is the case after the urge (a copy): overdue_count counts this
	// run, the yellow card, escalation and urgency are raised as the policy
	// says, and the ledger holds a 催办 entry (from = to = its state).
	Case *zerenv1.SupervisionCase
	// OverdueDays is how many working days the deadline has passed.
	OverdueDays int
	// YellowCard and Escalated report what this urge raised.
	YellowCard, Escalated bool
}

// dueInfo is what one due instant means today; many assignments share one.
type dueInfo struct {
	key     int64     // due seconds
	eff     time.Time // the due day after DueRule
	overdue int       // working days past eff (0 when not past)
	remind  uint64    // bit i: ReminderOffsets[i] falls today
	year    int       // of eff
	month   int
}

type planner struct {
	cal   *calendar.Calendar
	p     Policy
	now   time.Time
	today time.Time
	cache map[int64]*dueInfo
	slots [1 << slotBits]*dueInfo // a direct-mapped front for cache
	offs  []int                   // sanitized assignment offsets
	coffs []int                   // sanitized case offsets
}

// sanitize drops negative and repeated offsets and caps the list at 64.
func sanitize(offs []int) []int {
	out := make([]int, 0, len(offs))
	for _, o := range offs {
		if o >= 0 && o <= maxDays && !slices.Contains(out, o) && len(out) < 64 {
			out = append(out, o)
		}
	}
	return out
}

// reminderDay returns the day a reminder offset days before eff is due: in
// working days by default, else in calendar days moved back to the previous
// working day when it lands on a rest day.
func (pl *planner) reminderDay(eff time.Time, offset int) time.Time {
	if pl.p.ReminderCalendarDays {
		return pl.cal.PrevWorkday(eff.AddDate(0, 0, -offset))
	}
	return pl.cal.PrevWorkday(pl.cal.AddWorkdays(eff, -offset))
}

// slotBits sizes the direct-mapped table in front of the due-date cache.
const slotBits = 10

func (pl *planner) info(due *timestamppb.Timestamp) *dueInfo {
	key := due.GetSeconds()
	slot := &pl.slots[(uint64(key)*0x9E3779B97F4A7C15)>>(64-slotBits)]
	if in := *slot; in != nil && in.key == key {
		return in
	}
	if in, ok := pl.cache[key]; ok {
		*slot = in
		return in
	}
	eff := pl.cal.Adjust(due.AsTime(), pl.p.DueRule)
	in := &dueInfo{key: key, eff: eff}
	y, m, _ := eff.Date()
	in.year, in.month = y, int(m)
	if eff.Before(pl.today) {
		in.overdue = pl.cal.WorkdaysBetween(eff, pl.today)
	}
	for i, o := range pl.offs {
		if pl.reminderDay(eff, o).Equal(pl.today) {
			in.remind |= 1 << i
		}
	}
	pl.cache[key] = in
	*slot = in
	return in
}

// isOpen reports whether an assignment is still to be done at now: not
// retired, and neither completed (completed_at at or before now) nor, when
// completed_at is unset, marked DONE. A completion recorded after now does
// not count yet, so a whole year's data can be replayed day by day.
func isOpen(a *zerenv1.Assignment, now time.Time) bool {
	return isOpenAt(a, now.Unix(), int32(now.Nanosecond()))
}

// isOpenAt is isOpen with now in Unix seconds and nanoseconds, for the hot
// loop.
func isOpenAt(a *zerenv1.Assignment, sec int64, nsec int32) bool {
	if a.GetStatus() == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED {
		return false
	}
	if c := a.GetCompletedAt(); c != nil {
		return c.GetSeconds() > sec || (c.GetSeconds() == sec && c.GetNanos() > nsec)
	}
	return a.GetStatus() != zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE
}

// active reports whether a case still waits on the organisation: opened,
// rectifying or returned. Submitted, verified and closed cases are not
// urged.
func active(s zerenv1.CaseState) bool {
	switch s {
	case zerenv1.CaseState_CASE_STATE_OPEN, zerenv1.CaseState_CASE_STATE_RECTIFYING, zerenv1.CaseState_CASE_STATE_RETURNED:
		return true
	}
	return false
}

// Due computes what supervision has to do on the day of now (提示—调度—督查
// —督办): reminders whose day is today, the dispatch to issue today, the
// inspections planned today, the cases to open for overdue assignments and
// unhandled findings, and the cases to urge. It is a pure function of its
// arguments: it reads no clock, modifies nothing it is given, and returns
// new messages (copies of the cases it changes). A nil cal means weekends
// only, in China Standard Time.
//
// The rules, with the [Policy] defaults:
//
//   - An assignment is open unless retired or completed by now (see
//     completed_at); its due date, if on a rest day, moves by p.DueRule
//     (顺延). A reminder is due T-7 and T-1 working days before it.
//   - A dispatch for the period just ended is issued on the first working
//     day of the next, due by its fifth, and collects the open assignments
//     of the period (yearly, half-yearly and quarterly ones included).
//   - An open assignment more than p.OverdueAfter working days past its due
//     date, with no case that is not yet closed, gets a case (督办单) due
//     p.CaseDays working days later; the second case for the same
//     organisation and task carries a yellow card. Each finding without a
//     case gets one.
//   - A case opened, rectifying or returned whose deadline has passed by a
//     working day is urged once per deadline (催办); the second run past a
//     deadline raises a yellow card, the third — or any run of a carded
//     case — escalates it.
//
// Computing a day again with the agenda applied (cases opened, urged cases
// replaced) yields no new cases and no new urges. Due is linear in the
// number of assignments and allocates only for what it returns.
func Due(now time.Time, s State, cal *calendar.Calendar, p Policy) Agenda {
	if cal == nil {
		cal = calendar.Weekends(nil)
	}
	today := cal.Day(now)
	pl := &planner{
		cal: cal, p: p, now: now, today: today, cache: map[int64]*dueInfo{},
		offs: sanitize(p.ReminderOffsets), coffs: sanitize(p.CaseReminderOffsets),
	}
	ag := Agenda{Day: today}
	disp := pl.dispatch()
	var reminders slab[zerenv1.Reminder]
	var stamps slab[timestamppb.Timestamp]
	stamp := func(t time.Time) *timestamppb.Timestamp {
		ts := stamps.next()
		ts.Seconds, ts.Nanos = t.Unix(), int32(t.Nanosecond())
		return ts
	}

	// Assignments with a case that is not yet closed get no other.
	covered := map[string]bool{}
	for _, c := range s.Cases {
		if c.GetState() != zerenv1.CaseState_CASE_STATE_CLOSED {
			for _, id := range c.GetAssignmentIds() {
				covered[id] = true
			}
		}
	}

	var overdue []int // indices of open assignments past due without an active case
	var dispOrgs map[string]struct{}
	if disp != nil {
		dispOrgs = map[string]struct{}{}
	}
	grace := clamp(p.OverdueAfter)
	nowSec, nowNsec := now.Unix(), int32(now.Nanosecond())
	for i, a := range s.Assignments {
		if a == nil || !isOpenAt(a, nowSec, nowNsec) {
			continue
		}
		due := a.GetDue()
		if due == nil {
			ag.diagnose(diagUndated, i, a.GetId() == "", Problem{Code: problem.MissingField, Record: "assignment", Path: at("assignments", i),
				ID: problem.RecordID(a.GetId(), i), Field: "due", MessageZh: "未完成的分解任务没有完成时限，不会被提醒或督办",
				Message: "an open assignment has no due date, so it is never reminded or supervised"})
			continue
		}
		in := pl.info(due)
		if in.remind != 0 {
			for k, o := range pl.offs {
				if in.remind&(1<<k) != 0 {
					r := reminders.next()
					r.Id, r.AssignmentId, r.PersonId = ReminderID(a.GetId(), o), a.GetId(), a.GetPersonId()
					r.OrganizationId, r.OffsetDays = a.GetOrganizationId(), int32(o)
					r.RemindOn, r.Due = stamp(today), stamp(in.eff)
					ag.Reminders = append(ag.Reminders, r)
				}
			}
		}
		if in.overdue > grace {
			if !covered[a.GetId()] {
				overdue = append(overdue, i)
			}
		}
		if disp != nil && overlaps(a.GetPeriod(), disp.period.GetYear(), in.year, in.month, disp.first, disp.last) {
			disp.msg.AssignmentIds = append(disp.msg.AssignmentIds, a.GetId())
			dispOrgs[a.GetOrganizationId()] = struct{}{}
		}
	}
	if disp != nil {
		disp.msg.OrganizationIds = sortedKeys(dispOrgs)
		ag.Dispatches = append(ag.Dispatches, disp.msg)
	}

	ag.Inspections = pl.inspections(s.Plan)
	findings, fromState := collectFindings(s)
	var begin [2]int
	ag.Open, begin = pl.open(s, overdue, findings, fromState, &ag)
	// Case reminders section by section, for Merge: existing cases, then
	// the new cases for overdue assignments, for State.Findings, for the
	// plan's findings.
	existing := pl.caseReminders(s.Cases)
	forOverdue := pl.caseReminders(ag.Open[:begin[0]])
	forFindings := pl.caseReminders(ag.Open[begin[0]:begin[1]])
	forPlan := pl.caseReminders(ag.Open[begin[1]:])
	ag.Reminders = slices.Concat(ag.Reminders, existing, forOverdue, forFindings, forPlan)
	ag.Urges = pl.urges(s.Cases)
	ag.lay = layout{
		assignments: len(s.Assignments), stateFindings: fromState, planFindings: len(findings) - fromState,
		reminders: [4]int{len(existing), len(forOverdue), len(forFindings), len(forPlan)},
		open:      [2]int{begin[1] - begin[0], len(ag.Open) - begin[1]},
		diag:      ag.lay.diag,
	}
	return ag
}

// slab hands out values from chunks, so that a day with many reminders
// costs an allocation per chunk rather than several per reminder. The
// values are never copied.
type slab[T any] struct{ buf []T }

func (s *slab[T]) next() *T {
	if len(s.buf) == 0 {
		s.buf = make([]T, 256)
	}
	p := &s.buf[0]
	s.buf = s.buf[1:]
	return p
}

type dispatchPlan struct {
	msg         *zerenv1.Dispatch
	period      *zerenv1.Period
	first, last int
}

// dispatch returns today's dispatch, if today is the issue day of the
// period after the one to collect.
func (pl *planner) dispatch() *dispatchPlan {
	d := pl.p.Dispatch
	if calendar.PeriodsPerYear(d.Kind) == 0 {
		return nil
	}
	y, m, _ := pl.today.Date()
	cur := periodOf(d.Kind, y, m)
	first, _, _ := calendar.PeriodMonths(cur)
	start := time.Date(y, time.Month(first), 1, 0, 0, 0, 0, pl.cal.Location())
	eve := start.AddDate(0, 0, -1)
	issue := pl.cal.AddWorkdays(eve, max(clamp(d.IssueDay), 1))
	if !issue.Equal(pl.today) {
		return nil
	}
	due := pl.cal.AddWorkdays(eve, max(clamp(d.DueDay), clamp(d.IssueDay), 1))
	prev := previous(cur)
	f, l, _ := calendar.PeriodMonths(prev)
	return &dispatchPlan{
		msg: &zerenv1.Dispatch{
			Id: dispatchID(prev), Title: dispatchTitle(prev), Period: prev, Due: timestamppb.New(due),
		},
		period: prev, first: f, last: l,
	}
}

func (pl *planner) inspections(plan *zerenv1.InspectionPlan) []*zerenv1.Inspection {
	var out []*zerenv1.Inspection
	for _, in := range plan.GetInspections() {
		if on := in.GetPlannedOn(); on != nil && pl.cal.Day(on.AsTime()).Equal(pl.today) {
			out = append(out, proto.Clone(in).(*zerenv1.Inspection))
		}
	}
	return out
}

// collectFindings returns the state's findings and the plan's, each id
// once, and how many of them come from s.Findings (they come first).
func collectFindings(s State) ([]*zerenv1.Finding, int) {
	var out []*zerenv1.Finding
	seen := map[string]bool{}
	add := func(f *zerenv1.Finding) {
		if f == nil {
			return
		}
		if f.GetId() != "" {
			if seen[f.GetId()] {
				return
			}
			seen[f.GetId()] = true
		}
		out = append(out, f)
	}
	for _, f := range s.Findings {
		add(f)
	}
	fromState := len(out)
	for _, in := range s.Plan.GetInspections() {
		for _, f := range in.GetFindings() {
			add(f)
		}
	}
	return out, fromState
}

func sortedKeys(m map[string]struct{}) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
