package assessment_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// env is one rule environment shared by the tests (an Env is immutable).
var env = func() *cel.Env {
	e, err := cel.NewEnv()
	if err != nil {
		panic(err)
	}
	return e
}()

func leaf(id string, maxPoints float64, formula string) *zerenv1.Indicator {
	return &zerenv1.Indicator{Id: id, Name: "指标" + id, MaxPoints: maxPoints, Formula: formula}
}

func points(id string, maxPoints float64, formula string) *zerenv1.Indicator {
	l := leaf(id, maxPoints, formula)
	l.PointsFormula = true
	return l
}

func parent(id string, maxPoints float64, children ...*zerenv1.Indicator) *zerenv1.Indicator {
	return &zerenv1.Indicator{Id: id, Name: "指标" + id, MaxPoints: maxPoints, Children: children}
}

// metric is a formula reading one metric, 0 when absent.
func metric(name string) string { return `facts.metrics[?"` + name + `"].orValue(0.0)` }

// unit returns facts for a unit with the given metrics.
func unit(id string, metrics map[string]float64) *zerenv1.UnitFacts {
	return &zerenv1.UnitFacts{Unit: &zerenv1.Unit{Id: id, Name: id}, Metrics: metrics,
		Period: &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2026}}
}

// scale is the 好/较好/一般/差 scale at 90/80/70 with 好 ≤ quota%.
func scale(quota float64, tie zerenv1.TieRule) *zerenv1.GradeScale {
	return &zerenv1.GradeScale{Id: "s", TieRule: tie, Grades: []*zerenv1.Grade{
		{Id: "good", Name: "好", MinScore: 90, QuotaPercent: quota},
		{Id: "fair", Name: "较好", MinScore: 80},
		{Id: "avg", Name: "一般", MinScore: 70},
		{Id: "poor", Name: "差"},
	}}
}

// oneMetric is a system of one ratio leaf worth 100 reading metric "x".
func oneMetric() *zerenv1.IndicatorSystem {
	return &zerenv1.IndicatorSystem{Id: "t", Name: "测试指标体系", Indicators: []*zerenv1.Indicator{leaf("1", 100, metric("x"))}}
}

func mustEngine(t testing.TB, sys *zerenv1.IndicatorSystem, opts ...assessment.Option) *assessment.Engine {
	t.Helper()
	e, err := assessment.New(context.Background(), sys, env, opts...)
	require.NoError(t, err)
	return e
}

// grades maps unit ids to grade ids.
func grades(run *assessment.Run) map[string]string {
	m := map[string]string{}
	for _, r := range run.Results {
		m[r.GetUnitId()] = r.GetGradeId()
	}
	return m
}

// order lists unit ids in the run's order.
func order(run *assessment.Run) []string {
	var ids []string
	for _, r := range run.Results {
		ids = append(ids, r.GetUnitId())
	}
	return ids
}
