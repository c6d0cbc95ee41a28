package sample_test

import (
	"context"
	"testing"

	"github.com/samber/lo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

// TestSampleTriggersProposeForTheWeakAndVetoedUnits runs the year's
// assessment and the triggers together: the lagging 住建局 and the vetoed
// 交通运输局 are proposed for measures, the top units are not.
func TestSampleTriggersProposeForTheWeakAndVetoedUnits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env, err := cel.NewEnv(cel.WithLocation(sample.Location))
	require.NoError(t, err)
	h, err := responsibility.New(frameworks.SanjiWugang(), sample.Structure(), responsibility.WithLocation(sample.Location))
	require.NoError(t, err)
	eng, err := assessment.New(ctx, sample.IndicatorSystem(), env)
	require.NoError(t, err)
	facts := sample.Facts2026()
	run, err := eng.Run(ctx, facts, assessment.WithReviews(sample.Reviews2026()...))
	require.NoError(t, err)
	p, err := accountability.New(env, h, sample.Triggers())
	require.NoError(t, err)
	props, diags, err := p.Propose(ctx, facts, run.Results)
	require.NoError(t, err)
	assert.Empty(t, diags)
	byTrigger := lo.GroupBy(props, func(p *zerenv1.Proposal) string { return p.GetTriggerId() })
	units := func(id string) []string {
		return lo.Uniq(lo.Map(byTrigger[id], func(p *zerenv1.Proposal, _ int) string { return p.GetUnitId() }))
	}
	last := run.Results[len(run.Results)-2:]
	assert.ElementsMatch(t, []string{last[0].GetUnitId(), last[1].GetUnitId()}, units("A1"))
	assert.Contains(t, units("A1"), sample.WeakUnitID)
	assert.Contains(t, units("A2"), sample.WeakUnitID)
	assert.Contains(t, units("A4"), sample.VetoUnitID)
	assert.NotContains(t, lo.Map(props, func(p *zerenv1.Proposal, _ int) string { return p.GetUnitId() }), run.Results[0].GetUnitId())
}
