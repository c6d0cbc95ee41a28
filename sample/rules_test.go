package sample_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

func TestIndicatorSystemCompiles(t *testing.T) {
	t.Parallel()
	sys := sample.IndicatorSystem()
	require.Equal(t, sample.IndicatorsID, sys.GetId())
	require.Len(t, sys.GetIndicators(), 6, "six 一级指标")
	for _, ind := range sys.GetIndicators() {
		assert.GreaterOrEqual(t, len(ind.GetChildren()), 2, "一级指标 %s has two to four 二级指标", ind.GetName())
		assert.LessOrEqual(t, len(ind.GetChildren()), 4, ind.GetName())
	}
	e, err := assessment.New(context.Background(), sys, nil)
	require.NoError(t, err)
	assert.Equal(t, "100.00", e.MaxScore())
	assert.True(t, proto.Equal(sys, sample.IndicatorSystem()), "each call returns an equal copy")
}

func TestFacts2026AreDeterministicAndBound(t *testing.T) {
	t.Parallel()
	a, b := sample.Facts2026(), sample.Facts2026()
	require.Len(t, a, 11, "every unit but the 工委")
	require.Equal(t, len(a), len(b))
	for i := range a {
		assert.True(t, proto.Equal(a[i], b[i]), "unit %s differs between calls", a[i].GetUnit().GetId())
		assert.NotEqual(t, sample.WorkCommitteeUnitID, a[i].GetUnit().GetId())
		assert.NotEmpty(t, a[i].GetOrganization().GetId(), "top organisation of %s", a[i].GetUnit().GetId())
		for _, as := range a[i].GetAssignments() {
			assert.NotEmpty(t, as.GetPersonId(), "assignment %s is bound to a person", as.GetId())
			assert.True(t, as.GetDue().AsTime().Before(sample.AssessmentNow), "assignment %s is due in 2026", as.GetId())
		}
	}
	// The facts come from the plan: every task decomposed, each assignment
	// carrying its task's dimension and kind.
	tasks := map[string]*zerenv1.Task{}
	for _, task := range sample.Plan().GetTasks() {
		tasks[task.GetId()] = task
	}
	read := map[string]bool{}
	for _, f := range a {
		for _, as := range f.GetAssignments() {
			task := tasks[as.GetTaskId()]
			require.NotNil(t, task, "assignment %s names a task of the plan", as.GetId())
			assert.Equal(t, task.GetDimension(), as.GetDimension(), as.GetId())
			assert.Equal(t, task.GetKind(), as.GetTaskKind(), as.GetId())
			read[as.GetTaskId()] = true
		}
	}
	assert.Len(t, read, len(tasks), "every task of the plan has assignments in the facts")

	// The 党组书记 rotation shows in 市财政局's assignments.
	var before, after string
	for _, f := range a {
		if f.GetUnit().GetId() != sample.RotationUnitID {
			continue
		}
		for _, as := range f.GetAssignments() {
			if as.GetPostId() != sample.RotationPostID {
				continue
			}
			if as.GetDue().AsTime().Before(sample.RotationDate) {
				before = as.GetPersonId()
			} else {
				after = as.GetPersonId()
			}
		}
	}
	assert.Equal(t, sample.RotationOldSecretaryID, before)
	assert.Equal(t, sample.RotationNewSecretaryID, after)
}

func TestReviews2026NameTheSecretaries(t *testing.T) {
	t.Parallel()
	st := sample.Structure()
	yearEnd := time.Date(sample.Year, time.December, 31, 0, 0, 0, 0, sample.Location)
	holds := func(person, post string) bool {
		for _, a := range st.GetAppointments() {
			if a.GetPersonId() == person && a.GetPostId() == post && !a.GetStart().AsTime().After(yearEnd) &&
				(a.GetEnd() == nil || a.GetEnd().AsTime().After(yearEnd)) {
				return true
			}
		}
		return false
	}
	reviews := sample.Reviews2026()
	require.Len(t, reviews, 11)
	for _, rv := range reviews {
		assert.True(t, holds(rv.GetPersonId(), rv.GetUnitId()+"-pg-sec"), "%s reports for %s", rv.GetPersonId(), rv.GetUnitId())
		assert.NotEmpty(t, rv.GetBallots())
	}
}

// TestAssessment2026 pins the outcome the examples describe.
func TestAssessment2026(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		tie  zerenv1.TieRule
		good []string
	}{
		{"the better review breaks the tie at the quota boundary", zerenv1.TieRule_TIE_RULE_REVIEW_THEN_ID, []string{"sws", "czj", sample.TiedUnitB}},
		{"the unit id breaks the tie", zerenv1.TieRule_TIE_RULE_ID, []string{"sws", "czj", sample.TiedUnitA}},
		{"a shared rank keeps both tied units out of 好", zerenv1.TieRule_TIE_RULE_SHARED, []string{"sws", "czj"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sys := sample.IndicatorSystem()
			sys.GradeScale.TieRule = tt.tie
			e, err := assessment.New(context.Background(), sys, nil)
			require.NoError(t, err)
			run, err := e.Run(context.Background(), sample.Facts2026(), assessment.WithReviews(sample.Reviews2026()...))
			require.NoError(t, err)
			var good []string
			for _, r := range run.Results {
				assert.Empty(t, r.GetDiagnostics(), "unit %s", r.GetUnitId())
				if r.GetGradeId() == "good" {
					good = append(good, r.GetUnitId())
				}
			}
			assert.Equal(t, tt.good, good)
			a, b := run.Result(sample.TiedUnitA), run.Result(sample.TiedUnitB)
			assert.Equal(t, a.GetScore(), b.GetScore(), "the tied units tie")

			weak := run.Result(sample.WeakUnitID)
			assert.Equal(t, "poor", weak.GetGradeId())
			assert.Equal(t, int32(len(run.Results)), weak.GetRank(), "the weak unit ranks last")
			assert.Contains(t, weak.GetVetoIds(), assessment.ReviewVetoID)
			assert.Less(t, weak.GetReview().GetSatisfaction(), 50.0)

			vetoed := run.Result(sample.VetoUnitID)
			assert.Equal(t, []string{"V1"}, vetoed.GetVetoIds())
			assert.Equal(t, "poor", vetoed.GetGradeId())
			assert.Equal(t, "92.90", vetoed.GetScore(), "a score in the 好 band does not lift a veto")

			q := run.Result(sample.QuorumUnitID).GetReview()
			assert.Equal(t, []string{"staff"}, q.GetGroupsBelowQuorum())
			assert.True(t, q.GetValid())
		})
	}
}

// TestEachIndicatorReadsTheTasksOfItsDimension finds, for every indicator,
// the tasks it reads by evaluating it on facts where every assignment is
// met except those of one task, and checks that they belong to the
// dimension it scores.
func TestEachIndicatorReadsTheTasksOfItsDimension(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv(cel.WithLocation(sample.Location))
	require.NoError(t, err)
	var base *zerenv1.UnitFacts
	for _, f := range sample.Facts2026() {
		if f.GetUnit().GetId() == sample.FinanceUnitID {
			base = f
		}
	}
	require.NotNil(t, base)
	setMet := func(a *zerenv1.Assignment, met bool) {
		switch {
		case met && a.GetComparison() == zerenv1.Comparison_COMPARISON_AT_MOST:
			a.Actual = a.GetTarget()
		case met:
			a.Actual = max(a.GetTarget(), 1)
		case a.GetComparison() == zerenv1.Comparison_COMPARISON_AT_MOST:
			a.Actual = a.GetTarget() + 1
		default:
			a.Actual = 0
		}
		a.Status, a.CompletedAt = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_OPEN, nil
		if met {
			a.Status, a.CompletedAt = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE, proto.CloneOf(a.GetDue())
		}
	}
	// facts with every assignment met but those of task miss.
	factsMissing := func(miss string) *zerenv1.UnitFacts {
		f := proto.CloneOf(base)
		for _, a := range f.GetAssignments() {
			setMet(a, a.GetTaskId() != miss)
		}
		return f
	}
	plan := sample.Plan()
	dims := map[string]zerenv1.Dimension{}
	for _, task := range plan.GetTasks() {
		dims[task.GetId()] = task.GetDimension()
	}
	want := map[string][]string{
		"1.1": {"T01", "T02"},               // 第一议题
		"1.2": {"T06", "T07"},               // 决策部署, 请示报告
		"2.1": {"T10", "T11"},               // 中心组学习
		"3.1": {"T19", "T20", "T21", "T22"}, // 三会一课, 主题党日
		"4.1": {"T30", "T34"},               // 双联系, 机关效能
		"6.1": {"T28", "T29"},               // 党建业务融合, 党建品牌
		"5.2": {"T53", "T54", "T55", "T56", "T57", "T58", "T59", "T60"},
	}
	var leaves []*zerenv1.Indicator
	var walk func([]*zerenv1.Indicator)
	walk = func(inds []*zerenv1.Indicator) {
		for _, ind := range inds {
			if len(ind.GetChildren()) == 0 {
				leaves = append(leaves, ind)
			}
			walk(ind.GetChildren())
		}
	}
	walk(sample.IndicatorSystem().GetIndicators())
	// The facts with every assignment met, then with one task's missed.
	variants := map[string]*zerenv1.UnitFacts{"": factsMissing("")}
	for _, task := range plan.GetTasks() {
		variants[task.GetId()] = factsMissing(task.GetId())
	}
	for _, ind := range leaves {
		t.Run(ind.GetId()+" "+ind.GetName(), func(t *testing.T) {
			prg, err := env.Compile(ind.GetFormula(), cel.KindNumber)
			require.NoError(t, err)
			eval := func(f *zerenv1.UnitFacts) float64 {
				v, err := prg.Eval(context.Background(), f)
				require.NoError(t, err)
				return v.Number
			}
			all := eval(variants[""])
			var read []string
			for _, task := range plan.GetTasks() {
				if eval(variants[task.GetId()]) != all {
					read = append(read, task.GetId())
				}
			}
			for _, id := range read {
				assert.Equal(t, ind.GetDimension(), dims[id], "indicator %s reads task %s of another dimension", ind.GetId(), id)
			}
			if w, ok := want[ind.GetId()]; ok {
				assert.Equal(t, w, read, "the tasks its name says")
			}
			if strings.Contains(ind.GetFormula(), "assignments") {
				assert.NotEmpty(t, read, "an indicator over assignments reads some task")
			}
		})
	}
}
