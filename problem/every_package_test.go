package problem_test

// Bad input to every package that reports the one problem type —
// responsibility, checklist, supervision, calendar, unitfacts and the
// document decoder — read back in both languages and in its structured
// fields.

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/checklist/supervision"
	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/unitfacts"
)

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// find returns the one problem of err with want's code, record and field,
// and checks everything want sets, both languages and the sentinel code.
func find(t *testing.T, err error, source string, want problem.Problem) problem.Problem {
	t.Helper()
	require.Error(t, err)
	ve, ok := problem.As(err)
	require.True(t, ok, "%T is not a *problem.ValidationError: %v", err, err)
	assert.True(t, strings.HasPrefix(ve.Source, source), "source %q", ve.Source)
	assert.ErrorIs(t, err, want.Code)
	var got []problem.Problem
	for _, p := range ve.Problems {
		if p.Code == want.Code && p.Record == want.Record && p.Field == want.Field && (want.ID == "" || p.ID == want.ID) {
			got = append(got, p)
		}
	}
	require.Len(t, got, 1, "a %s problem of %s %s.%s in\n%s", want.Code, want.Record, want.ID, want.Field, ve.En())
	p := got[0]
	if want.Path != "" {
		assert.Equal(t, want.Path, p.Path)
	}
	if want.Name != "" {
		assert.Equal(t, want.Name, p.Name)
	}
	if want.Message != "" {
		assert.Equal(t, want.Message, p.Message)
	}
	if want.MessageZh != "" {
		assert.Equal(t, want.MessageZh, p.MessageZh)
	}
	assert.True(t, hasHan(p.MessageZh), "Chinese message: %q", p.MessageZh)
	assert.NotEmpty(t, p.Message)
	assert.False(t, hasHan(p.Message), "English message with Chinese in it: %q", p.Message)
	assert.True(t, hasHan(p.Zh()), p.Zh())
	assert.Contains(t, p.Zh(), p.MessageZh)
	assert.Contains(t, p.En(), p.Message)
	assert.Contains(t, ve.Zh(), p.Zh())
	assert.Contains(t, ve.En(), p.En())
	assert.Contains(t, err.Error(), p.Message, "Error() is English")
	return p
}

func TestResponsibilityProblems(t *testing.T) {
	t.Parallel()
	s := proto.CloneOf(sample.Structure())
	org := s.Organizations[3]
	org.UnitId = "nope"
	app := s.Appointments[2]
	app.End = timestamppb.New(app.GetStart().AsTime().AddDate(0, 0, -1))
	s.Posts[1].OrganizationId = "ghost"
	_, err := responsibility.New(frameworks.SanjiWugang(), s)

	find(t, err, "responsibility", problem.Problem{Code: problem.DanglingReference, Record: "organization", ID: org.GetId(),
		Name: org.GetName(), Field: "unit_id", Path: "organizations[3]",
		MessageZh: `单位“nope”不存在`, Message: `unit "nope" does not exist`})
	find(t, err, "responsibility", problem.Problem{Code: problem.BadInterval, Record: "appointment", ID: app.GetId(),
		Field: "end", Path: "appointments[2]"})
	p := find(t, err, "responsibility", problem.Problem{Code: problem.DanglingReference, Record: "post", ID: s.Posts[1].GetId(),
		Field: "organization_id", Path: "posts[1]"})
	assert.Equal(t, `岗位“`+p.ID+`”（`+p.Name+`）：organization_id：党组织“ghost”不存在`, p.Zh())
	assert.ErrorIs(t, err, problem.BadInterval)
	assert.NotErrorIs(t, err, problem.Cycle)

	// A record without an id is named by its position counted from 1.
	s = proto.CloneOf(sample.Structure())
	s.Units[4].Id = ""
	_, err = responsibility.New(frameworks.SanjiWugang(), s)
	find(t, err, "responsibility", problem.Problem{Code: problem.MissingField, Record: "unit", ID: "#5", Field: "id",
		Path: "units[4]", MessageZh: "编号为空"})
}

func TestChecklistProblems(t *testing.T) {
	t.Parallel()
	h := sample.Hierarchy()
	pb := proto.CloneOf(sample.Plan())
	task := pb.Tasks[5]
	task.Measure.Target = -1
	pb.Responsibilities[0].TaskId = "T-none"
	_, err := checklist.NewPlan(pb, h)
	find(t, err, "checklist", problem.Problem{Code: problem.InvalidValue, Record: "task", ID: task.GetId(), Name: task.GetTitle(),
		Field: "measure.target", Path: "tasks[5]", MessageZh: "目标值-1不在0到1e+12之间"})
	find(t, err, "checklist", problem.Problem{Code: problem.DanglingReference, Record: "responsibility entry",
		Field: "task_id", Path: "responsibilities[0]", Message: `task "T-none" is not on the task list`})

	pb = proto.CloneOf(sample.Plan())
	pb.Year = 0
	_, err = checklist.NewPlan(pb, h)
	find(t, err, "checklist", problem.Problem{Code: problem.MissingField, Record: "plan", Field: "year", MessageZh: "未设置年度"})

	// Progress: the second report names no assignment.
	a := &zerenv1.Assignment{Id: "A1", Target: 1, Comparison: zerenv1.Comparison_COMPARISON_AT_LEAST}
	at := timestamppb.New(sample.AssessmentNow)
	err = checklist.Record([]*zerenv1.Assignment{a}, []*zerenv1.ProgressRecord{
		{AssignmentId: "A1", Value: 1, At: at}, {AssignmentId: "A9", Value: 1, At: at}})
	find(t, err, "checklist", problem.Problem{Code: problem.DanglingReference, Record: "progress record", ID: "A9",
		Name: "#2", Field: "assignment_id", Path: "records[1]"})

	// Rebind: an assignment on a post the hierarchy does not know.
	_, err = checklist.Rebind(h, []*zerenv1.Assignment{{Id: "X", PostId: "no-post",
		Period: &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2026}}}, sample.AssessmentNow)
	find(t, err, "checklist", problem.Problem{Code: problem.DanglingReference, Record: "assignment", ID: "X",
		Field: "post_id", Path: "assignments[0]"})
}

func TestSupervisionProblems(t *testing.T) {
	t.Parallel()
	p := supervision.DefaultPolicy()
	p.ReminderOffsets = []int{3, -1}
	p.HighAfter, p.CriticalAfter = 5, 2
	err := p.Validate()
	find(t, err, "supervision", problem.Problem{Code: problem.InvalidValue, Record: "policy", Field: "reminder_offsets[1]"})
	find(t, err, "supervision", problem.Problem{Code: problem.Conflict, Record: "policy", Field: "critical_after",
		MessageZh: "小于high_after：挂牌督办不能早于重点督办"})

	_, err = supervision.PlanInspections([]*zerenv1.Unit{{Id: "a"}, nil, {Id: "a"}}, 2026, 1, nil)
	find(t, err, "supervision", problem.Problem{Code: problem.MissingField, Record: "unit", ID: "#2", Path: "units[1]"})
	find(t, err, "supervision", problem.Problem{Code: problem.DuplicateID, Record: "unit", ID: "a", Field: "id", Path: "units[2]",
		Message: "listed twice (also #1)", MessageZh: "重复列出（另见#1）"})

	// The diagnostics of Due are problems of the same shape.
	cal, err := calendar.New(sample.Calendar(), sample.Location)
	require.NoError(t, err)
	due := supervision.Due(sample.AssessmentNow, supervision.State{Assignments: []*zerenv1.Assignment{
		{Id: "open-no-due", Status: zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_OPEN}}}, cal, supervision.DefaultPolicy())
	require.Len(t, due.Diagnostics, 1)
	d := due.Diagnostics[0]
	assert.Equal(t, problem.MissingField, d.Code)
	assert.Equal(t, "assignments[0]", d.Path)
	assert.True(t, hasHan(d.MessageZh))
	assert.False(t, hasHan(d.Message))

	// Case errors read in both languages.
	_, err = supervision.OpenCase(supervision.CaseSpec{}, time.Time{}, cal, supervision.DefaultPolicy())
	var ce *supervision.CaseError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, `督办单“”无法立案：未填写编号；未填写党组织（organization_id）：督办单须指明承担整改的党组织；未填写立案时间`, ce.Zh())
	assert.False(t, hasHan(ce.En()), ce.En())
	assert.Equal(t, ce.En(), ce.Error())

	c := &zerenv1.SupervisionCase{Id: "DB-1", State: zerenv1.CaseState_CASE_STATE_OPEN}
	_, err = supervision.Transition(c, zerenv1.CaseState_CASE_STATE_CLOSED, supervision.Event{At: sample.AssessmentNow})
	var te *supervision.TransitionError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "督办单“DB-1”不能从已立案转为已办结销号；已立案之后只能转为整改中", te.Zh())
	assert.Equal(t, te.En(), te.Error())
}

func TestCalendarProblems(t *testing.T) {
	t.Parallel()
	day := func(m time.Month, d int) *timestamppb.Timestamp {
		return timestamppb.New(time.Date(2026, m, d, 0, 0, 0, 0, sample.Location))
	}
	_, err := calendar.New(&zerenv1.Calendar{Id: "bad",
		Holidays: []*timestamppb.Timestamp{day(time.October, 1), nil, day(time.October, 1)},
		Workdays: []*timestamppb.Timestamp{day(time.October, 8)}}, sample.Location)
	p := find(t, err, `calendar "bad"`, problem.Problem{Code: problem.DuplicateID, Record: "holiday", Name: "2026-10-01",
		Path: "holidays[2]", MessageZh: "重复列出（另见holidays[0]）"})
	assert.Equal(t, "节假日holidays[2]（2026-10-01）：重复列出（另见holidays[0]）", p.Zh())
	assert.Equal(t, "holiday holidays[2] (2026-10-01): listed twice (also holidays[0])", p.En())
	find(t, err, "calendar", problem.Problem{Code: problem.MissingField, Record: "holiday", Path: "holidays[1]"})
	find(t, err, "calendar", problem.Problem{Code: problem.InvalidValue, Record: "workday", Name: "2026-10-08", Path: "workdays[0]",
		MessageZh: "是星期四，不是周末：只有星期六或星期日可以调休上班"})
	_, err = calendar.New(nil, nil)
	find(t, err, "calendar", problem.Problem{Code: problem.MissingField, Record: "calendar"})
}

func TestUnitFactsProblems(t *testing.T) {
	t.Parallel()
	in := sample.Input2026()
	in.Findings = append(slices.Clone(in.Findings), &zerenv1.Finding{Id: "F-x", OrganizationId: "ghost",
		FoundAt: timestamppb.New(sample.AssessmentNow)})
	fi := len(in.Findings) - 1
	// The first report comes after AsOf and is left out; the second names
	// no assignment and is reported at its place in the input.
	in.Progress = []*zerenv1.ProgressRecord{
		{AssignmentId: in.Assignments[0].GetId(), Value: 1, At: timestamppb.New(in.AsOf.Add(time.Hour))},
		{AssignmentId: "A-none", Value: 1, At: timestamppb.New(in.AsOf.Add(-time.Hour))},
	}
	_, err := unitfacts.Build(context.Background(), sample.Hierarchy(), in)
	find(t, err, "unitfacts", problem.Problem{Code: problem.DanglingReference, Record: "finding", ID: "F-x",
		Field: "organization_id", Path: "findings[" + strconv.Itoa(fi) + "]", MessageZh: `党组织“ghost”不存在`})
	find(t, err, "unitfacts", problem.Problem{Code: problem.DanglingReference, Record: "progress record", ID: "A-none",
		Name: "#2", Field: "assignment_id", Path: "progress[1]"})

	_, err = unitfacts.Build(context.Background(), sample.Hierarchy(), unitfacts.Input{})
	find(t, err, "unitfacts", problem.Problem{Code: problem.MissingField, Record: "input", Field: "as_of"})
}

func TestDecodeProblems(t *testing.T) {
	t.Parallel()
	_, err := responsibility.ParseStructure([]byte("{\n  \"organizations\": [\n    {\"id\": \"a\", \"member_count\": \"many\"}\n  ]\n}"))
	var de *responsibility.DecodeError
	require.ErrorAs(t, err, &de)
	assert.ErrorIs(t, err, problem.BadDocument)
	assert.Equal(t, "organizations[0].member_count", de.Path)
	assert.Equal(t, 3, de.Line)
	assert.Positive(t, de.Column)
	assert.True(t, hasHan(de.Zh()), de.Zh())
	assert.True(t, strings.HasPrefix(de.Zh(), "无法解析组织结构（json），位置 organizations[0].member_count，第3行第"), de.Zh())
	assert.Equal(t, de.En(), de.Error())
	p := de.Problem()
	assert.Equal(t, problem.BadDocument, p.Code)
	assert.Equal(t, "structure", p.Record)
	assert.Equal(t, de.Path, p.Path)
	assert.Equal(t, 3, p.Line)
	assert.True(t, hasHan(p.MessageZh))

	// A date that is neither form: the path and both languages, with the hint.
	_, err = responsibility.ParseStructure([]byte(`{"appointments": [{"id": "x", "start": "2026-02-30"}]}`))
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "appointments[0].start", de.Path)
	assert.Contains(t, de.Zh(), "YYYY-MM-DD")
	assert.True(t, hasHan(de.Problem().MessageZh))
	assert.False(t, hasHan(de.Problem().Message))
	assert.True(t, errors.Is(err, problem.BadDocument))

	// Text format carries a line and column too.
	_, err = checklist.ParsePlan([]byte("year: 2026\nbogus_field: 1\n"))
	require.ErrorAs(t, err, &de)
	assert.Equal(t, 2, de.Line, de.Error())
}
