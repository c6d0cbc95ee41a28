package assessment_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

func TestDerivationValuesAreTheDecimalsUsed(t *testing.T) {
	t.Parallel()
	sys := &zerenv1.IndicatorSystem{Id: "t", Name: "t", Indicators: []*zerenv1.Indicator{
		// 6 − 50 × (1 − 0.94) is 2.9999999999999973 in float64.
		points("1", 6, `6.0 - 50.0 * (1.0 - `+metric("fee")+`)`),
		leaf("2", 10, `2.0 / 3.0`),
		leaf("3", 84, `0.1 + 0.2`), // 0.30000000000000004
	}}
	e := mustEngine(t, sys)
	r := e.Score(context.Background(), unit("u", map[string]float64{"fee": 0.94}))
	got := map[string]float64{}
	for _, ir := range r.GetIndicators() {
		got[ir.GetIndicatorId()] = ir.GetValue()
	}
	assert.Equal(t, map[string]float64{"1": 3, "2": 0.6666666667, "3": 0.3}, got)
	text := e.Render(r)
	for _, want := range []string{"取值 value: 3\n", "取值 value: 0.6666666667\n", "取值 value: 0.3\n"} {
		assert.Contains(t, text, want)
	}
	assert.NotContains(t, text, "2.9999999999999973")
	assert.NotContains(t, text, "0.30000000000000004")
	assert.Equal(t, "34.87", r.GetScore(), "3.00 + 6.67 + 25.20")
}

func TestQuantizedValuesStillRoundDown(t *testing.T) {
	t.Parallel()
	// With DOWN rounding the float noise used to cost a tick: 2.99.
	sys := &zerenv1.IndicatorSystem{Id: "t", Name: "t", Rounding: zerenv1.ScoreRounding_SCORE_ROUNDING_DOWN,
		Indicators: []*zerenv1.Indicator{points("1", 6, `6.0 - 50.0 * (1.0 - `+metric("fee")+`)`)}}
	r := mustEngine(t, sys).Score(context.Background(), unit("u", map[string]float64{"fee": 0.94}))
	assert.Equal(t, "3.00", r.GetScore())
}

func TestReviewFiguresShowTheSystemsPrecision(t *testing.T) {
	t.Parallel()
	sys := oneMetric()
	sys.GradeScale = scale(0, zerenv1.TieRule_TIE_RULE_ID)
	e := mustEngine(t, sys)
	u := unit("u", map[string]float64{"x": 0.9315})
	u.Review = &zerenv1.ReviewResult{Score: 90.5, Satisfaction: 80, Valid: true}
	run, err := e.Run(context.Background(), []*zerenv1.UnitFacts{u})
	require.NoError(t, err)
	assert.Contains(t, e.Render(run.Results[0]), "述职评议 Review: 得分 score 90.50, 满意度 satisfaction 80.00%")
	assert.Contains(t, e.RenderRun(run), "1 | u | 93.15 | 93.15 | 90.50 | 好 | -")
}
