package supervision

import (
	"slices"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/calendar"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// ExtensionRequest is an approved 延期 of a case's deadline.
type ExtensionRequest struct {
	// NewDeadline is the new deadline's day (required; later than the
	// current deadline). A rest day moves by the policy's DueRule.
	NewDeadline time.Time
	// Reason says why (required).
	Reason string
	// ApprovedBy is who approved it, a person id (required).
	ApprovedBy string
	// At is when it was approved (required; not before the case opened).
	At time.Time
	// Assignments are candidates for re-planning: those the case lists that
	// are still open and due before the new deadline move to it. Others are
	// ignored, so the caller may pass a whole list.
	Assignments []*zerenv1.Assignment
}

// Replan is what an extension changes: every date that depends on the
// case's deadline, planned again.
type Replan struct {
	// Case is the case with the new deadline and the extension recorded
	// (a copy).
	Case *zerenv1.SupervisionCase
	// Assignments are the case's assignments whose due date moved to the new
	// deadline (copies).
	Assignments []*zerenv1.Assignment
	// Reminders are the reminders still to come from the day of approval on:
	// before the new case deadline, then before each moved assignment's new
	// due date, in date order within each.
	Reminders []*zerenv1.Reminder
}

// Extend approves an extension (延期) of a case's deadline and re-plans what
// depends on it: the case's deadline and the reminders before it, and the
// due dates (and reminders) of the case's open assignments that were due
// earlier. The extension is appended to rectification.extensions; the
// inputs are not modified. Because urging is per deadline, a case that runs
// past its extended deadline counts a second overdue run (and by default
// gets a yellow card).
//
// It returns a [*CaseError] naming the case, with every problem, when the
// case is verified or closed, when the new deadline is not after the current
// one, or when the reason, approver or instant is missing.
func Extend(c *zerenv1.SupervisionCase, req ExtensionRequest, cal *calendar.Calendar, p Policy) (*Replan, error) {
	if c == nil {
		return nil, &CaseError{Op: "extend", Problems: []string{"case is nil"}, ProblemsZh: []string{"督办单为空"}}
	}
	if cal == nil {
		cal = calendar.Weekends(nil)
	}
	var problems caseProblems
	switch c.GetState() {
	case zerenv1.CaseState_CASE_STATE_CLOSED:
		problems.add("已办结销号的督办单不能延期", "cannot extend a closed-out case (已办结销号)")
	case zerenv1.CaseState_CASE_STATE_VERIFIED:
		problems.add("已验收的督办单不能延期：已无需整改", "cannot extend a verified case (已验收): nothing is left to rectify")
	}
	var newDeadline time.Time
	if req.NewDeadline.IsZero() {
		problems.add("未填写新的整改期限", "the new deadline is missing")
	} else {
		newDeadline = cal.Adjust(req.NewDeadline, p.DueRule)
		if old := c.GetDeadline(); old != nil {
			if cur := cal.Day(old.AsTime()); !newDeadline.After(cur) {
				problems.add("新的整改期限"+newDeadline.Format(time.DateOnly)+"不晚于现有期限"+cur.Format(time.DateOnly),
					"the new deadline "+newDeadline.Format(time.DateOnly)+
						" is not after the current deadline "+cur.Format(time.DateOnly))
			}
		}
	}
	if req.Reason == "" {
		problems.add("未填写延期理由", "the reason for the extension is missing")
	}
	if req.ApprovedBy == "" {
		problems.add("未填写延期批准人", "who approved the extension is missing")
	}
	if req.At.IsZero() {
		problems.add("未填写批准时间", "the approval instant is missing")
	} else if o := c.GetOpenedAt(); o != nil && req.At.Before(o.AsTime()) {
		problems.add("批准时间"+req.At.Format(time.RFC3339)+"早于督办单立案时间",
			"the approval at "+req.At.Format(time.RFC3339)+" is before the case opened")
	}
	if err := problems.err(c.GetId(), "extend"); err != nil {
		return nil, err
	}

	out := proto.Clone(c).(*zerenv1.SupervisionCase)
	out.Deadline = timestamppb.New(newDeadline)
	if out.Rectification == nil {
		out.Rectification = &zerenv1.Rectification{}
	}
	out.Rectification.Extensions = append(out.Rectification.Extensions, &zerenv1.Extension{
		NewDeadline: timestamppb.New(newDeadline), Reason: req.Reason,
		ApprovedAt: timestamppb.New(req.At), ApprovedBy: req.ApprovedBy,
	})
	r := &Replan{Case: out}
	pl := &planner{cal: cal, p: p, now: req.At, today: cal.Day(req.At),
		offs: sanitize(p.ReminderOffsets), coffs: sanitize(p.CaseReminderOffsets)}
	for _, o := range pl.coffs {
		if on := pl.reminderDay(newDeadline, o); !on.Before(pl.today) {
			r.Reminders = append(r.Reminders, caseReminder(out, o, on, newDeadline))
		}
	}
	sortReminders(r.Reminders)
	for _, a := range req.Assignments {
		if a == nil || !slices.Contains(c.GetAssignmentIds(), a.GetId()) || !isOpen(a, req.At) {
			continue
		}
		if d := a.GetDue(); d != nil && !cal.Day(d.AsTime()).Before(newDeadline) {
			continue
		}
		moved := proto.Clone(a).(*zerenv1.Assignment)
		moved.Due = timestamppb.New(newDeadline)
		moved.ExtendedDue = timestamppb.New(newDeadline)
		r.Assignments = append(r.Assignments, moved)
		var rs []*zerenv1.Reminder
		for _, o := range pl.offs {
			if on := pl.reminderDay(newDeadline, o); !on.Before(pl.today) {
				rs = append(rs, &zerenv1.Reminder{
					Id: ReminderID(a.GetId(), o), AssignmentId: a.GetId(), PersonId: a.GetPersonId(),
					OrganizationId: a.GetOrganizationId(), RemindOn: timestamppb.New(on),
					Due: timestamppb.New(newDeadline), OffsetDays: int32(o),
				})
			}
		}
		sortReminders(rs)
		r.Reminders = append(r.Reminders, rs...)
	}
	return r, nil
}

// sortReminders orders reminders by date, then by id.
func sortReminders(rs []*zerenv1.Reminder) {
	slices.SortStableFunc(rs, func(a, b *zerenv1.Reminder) int {
		if c := a.GetRemindOn().AsTime().Compare(b.GetRemindOn().AsTime()); c != 0 {
			return c
		}
		if a.GetId() < b.GetId() {
			return -1
		}
		if a.GetId() > b.GetId() {
			return 1
		}
		return 0
	})
}
