package checklist_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/checklist"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// validationCases each break one thing in a valid plan and name the problem
// NewPlan must report.
var validationCases = []struct {
	name    string
	breakIt func(*zerenv1.Plan)
	want    checklist.Problem // Message is matched as a substring
}{
	{"a plan without a year", func(p *zerenv1.Plan) { p.Year = 0 },
		checklist.Problem{Code: checklist.ProblemMissingField, Record: "plan", ID: "2026", Field: "year", Message: "not set"}},
	{"a plan of another framework", func(p *zerenv1.Plan) { p.FrameworkId = "siji-sigang" },
		checklist.Problem{Code: checklist.ProblemDanglingReference, Record: "plan", ID: "2026", Field: "framework_id", Message: `"siji-sigang"`}},
	{"a duplicate problem id", func(p *zerenv1.Plan) {
		p.Problems = append(p.Problems, &zerenv1.Problem{Id: "P1", Title: "重复", Dimension: 1})
	},
		checklist.Problem{Code: checklist.ProblemDuplicateID, Record: "problem", ID: "P1", Name: "重复", Field: "id"}},
	{"a problem without a dimension", func(p *zerenv1.Plan) { p.Problems[0].Dimension = 0 },
		checklist.Problem{Code: checklist.ProblemMissingField, Record: "problem", ID: "P1", Field: "dimension"}},
	{"a duplicate task id", func(p *zerenv1.Plan) { p.Tasks = append(p.Tasks, task("T1")) },
		checklist.Problem{Code: checklist.ProblemDuplicateID, Record: "task", ID: "T1", Field: "id"}},
	{"a task id with a slash", func(p *zerenv1.Plan) { p.Tasks[0].Id = "T/1" },
		checklist.Problem{Code: checklist.ProblemInvalidValue, Record: "task", ID: "T/1", Field: "id", Message: `"/"`}},
	{"a task without a title", func(p *zerenv1.Plan) { p.Tasks[0].Title = "" },
		checklist.Problem{Code: checklist.ProblemMissingField, Record: "task", ID: "T1", Field: "title"}},
	{"a task with an unknown dimension", func(p *zerenv1.Plan) { p.Tasks[0].Dimension = 42 },
		checklist.Problem{Code: checklist.ProblemInvalidValue, Record: "task", ID: "T1", Field: "dimension"}},
	{"a task answering a problem not on the list", func(p *zerenv1.Plan) { p.Tasks[0].ProblemIds = []string{"P9"} },
		checklist.Problem{Code: checklist.ProblemDanglingReference, Record: "task", ID: "T1", Field: "problem_ids", Message: `problem "P9"`}},
	{"an owner post kind not in the framework", func(p *zerenv1.Plan) { p.Tasks[0].OwnerPostKindId = "mayor" },
		checklist.Problem{Code: checklist.ProblemDanglingReference, Record: "task", ID: "T1", Field: "owner_post_kind_id", Message: `"mayor"`}},
	{"a scope naming an unknown level", func(p *zerenv1.Plan) { p.Tasks[0].Scope.LevelIds = []string{"town"} },
		checklist.Problem{Code: checklist.ProblemDanglingReference, Record: "task", ID: "T1", Field: "scope.level_ids"}},
	{"a scope naming an unknown unit", func(p *zerenv1.Plan) { p.Tasks[0].Scope.UnitIds = []string{"x"} },
		checklist.Problem{Code: checklist.ProblemDanglingReference, Record: "task", ID: "T1", Field: "scope.unit_ids"}},
	{"a scope naming an unknown organisation", func(p *zerenv1.Plan) { p.Tasks[0].Scope.OrganizationIds = []string{"x"} },
		checklist.Problem{Code: checklist.ProblemDanglingReference, Record: "task", ID: "T1", Field: "scope.organization_ids"}},
	{"a scope with nobody of the owner kind", func(p *zerenv1.Plan) { p.Tasks[0].Scope.LevelIds = []string{"party-group"} },
		checklist.Problem{Code: checklist.ProblemEmptyScope, Record: "task", ID: "T1", Field: "scope", Message: "党支部书记"}},
	{"a task without a measure", func(p *zerenv1.Plan) { p.Tasks[0].Measure = nil },
		checklist.Problem{Code: checklist.ProblemMissingField, Record: "task", ID: "T1", Field: "measure"}},
	{"a measure without a metric", func(p *zerenv1.Plan) { p.Tasks[0].Measure.Metric = "" },
		checklist.Problem{Code: checklist.ProblemMissingField, Record: "task", ID: "T1", Field: "measure.metric"}},
	{"a measure without a unit", func(p *zerenv1.Plan) { p.Tasks[0].Measure.Unit = "" },
		checklist.Problem{Code: checklist.ProblemMissingField, Record: "task", ID: "T1", Field: "measure.unit"}},
	{"a negative target", func(p *zerenv1.Plan) { p.Tasks[0].Measure.Target = -1 },
		checklist.Problem{Code: checklist.ProblemInvalidValue, Record: "task", ID: "T1", Field: "measure.target"}},
	{"an infinite target", func(p *zerenv1.Plan) { p.Tasks[0].Measure.Target = math.Inf(1) },
		checklist.Problem{Code: checklist.ProblemInvalidValue, Record: "task", ID: "T1", Field: "measure.target"}},
	{"a target that is not a number", func(p *zerenv1.Plan) { p.Tasks[0].Measure.Target = math.NaN() },
		checklist.Problem{Code: checklist.ProblemInvalidValue, Record: "task", ID: "T1", Field: "measure.target"}},
	{"a measure without a comparison", func(p *zerenv1.Plan) { p.Tasks[0].Measure.Comparison = 0 },
		checklist.Problem{Code: checklist.ProblemMissingField, Record: "task", ID: "T1", Field: "measure.comparison"}},
	{"a measure without a period kind", func(p *zerenv1.Plan) { p.Tasks[0].Measure.PeriodKind = 0 },
		checklist.Problem{Code: checklist.ProblemMissingField, Record: "task", ID: "T1", Field: "measure.period_kind"}},
	{"a measure without a split rule", func(p *zerenv1.Plan) { p.Tasks[0].Measure.Split = 0 },
		checklist.Problem{Code: checklist.ProblemMissingField, Record: "task", ID: "T1", Field: "measure.split"}},
	{"a divided target without a rounding", func(p *zerenv1.Plan) { p.Tasks[0].Measure.Rounding = 0 },
		checklist.Problem{Code: checklist.ProblemMissingField, Record: "task", ID: "T1", Field: "measure.rounding"}},
	{"a decimal target split into whole numbers", func(p *zerenv1.Plan) { p.Tasks[0].Measure.Target = 12.5 },
		checklist.Problem{Code: checklist.ProblemConflict, Record: "task", ID: "T1", Field: "measure.rounding", Message: "decimals"}},
	{"a target finer than the precision", func(p *zerenv1.Plan) {
		p.Tasks[0].Measure = measure(12.345, atLeast, quarter, perPeriod, halfUp, 2)
	}, checklist.Problem{Code: checklist.ProblemConflict, Record: "task", ID: "T1", Field: "measure.rounding", Message: "precision 2"}},
	{"a precision over six places", func(p *zerenv1.Plan) { p.Tasks[0].Measure.Precision = 7 },
		checklist.Problem{Code: checklist.ProblemInvalidValue, Record: "task", ID: "T1", Field: "measure.precision"}},
	{"a DONE measure with a target other than 1", func(p *zerenv1.Plan) {
		p.Tasks[0].Measure = measure(4, doneCmp, year, perPeriod, 0, 0)
	}, checklist.Problem{Code: checklist.ProblemConflict, Record: "task", ID: "T1", Field: "measure.target", Message: "target 1"}},
	{"a DONE measure split over quarters", func(p *zerenv1.Plan) {
		p.Tasks[0].Measure = measure(1, doneCmp, quarter, cumulative, remLast, 0)
	}, checklist.Problem{Code: checklist.ProblemConflict, Record: "task", ID: "T1", Field: "measure.split", Message: "REPEAT"}},
	{"a task without a deadline", func(p *zerenv1.Plan) { p.Tasks[0].Deadline = nil },
		checklist.Problem{Code: checklist.ProblemMissingField, Record: "task", ID: "T1", Field: "deadline"}},
	{"a deadline in another year", func(p *zerenv1.Plan) { p.Tasks[0].Deadline = ts(2027, 1, 1) },
		checklist.Problem{Code: checklist.ProblemOutsideYear, Record: "task", ID: "T1", Field: "deadline", Message: "2027-01-01"}},
	{"a negative weight", func(p *zerenv1.Plan) { p.Tasks[0].Weight = -2 },
		checklist.Problem{Code: checklist.ProblemInvalidValue, Record: "task", ID: "T1", Field: "weight"}},
	{"a responsibility entry for a task not on the list", func(p *zerenv1.Plan) {
		p.Responsibilities = []*zerenv1.ResponsibilityEntry{{Id: "R1", TaskId: "T9", ResponsibleDepartment: "人事处"}}
	}, checklist.Problem{Code: checklist.ProblemDanglingReference, Record: "responsibility entry", ID: "R1", Name: "人事处", Field: "task_id"}},
	{"a responsibility entry naming an unknown unit", func(p *zerenv1.Plan) {
		p.Responsibilities = []*zerenv1.ResponsibilityEntry{{Id: "R1", TaskId: "T1", ResponsibleUnitIds: []string{"x"}}}
	}, checklist.Problem{Code: checklist.ProblemDanglingReference, Record: "responsibility entry", ID: "R1", Field: "responsible_unit_ids"}},
	{"a responsibility entry naming an unknown post kind", func(p *zerenv1.Plan) {
		p.Responsibilities = []*zerenv1.ResponsibilityEntry{{Id: "R1", TaskId: "T1", PostKindId: "mayor"}}
	}, checklist.Problem{Code: checklist.ProblemDanglingReference, Record: "responsibility entry", ID: "R1", Field: "post_kind_id"}},
	{"a responsibility entry due in another year", func(p *zerenv1.Plan) {
		p.Responsibilities = []*zerenv1.ResponsibilityEntry{{Id: "R1", TaskId: "T1", Deadline: ts(2025, 12, 31)}}
	}, checklist.Problem{Code: checklist.ProblemOutsideYear, Record: "responsibility entry", ID: "R1", Field: "deadline"}},
	{"two responsibility entries with one id", func(p *zerenv1.Plan) {
		p.Responsibilities = []*zerenv1.ResponsibilityEntry{{Id: "R1", TaskId: "T1"}, {Id: "R1", TaskId: "T1"}}
	}, checklist.Problem{Code: checklist.ProblemDuplicateID, Record: "responsibility entry", ID: "R1", Field: "id"}},
}

func TestNewPlanNamesEachProblem(t *testing.T) {
	t.Parallel()
	h := smallHierarchy(t)
	for _, tc := range validationCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pb := plan(task("T1"))
			tc.breakIt(pb)
			_, err := checklist.NewPlan(pb, h)
			var verr *checklist.ValidationError
			require.ErrorAs(t, err, &verr)
			require.NotEmpty(t, verr.Problems)
			got := verr.Problems[0]
			assert.Equal(t, tc.want.Code, got.Code, "kind of %s", got)
			assert.Equal(t, tc.want.Record, got.Record)
			assert.Equal(t, tc.want.ID, got.ID)
			assert.Equal(t, tc.want.Field, got.Field)
			if tc.want.Name != "" {
				assert.Equal(t, tc.want.Name, got.Name)
			}
			assert.Contains(t, got.Message, tc.want.Message)
			assert.ErrorIs(t, err, &checklist.ValidationError{})
		})
	}
}

func TestNewPlanReportsEveryProblemAtOnce(t *testing.T) {
	t.Parallel()
	h := smallHierarchy(t)
	// Break one task per case, each in its own task, so that no problem
	// hides another.
	pb := plan()
	pb.Responsibilities = nil
	var wantFields []string
	for i, tc := range validationCases {
		single := plan(task("T1"))
		tc.breakIt(single)
		if tc.want.Record != "task" || single.GetTasks()[0].GetId() != "T1" || len(single.GetTasks()) != 1 {
			continue
		}
		tk := single.GetTasks()[0]
		tk.Id = fmt.Sprintf("X%02d", i)
		pb.Tasks = append(pb.Tasks, tk)
		wantFields = append(wantFields, tk.GetId()+":"+tc.want.Field)
	}
	require.Greater(t, len(wantFields), 20)
	_, err := checklist.NewPlan(pb, h)
	var verr *checklist.ValidationError
	require.ErrorAs(t, err, &verr)
	var got []string
	for _, p := range verr.Problems {
		got = append(got, p.ID+":"+p.Field)
	}
	for _, w := range wantFields {
		assert.Contains(t, got, w)
	}
	// The message lists every problem, one per line, naming the task.
	lines := strings.Split(err.Error(), "\n")
	assert.Len(t, lines, len(verr.Problems)+1)
	assert.Contains(t, err.Error(), `task "X19" (任务T1): measure.target: target NaN is not a number`)
}

func TestProblemReadsLikeTheBrief(t *testing.T) {
	t.Parallel()
	p := checklist.Problem{Code: checklist.ProblemConflict, Record: "task", ID: "T23", Name: "落实“第一议题”制度",
		Field: "measure.target", Message: "a DONE measure has target 1 (done), not 4"}
	assert.Equal(t, `task "T23" (落实“第一议题”制度): measure.target: a DONE measure has target 1 (done), not 4`, p.String())
	assert.Equal(t, "conflict", p.Code.String())
}

func TestNewPlanRejectsANilHierarchy(t *testing.T) {
	t.Parallel()
	_, err := checklist.NewPlan(plan(task("T1")), nil)
	require.Error(t, err)
}

func TestNewPlanAcceptsAValidPlanAndKeepsItsOwnCopy(t *testing.T) {
	t.Parallel()
	pb := plan(task("T1"), task("T2", func(t *zerenv1.Task) {
		t.OwnerPostKindId = "party-group-member"
		t.Scope = &zerenv1.Scope{UnitIds: []string{"u"}}
	}))
	p := newPlan(t, smallHierarchy(t), pb)
	pb.Tasks[0].Title = "changed"
	got, ok := p.Task("T1")
	require.True(t, ok)
	assert.Equal(t, "任务T1", got.GetTitle())
	assert.Equal(t, []string{"b1-sec", "b2-sec", "vb1-sec"}, p.Posts("T1"))
	assert.Equal(t, []string{"pg-m1", "pg-m2"}, p.Posts("T2"), "a member task goes to each member's post")
	assert.Equal(t, 3*12+2*12, p.Len())
	assert.NoError(t, checklist.Validate(pb, smallHierarchy(t)))
}

func TestScopeCriteriaCombine(t *testing.T) {
	t.Parallel()
	h := smallHierarchy(t)
	cases := []struct {
		name  string
		scope *zerenv1.Scope
		want  []string
	}{
		{"no criteria: every organisation with the post", &zerenv1.Scope{}, []string{"b1-sec", "b2-sec", "vb1-sec"}},
		{"a level", &zerenv1.Scope{LevelIds: []string{"branch"}}, []string{"b1-sec", "b2-sec", "vb1-sec"}},
		{"a unit", &zerenv1.Scope{UnitIds: []string{"v"}}, []string{"vb1-sec"}},
		{"key units only", &zerenv1.Scope{KeyUnitsOnly: true}, []string{"b1-sec", "b2-sec"}},
		{"named organisations", &zerenv1.Scope{OrganizationIds: []string{"b2", "vb1"}}, []string{"b2-sec", "vb1-sec"}},
		{"criteria combine with AND", &zerenv1.Scope{OrganizationIds: []string{"b2", "vb1"}, KeyUnitsOnly: true}, []string{"b2-sec"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newPlan(t, h, plan(task("T1", func(t *zerenv1.Task) { t.Scope = tc.scope })))
			assert.Equal(t, tc.want, p.Posts("T1"))
		})
	}
}

func TestParsePlanReadsJSONAndTextAndNamesTheFault(t *testing.T) {
	t.Parallel()
	js := []byte(`{"id":"2026","year":2026,"tasks":[{"id":"T1","title":"x"}]}`)
	p, err := checklist.ParsePlan(js)
	require.NoError(t, err)
	assert.Equal(t, int32(2026), p.GetYear())

	tp := []byte("id: \"2026\"\nyear: 2026\ntasks { id: \"T1\" title: \"x\" }\n")
	p, err = checklist.ParsePlan(tp)
	require.NoError(t, err)
	assert.Equal(t, "T1", p.GetTasks()[0].GetId())

	_, err = checklist.ParsePlan([]byte(`{"year":2026,"tasks":[{"id":"T1","titel":"x"}]}`))
	var derr *checklist.DecodeError
	require.True(t, errors.As(err, &derr), "a misspelt field is a DecodeError: %v", err)
	assert.Equal(t, "plan", derr.Document)
	assert.Contains(t, derr.Path, "tasks[0]")
}
