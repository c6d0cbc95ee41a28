package supervision_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/checklist/supervision"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

func TestRemindersFireOnTheirWorkingDays(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	p := supervision.DefaultPolicy()
	// Due Friday 2026-03-20, an ordinary week: T-1 is Thursday 3月19日, T-7
	// is Wednesday 3月11日 (two weekends back), T-8 would be 3月10日.
	plain := assignment("a-mar", "czj-b1", "t1", day(time.March, 20))
	// Due 国庆 2026-10-01, which 顺延 to 10月8日: T-1 is 9月30日, T-7 is
	// 9月21日 (中秋 and the weekend skipped), T-8 the make-up Sunday 9月20日.
	holiday := assignment("a-oct", "czj-b1", "t1", day(time.October, 1))
	tests := []struct {
		name string
		a    *zerenv1.Assignment
		now  time.Time
		want []string
		due  time.Time
	}{
		{"T-8 working days is quiet", plain, at(time.March, 10, 9), nil, day(time.March, 20)},
		{"T-7 working days", plain, at(time.March, 11, 9), []string{"TS-A-a-mar-T7"}, day(time.March, 20)},
		{"T-7 late in the day", plain, at(time.March, 11, 23), []string{"TS-A-a-mar-T7"}, day(time.March, 20)},
		{"between T-7 and T-1 is quiet", plain, at(time.March, 16, 9), nil, day(time.March, 20)},
		{"T-1 working day", plain, at(time.March, 19, 9), []string{"TS-A-a-mar-T1"}, day(time.March, 20)},
		{"the due day itself is quiet", plain, at(time.March, 20, 9), nil, day(time.March, 20)},
		{"a due date on a holiday counts from the day it moves to: T-1", holiday, at(time.September, 30, 9), []string{"TS-A-a-oct-T1"}, day(time.October, 8)},
		{"a due date on a holiday: T-7", holiday, at(time.September, 21, 9), []string{"TS-A-a-oct-T7"}, day(time.October, 8)},
		{"a due date on a holiday: T-8 falls on a make-up Sunday, quiet", holiday, at(time.September, 20, 9), nil, day(time.October, 8)},
		{"a due date on a holiday: nothing during the holiday", holiday, at(time.October, 1, 9), nil, day(time.October, 8)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ag := supervision.Due(tt.now, supervision.State{Assignments: []*zerenv1.Assignment{tt.a}}, cal, p)
			assert.Equal(t, tt.want, nilIfEmpty(ids(ag.Reminders)))
			for _, r := range ag.Reminders {
				assert.Equal(t, cal.Day(tt.now), r.GetRemindOn().AsTime().In(cst))
				assert.Equal(t, tt.due, r.GetDue().AsTime().In(cst), "the reminder names the adjusted due date")
				assert.Equal(t, "p-czj-b1", r.GetPersonId())
				assert.Equal(t, "czj-b1", r.GetOrganizationId())
				assert.Equal(t, tt.a.GetId(), r.GetAssignmentId())
			}
		})
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestACalendarDayReminderOnARestDayMovesToThePreviousWorkday(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	p := supervision.DefaultPolicy()
	p.ReminderCalendarDays = true
	p.ReminderOffsets = []int{1}
	// Due Monday 3月16日: the day before is Sunday, so the reminder goes out
	// on Friday 3月13日 — still before the due date.
	s := supervision.State{Assignments: []*zerenv1.Assignment{assignment("a", "czj-b1", "t1", day(time.March, 16))}}
	assert.Len(t, supervision.Due(at(time.March, 13, 9), s, cal, p).Reminders, 1)
	assert.Empty(t, supervision.Due(at(time.March, 15, 9), s, cal, p).Reminders)
	assert.Empty(t, supervision.Due(at(time.March, 14, 9), s, cal, p).Reminders)
}

func TestOnlyOpenAssignmentsAreReminded(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	now := at(time.March, 19, 9)
	done := assignment("done", "czj-b1", "t1", day(time.March, 20))
	done.Status = statusDone
	retired := assignment("retired", "czj-b1", "t1", day(time.March, 20))
	retired.Status = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED
	completed := assignment("completed", "czj-b1", "t1", day(time.March, 20))
	completed.CompletedAt = ts(at(time.March, 18, 15))
	later := assignment("completed-later", "czj-b1", "t1", day(time.March, 20))
	later.Status, later.CompletedAt = statusDone, ts(at(time.March, 20, 10))
	unset := assignment("unset", "czj-b1", "t1", day(time.March, 20))
	unset.Status = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_UNSPECIFIED
	s := supervision.State{Assignments: []*zerenv1.Assignment{done, retired, completed, later, unset, nil}}
	ag := supervision.Due(now, s, cal, supervision.DefaultPolicy())
	assert.Equal(t, []string{"TS-A-completed-later-T1", "TS-A-unset-T1"}, ids(ag.Reminders),
		"a completion recorded after now does not count yet; an unset status is open")
}

func TestDispatchIsIssuedOnTheFirstWorkingDayAndDueOnTheFifth(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	p := supervision.DefaultPolicy()
	march := assignment("mar", "czj-b1", "t1", day(time.March, 31))
	marchDone := assignment("mar-done", "czj-b2", "t1", day(time.March, 31))
	marchDone.Status = statusDone
	april := assignment("apr", "czj-b1", "t1", day(time.April, 30))
	q1 := assignment("q1", "fgw-b1", "t2", day(time.March, 31))
	q1.Period = &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_QUARTER, Year: 2026, Index: 1}
	year := assignment("year", "fgw-b1", "t3", day(time.December, 31))
	year.Period = &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2026}
	noPeriod := assignment("no-period", "czj-b2", "t4", day(time.March, 12))
	noPeriod.Period = nil
	s := supervision.State{Assignments: []*zerenv1.Assignment{march, marchDone, april, q1, year, noPeriod}}

	tests := []struct {
		name  string
		now   time.Time
		id    string
		title string
		due   time.Time
	}{
		{"the day before is quiet", at(time.March, 31, 9), "", "", time.Time{}},
		{"March's call on 4月1日, due the fifth working day after 清明", at(time.April, 1, 9), "DD-2026-03", "2026年3月份党建工作进度调度", day(time.April, 8)},
		{"the second working day is quiet", at(time.April, 2, 9), "", "", time.Time{}},
		{"December's call on the make-up Sunday 1月4日", at(time.January, 4, 9), "DD-2025-12", "2025年12月份党建工作进度调度", day(time.January, 8)},
		{"not during 元旦", at(time.January, 2, 9), "", "", time.Time{}},
		{"September's call after 国庆 on 10月8日, due 10月13日", at(time.October, 8, 9), "DD-2026-09", "2026年9月份党建工作进度调度", day(time.October, 13)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ag := supervision.Due(tt.now, s, cal, p)
			if tt.id == "" {
				assert.Empty(t, ag.Dispatches)
				return
			}
			require.Len(t, ag.Dispatches, 1)
			d := ag.Dispatches[0]
			assert.Equal(t, tt.id, d.GetId())
			assert.Equal(t, tt.title, d.GetTitle())
			assert.Equal(t, tt.due, d.GetDue().AsTime().In(cst))
		})
	}

	d := supervision.Due(at(time.April, 1, 9), s, cal, p).Dispatches[0]
	assert.Equal(t, []string{"mar", "q1", "year", "no-period"}, d.GetAssignmentIds(),
		"open assignments of March, its quarter and its year; not April's, not done ones")
	assert.Equal(t, []string{"czj-b1", "czj-b2", "fgw-b1"}, d.GetOrganizationIds())
}

func TestQuarterlyDispatch(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	p := supervision.DefaultPolicy()
	p.Dispatch = supervision.DispatchPolicy{Kind: zerenv1.PeriodKind_PERIOD_KIND_QUARTER, IssueDay: 2, DueDay: 10}
	assert.Empty(t, supervision.Due(at(time.April, 1, 9), supervision.State{}, cal, p).Dispatches)
	ag := supervision.Due(at(time.April, 2, 9), supervision.State{}, cal, p)
	require.Len(t, ag.Dispatches, 1)
	assert.Equal(t, "DD-2026-Q1", ag.Dispatches[0].GetId())
	assert.Equal(t, "2026年第一季度党建工作推进调度", ag.Dispatches[0].GetTitle())
	assert.Equal(t, day(time.April, 15), ag.Dispatches[0].GetDue().AsTime().In(cst))

	p.Dispatch.Kind = zerenv1.PeriodKind_PERIOD_KIND_UNSPECIFIED
	assert.Empty(t, supervision.Due(at(time.April, 2, 9), supervision.State{}, cal, p).Dispatches, "dispatches off")
}

func TestACaseOpensTheWorkingDayAfterTheDueDate(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	wed := assignment("a-wed", "czj-b1", "t-first-topic", day(time.March, 18))
	fri := assignment("a-fri", "czj-b1", "t2", day(time.March, 20))
	oct := assignment("a-oct", "czj-b1", "t3", day(time.October, 1))
	tests := []struct {
		name   string
		a      *zerenv1.Assignment
		now    time.Time
		grace  int
		opened bool
	}{
		{"not on the due day, even at its end", wed, at(time.March, 18, 23), 0, false},
		{"the day after the due date", wed, at(time.March, 19, 0), 0, true},
		{"not on the Saturday after a Friday due date", fri, at(time.March, 21, 9), 0, false},
		{"on the Monday after a Friday due date", fri, at(time.March, 23, 9), 0, true},
		{"a due date on 国庆 is not overdue until after 10月8日", oct, at(time.October, 8, 9), 0, false},
		{"a due date on 国庆 opens on 10月9日", oct, at(time.October, 9, 9), 0, true},
		{"with two days' grace, not on the second working day", wed, at(time.March, 20, 9), 2, false},
		{"with two days' grace, on the third", wed, at(time.March, 23, 9), 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := supervision.DefaultPolicy()
			p.OverdueAfter = tt.grace
			ag := supervision.Due(tt.now, supervision.State{Assignments: []*zerenv1.Assignment{tt.a}}, cal, p)
			if !tt.opened {
				assert.Empty(t, ag.Open)
				return
			}
			require.Len(t, ag.Open, 1)
			assert.Equal(t, "DB-A-"+tt.a.GetId(), ag.Open[0].GetId())
		})
	}
}

func TestAnOpenedCaseCarriesItsParticulars(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	p := supervision.DefaultPolicy()
	p.AssistingUnitIDs = []string{"gw"}
	a := assignment("a-1", "czj-b1", "t-first-topic", day(time.March, 18))
	now := at(time.March, 19, 10)
	ag := supervision.Due(now, supervision.State{Assignments: []*zerenv1.Assignment{a}, Directory: testDirectory}, cal, p)
	require.Len(t, ag.Open, 1)
	c := ag.Open[0]
	assert.Equal(t, "关于市财政局机关第一支部“落实“第一议题”制度”超期未完成的督办通知", c.GetTitle())
	assert.Equal(t, zerenv1.CaseSource_CASE_SOURCE_OVERDUE, c.GetSource())
	assert.Equal(t, []string{"a-1"}, c.GetAssignmentIds())
	assert.Equal(t, "czj-b1", c.GetOrganizationId())
	assert.Equal(t, "czj", c.GetLeadUnitId())
	assert.Equal(t, []string{"gw"}, c.GetAssistingUnitIds())
	assert.Equal(t, now, c.GetOpenedAt().AsTime().In(cst))
	assert.Equal(t, day(time.April, 2), c.GetDeadline().AsTime().In(cst), "ten working days after 3月19日")
	assert.Equal(t, zerenv1.Urgency_URGENCY_NORMAL, c.GetUrgency())
	assert.Equal(t, stOpen, c.GetState())
	assert.False(t, c.GetYellowCard())
	require.Len(t, c.GetHistory(), 1)
	assert.Equal(t, zerenv1.CaseState_CASE_STATE_UNSPECIFIED, c.GetHistory()[0].GetFromState())
	assert.Equal(t, stOpen, c.GetHistory()[0].GetToState())
	assert.Equal(t, "system", c.GetHistory()[0].GetActor())
	assert.Contains(t, c.GetHistory()[0].GetNote(), "超期1个工作日")
}

func TestUrgencyGrowsWithTheOverdueLength(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	a := assignment("a", "czj-b1", "t1", day(time.March, 2))
	for _, tt := range []struct {
		now  time.Time
		want zerenv1.Urgency
	}{
		{at(time.March, 13, 9), zerenv1.Urgency_URGENCY_NORMAL},   // 9 working days
		{at(time.March, 16, 9), zerenv1.Urgency_URGENCY_HIGH},     // 10
		{at(time.March, 27, 9), zerenv1.Urgency_URGENCY_HIGH},     // 19
		{at(time.March, 30, 9), zerenv1.Urgency_URGENCY_CRITICAL}, // 20
	} {
		ag := supervision.Due(tt.now, supervision.State{Assignments: []*zerenv1.Assignment{a}}, cal, supervision.DefaultPolicy())
		require.Len(t, ag.Open, 1)
		assert.Equal(t, tt.want, ag.Open[0].GetUrgency(), tt.now.Format(time.DateOnly))
	}
}

func TestASecondCaseForTheSameOrganisationAndTaskGetsAYellowCard(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	p := supervision.DefaultPolicy()
	jan := assignment("jan", "czj-b1", "t1", day(time.January, 30))
	feb := assignment("feb", "czj-b1", "t1", day(time.February, 27))
	other := assignment("feb-other-task", "czj-b1", "t2", day(time.February, 27))
	otherOrg := assignment("feb-other-org", "czj-b2", "t1", day(time.February, 27))

	// January's case was opened and closed out; February's is the second.
	first := supervision.Due(at(time.February, 2, 9), supervision.State{Assignments: []*zerenv1.Assignment{jan}}, cal, p)
	require.Len(t, first.Open, 1)
	assert.False(t, first.Open[0].GetYellowCard())
	closed := proto.Clone(first.Open[0]).(*zerenv1.SupervisionCase)
	closed.State = stClosed
	jan.Status = statusDone

	s := supervision.State{Assignments: []*zerenv1.Assignment{jan, feb, other, otherOrg}, Cases: []*zerenv1.SupervisionCase{closed}}
	ag := supervision.Due(at(time.March, 2, 9), s, cal, p)
	require.Equal(t, []string{"DB-A-feb", "DB-A-feb-other-task", "DB-A-feb-other-org"}, ids(ag.Open))
	assert.True(t, ag.Open[0].GetYellowCard(), "second case for czj-b1 and t1")
	assert.Equal(t, zerenv1.Urgency_URGENCY_HIGH, ag.Open[0].GetUrgency(), "a yellow card is at least 重点督办")
	assert.False(t, ag.Open[1].GetYellowCard(), "another task")
	assert.False(t, ag.Open[2].GetYellowCard(), "another organisation")
}

func TestTwoOverdueMonthsAtOnceCardTheSecond(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	s := supervision.State{Assignments: []*zerenv1.Assignment{
		assignment("jan", "czj-b1", "t1", day(time.January, 30)),
		assignment("feb", "czj-b1", "t1", day(time.February, 27)),
	}}
	ag := supervision.Due(at(time.March, 2, 9), s, cal, supervision.DefaultPolicy())
	require.Len(t, ag.Open, 2)
	assert.False(t, ag.Open[0].GetYellowCard())
	assert.True(t, ag.Open[1].GetYellowCard())
}

func TestAnAssignmentWithAnActiveCaseGetsNoOtherButAClosedOneDoes(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	p := supervision.DefaultPolicy()
	a := assignment("a", "czj-b1", "t1", day(time.March, 18))
	ag := supervision.Due(at(time.March, 19, 9), supervision.State{Assignments: []*zerenv1.Assignment{a}}, cal, p)
	require.Len(t, ag.Open, 1)
	for _, st := range []zerenv1.CaseState{stOpen, stRectifying, stSubmitted, stVerified, stReturned} {
		c := proto.Clone(ag.Open[0]).(*zerenv1.SupervisionCase)
		c.State = st
		again := supervision.Due(at(time.March, 20, 9), supervision.State{Assignments: []*zerenv1.Assignment{a}, Cases: []*zerenv1.SupervisionCase{c}}, cal, p)
		assert.Empty(t, again.Open, st.String())
	}
	c := proto.Clone(ag.Open[0]).(*zerenv1.SupervisionCase)
	c.State = stClosed
	again := supervision.Due(at(time.April, 7, 9), supervision.State{Assignments: []*zerenv1.Assignment{a}, Cases: []*zerenv1.SupervisionCase{c}}, cal, p)
	require.Len(t, again.Open, 1, "closed out but still not done: supervised again")
	assert.Equal(t, "DB-A-a-2", again.Open[0].GetId())
	assert.True(t, again.Open[0].GetYellowCard())
}

func TestFindingsOpenCases(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	now := at(time.May, 12, 9)
	finding := func(id string, sev zerenv1.Severity, found time.Time) *zerenv1.Finding {
		return &zerenv1.Finding{Id: id, OrganizationId: "fgw-b1", Severity: sev, TaskId: "t9", FoundAt: ts(found), Description: "三会一课记录不全"}
	}
	minor := finding("f-minor", zerenv1.Severity_SEVERITY_MINOR, day(time.May, 11))
	major := finding("f-major", zerenv1.Severity_SEVERITY_MAJOR, day(time.May, 11))
	major.TaskId = "t8"
	severe := finding("f-severe", zerenv1.Severity_SEVERITY_SEVERE, day(time.May, 11))
	severe.TaskId = ""
	concealed := finding("f-concealed", zerenv1.Severity_SEVERITY_MINOR, day(time.May, 11))
	concealed.Concealed, concealed.TaskId = true, "t7"
	future := finding("f-future", zerenv1.Severity_SEVERITY_MINOR, day(time.May, 13))
	handled := finding("f-handled", zerenv1.Severity_SEVERITY_MINOR, day(time.May, 11))
	noOrg := &zerenv1.Finding{Id: "f-no-org"}
	plan := &zerenv1.InspectionPlan{Year: 2026, Inspections: []*zerenv1.Inspection{{
		Id: "DC-2026-fgw", UnitId: "fgw", PlannedOn: ts(day(time.May, 11)),
		Findings: []*zerenv1.Finding{major, severe},
	}}}
	s := supervision.State{
		Findings:  []*zerenv1.Finding{minor, major, concealed, future, handled, noOrg},
		Plan:      plan,
		Cases:     []*zerenv1.SupervisionCase{{Id: "DB-F-f-handled", FindingId: "f-handled", OrganizationId: "fgw-b1", State: stClosed}},
		Directory: testDirectory,
	}
	ag := supervision.Due(now, s, cal, supervision.DefaultPolicy())
	require.Equal(t, []string{"DB-F-f-minor", "DB-F-f-major", "DB-F-f-concealed", "DB-F-f-severe"}, ids(ag.Open))
	got := map[string]*zerenv1.SupervisionCase{}
	for _, c := range ag.Open {
		got[c.GetId()] = c
		assert.Equal(t, zerenv1.CaseSource_CASE_SOURCE_FINDING, c.GetSource())
		assert.Equal(t, "fgw", c.GetLeadUnitId())
		assert.Equal(t, "关于市发展改革委机关第一支部督查发现问题限期整改的督办通知", c.GetTitle())
	}
	assert.True(t, got["DB-F-f-minor"].GetYellowCard(), "the handled finding was about the same task t9")
	assert.Equal(t, zerenv1.Urgency_URGENCY_HIGH, got["DB-F-f-minor"].GetUrgency(), "一般, raised by the yellow card")
	assert.Equal(t, zerenv1.Urgency_URGENCY_HIGH, got["DB-F-f-major"].GetUrgency())
	assert.Equal(t, zerenv1.Urgency_URGENCY_HIGH, got["DB-F-f-concealed"].GetUrgency(), "瞒报 raises a grade")
	assert.Equal(t, zerenv1.Urgency_URGENCY_CRITICAL, got["DB-F-f-severe"].GetUrgency())
	require.Len(t, ag.Diagnostics, 1)
	assert.Equal(t, "f-no-org", ag.Diagnostics[0].ID)
}

func TestInspectionsPlannedToday(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	plan := &zerenv1.InspectionPlan{Year: 2026, Inspections: []*zerenv1.Inspection{
		{Id: "DC-2026-czj", UnitId: "czj", PlannedOn: ts(day(time.May, 11))},
		{Id: "DC-2026-jyj", UnitId: "jyj", PlannedOn: ts(day(time.May, 12))},
		{Id: "DC-2026-mzj", UnitId: "mzj", PlannedOn: ts(day(time.May, 12))},
	}}
	ag := supervision.Due(at(time.May, 12, 15), supervision.State{Plan: plan}, cal, supervision.DefaultPolicy())
	assert.Equal(t, []string{"DC-2026-jyj", "DC-2026-mzj"}, ids(ag.Inspections))
	ag.Inspections[0].UnitId = "changed"
	assert.Equal(t, "jyj", plan.GetInspections()[1].GetUnitId(), "the agenda holds copies")
}

// openCase opens a case for an overdue assignment as Due would.
func openedCase(t *testing.T, opened time.Time) *zerenv1.SupervisionCase {
	t.Helper()
	c, err := supervision.OpenCase(supervision.CaseSpec{
		ID: "DB-A-a", Source: zerenv1.CaseSource_CASE_SOURCE_OVERDUE, OrganizationID: "czj-b1",
		AssignmentIDs: []string{"a"},
	}, opened, sampleCalendar(t), supervision.DefaultPolicy())
	require.NoError(t, err)
	return c
}

func TestAnOverdueCaseIsUrgedTheWorkingDayAfterItsDeadline(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	p := supervision.DefaultPolicy()
	c := openedCase(t, at(time.March, 19, 10)) // deadline Thursday 4月2日
	require.Equal(t, day(time.April, 2), c.GetDeadline().AsTime().In(cst))
	s := supervision.State{Cases: []*zerenv1.SupervisionCase{c}}

	assert.Empty(t, supervision.Due(at(time.April, 2, 23), s, cal, p).Urges, "not on the deadline day")
	ag := supervision.Due(at(time.April, 3, 9), s, cal, p)
	require.Len(t, ag.Urges, 1, "the working day after the deadline")
	u := ag.Urges[0]
	assert.Equal(t, 1, u.OverdueDays)
	assert.Equal(t, int32(1), u.Case.GetOverdueCount())
	assert.False(t, u.YellowCard)
	assert.False(t, u.Escalated)
	last := u.Case.GetHistory()[len(u.Case.GetHistory())-1]
	assert.Equal(t, last.GetFromState(), last.GetToState(), "a 催办 is a ledger entry that does not change the state")
	assert.Contains(t, last.GetNote(), "催办：已超过办理期限（2026-04-02）1个工作日，第1次超期")
	assert.Equal(t, int32(0), c.GetOverdueCount(), "the input is not modified")

	s = apply(s, ag)
	assert.Empty(t, supervision.Due(at(time.April, 3, 15), s, cal, p).Urges, "urged once per deadline")
	assert.Empty(t, supervision.Due(at(time.April, 20, 9), s, cal, p).Urges, "still once per deadline")

	submitted := proto.Clone(c).(*zerenv1.SupervisionCase)
	submitted.State = stSubmitted
	assert.Empty(t, supervision.Due(at(time.April, 3, 9), supervision.State{Cases: []*zerenv1.SupervisionCase{submitted}}, cal, p).Urges,
		"a submitted case waits on the verifier, not the unit")
}

func TestRepeatedOverdueRunsCardThenEscalate(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	p := supervision.DefaultPolicy()
	c := openedCase(t, at(time.March, 19, 10))
	s := supervision.State{Cases: []*zerenv1.SupervisionCase{c}}
	extend := func(to time.Time, approved time.Time) {
		t.Helper()
		r, err := supervision.Extend(s.Cases[0], supervision.ExtensionRequest{
			NewDeadline: to, Reason: "需协调上级部门", ApprovedBy: "p-gw-01", At: approved,
		}, cal, p)
		require.NoError(t, err)
		s.Cases[0] = r.Case
	}

	ag := supervision.Due(at(time.April, 3, 9), s, cal, p)
	require.Len(t, ag.Urges, 1)
	s = apply(s, ag)

	extend(day(time.April, 20), at(time.April, 7, 9))
	assert.Empty(t, supervision.Due(at(time.April, 20, 9), s, cal, p).Urges)
	ag = supervision.Due(at(time.April, 21, 9), s, cal, p)
	require.Len(t, ag.Urges, 1, "past the extended deadline: a second run")
	assert.Equal(t, int32(2), ag.Urges[0].Case.GetOverdueCount())
	assert.True(t, ag.Urges[0].YellowCard, "yellow card on the second run")
	assert.False(t, ag.Urges[0].Escalated)
	assert.Equal(t, zerenv1.Urgency_URGENCY_HIGH, ag.Urges[0].Case.GetUrgency())
	s = apply(s, ag)

	extend(day(time.May, 6), at(time.April, 22, 9))
	ag = supervision.Due(at(time.May, 7, 9), s, cal, p)
	require.Len(t, ag.Urges, 1)
	assert.Equal(t, int32(3), ag.Urges[0].Case.GetOverdueCount())
	assert.False(t, ag.Urges[0].YellowCard, "already carded")
	assert.True(t, ag.Urges[0].Escalated, "escalated on the third run")
	assert.True(t, ag.Urges[0].Case.GetEscalated())
	assert.Equal(t, zerenv1.Urgency_URGENCY_CRITICAL, ag.Urges[0].Case.GetUrgency(), "升级 to 挂牌督办")
	assert.Contains(t, ag.Urges[0].Case.GetHistory()[len(ag.Urges[0].Case.GetHistory())-1].GetNote(), "升级督办")
}

func TestACardedCaseEscalatesOnItsFirstRun(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	c, err := supervision.OpenCase(supervision.CaseSpec{ID: "DB-A-x-2", OrganizationID: "czj-b1", YellowCard: true},
		at(time.March, 19, 10), cal, supervision.DefaultPolicy())
	require.NoError(t, err)
	ag := supervision.Due(at(time.April, 3, 9), supervision.State{Cases: []*zerenv1.SupervisionCase{c}}, cal, supervision.DefaultPolicy())
	require.Len(t, ag.Urges, 1)
	assert.True(t, ag.Urges[0].Escalated)
	assert.False(t, ag.Urges[0].YellowCard, "the card was there already")
}

func TestCaseDeadlineReminders(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	c := openedCase(t, at(time.March, 19, 10)) // deadline 4月2日
	s := supervision.State{Cases: []*zerenv1.SupervisionCase{c}}
	p := supervision.DefaultPolicy()
	r3 := supervision.Due(at(time.March, 30, 9), s, cal, p).Reminders
	assert.Equal(t, []string{"TS-C-DB-A-a-T3"}, ids(r3))
	assert.Equal(t, c.GetId(), r3[0].GetCaseId(), "a case reminder names its case")
	assert.Empty(t, r3[0].GetAssignmentId())
	assert.Equal(t, []string{"TS-C-DB-A-a-T1"}, ids(supervision.Due(at(time.April, 1, 9), s, cal, p).Reminders))
	assert.Empty(t, supervision.Due(at(time.March, 31, 9), s, cal, p).Reminders)
}

func TestDueIsIdempotentOverItsOwnAgenda(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	p := supervision.DefaultPolicy()
	s := supervision.State{
		Assignments: []*zerenv1.Assignment{
			assignment("a1", "czj-b1", "t1", day(time.February, 27)),
			assignment("a2", "czj-b1", "t1", day(time.March, 31)),
			assignment("a3", "fgw-b1", "t2", day(time.March, 10)),
		},
		Findings: []*zerenv1.Finding{{Id: "f1", OrganizationId: "fgw-b1", TaskId: "t2", FoundAt: ts(day(time.March, 3))}},
	}
	for _, now := range []time.Time{at(time.March, 2, 9), at(time.March, 16, 9), at(time.April, 1, 9), at(time.April, 20, 9), at(time.June, 1, 9)} {
		ag := supervision.Due(now, s, cal, p)
		s = apply(s, ag)
		again := supervision.Due(now, s, cal, p)
		assert.Empty(t, again.Open, now.Format(time.DateOnly))
		assert.Empty(t, again.Urges, now.Format(time.DateOnly))
	}
	assert.Equal(t, []string{"DB-A-a1", "DB-A-a3", "DB-F-f1", "DB-A-a2"}, ids(s.Cases))
}

func TestDueDoesNotModifyItsInput(t *testing.T) {
	t.Parallel()
	cal := sampleCalendar(t)
	s := supervision.State{
		Assignments: []*zerenv1.Assignment{assignment("a1", "czj-b1", "t1", day(time.March, 2)), assignment("a2", "czj-b1", "t1", day(time.April, 2))},
		Cases:       []*zerenv1.SupervisionCase{openedCase(t, at(time.March, 3, 9))},
		Findings:    []*zerenv1.Finding{{Id: "f1", OrganizationId: "fgw-b1"}},
	}
	before := []proto.Message{s.Assignments[0], s.Assignments[1], s.Cases[0], s.Findings[0]}
	clones := make([]proto.Message, len(before))
	for i, m := range before {
		clones[i] = proto.Clone(m)
	}
	ag := supervision.Due(at(time.April, 1, 9), s, cal, supervision.DefaultPolicy())
	require.NotEmpty(t, ag.Urges)
	require.NotEmpty(t, ag.Dispatches)
	require.NotEmpty(t, ag.Reminders)
	for i := range before {
		assert.True(t, proto.Equal(clones[i], before[i]))
	}
}

func TestAnOpenAssignmentWithoutADueDateIsDiagnosed(t *testing.T) {
	t.Parallel()
	a := assignment("a", "czj-b1", "t1", day(time.March, 2))
	a.Due = nil
	ag := supervision.Due(at(time.March, 3, 9), supervision.State{Assignments: []*zerenv1.Assignment{a}}, nil, supervision.DefaultPolicy())
	require.Len(t, ag.Diagnostics, 1)
	assert.Equal(t, `assignment "a": due: an open assignment has no due date, so it is never reminded or supervised`, ag.Diagnostics[0].String())
}

func TestAnOverdueAssignmentWithoutAnOrganisationIsDiagnosed(t *testing.T) {
	t.Parallel()
	a := assignment("a", "", "t1", day(time.March, 2))
	ag := supervision.Due(at(time.March, 3, 9), supervision.State{Assignments: []*zerenv1.Assignment{a}}, nil, supervision.DefaultPolicy())
	assert.Empty(t, ag.Open)
	require.Len(t, ag.Diagnostics, 1)
	assert.Contains(t, ag.Diagnostics[0].String(), `assignment "a"`)
}
