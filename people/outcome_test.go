package people_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/people"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

var year2026 = &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2026}

// rotationProposal is a decided 约谈 of 市财政局's 党组书记 for 2026,
// addressed as accountability.Propose addresses a period-scoped person
// proposal: to the holder at the period's end, with every tenure.
func rotationProposal(t *testing.T) *zerenv1.Proposal {
	t.Helper()
	h := sample.Hierarchy()
	ts, err := h.Tenures(sample.RotationPostID, time.Date(2026, 1, 1, 0, 0, 0, 0, sample.Location), time.Date(2027, 1, 1, 0, 0, 0, 0, sample.Location))
	require.NoError(t, err)
	require.Len(t, ts, 2)
	return &zerenv1.Proposal{
		Id: "A1/czj/2026/p-czj-02", TriggerId: "A1", UnitId: sample.RotationUnitID, Period: year2026,
		Measure:      zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ADMONITORY_TALK,
		MeasureBasis: zerenv1.MeasureBasis_MEASURE_BASIS_FIRST_FORM,
		Liability:    &zerenv1.Liability{PersonId: sample.RotationNewSecretaryID, PostId: sample.RotationPostID, OrganizationId: sample.RotationOrgID},
		Tenures:      ts, Status: zerenv1.ProposalStatus_PROPOSAL_STATUS_CONFIRMED,
		DecidedAt: timestamppb.New(time.Date(2027, 2, 1, 0, 0, 0, 0, sample.Location)),
	}
}

func TestAPersonOutcomeAcrossTheRotationShowsBothHolders(t *testing.T) {
	t.Parallel()
	y := sampleYear(t)
	rec := y.record()
	rec.Proposals = append(rec.Proposals, rotationProposal(t))
	h := sample.Hierarchy()

	old, err := people.Outcome(h, sample.RotationOldSecretaryID, year2026, rec)
	require.NoError(t, err)
	cur, err := people.Outcome(h, sample.RotationNewSecretaryID, year2026, rec)
	require.NoError(t, err)

	assert.Equal(t, "周启明", old.GetPersonName())
	assert.Equal(t, "叶思远", cur.GetPersonName())
	require.Len(t, old.GetPosts(), 1)
	require.Len(t, cur.GetPosts(), 1)
	op, cp := old.GetPosts()[0], cur.GetPosts()[0]
	assert.Equal(t, sample.RotationPostID, op.GetPostId())
	assert.Equal(t, sample.RotationPostID, cp.GetPostId())
	// January–June and July–December: 181 and 184 days, 365 together.
	assert.EqualValues(t, 181, op.GetDays())
	assert.EqualValues(t, 184, cp.GetDays())
	assert.True(t, sample.RotationDate.Equal(op.GetEnd().AsTime()))
	assert.True(t, sample.RotationDate.Equal(cp.GetStart().AsTime()))
	assert.False(t, op.GetAtPeriodEnd())
	assert.True(t, cp.GetAtPeriodEnd())

	// The unit each led, with its grade and the days of their tenure in it.
	require.Len(t, old.GetUnitGrades(), 1)
	require.Len(t, cur.GetUnitGrades(), 1)
	assert.Equal(t, "好", old.GetUnitGrades()[0].GetGradeName())
	assert.EqualValues(t, 181, old.GetUnitGrades()[0].GetTenureDays())
	assert.EqualValues(t, 184, cur.GetUnitGrades()[0].GetTenureDays())

	// Each is reviewed for the months held.
	require.Len(t, old.GetReviews(), 1)
	require.Len(t, cur.GetReviews(), 1)
	assert.Equal(t, "R-2026-czj-pg-1", old.GetReviews()[0].GetReviewId())
	assert.Equal(t, "R-2026-czj-pg-2", cur.GetReviews()[0].GetReviewId())

	// The proposal reaches the successor as addressed and the predecessor
	// through the tenures.
	require.Len(t, old.GetProposals(), 1)
	require.Len(t, cur.GetProposals(), 1)
	assert.True(t, old.GetProposals()[0].GetAsPredecessor())
	assert.False(t, cur.GetProposals()[0].GetAsPredecessor())
	assert.Equal(t, zerenv1.ProposalStatus_PROPOSAL_STATUS_CONFIRMED, old.GetProposals()[0].GetStatus())
}

func TestAnOutcomeAttributesFindingsAndCasesByTenure(t *testing.T) {
	t.Parallel()
	y := sampleYear(t)
	h := sample.Hierarchy()
	// 住建局's 党组书记 held the post all year: every finding and case of the
	// unit falls under the post, and the A1 约谈 is addressed to him.
	o, err := people.Outcome(h, "p-zjj-01", year2026, y.record())
	require.NoError(t, err)
	assert.Equal(t, []string{"F-zjj-1", "F-zjj-2", "F-zjj-3"}, o.GetFindingIds())
	assert.Equal(t, []string{"C-zjj-1", "C-zjj-2"}, o.GetCaseIds())
	require.Len(t, o.GetProposals(), 1)
	assert.Equal(t, "A1/zjj/2026/p-zjj-01", o.GetProposals()[0].GetProposalId())
	assert.Equal(t, "差", o.GetUnitGrades()[0].GetGradeName())

	// 市教育局's previous branch secretary left in March: the October
	// finding at the 党组 is not hers, and her spell ends at ActingStart.
	prev, err := people.Outcome(h, sample.ActingPreviousSecretaryID, year2026, y.record())
	require.NoError(t, err)
	assert.Empty(t, prev.GetFindingIds())
	var branch *zerenv1.PostHeld
	for _, p := range prev.GetPosts() {
		if p.GetPostId() == sample.ActingPostID {
			branch = p
		}
	}
	require.NotNil(t, branch)
	assert.True(t, sample.ActingStart.Equal(branch.GetEnd().AsTime()))
	assert.EqualValues(t, 73, branch.GetDays()) // 1 January – 14 March

	// The acting holder's spell is marked acting.
	act, err := people.Outcome(h, sample.ActingPersonID, year2026, y.record())
	require.NoError(t, err)
	kinds := map[string]zerenv1.AppointmentKind{}
	for _, p := range act.GetPosts() {
		kinds[p.GetPostId()] = p.GetAppointmentKind()
	}
	assert.Equal(t, zerenv1.AppointmentKind_APPOINTMENT_KIND_ACTING, kinds[sample.ActingPostID])
	require.Len(t, act.GetReviews(), 1)
	assert.True(t, act.GetReviews()[0].GetActing())
}

func TestAnOutcomeOfAnUnknownPersonIsNotFound(t *testing.T) {
	t.Parallel()
	_, err := people.Outcome(sample.Hierarchy(), "p-nobody", year2026, people.Record{})
	require.ErrorIs(t, err, people.ErrNotFound)
	_, err = people.Outcome(sample.Hierarchy(), sample.RotationOldSecretaryID, &zerenv1.Period{}, people.Record{})
	require.Error(t, err)
}

func TestEligibilityRulesReadThePersonOutcome(t *testing.T) {
	t.Parallel()
	y := sampleYear(t)
	rules, err := people.NewRules(y.env, sample.EligibilityRules2026())
	require.NoError(t, err)
	rec := y.record()
	rec.Proposals = append(rec.Proposals, rotationProposal(t))
	h := sample.Hierarchy()
	met := func(personID string) map[string]bool {
		o, err := people.Outcome(h, personID, year2026, rec)
		require.NoError(t, err)
		m := map[string]bool{}
		for _, r := range rules.Evaluate(context.Background(), o) {
			require.Empty(t, r.GetError())
			m[r.GetRuleId()] = r.GetMet()
		}
		return m
	}
	// 市财政局 graded 好 throughout; the decided 约谈 is a first-form measure,
	// not 问责: both holders are eligible, and both are flagged.
	assert.Equal(t, map[string]bool{"E1": true, "F1": true}, met(sample.RotationOldSecretaryID))
	assert.Equal(t, map[string]bool{"E1": true, "F1": true}, met(sample.RotationNewSecretaryID))
	// 住建局 graded 差: not eligible; its 约谈 is only proposed, so no flag.
	assert.Equal(t, map[string]bool{"E1": false, "F1": false}, met("p-zjj-01"))

	// Each result carries its derivation, as indicator rules do.
	o, err := people.Outcome(h, "p-zjj-01", year2026, rec)
	require.NoError(t, err)
	inputs := map[string]string{}
	for _, in := range rules.Evaluate(context.Background(), o)[0].GetInputs() {
		inputs[in.GetPath()] = in.GetValue()
	}
	assert.Equal(t, map[string]string{
		"person.proposals":   "1 项 items: A1/zjj/2026/p-zjj-01",
		"person.unit_grades": "1 项 items: zjj",
	}, inputs)
	// Someone who led nothing in the period is not eligible.
	for _, r := range rules.Evaluate(context.Background(), &zerenv1.PersonOutcome{}) {
		assert.False(t, r.GetMet(), r.GetRuleId())
	}
}

func TestABrokenEligibilityRuleIsRejectedWithItsPosition(t *testing.T) {
	t.Parallel()
	y := sampleYear(t)
	rules := sample.EligibilityRules2026()
	rules[0].Condition = "size(person.unit_grades) > 0\n  && person.unit_grade.all(g, g.grade_id == 'good')"
	rules[1].Condition = "person.proposals.size()"
	_, err := people.NewRules(y.env, rules)
	var ve *people.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Problems, 2, ve.Error())
	p := ve.Problems[0]
	assert.Equal(t, "E1", p.ID)
	assert.Equal(t, "condition", p.Field)
	assert.Equal(t, 2, p.Line)
	assert.Equal(t, 12, p.Column)
	assert.Contains(t, p.Zh(), "：第2行第12列：")
	assert.Contains(t, p.String(), ": line 2, column 12: ")
	assert.Equal(t, "F1", ve.Problems[1].ID)
	assert.Contains(t, ve.Problems[1].Zh(), "第1行")
}

func TestAnEligibilityRuleTooCostlyIsRejectedWhenSaved(t *testing.T) {
	t.Parallel()
	y := sampleYear(t)
	_, err := people.NewRules(y.env, []*zerenv1.EligibilityRule{{Id: "X", Kind: zerenv1.EligibilityKind_ELIGIBILITY_KIND_CADRE_FLAG,
		Condition: "person.finding_ids.all(a, person.case_ids.all(b, person.finding_ids.all(c, a != b + c)))"}})
	var ve *people.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Contains(t, ve.Zh(), "资格规则“X”：condition：第1行第1列：规则在最坏情况下的计算量")
}
