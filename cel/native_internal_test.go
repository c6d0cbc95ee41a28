package cel

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// A traced evaluation reads what each filter kept from the evaluation
// itself, on both paths, instead of evaluating the filter again.
func TestTraceReadsFiltersFromTheEvaluation(t *testing.T) {
	t.Parallel()
	facts := &zerenv1.UnitFacts{Assignments: []*zerenv1.Assignment{
		{Id: "A1", TaskId: "T01", Actual: 1, Target: 1}, {Id: "A2", TaskId: "T02"}, {Id: "A3", TaskId: "T01"}}}
	const src = `completion_rate(facts.assignments.filter(a, a.task_id == "T01"))`
	for _, opts := range [][]Option{nil, {WithCELOnly()}} {
		env, err := NewEnv(opts...)
		require.NoError(t, err)
		p, err := env.Compile(src, KindRatio)
		require.NoError(t, err)
		require.Len(t, p.filters, 1)
		var src keptSource
		if p.native != nil {
			n := &nctx{ctx: context.Background(), env: env, facts: facts, limit: 1 << 20, trace: true}
			_, errVal := p.native.root(n)
			require.Nil(t, errVal)
			_, ran := n.keptOf(p.filters[0].id)
			require.True(t, ran, "the filter ran")
			src = n
		} else {
			_, det, err := p.tracked().Eval(&activation{env: env, facts: facts})
			require.NoError(t, err)
			require.NotSame(t, p.prg, p.tracked())
			src = celState{det.State()}
		}
		got, ok := src.filterValue(p, p.filters[0].id)
		require.True(t, ok, "the evaluation kept the filter's items")
		require.Equal(t, "2 项 items: A1, A3", got)
	}
}
