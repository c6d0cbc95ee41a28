package accountability_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

func TestWithPlanReportsTriggerNamesThePlanDoesNotHave(t *testing.T) {
	t.Parallel()
	env, h := setup(t)
	ts := []*zerenv1.Trigger{
		{Id: "ok", Name: "三会一课未完成", Measure: mCircular, Target: tOrg,
			Condition: `assignments.exists(a, a.task_id == "T19" && a.actual < a.target)`},
		{Id: "bad", Name: "引用了去年的任务", Measure: mCircular, Target: tOrg,
			Condition: "assignments.exists(a,\n  a.task_id in [\"T19\", \"T99\"] || a.task_kind == \"三会一\")"},
		{Id: "tag", Name: "标签", Measure: mCircular, Target: tOrg,
			Condition: `assignments.exists(a, "廉政" in a.tags)`},
	}
	_, err := accountability.New(env, h, ts, accountability.WithPlan(sample.Plan()))
	var ve *accountability.ValidationError
	require.True(t, errors.As(err, &ve), "got %v", err)
	type pos struct {
		id, field string
		line, col int
	}
	var got []pos
	for _, p := range ve.Problems {
		got = append(got, pos{p.ID, p.Field, p.Line, p.Column})
	}
	assert.Equal(t, []pos{{"bad", "condition", 2, 24}, {"bad", "condition", 2, 49}, {"tag", "condition", 1, 23}}, got)
	assert.Contains(t, ve.Problems[0].En(), `condition: line 2, column 24: task "T99" is not on plan "2026"`)
	assert.Contains(t, ve.Problems[1].Zh(), `condition：第2行第49列：任务类别“三会一”不在计划“2026”的任务清单中`)
	assert.ErrorIs(t, err, problem.DanglingReference)
	assert.Contains(t, ve.Problems[2].Message, `task tag "廉政"`)

	_, err = accountability.New(env, h, ts)
	assert.NoError(t, err, "without a plan there is nothing to check against")
	_, err = accountability.New(env, h, ts[:1], accountability.WithPlan(sample.Plan()))
	assert.NoError(t, err, "a condition naming only the plan's tasks passes")
}
