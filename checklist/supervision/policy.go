package supervision

import (
	"strconv"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Policy is the supervision cycle's configuration, as data: when reminders
// go out, when progress is collected, when a case opens, how long it runs
// and when it is carded and escalated. Start from [DefaultPolicy] and change
// what the locality does differently; [Policy.Validate] checks the result.
// Counts are working days of the [calendar.Calendar] in use.
type Policy struct {
	// ReminderOffsets are the 提示 points before an assignment's due date:
	// 7 means a reminder 7 working days before it (T-7). Default 7 and 1.
	ReminderOffsets []int
	// CaseReminderOffsets are the 提示 points before a supervision case's
	// deadline. Default 3 and 1.
	CaseReminderOffsets []int
	// ReminderCalendarDays counts the offsets in calendar days instead of
	// working days. A reminder that then lands on a rest day moves to the
	// previous working day, so that it still comes before the due date.
	// Default false.
	ReminderCalendarDays bool
	// DueRule moves a due date, deadline or extension that falls on a rest
	// day. Default [calendar.Following] (顺延): to the next working day.
	DueRule calendar.Rule
	// Dispatch is the 调度 schedule.
	Dispatch DispatchPolicy
	// OverdueAfter: a case (督办单) opens when an open assignment is overdue
	// by more than this many working days. Default 0: on the first working
	// day after the (adjusted) due date.
	OverdueAfter int
	// CaseDays is the time a case gives to rectify: its deadline is this
	// many working days after the day it opens. Default 10.
	CaseDays int
	// HighAfter and CriticalAfter grade a case opened for an overdue
	// assignment: 重点督办 (URGENCY_HIGH) when the assignment is at least
	// HighAfter working days overdue, 挂牌督办 (URGENCY_CRITICAL) at
	// CriticalAfter; otherwise 一般督办. 0 turns a grade off. Defaults 10
	// and 20. A case from a finding takes its grade from the finding's
	// severity (一般 → 一般督办, 较重 → 重点督办, 严重 → 挂牌督办), one grade
	// higher when the finding was concealed (瞒报).
	HighAfter, CriticalAfter int
	// YellowCardAfter is the overdue run (a 催办 after the case ran past its
	// deadline) that raises a yellow card (黄牌警告). Default 2: the second
	// time a case runs past its deadline, i.e. past an extended deadline. A
	// case opened for an organisation and task that already had a case
	// carries a yellow card from the start. 0 turns run-based cards off.
	YellowCardAfter int
	// EscalateAfter is the overdue run that escalates a case (升级督办,
	// escalated = true, which accountability proposals read). Default 3. A
	// case that already carries a yellow card escalates on its next overdue
	// run whatever the count. 0 turns run-based escalation off.
	EscalateAfter int
	// AssistingUnitIDs are the 协办单位 named on every case [Due] opens.
	// Default none.
	AssistingUnitIDs []string
	// Actor is recorded on the ledger entries [Due] writes (opening, 催办).
	// Default "system".
	Actor string
}

// DispatchPolicy is the 调度 schedule: after each period of Kind ends, a
// progress collection call goes out on the IssueDay-th working day of the
// next period, with reports due by its DueDay-th working day.
type DispatchPolicy struct {
	// Kind is the period collected: PERIOD_KIND_MONTH (月调度, default),
	// PERIOD_KIND_QUARTER (季推进), PERIOD_KIND_HALF or PERIOD_KIND_YEAR
	// (年考评). PERIOD_KIND_UNSPECIFIED turns dispatches off.
	Kind zerenv1.PeriodKind
	// IssueDay is the working day of the next period on which the call goes
	// out. Default 1, the first working day.
	IssueDay int
	// DueDay is the working day of the next period by which reports are due.
	// Default 5: March's progress is due on the fifth working day of April.
	DueDay int
}

// DefaultPolicy returns the defaults documented on [Policy]: reminders at
// T-7 and T-1 working days (T-3 and T-1 before a case deadline), due dates
// on rest days moved to the next working day, a monthly dispatch issued on
// the first working day of the next month and due on its fifth, a case on
// the first working day an assignment is overdue, ten working days to
// rectify, a yellow card on the second overdue run or the second case for
// the same organisation and task, escalation on the third run or the run
// after a yellow card.
func DefaultPolicy() Policy {
	return Policy{
		ReminderOffsets:     []int{7, 1},
		CaseReminderOffsets: []int{3, 1},
		DueRule:             calendar.Following,
		Dispatch:            DispatchPolicy{Kind: zerenv1.PeriodKind_PERIOD_KIND_MONTH, IssueDay: 1, DueDay: 5},
		OverdueAfter:        0,
		CaseDays:            10,
		HighAfter:           10,
		CriticalAfter:       20,
		YellowCardAfter:     2,
		EscalateAfter:       3,
		Actor:               "system",
	}
}

// maxDays bounds every working-day count of a policy (about four years).
const maxDays = 1000

// Validate reports every value out of range as a [*ValidationError]. [Due]
// does not fail on an invalid policy: it skips negative offsets and treats
// negative counts as 0.
func (p Policy) Validate() error {
	var v problems
	offsets := func(field string, offs []int) {
		seen := map[int]bool{}
		for i, o := range offs {
			f := field + "[" + strconv.Itoa(i) + "]"
			switch {
			case o < 0 || o > maxDays:
				v.add(problem.InvalidValue, "policy", "", "", f,
					"偏移天数"+strconv.Itoa(o)+"不在0–"+strconv.Itoa(maxDays)+"个工作日之间",
					"offset "+strconv.Itoa(o)+" is outside 0–"+strconv.Itoa(maxDays)+" days")
			case seen[o]:
				v.add(problem.DuplicateID, "policy", "", "", f, "偏移天数"+strconv.Itoa(o)+"重复",
					"offset "+strconv.Itoa(o)+" is listed twice")
			}
			seen[o] = true
		}
	}
	offsets("reminder_offsets", p.ReminderOffsets)
	offsets("case_reminder_offsets", p.CaseReminderOffsets)
	count := func(field string, n, lo int) {
		if n < lo || n > maxDays {
			v.add(problem.InvalidValue, "policy", "", "", field,
				strconv.Itoa(n)+"不在"+strconv.Itoa(lo)+"–"+strconv.Itoa(maxDays)+"之间",
				strconv.Itoa(n)+" is outside "+strconv.Itoa(lo)+"–"+strconv.Itoa(maxDays))
		}
	}
	count("overdue_after", p.OverdueAfter, 0)
	count("case_days", p.CaseDays, 1)
	count("high_after", p.HighAfter, 0)
	count("critical_after", p.CriticalAfter, 0)
	count("yellow_card_after", p.YellowCardAfter, 0)
	count("escalate_after", p.EscalateAfter, 0)
	if p.HighAfter > 0 && p.CriticalAfter > 0 && p.CriticalAfter < p.HighAfter {
		v.add(problem.Conflict, "policy", "", "", "critical_after", "小于high_after：挂牌督办不能早于重点督办",
			"is below high_after: listed supervision cannot come before key supervision")
	}
	if p.DueRule < calendar.Following || p.DueRule > calendar.Unadjusted {
		v.add(problem.InvalidValue, "policy", "", "", "due_rule", "未知的顺延规则"+p.DueRule.String(),
			"unknown rule "+p.DueRule.String())
	}
	if calendar.PeriodsPerYear(p.Dispatch.Kind) == 0 && p.Dispatch.Kind != zerenv1.PeriodKind_PERIOD_KIND_UNSPECIFIED {
		v.add(problem.InvalidValue, "policy", "", "", "dispatch.kind", "未知的周期类型"+p.Dispatch.Kind.String(),
			"unknown period kind "+p.Dispatch.Kind.String())
	}
	if p.Dispatch.Kind != zerenv1.PeriodKind_PERIOD_KIND_UNSPECIFIED {
		count("dispatch.issue_day", p.Dispatch.IssueDay, 1)
		count("dispatch.due_day", p.Dispatch.DueDay, 1)
		if p.Dispatch.DueDay < p.Dispatch.IssueDay {
			v.add(problem.Conflict, "policy", "", "", "dispatch.due_day", "早于dispatch.issue_day：报送期限不能早于调度通知下发",
				"is before dispatch.issue_day: reports cannot be due before the call goes out")
		}
	}
	for i, id := range p.AssistingUnitIDs {
		if id == "" {
			v.add(problem.MissingField, "policy", "", "", "assisting_unit_ids["+strconv.Itoa(i)+"]", "单位编号为空",
				"unit id is empty")
		}
	}
	return v.err()
}

// clamp returns n within [0, maxDays].
func clamp(n int) int { return min(max(n, 0), maxDays) }
