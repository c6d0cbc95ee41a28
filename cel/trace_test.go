package cel_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

func traced(t *testing.T, src string, kind cel.Kind, facts *zerenv1.UnitFacts, result *zerenv1.Result) map[string]string {
	t.Helper()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	prg, err := env.Compile(src, kind)
	require.NoError(t, err)
	v, _ := prg.Eval(context.Background(), facts, cel.WithTrace(), cel.WithResult(result))
	got := map[string]string{}
	for _, in := range v.Inputs {
		got[in.GetPath()] = in.GetValue()
	}
	return got
}

func TestTheTraceNamesTheVetoesThatFired(t *testing.T) {
	t.Parallel()
	got := traced(t, `"V1" in result.veto_ids`, cel.KindBool, nil,
		&zerenv1.Result{VetoIds: []string{"V1", "review.satisfaction"}})
	assert.Equal(t, map[string]string{"result.veto_ids": "2 项 items: V1, review.satisfaction"}, got)
}

func TestTheTraceNamesAtMostTwentyItemsAndCountsTheRest(t *testing.T) {
	t.Parallel()
	facts := &zerenv1.UnitFacts{}
	for i := range 52 {
		facts.Assignments = append(facts.Assignments, &zerenv1.Assignment{Id: fmt.Sprintf("A%02d", i), TaskId: "T1"})
	}
	got := traced(t, `completion_rate(facts.assignments.filter(a, a.task_id == "T1"))`, cel.KindRatio, facts, nil)
	v := got[`facts.assignments.filter(a, a.task_id == "T1")`]
	assert.True(t, strings.HasPrefix(v, "52 项 items: A00, A01, "), v)
	assert.True(t, strings.HasSuffix(v, ", A19 … 共 52 项"), v)
	assert.NotContains(t, v, "A20")
	assert.NotContains(t, got, "facts.assignments", "the filter's input replaces the whole list")
}

func TestTheTraceOfAFilterOfAFilterNamesBoth(t *testing.T) {
	t.Parallel()
	facts := &zerenv1.UnitFacts{Findings: []*zerenv1.Finding{
		{Id: "F1", Dimension: zerenv1.Dimension_DIMENSION_INTEGRITY, SelfReported: true},
		{Id: "F2", Dimension: zerenv1.Dimension_DIMENSION_INTEGRITY},
		{Id: "F3", Dimension: zerenv1.Dimension_DIMENSION_CONDUCT},
	}}
	got := traced(t, `double(facts.findings.filter(f, f.dimension == Dimension.DIMENSION_INTEGRITY).filter(g, !g.self_reported).size())`,
		cel.KindNumber, facts, nil)
	assert.Equal(t, map[string]string{
		`facts.findings.filter(f, f.dimension == Dimension.DIMENSION_INTEGRITY)`:                             "2 项 items: F1, F2",
		`facts.findings.filter(f, f.dimension == Dimension.DIMENSION_INTEGRITY).filter(g, !g.self_reported)`: "1 项 items: F2",
	}, got)
}

func TestAFilterInsideAnotherComprehensionIsNotTracedOnItsOwn(t *testing.T) {
	t.Parallel()
	facts := &zerenv1.UnitFacts{Findings: []*zerenv1.Finding{{Id: "F1", Severity: zerenv1.Severity(2)}}}
	got := traced(t, `[1, 2].exists(i, facts.findings.filter(f, int(f.severity) == i).size() > 0)`, cel.KindBool, facts, nil)
	assert.Equal(t, map[string]string{"facts.findings": "1 项 items: F1"}, got)
}
