package assessment_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/sample"
)

func TestTheSampleSystemIsBoundToTheSamplePlan(t *testing.T) {
	t.Parallel()
	sys := sample.IndicatorSystem()
	assert.Equal(t, sample.PlanID, sys.GetPlanId())
	assert.Equal(t, int32(sample.Year), sys.GetPlanYear())
	_, err := assessment.New(context.Background(), sys, nil, assessment.WithPlan(sample.Plan()))
	require.NoError(t, err)
}

func TestWithPlanReportsNamesThePlanDoesNotHaveWithTheirPosition(t *testing.T) {
	t.Parallel()
	sys := sample.IndicatorSystem()
	leaf := sys.Indicators[2].Children[0] // 3.1
	leaf.Formula = "completion_rate(facts.assignments.filter(a,\n  a.task_id in [\"T19\", \"T99\"] || a.task_kind == \"三会一\"))"
	sys.Vetoes[0].Condition = `facts.assignments.exists(a, "廉政" in a.tags)`
	_, err := assessment.New(context.Background(), sys, nil, assessment.WithPlan(sample.Plan()))
	var ve *assessment.ValidationError
	require.True(t, errors.As(err, &ve), "got %v", err)
	type pos struct {
		id, field string
		line, col int
	}
	var got []pos
	for _, p := range ve.Problems {
		got = append(got, pos{p.ID, p.Field, p.Line, p.Column})
	}
	assert.Equal(t, []pos{{"3.1", "formula", 2, 24}, {"3.1", "formula", 2, 49}, {"V1", "condition", 1, 29}}, got)
	assert.Contains(t, ve.Problems[0].Message, `task "T99" is not on plan "2026"`)
	assert.Contains(t, ve.Problems[1].MessageZh, `任务类别“三会一”不在计划“2026”的任务清单中`)
	assert.Contains(t, ve.Problems[2].Message, `task tag "廉政"`)

	_, err = assessment.New(context.Background(), sys, nil)
	assert.NoError(t, err, "without a plan there is nothing to check against")
}

func TestWithPlanChecksThePlanTheSystemNames(t *testing.T) {
	t.Parallel()
	plan := sample.Plan()
	plan.Id, plan.Year = "2027", 2027
	_, err := assessment.New(context.Background(), sample.IndicatorSystem(), nil, assessment.WithPlan(plan))
	var ve *assessment.ValidationError
	require.True(t, errors.As(err, &ve), "got %v", err)
	require.Len(t, ve.Problems, 2)
	assert.Equal(t, "plan_id", ve.Problems[0].Field)
	assert.Equal(t, "plan_year", ve.Problems[1].Field)
	assert.Contains(t, ve.Problems[0].MessageZh, `指标体系对应的计划是“2026”，但提供的是计划“2027”`)
}
