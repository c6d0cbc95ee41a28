package assessment_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/assessment"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// noDataSystem has one inner indicator of two leaves: 1.1 rates the
// assignments of task T1 (none in the facts), 1.2 reads metric x.
func noDataSystem(policy zerenv1.NoDataPolicy) *zerenv1.IndicatorSystem {
	empty := leaf("1.1", 40, `completion_rate(facts.assignments.filter(a, a.task_id == "T1"))`)
	empty.NoData = policy
	return &zerenv1.IndicatorSystem{Id: "t", Name: "无数据", Indicators: []*zerenv1.Indicator{{
		Id: "1", Name: "政治建设", MaxPoints: 100,
		Children: []*zerenv1.Indicator{empty, leaf("1.2", 60, metric("x"))},
	}}, GradeScale: scale(0, zerenv1.TieRule_TIE_RULE_ID)}
}

func TestAnEmptySelectionScoresByTheNoDataPolicy(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		policy     zerenv1.NoDataPolicy
		score      string
		points     string
		excluded   bool
		incomplete bool
		did        string
	}{
		// 60 × 0.5 = 30; the empty 1.1 earns nothing: 30.
		{"unset is zero with a diagnostic", zerenv1.NoDataPolicy_NO_DATA_POLICY_UNSPECIFIED, "30.00", "0.00", false, false, "按 0 分计"},
		{"zero", zerenv1.NoDataPolicy_NO_DATA_POLICY_ZERO, "30.00", "0.00", false, false, "按 0 分计"},
		// 30 of the 60 points left, scaled to 100: 50.
		{"exclude renormalises the parent", zerenv1.NoDataPolicy_NO_DATA_POLICY_EXCLUDE, "50.00", "0.00", true, false, "上级指标按其余指标折算"},
		{"full marks", zerenv1.NoDataPolicy_NO_DATA_POLICY_FULL_MARKS, "70.00", "40.00", false, false, "按满分计"},
		{"fail the unit", zerenv1.NoDataPolicy_NO_DATA_POLICY_FAIL_UNIT, "30.00", "0.00", false, true, "不评定等次、不参加排名"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := mustEngine(t, noDataSystem(tc.policy))
			v := unit("v", map[string]float64{"x": 0.9})
			v.Assignments = []*zerenv1.Assignment{{Id: "A1", TaskId: "T1", Status: zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE}}
			run, err := e.Run(context.Background(), []*zerenv1.UnitFacts{unit("u", map[string]float64{"x": 0.5}), v})
			require.NoError(t, err)
			r := run.Result("u")
			assert.Equal(t, tc.score, r.GetScore())
			ir := r.GetIndicators()[0].GetChildren()[0]
			assert.True(t, ir.GetNoData(), "the derivation marks no data")
			assert.Equal(t, tc.excluded, ir.GetExcluded())
			assert.Equal(t, tc.points, ir.GetPoints())
			require.NotNil(t, ir.GetDiagnostic(), "never silently")
			zh := ir.GetDiagnostic().GetMessageZh()
			for _, want := range []string{"无数据", "单位 u", "指标 1.1", tc.did} {
				assert.Contains(t, zh, want)
			}
			assert.Contains(t, ir.GetDiagnostic().GetMessage(), "unit u, indicator 1.1")
			assert.Contains(t, r.GetDiagnostics(), ir.GetDiagnostic(), "listed among the result's problems")
			assert.Contains(t, e.Render(r), "无数据：单位 u 指标 1.1")
			assert.Equal(t, tc.incomplete, r.GetIncomplete())
			if tc.incomplete {
				assert.Empty(t, r.GetGradeId(), "an incomplete unit is not graded")
				assert.Zero(t, r.GetRank(), "an incomplete unit is not ranked")
				assert.Equal(t, []string{"v", "u"}, order(run), "listed after the ranked units")
				assert.Len(t, run.Incomplete, 1)
				assert.Equal(t, int32(1), run.Result("v").GetRank())
				assert.Equal(t, int32(1), run.Result("v").GetRanked())
			} else {
				assert.NotEmpty(t, r.GetGradeId())
				assert.Empty(t, run.Incomplete)
			}
		})
	}
}

func TestNoDataIsNeverFullMarksByDefault(t *testing.T) {
	t.Parallel()
	// Before: completion_rate of an empty selection was 1.0, so a unit with
	// no work at all scored 100.
	sys := &zerenv1.IndicatorSystem{Id: "t", Name: "t", Indicators: []*zerenv1.Indicator{
		leaf("1", 50, `completion_rate(facts.assignments)`),
		leaf("2", 50, `on_time_rate(facts.assignments, now)`),
	}}
	r := mustEngine(t, sys).Score(context.Background(), unit("u", nil))
	assert.Equal(t, "0.00", r.GetScore())
	require.Len(t, r.GetDiagnostics(), 2)
	for _, d := range r.GetDiagnostics() {
		assert.True(t, strings.HasPrefix(d.GetMessageZh(), "无数据：单位 u"), d.GetMessageZh())
	}
}

func TestAnAbsentMetricIsNoDataButADefaultIsNot(t *testing.T) {
	t.Parallel()
	absent := leaf("1", 50, `facts.metrics["x"]`)
	absent.NoData = zerenv1.NoDataPolicy_NO_DATA_POLICY_EXCLUDE
	sys := &zerenv1.IndicatorSystem{Id: "t", Name: "t", Indicators: []*zerenv1.Indicator{
		absent, leaf("2", 50, metric("y")),
	}}
	r := mustEngine(t, sys).Score(context.Background(), unit("u", map[string]float64{"y": 0.8}))
	assert.True(t, r.GetIndicators()[0].GetNoData())
	assert.True(t, r.GetIndicators()[0].GetExcluded())
	assert.Equal(t, "80.00", r.GetScore(), "indicator 2 alone, scaled to 100")
	assert.False(t, r.GetIndicators()[1].GetNoData(), "orValue gives a default: data, not no data")

	r = mustEngine(t, sys).Score(context.Background(), unit("u", nil))
	assert.False(t, r.GetIndicators()[1].GetNoData())
	assert.Equal(t, "0.00", r.GetScore())
}

func TestEveryChildWithoutDataLeavesTheParentOut(t *testing.T) {
	t.Parallel()
	a := leaf("1.1", 10, `completion_rate(facts.assignments)`)
	a.NoData = zerenv1.NoDataPolicy_NO_DATA_POLICY_EXCLUDE
	sys := &zerenv1.IndicatorSystem{Id: "t", Name: "t", Indicators: []*zerenv1.Indicator{
		{Id: "1", Name: "一", MaxPoints: 10, Children: []*zerenv1.Indicator{a}},
		leaf("2", 90, metric("y")),
	}}
	r := mustEngine(t, sys).Score(context.Background(), unit("u", map[string]float64{"y": 0.5}))
	assert.True(t, r.GetIndicators()[0].GetExcluded())
	assert.Equal(t, "50.00", r.GetScore(), "45 of 90, scaled to 100")
}

func TestANoDataPolicyOnAnInnerIndicatorIsAProblem(t *testing.T) {
	t.Parallel()
	sys := noDataSystem(zerenv1.NoDataPolicy_NO_DATA_POLICY_ZERO)
	sys.Indicators[0].NoData = zerenv1.NoDataPolicy_NO_DATA_POLICY_FULL_MARKS
	sys.Indicators[0].Children[1].NoData = zerenv1.NoDataPolicy(9)
	ve := validationError(t, sys)
	fields := map[string]bool{}
	for _, p := range ve.Problems {
		fields[p.ID+"."+p.Field] = true
	}
	assert.True(t, fields["1.no_data"], ve.Error())
	assert.True(t, fields["1.2.no_data"], ve.Error())
}

func validationError(t *testing.T, sys *zerenv1.IndicatorSystem) *assessment.ValidationError {
	t.Helper()
	_, err := assessment.New(context.Background(), sys, env)
	var ve *assessment.ValidationError
	require.ErrorAs(t, err, &ve)
	return ve
}

func TestExcludingAWeightedChildRenormalisesByTheOtherWeights(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		policy zerenv1.NoDataPolicy
		score  string
	}{
		{zerenv1.NoDataPolicy_NO_DATA_POLICY_ZERO, "12.50"},    // 100 × (3·0 + 1·0.5) / 4
		{zerenv1.NoDataPolicy_NO_DATA_POLICY_EXCLUDE, "50.00"}, // 100 × (1·0.5) / 1
	} {
		empty := leaf("1.1", 10, `completion_rate(facts.assignments)`)
		empty.Weight, empty.NoData = 3, tc.policy
		other := leaf("1.2", 10, metric("x"))
		other.Weight = 1
		sys := &zerenv1.IndicatorSystem{Id: "t", Name: "t", Indicators: []*zerenv1.Indicator{{
			Id: "1", Name: "一", MaxPoints: 100, Children: []*zerenv1.Indicator{empty, other},
		}}}
		r := mustEngine(t, sys).Score(context.Background(), unit("u", map[string]float64{"x": 0.5}))
		assert.Equal(t, tc.score, r.GetScore(), tc.policy.String())
	}
}
