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
	assert.Len(t, byTrigger["A1"], 2, "约谈 of the 第一责任人 only: one proposal per unit")
	for _, p := range byTrigger["A1"] {
		post, _ := h.Post(p.GetLiability().GetPostId())
		assert.Equal(t, "party-group-secretary", post.GetPostKindId(), p.GetId())
		assert.NotEmpty(t, p.GetTenures())
	}
	for _, p := range byTrigger["A3"] {
		assert.NotEmpty(t, p.GetSubjectId(), "A3 is addressed per case")
	}
}

// TestSampleTriggersCiteTheRightBasisForTheirMeasure pins each sample
// trigger's measure to its basis: 问责方式 may cite 问责条例第八条; the
// first of the 四种形态 (谈话提醒、约谈、函询) must not.
func TestSampleTriggersCiteTheRightBasisForTheirMeasure(t *testing.T) {
	t.Parallel()
	const art8 = "《中国共产党问责条例》（2019）第八条"
	tests := []struct {
		id       string
		measure  zerenv1.AccountabilityMeasure
		basis    zerenv1.MeasureBasis
		cites    string
		notCites string
	}{
		{"A1", zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ADMONITORY_TALK, zerenv1.MeasureBasis_MEASURE_BASIS_FIRST_FORM, "《市直单位机关党建工作约谈暂行办法》", "第八条"},
		{"A2", zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_CIRCULAR, zerenv1.MeasureBasis_MEASURE_BASIS_ACCOUNTABILITY, "述职评议考核办法", "第六条"},
		{"A3", zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_REMINDER_TALK, zerenv1.MeasureBasis_MEASURE_BASIS_FIRST_FORM, "四种形态", "第八条"},
		{"A4", zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_INSPECTION, zerenv1.MeasureBasis_MEASURE_BASIS_ACCOUNTABILITY, art8 + "：对党组织的问责方式“检查”", "第六条"},
	}
	byID := lo.KeyBy(sample.Triggers(), func(t *zerenv1.Trigger) string { return t.GetId() })
	require.Len(t, byID, len(tests), "every sample trigger is pinned")
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			tr := byID[tt.id]
			require.NotNil(t, tr)
			assert.Equal(t, tt.measure, tr.GetMeasure())
			b, citation := accountability.Basis(tr.GetMeasure())
			assert.Equal(t, tt.basis, b)
			assert.Contains(t, tr.GetBasis(), tt.cites)
			assert.NotContains(t, tr.GetBasis(), tt.notCites)
			if b == zerenv1.MeasureBasis_MEASURE_BASIS_ACCOUNTABILITY {
				assert.Equal(t, art8, citation)
			}
		})
	}
}
