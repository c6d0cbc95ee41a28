package accountability_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/samber/lo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

const (
	mTalk     = zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ADMONITORY_TALK
	mCircular = zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_CIRCULAR
	mAdmon    = zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ADMONITION
	mReorg    = zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_REORGANIZATION
	tOrg      = zerenv1.ProposalTarget_PROPOSAL_TARGET_ORGANIZATION
	tPerson   = zerenv1.ProposalTarget_PROPOSAL_TARGET_PERSON
	proposed  = zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED
	confirmed = zerenv1.ProposalStatus_PROPOSAL_STATUS_CONFIRMED
	rejected  = zerenv1.ProposalStatus_PROPOSAL_STATUS_REJECTED
)

func triggers() []*zerenv1.Trigger {
	return []*zerenv1.Trigger{
		{Id: "last-two", Name: "综合考核排名末两位约谈", Condition: "result.ranked > 0 && result.rank > result.ranked - 2", Measure: mTalk, Target: tPerson,
			Basis: "《市直单位机关党建工作约谈暂行办法》"},
		{Id: "low-satisfaction", Name: "述职评议满意度低于50%通报", Condition: "result.review.satisfaction < 50.0", Measure: mCircular, Target: tOrg},
		{Id: "overdue-twice", Name: "督办事项两次超期诫勉", Condition: "cases.exists(c, c.overdue_count >= 2)", Measure: mAdmon, Target: tPerson,
			LiabilityKinds: []zerenv1.LiabilityKind{zerenv1.LiabilityKind_LIABILITY_KIND_PRINCIPAL, zerenv1.LiabilityKind_LIABILITY_KIND_SUPERVISORY}},
	}
}

func setup(t *testing.T) (*cel.Env, *responsibility.Hierarchy) {
	t.Helper()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	h, err := responsibility.New(frameworks.SanjiWugang(), sample.Structure(), responsibility.WithLocation(sample.Location))
	require.NoError(t, err)
	return env, h
}

func unitFacts(h *responsibility.Hierarchy, unitID string, period *zerenv1.Period, cases ...*zerenv1.SupervisionCase) *zerenv1.UnitFacts {
	u, _ := h.Unit(unitID)
	orgs, _ := h.UnitOrganizations(unitID)
	return &zerenv1.UnitFacts{Unit: u, Organization: orgs[0], Period: period, Cases: cases}
}

var year2026 = &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2026}

func TestProposeAddressesWhoeverHeldThePostsWhenThePeriodClosed(t *testing.T) {
	t.Parallel()
	env, h := setup(t)
	p, err := accountability.New(env, h, triggers())
	require.NoError(t, err)
	facts := []*zerenv1.UnitFacts{
		unitFacts(h, "czj", year2026),
		unitFacts(h, "fgw", year2026, &zerenv1.SupervisionCase{Id: "DB-1", OverdueCount: 2}),
		unitFacts(h, "jyj", year2026),
	}
	results := []*zerenv1.Result{
		{UnitId: "czj", Rank: 12, Ranked: 12, Review: &zerenv1.ReviewResult{Satisfaction: 45}},
		{UnitId: "fgw", Rank: 1, Ranked: 12, Review: &zerenv1.ReviewResult{Satisfaction: 95}},
		{UnitId: "jyj", Rank: 5, Ranked: 12, Review: &zerenv1.ReviewResult{Satisfaction: 80}},
	}
	props, diags, err := p.Propose(context.Background(), facts, results)
	require.NoError(t, err)
	assert.Empty(t, diags)
	ids := lo.Map(props, func(p *zerenv1.Proposal, _ int) string { return p.GetId() })
	assert.Equal(t, []string{
		"last-two/czj/2026/p-czj-02", "last-two/czj/2026/p-czj-06", "low-satisfaction/czj/2026/czj-pg",
		"overdue-twice/fgw/2026/p-fgw-01", "overdue-twice/fgw/2026/p-fgw-05", "overdue-twice/fgw/2026/p-fgw-08",
	}, ids,
		"the year closes under the new 党组书记 叶思远; the 机关党委书记 is directly in charge")
	for _, pr := range props {
		assert.Equal(t, proposed, pr.GetStatus())
		assert.NotEmpty(t, pr.GetEvidence())
		assert.Equal(t, "trigger.condition", pr.GetEvidence()[0].GetPath())
	}
	talk := props[0]
	assert.Equal(t, mTalk, talk.GetMeasure())
	assert.Equal(t, sample.RotationNewSecretaryID, talk.GetLiability().GetPersonId())
	assert.Equal(t, "《市直单位机关党建工作约谈暂行办法》", talk.GetNote())
	assert.Contains(t, lo.Map(talk.GetEvidence(), func(i *zerenv1.Input, _ int) string { return i.GetPath() }), "result.rank")

	fgw := lo.Filter(props, func(p *zerenv1.Proposal, _ int) bool { return p.GetUnitId() == "fgw" })
	require.NotEmpty(t, fgw)
	kinds := lo.Uniq(lo.Map(fgw, func(p *zerenv1.Proposal, _ int) zerenv1.LiabilityKind { return p.GetLiability().GetKind() }))
	assert.Equal(t, []zerenv1.LiabilityKind{zerenv1.LiabilityKind_LIABILITY_KIND_PRINCIPAL, zerenv1.LiabilityKind_LIABILITY_KIND_SUPERVISORY}, kinds)
}

func TestAFirstHalfFailureFallsOnTheOldSecretary(t *testing.T) {
	t.Parallel()
	env, h := setup(t)
	p, err := accountability.New(env, h, triggers()[:1])
	require.NoError(t, err)
	h1 := &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_HALF, Year: 2026, Index: 1}
	props, _, err := p.Propose(context.Background(),
		[]*zerenv1.UnitFacts{unitFacts(h, "czj", h1)}, []*zerenv1.Result{{UnitId: "czj", Rank: 11, Ranked: 12}})
	require.NoError(t, err)
	people := lo.Map(props, func(p *zerenv1.Proposal, _ int) string { return p.GetLiability().GetPersonId() })
	assert.Contains(t, people, sample.RotationOldSecretaryID)
	assert.NotContains(t, people, sample.RotationNewSecretaryID)
}

func TestNewReportsEveryProblemOfTheTriggers(t *testing.T) {
	t.Parallel()
	env, h := setup(t)
	bad := []*zerenv1.Trigger{
		{Id: "a", Name: "改组个人", Condition: "true", Measure: mReorg, Target: tPerson},
		{Id: "a", Name: "重复", Condition: "true", Measure: mTalk, Target: tPerson},
		{Id: "c", Name: "语法错误", Condition: "result.rank >\n  ", Measure: mTalk, Target: tPerson},
		{Id: "d", Name: "不是布尔", Condition: "result.rank + 1", Measure: mCircular, Target: tOrg},
		{Id: "e", Name: "其他无代码", Condition: "true", Measure: zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_OTHER, Target: tOrg},
		{Name: "无编号", Condition: "true"},
	}
	_, err := accountability.New(env, h, bad)
	var verr *accountability.ValidationError
	require.True(t, errors.As(err, &verr), "%v", err)
	got := lo.Map(verr.Problems, func(p accountability.Problem, _ int) string { return p.ID + " " + p.Field })
	assert.Equal(t, []string{"a measure", "a id", "c condition", "d condition", "e custom_measure", "#6 id", "#6 measure"}, got)
	assert.Contains(t, verr.Problems[0].MessageZh, "“改组”不适用于个人")
	assert.Equal(t, [2]int{2, 3}, [2]int{verr.Problems[2].Line, verr.Problems[2].Column})
	assert.Contains(t, verr.Problems[2].En(), "line 2, column 3")
}

func TestATriggerThatFailsForOneUnitIsADiagnostic(t *testing.T) {
	t.Parallel()
	env, h := setup(t)
	p, err := accountability.New(env, h, []*zerenv1.Trigger{
		{Id: "metric", Name: "缺少指标", Condition: `metrics["party_fee_rate"] < 1.0`, Measure: mCircular, Target: tOrg},
	})
	require.NoError(t, err)
	withMetric := unitFacts(h, "czj", year2026)
	withMetric.Metrics = map[string]float64{"party_fee_rate": 0.9}
	props, diags, err := p.Propose(context.Background(), []*zerenv1.UnitFacts{unitFacts(h, "fgw", year2026), withMetric}, nil)
	require.NoError(t, err)
	require.Len(t, diags, 1)
	assert.Equal(t, "fgw", diags[0].UnitID)
	require.Len(t, props, 1)
	assert.Equal(t, "czj", props[0].GetUnitId())

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err = p.Propose(ctx, []*zerenv1.UnitFacts{withMetric}, nil)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestDecide(t *testing.T) {
	t.Parallel()
	at := time.Date(2027, 1, 20, 0, 0, 0, 0, sample.Location)
	p := &zerenv1.Proposal{Id: "x", Status: proposed}
	got, err := accountability.Decide(p, confirmed, "工委书记办公会", at, "经研究同意约谈")
	require.NoError(t, err)
	assert.Equal(t, confirmed, got.GetStatus())
	assert.Equal(t, proposed, p.GetStatus(), "the input is not changed")
	assert.Equal(t, "工委书记办公会", got.GetDecidedBy())
	assert.True(t, got.GetDecidedAt().AsTime().Equal(at))

	_, err = accountability.Decide(got, rejected, "someone", at, "")
	var terr *accountability.TransitionError
	require.ErrorAs(t, err, &terr)
	assert.True(t, strings.Contains(err.Error(), `proposal "x": cannot go from 已采纳`), err.Error())
	_, err = accountability.Decide(p, proposed, "someone", at, "")
	require.ErrorAs(t, err, &terr)
	_, err = accountability.Decide(p, confirmed, " ", at, "")
	assert.ErrorContains(t, err, "decided_by is empty")
}

func TestMeasureNames(t *testing.T) {
	t.Parallel()
	for v := range zerenv1.AccountabilityMeasure_name {
		m := zerenv1.AccountabilityMeasure(v)
		name := accountability.MeasureName(m, "custom")
		assert.Equal(t, m != zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_UNSPECIFIED, name != "", m.String())
	}
}
