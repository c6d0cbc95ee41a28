package assessment_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// broken is a system with one of every problem New must report.
func broken() *zerenv1.IndicatorSystem {
	return &zerenv1.IndicatorSystem{
		Name:      "有问题的指标体系",
		Precision: 7,
		Indicators: []*zerenv1.Indicator{
			parent("1", 20,
				leaf("1.1", 10, "completion_rate(facts.assignments)"),
				leaf("1.1", 5, "facts.metrics.x"),
			),
			parent("2", 0,
				leaf("2.1", -3, "1.0"),
				leaf("2.2", 5, ""),
				leaf("2.3", 5, "facts.metrics[?\"x\"].orValue(0.0) +\n  facts.nosuch"),
			),
			{Id: "3", Name: "指标3", MaxPoints: 10, Weight: math.NaN(), Formula: "1.0", Children: []*zerenv1.Indicator{leaf("3.1", 10, "1.0")}},
			leaf("4", 5, "facts.findings.size() > 0"),
		},
		Bonuses: []*zerenv1.Adjustment{{Id: "B1", Name: "加分", Formula: "1.0", Cap: -1,
			Modifiers: []*zerenv1.Modifier{{Name: "修正", Condition: "1.0", Factor: -2}}}},
		Deductions: []*zerenv1.Adjustment{{Id: assessment.ReviewVetoID, Formula: "1.0"}},
		Vetoes: []*zerenv1.Veto{
			{Id: "V1", Name: "否决", Condition: "true", Action: zerenv1.VetoAction_VETO_ACTION_UNSPECIFIED, GradeId: "best"},
		},
		GradeScale: &zerenv1.GradeScale{Grades: []*zerenv1.Grade{
			{Id: "a", MinScore: 80, QuotaPercent: 130},
			{Id: "b", MinScore: 90},
			{Id: "c", MinScore: 0, QuotaPercent: 10},
		}},
		Review: &zerenv1.ReviewScheme{
			RaterGroups:           []*zerenv1.RaterGroup{{Id: "g", Weight: 0}, {Id: "g", Weight: 1, Quorum: -1}},
			TrimPercent:           60,
			SatisfactionThreshold: 50,
			BelowThresholdGradeId: "nosuch",
		},
	}
}

func TestNewReportsEveryProblemAtOnce(t *testing.T) {
	t.Parallel()
	_, err := assessment.New(context.Background(), broken(), env)
	var ve *assessment.ValidationError
	require.ErrorAs(t, err, &ve)

	type key struct{ kind, id, field string }
	got := map[key]bool{}
	for _, p := range ve.Problems {
		got[key{p.Record, p.ID, p.Field}] = true
	}
	want := []key{
		{"system", "", "precision"},
		{"indicator", "1.1", "id"},
		{"indicator", "1", "max_points"}, // 10 + 5 is not 20
		{"indicator", "2.1", "max_points"},
		{"indicator", "2.2", "formula"},
		{"indicator", "2.3", "formula"},
		{"indicator", "3", "weight"},
		{"indicator", "3", "formula"},
		{"indicator", "4", "formula"},
		{"bonus", "B1", "cap"},
		{"modifier", "", "condition"},
		{"modifier", "", "factor"},
		{"deduction", assessment.ReviewVetoID, "id"},
		{"veto", "V1", "action"},
		{"veto", "V1", "grade_id"},
		{"grade", "a", "quota_percent"},
		{"grade", "b", "min_score"},
		{"grade", "c", "quota_percent"},
		{"rater group", "g", "weight"},
		{"rater group", "g", "id"},
		{"rater group", "g", "quorum"},
		{"review", "", "trim_percent"},
		{"review", "", "below_threshold_grade_id"},
	}
	for _, k := range want {
		assert.True(t, got[k], "missing problem %+v in:\n%v", k, err)
	}
	assert.False(t, got[key{"indicator", "1.1", "formula"}], "a valid formula is not a problem")

	// A compile problem carries its position and the Chinese message, and
	// unwraps to the cel.CompileError.
	var pos *assessment.Problem
	for i, p := range ve.Problems {
		if p.ID == "2.3" && p.Field == "formula" {
			pos = &ve.Problems[i]
		}
	}
	require.NotNil(t, pos)
	assert.Equal(t, 2, pos.Line)
	assert.Equal(t, 8, pos.Column) // the "." of facts.nosuch
	assert.Contains(t, pos.MessageZh, "nosuch")
	assert.Contains(t, pos.String(), `indicator "2.3" (指标2.3): formula: line 2, column 8:`)
	assert.Contains(t, pos.Zh(), "第2行第8列")
	var ce *cel.CompileError
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, ve.Zh(), "输入中有 ")
	assert.ErrorIs(t, err, problem.BadRule)
	assert.ErrorIs(t, err, problem.DuplicateID)
	assert.Equal(t, len(ve.Problems)+1, strings.Count(err.Error(), "\n")+1)
}

func TestNewAcceptsWellFormedSystems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		sys      *zerenv1.IndicatorSystem
		maxScore string
	}{
		{"a parent without max points takes the sum of its children", &zerenv1.IndicatorSystem{Indicators: []*zerenv1.Indicator{
			parent("1", 0, leaf("1.1", 30, "1.0"), leaf("1.2", 20, "1.0")), leaf("2", 50, "1.0")}}, "100.00"},
		{"max_score defaults to the sum of the 一级指标", &zerenv1.IndicatorSystem{Indicators: []*zerenv1.Indicator{
			leaf("1", 7.5, "1.0"), leaf("2", 2.5, "1.0")}}, "10.00"},
		{"weights let children use any scale", &zerenv1.IndicatorSystem{MaxScore: 100, Indicators: []*zerenv1.Indicator{
			{Id: "1", MaxPoints: 10, Weight: 1, Formula: "1.0"}, {Id: "2", MaxPoints: 5, Weight: 3, Formula: "1.0"}}}, "100.00"},
		{"precision 4", &zerenv1.IndicatorSystem{Precision: 4, Indicators: []*zerenv1.Indicator{leaf("1", 0.1234, "1.0")}}, "0.1234"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := mustEngine(t, tt.sys)
			assert.Equal(t, tt.maxScore, e.MaxScore())
		})
	}
}

func TestNewRejectsMisfitSums(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		sys  *zerenv1.IndicatorSystem
		want string
	}{
		{"the 一级指标 do not add up to max_score", &zerenv1.IndicatorSystem{MaxScore: 100, Indicators: []*zerenv1.Indicator{leaf("1", 60, "1.0")}},
			"一级指标分值合计 60.00 分，与总分 100.00 分不符"},
		{"max points finer than the precision", &zerenv1.IndicatorSystem{Indicators: []*zerenv1.Indicator{leaf("1", 0.125, "1.0")}},
			"小数位数超过"},
		{"no indicators", &zerenv1.IndicatorSystem{}, "没有任何指标"},
		{"a grade named without a scale", &zerenv1.IndicatorSystem{Indicators: []*zerenv1.Indicator{leaf("1", 1, "1.0")},
			Vetoes: []*zerenv1.Veto{{Id: "V", Condition: "true", Action: zerenv1.VetoAction_VETO_ACTION_CAP_GRADE, GradeId: "x"}}},
			"没有等次设置"},
		{"a tree too deep", deep(9), "层级超过"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := assessment.New(context.Background(), tt.sys, env)
			var ve *assessment.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Contains(t, ve.Zh(), tt.want)
		})
	}
}

func deep(n int) *zerenv1.IndicatorSystem {
	ind := leaf("x", 1, "1.0")
	for i := range n {
		ind = parent(strings.Repeat("p", i+1), 0, ind)
	}
	return &zerenv1.IndicatorSystem{Indicators: []*zerenv1.Indicator{ind}}
}

func TestNewHandlesNilAndCancellation(t *testing.T) {
	t.Parallel()
	_, err := assessment.New(context.Background(), nil, env)
	var ve *assessment.ValidationError
	assert.ErrorAs(t, err, &ve)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = assessment.New(ctx, oneMetric(), env)
	assert.True(t, errors.Is(err, context.Canceled))

	e, err := assessment.New(context.Background(), oneMetric(), nil)
	require.NoError(t, err, "a nil environment means the default one")
	assert.Len(t, e.RulesDigest(), 64)
}
