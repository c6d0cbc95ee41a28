package assessment_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

func TestScoreIndicatorKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		ind    *zerenv1.Indicator
		x      float64
		points string
	}{
		{"a ratio earns its share of the maximum", leaf("1", 10, metric("x")), 0.85, "8.50"},
		{"a ratio above 1 is clamped to the maximum", leaf("1", 10, metric("x")), 1.2, "10.00"},
		{"a negative ratio is clamped to 0", leaf("1", 10, metric("x")), -0.3, "0.00"},
		{"a ratio is rounded once, from its decimal digits", leaf("1", 10, metric("x")), 0.8995, "9.00"},
		{"points are taken as they are", points("1", 10, metric("x")), 7.25, "7.25"},
		{"points above the maximum are clamped", points("1", 10, metric("x")), 12, "10.00"},
		{"negative points are clamped to 0", points("1", 10, metric("x")), -4, "0.00"},
		{"89.995 points round half up to 90.00", points("1", 100, metric("x")), 89.995, "90.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := mustEngine(t, &zerenv1.IndicatorSystem{Indicators: []*zerenv1.Indicator{tt.ind}})
			r := e.Score(context.Background(), unit("u", map[string]float64{"x": tt.x}))
			require.Empty(t, r.GetDiagnostics())
			ir := r.GetIndicators()[0]
			assert.Equal(t, tt.points, ir.GetPoints())
			assert.Equal(t, tt.x, ir.GetValue(), "the raw value is kept")
			assert.Equal(t, tt.points, r.GetScore())
		})
	}
}

func TestScoreHalfEven(t *testing.T) {
	t.Parallel()
	sys := &zerenv1.IndicatorSystem{Rounding: zerenv1.ScoreRounding_SCORE_ROUNDING_HALF_EVEN,
		Indicators: []*zerenv1.Indicator{points("1", 100, metric("x"))}}
	r := mustEngine(t, sys).Score(context.Background(), unit("u", map[string]float64{"x": 89.985}))
	assert.Equal(t, "89.98", r.GetScore())
}

func TestScoreParents(t *testing.T) {
	t.Parallel()
	m := map[string]float64{"a": 0.5, "b": 1, "c": 1.0 / 3}
	tests := []struct {
		name  string
		sys   *zerenv1.IndicatorSystem
		score string
		first string
	}{
		{"a parent adds its children's rounded points", &zerenv1.IndicatorSystem{Indicators: []*zerenv1.Indicator{
			parent("1", 0, leaf("1.1", 10, metric("c")), leaf("1.2", 10, metric("c")), leaf("1.3", 10, metric("c"))),
		}}, "9.99", "9.99"},
		{"weights combine shares of the maximum", &zerenv1.IndicatorSystem{Indicators: []*zerenv1.Indicator{
			{Id: "1", MaxPoints: 40, Children: []*zerenv1.Indicator{
				{Id: "1.1", MaxPoints: 10, Weight: 3, Formula: metric("a")}, // half of weight 3
				{Id: "1.2", MaxPoints: 5, Weight: 1, Formula: metric("b")},  // all of weight 1
			}},
			leaf("2", 60, metric("b")),
		}}, "85.00", "25.00"}, // 40 × (3×0.5 + 1×1) / 4 = 25
		{"weighted 一级指标 scale to max_score", &zerenv1.IndicatorSystem{MaxScore: 100, Indicators: []*zerenv1.Indicator{
			{Id: "1", MaxPoints: 10, Weight: 1, Formula: metric("a")},
			{Id: "2", MaxPoints: 10, Weight: 1, Formula: metric("b")},
		}}, "75.00", "5.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := mustEngine(t, tt.sys).Score(context.Background(), unit("u", m))
			require.Empty(t, r.GetDiagnostics())
			assert.Equal(t, tt.score, r.GetScore())
			assert.Equal(t, tt.first, r.GetIndicators()[0].GetPoints())
		})
	}
}

func TestAdjustments(t *testing.T) {
	t.Parallel()
	finding := func(self, concealed bool) *zerenv1.Finding {
		return &zerenv1.Finding{SelfReported: self, Concealed: concealed}
	}
	deduction := &zerenv1.Adjustment{Id: "D1", Name: "督查发现问题", Formula: "double(facts.findings.size())", Cap: 5,
		Modifiers: []*zerenv1.Modifier{
			{Name: "主动自查减半", Condition: "facts.findings.size() > 0 && facts.findings.all(f, f.self_reported)", Factor: 0.5},
			{Name: "瞒报加倍", Condition: "facts.findings.exists(f, f.concealed)", Factor: 2},
		}}
	bonus := &zerenv1.Adjustment{Id: "B1", Name: "党建品牌", Formula: "2.0 * " + metric("awards"), Cap: 3}
	tests := []struct {
		name              string
		findings          []*zerenv1.Finding
		awards            float64
		bonus, ded, total string
		held0, held1      bool
	}{
		{"one point per finding", []*zerenv1.Finding{finding(false, false), finding(false, false)}, 0, "0.00", "2.00", "98.00", false, false},
		{"self-reported findings only are halved", []*zerenv1.Finding{finding(true, false), finding(true, false), finding(true, false)}, 0, "0.00", "1.50", "98.50", true, false},
		{"a concealed finding doubles", []*zerenv1.Finding{finding(false, true), finding(false, false)}, 0, "0.00", "4.00", "96.00", false, true},
		{"the cap applies after the modifiers", []*zerenv1.Finding{finding(false, true), finding(false, false), finding(false, false)}, 0, "0.00", "5.00", "95.00", false, true},
		{"a bonus is capped", nil, 2, "3.00", "0.00", "103.00", false, false},
		{"a negative formula value reads as 0", nil, -1, "0.00", "0.00", "100.00", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sys := oneMetric()
			sys.Bonuses = []*zerenv1.Adjustment{bonus}
			sys.Deductions = []*zerenv1.Adjustment{deduction}
			f := unit("u", map[string]float64{"x": 1, "awards": tt.awards})
			f.Findings = tt.findings
			r := mustEngine(t, sys).Score(context.Background(), f)
			require.Empty(t, r.GetDiagnostics())
			assert.Equal(t, tt.bonus, r.GetBonuses()[0].GetPoints())
			assert.Equal(t, tt.ded, r.GetDeductions()[0].GetPoints())
			assert.Equal(t, "100.00", r.GetBaseScore())
			assert.Equal(t, tt.total, r.GetScore())
			mods := r.GetDeductions()[0].GetChildren()
			require.Len(t, mods, 2)
			assert.Equal(t, tt.held0, mods[0].GetValue() == 1, "主动自查减半")
			assert.Equal(t, tt.held1, mods[1].GetValue() == 1, "瞒报加倍")
		})
	}
}

func TestTotalNeverGoesBelowZero(t *testing.T) {
	t.Parallel()
	sys := &zerenv1.IndicatorSystem{Indicators: []*zerenv1.Indicator{leaf("1", 10, metric("x"))},
		Deductions: []*zerenv1.Adjustment{{Id: "D", Formula: "50.0"}}}
	r := mustEngine(t, sys).Score(context.Background(), unit("u", map[string]float64{"x": 0.5}))
	assert.Equal(t, "0.00", r.GetScore())
	assert.Equal(t, "50.00", r.GetDeductions()[0].GetPoints())
}

func TestAFailingRuleIsADiagnosticAndTheRunGoesOn(t *testing.T) {
	t.Parallel()
	sys := &zerenv1.IndicatorSystem{Indicators: []*zerenv1.Indicator{
		leaf("1", 50, `facts.metrics["x"]`),
		points("2", 50, "50.0 / facts.metrics[?\"d\"].orValue(0.0)"),
	}}
	e := mustEngine(t, sys)
	run, err := e.Run(context.Background(), []*zerenv1.UnitFacts{
		unit("ok", map[string]float64{"x": 1, "d": 1}),
		unit("missing", map[string]float64{"d": 2}),
		unit("zero", map[string]float64{"x": 1}),
	})
	require.NoError(t, err)
	ok, missing, zero := run.Result("ok"), run.Result("missing"), run.Result("zero")
	assert.Equal(t, "100.00", ok.GetScore())
	assert.Empty(t, ok.GetDiagnostics())

	assert.Equal(t, "25.00", missing.GetScore(), "the failing indicator scores 0, the others count")
	d := missing.GetIndicators()[0].GetDiagnostic()
	require.NotNil(t, d)
	assert.Equal(t, "1", d.GetRuleId())
	assert.Equal(t, int32(1), d.GetLine())
	assert.Positive(t, d.GetColumn())
	assert.NotEmpty(t, d.GetMessage())
	assert.Contains(t, d.GetMessageZh(), "x")
	assert.Equal(t, []*zerenv1.Diagnostic{d}, missing.GetDiagnostics())

	zd := zero.GetIndicators()[1].GetDiagnostic()
	require.NotNil(t, zd, "a non-finite result is a diagnostic")
	assert.Equal(t, "2", zd.GetRuleId())
	assert.Equal(t, "50.00", zero.GetScore())
}

func TestCostLimitIsADiagnostic(t *testing.T) {
	t.Parallel()
	small, err := cel.NewEnv(cel.WithCostLimit(1000), cel.WithSizes(cel.Sizes{Assignments: 10}))
	require.NoError(t, err)
	sys := &zerenv1.IndicatorSystem{Indicators: []*zerenv1.Indicator{
		leaf("1", 10, "completion_rate(facts.assignments.filter(a, a.target > 0.0))")}}
	e, err := assessment.New(context.Background(), sys, small)
	require.NoError(t, err)
	f := unit("big", nil)
	for range 2000 {
		f.Assignments = append(f.Assignments, &zerenv1.Assignment{Target: 1, Actual: 1})
	}
	r := e.Score(context.Background(), f)
	require.Len(t, r.GetDiagnostics(), 1)
	assert.Contains(t, r.GetDiagnostics()[0].GetMessageZh(), "计算量")
	assert.Equal(t, "0.00", r.GetScore())
}

func TestCancelledContext(t *testing.T) {
	t.Parallel()
	e := mustEngine(t, oneMetric())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := e.Run(ctx, []*zerenv1.UnitFacts{unit("a", nil), unit("b", nil)})
	assert.ErrorIs(t, err, context.Canceled)

	r := e.Score(ctx, unit("a", map[string]float64{"x": 1}))
	require.NotEmpty(t, r.GetDiagnostics(), "Score shows the cancellation as diagnostics")
	assert.Equal(t, "0.00", r.GetScore())
}

func TestRunBudget(t *testing.T) {
	t.Parallel()
	// The native evaluator charges 1 per unit for this rule, so the third
	// unit finds the budget spent.
	e := mustEngine(t, oneMetric(), assessment.WithRunBudget(2), assessment.WithWorkers(1))
	units := []*zerenv1.UnitFacts{unit("a", nil), unit("b", nil), unit("c", nil)}
	_, err := e.Run(context.Background(), units)
	assert.ErrorIs(t, err, cel.ErrBudgetExhausted)
}

func TestRunRejectsBadUnits(t *testing.T) {
	t.Parallel()
	e := mustEngine(t, oneMetric())
	_, err := e.Run(context.Background(), []*zerenv1.UnitFacts{unit("a", nil), nil, unit("a", nil), {}})
	var ve *assessment.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Len(t, ve.Problems, 3)
	assert.False(t, errors.Is(err, context.Canceled))
}

func TestProvenance(t *testing.T) {
	t.Parallel()
	e := mustEngine(t, oneMetric())
	f := unit("u", map[string]float64{"x": 0.5})
	r := e.Score(context.Background(), f)
	p := r.GetProvenance()
	assert.Equal(t, e.RulesDigest(), p.GetRulesDigest())
	assert.Equal(t, assessment.FactsDigest(f, nil), p.GetFactsDigest())
	assert.Equal(t, cel.EnvironmentVersion, p.GetEnvironment())
	assert.Equal(t, assessment.Version, p.GetEngine())
	f.Metrics["x"] = 0.6
	assert.NotEqual(t, p.GetFactsDigest(), assessment.FactsDigest(f, nil), "the digest follows the facts")
}

func TestWithoutInputs(t *testing.T) {
	t.Parallel()
	with := mustEngine(t, oneMetric()).Score(context.Background(), unit("u", map[string]float64{"x": 1}))
	without := mustEngine(t, oneMetric(), assessment.WithInputs(false)).Score(context.Background(), unit("u", map[string]float64{"x": 1}))
	assert.NotEmpty(t, with.GetIndicators()[0].GetInputs())
	assert.Empty(t, without.GetIndicators()[0].GetInputs())
	assert.Equal(t, with.GetScore(), without.GetScore())
}
