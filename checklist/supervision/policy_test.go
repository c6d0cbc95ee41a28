package supervision_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/checklist/supervision"
	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

func TestTheDefaultPolicyIsValid(t *testing.T) {
	t.Parallel()
	p := supervision.DefaultPolicy()
	require.NoError(t, p.Validate())
	assert.Equal(t, []int{7, 1}, p.ReminderOffsets)
	assert.Equal(t, 10, p.CaseDays)
	assert.Equal(t, calendar.Following, p.DueRule)
	assert.Equal(t, zerenv1.PeriodKind_PERIOD_KIND_MONTH, p.Dispatch.Kind)
}

func TestValidateReportsEveryProblem(t *testing.T) {
	t.Parallel()
	p := supervision.DefaultPolicy()
	p.ReminderOffsets = []int{7, -1, 7}
	p.CaseDays = 0
	p.HighAfter, p.CriticalAfter = 10, 5
	p.DueRule = calendar.Rule(9)
	p.Dispatch = supervision.DispatchPolicy{Kind: zerenv1.PeriodKind(17), IssueDay: 5, DueDay: 2}
	p.AssistingUnitIDs = []string{""}
	err := p.Validate()
	var verr *supervision.ValidationError
	require.ErrorAs(t, err, &verr)
	var got []string
	for _, pr := range verr.Problems {
		got = append(got, pr.String())
	}
	assert.Equal(t, []string{
		`policy: reminder_offsets[1]: offset -1 is outside 0–1000 days`,
		`policy: reminder_offsets[2]: offset 7 is listed twice`,
		`policy: case_days: 0 is outside 1–1000`,
		`policy: critical_after: is below high_after: listed supervision cannot come before key supervision`,
		`policy: due_rule: unknown rule Rule(9)`,
		`policy: dispatch.kind: unknown period kind 17`,
		`policy: dispatch.due_day: is before dispatch.issue_day: reports cannot be due before the call goes out`,
		`policy: assisting_unit_ids[0]: unit id is empty`,
	}, got)
}

func TestDueToleratesAnInvalidPolicy(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	p := supervision.Policy{ReminderOffsets: []int{-3, 1, 1}, CaseDays: -4, OverdueAfter: -2, EscalateAfter: -1,
		Dispatch: supervision.DispatchPolicy{Kind: zerenv1.PeriodKind_PERIOD_KIND_MONTH, IssueDay: -1, DueDay: -9}}
	s := supervision.State{Assignments: []*zerenv1.Assignment{assignment("a", "o", "t", day(time.March, 20))}}
	assert.Equal(t, []string{"TS-A-a-T1"}, ids(supervision.Due(at(time.March, 19, 9), s, cal, p).Reminders))
	ag := supervision.Due(at(time.March, 23, 9), s, cal, p)
	require.Len(t, ag.Open, 1)
	assert.Equal(t, day(time.March, 23), ag.Open[0].GetDeadline().AsTime().In(cst), "a negative CaseDays counts as 0")
	assert.Len(t, supervision.Due(at(time.April, 1, 9), s, cal, p).Dispatches, 1)
}

func TestOpenCase(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	p := supervision.DefaultPolicy()
	c, err := supervision.OpenCase(supervision.CaseSpec{ID: "M-1", OrganizationID: "czj-b1", YellowCard: true, Actor: "p-gw-01"},
		at(time.October, 1, 10), cal, p)
	require.NoError(t, err)
	assert.Equal(t, zerenv1.CaseSource_CASE_SOURCE_MANUAL, c.GetSource())
	assert.Equal(t, "关于czj-b1的督办通知", c.GetTitle())
	assert.Equal(t, zerenv1.Urgency_URGENCY_HIGH, c.GetUrgency(), "a yellow card is at least 重点督办")
	assert.Equal(t, day(time.October, 20), c.GetDeadline().AsTime().In(cst), "opened on 国庆: ten working days from 10月8日 on, the make-up Saturday counted")
	assert.Equal(t, "p-gw-01", c.GetHistory()[0].GetActor())

	p.CaseDays = 0
	c, err = supervision.OpenCase(supervision.CaseSpec{ID: "M-2", OrganizationID: "o"}, at(time.October, 1, 10), cal, p)
	require.NoError(t, err)
	assert.Equal(t, day(time.October, 8), c.GetDeadline().AsTime().In(cst), "zero days: the next working day")

	_, err = supervision.OpenCase(supervision.CaseSpec{}, time.Time{}, cal, p)
	var cerr *supervision.CaseError
	require.ErrorAs(t, err, &cerr)
	assert.Equal(t, `open case "": id is missing; organization_id is missing: a case needs the organisation that must act; the opening instant is missing`, err.Error())
}

func TestIDs(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "DB-A-x", supervision.OverdueCaseID("x", 1))
	assert.Equal(t, "DB-A-x", supervision.OverdueCaseID("x", 0))
	assert.Equal(t, "DB-A-x-3", supervision.OverdueCaseID("x", 3))
	assert.Equal(t, "DB-F-f", supervision.FindingCaseID("f"))
	assert.Equal(t, "TS-A-x-T7", supervision.ReminderID("x", 7))
	assert.Equal(t, "TS-C-DB-A-x-T1", supervision.CaseReminderID("DB-A-x", 1))
	assert.Equal(t, "DC-2026-czj", supervision.InspectionID(2026, "czj"))
}

func TestNewDirectoryReadsTheHierarchy(t *testing.T) {
	t.Parallel()
	h, err := responsibility.New(frameworks.SanjiWugang(), sample.Structure(), responsibility.WithLocation(cst))
	require.NoError(t, err)
	d := supervision.NewDirectory(h, []*zerenv1.Task{{Id: "t1", Title: "落实“三会一课”制度"}, {Title: "无id"}})
	assert.Equal(t, sample.FinanceUnitID, d.UnitOf(sample.RotationBranchID))
	assert.Equal(t, "市财政局机关第一支部", d.OrganizationName(sample.RotationBranchID))
	assert.Equal(t, "落实“三会一课”制度", d.TaskTitle("t1"))
	assert.Empty(t, d.UnitOf("nope"))
	assert.Empty(t, d.OrganizationName("nope"))
	assert.Empty(t, supervision.NewDirectory(nil, nil).UnitOf(sample.RotationBranchID))
}
