package sample_test

import (
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

func sampleHierarchy(t *testing.T) *responsibility.Hierarchy {
	t.Helper()
	h, err := responsibility.New(frameworks.SanjiWugang(), sample.Structure(), responsibility.WithLocation(sample.Location))
	require.NoError(t, err)
	return h
}

func TestPlanValidatesAgainstTheSampleStructure(t *testing.T) {
	t.Parallel()
	p, err := checklist.NewPlan(sample.Plan(), sampleHierarchy(t))
	require.NoError(t, err)
	assert.Equal(t, sample.Year, p.Year())
	for _, id := range []string{sample.FirstTopicTaskID, sample.BranchFirstTopicTaskID, sample.InterviewTaskID, sample.ReviewTaskID} {
		_, ok := p.Task(id)
		assert.True(t, ok, "task %s is on the plan", id)
	}
}

func TestPlanHasTheShapeOfTheSeedReport(t *testing.T) {
	t.Parallel()
	pl := sample.Plan()
	assert.Equal(t, sample.PlanID, pl.GetId())
	assert.Len(t, pl.GetProblems(), 20, "问题清单 has 20 problems")
	assert.Len(t, pl.GetTasks(), 60, "任务清单 has 60 tasks")
	assert.Len(t, pl.GetResponsibilities(), 60, "责任清单 has an entry per task")

	perDim := map[zerenv1.Dimension]int{}
	owners := map[string]int{}
	linked := map[string]bool{}
	for _, task := range pl.GetTasks() {
		perDim[task.GetDimension()]++
		owners[task.GetOwnerPostKindId()]++
		assert.True(t, utf8.ValidString(task.GetTitle()))
		assert.NotEmpty(t, task.GetLeadDepartment(), "task %s has a 牵头部门", task.GetId())
		assert.NotEmpty(t, task.GetDescription(), "task %s has a description", task.GetId())
		assert.Positive(t, task.GetWeight(), "task %s has a weight", task.GetId())
		n := len(task.GetProblemIds())
		assert.True(t, n == 1 || n == 2, "task %s answers one or two problems, not %d", task.GetId(), n)
		for _, p := range task.GetProblemIds() {
			linked[p] = true
		}
		assert.Equal(t, sample.Year, task.GetDeadline().AsTime().In(sample.Location).Year())
	}
	assert.Len(t, perDim, 7, "tasks cover the seven 建设维度")
	for d, n := range perDim {
		assert.True(t, n >= 8 && n <= 9, "dimension %v has %d tasks", d, n)
	}
	assert.Len(t, owners, 5, "every one of the five posts owns tasks")
	for _, p := range pl.GetProblems() {
		assert.True(t, linked[p.GetId()], "problem %s is answered by a task", p.GetId())
	}
}

func TestPlanReturnsAFreshCopy(t *testing.T) {
	t.Parallel()
	a := sample.Plan()
	a.Tasks[0].Title = "changed"
	assert.NotEqual(t, "changed", sample.Plan().GetTasks()[0].GetTitle())
}

func TestPlanDecomposesForTheWholeCity(t *testing.T) {
	t.Parallel()
	p, err := checklist.NewPlan(sample.Plan(), sampleHierarchy(t))
	require.NoError(t, err)
	d, err := checklist.Decompose(t.Context(), p)
	require.NoError(t, err)
	assert.Equal(t, p.Len(), len(d.Assignments))
	for _, a := range d.Assignments {
		require.NotEmpty(t, a.GetPersonId(), "assignment %s has a person: every post is filled in 2026", a.GetId())
	}
}
