package server_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"
)

func peopleClient(c *city, token string) zerenv1connect.PeopleServiceClient {
	return zerenv1connect.NewPeopleServiceClient(httpClient, c.url, bearer(token))
}

// peopleCity is 示例市 with the 2026 assessment run, the review plan and
// eligibility rules stored, on a clock the test moves.
func peopleCity(t *testing.T) (*city, *atomic.Int64) {
	t.Helper()
	var now atomic.Int64
	now.Store(sample.RotationDate.UnixNano())
	c := newCity(t, true, server.WithClock(func() time.Time { return time.Unix(0, now.Load()) }))
	ctx := context.Background()
	_, err := c.gw.assessment.PutIndicatorSystem(ctx, req(&zerenv1.PutIndicatorSystemRequest{System: sample.IndicatorSystem(), Triggers: sample.Triggers()}))
	require.NoError(t, err)
	run2026(t, c.gw)
	_, err = c.gw.supervision.RecordFindings(ctx, req(&zerenv1.RecordFindingsRequest{Findings: sample.Input2026().Findings}))
	require.NoError(t, err)
	gw := peopleClient(c, adminToken)
	_, err = gw.PutReviewPlan(ctx, req(&zerenv1.PutReviewPlanRequest{Plan: sample.ReviewPlan2026()}))
	require.NoError(t, err)
	_, err = gw.PutEligibilityRules(ctx, req(&zerenv1.PutEligibilityRulesRequest{Id: "2026", Rules: sample.EligibilityRules2026()}))
	require.NoError(t, err)
	return c, &now
}

func TestPeopleServiceRecordsReviewsAndServesPersonOutcomes(t *testing.T) {
	t.Parallel()
	c, _ := peopleCity(t)
	ctx := context.Background()
	gw, cz := peopleClient(c, adminToken), peopleClient(c, financeToken)
	plan := sample.ReviewPlan2026().GetId()

	// Only the 工委 stores a plan or rules.
	c.unchanged(t, connect.CodePermissionDenied, func() error {
		_, err := cz.PutReviewPlan(ctx, req(&zerenv1.PutReviewPlanRequest{Plan: sample.ReviewPlan2026()}))
		return err
	})

	// A branch records the reviews of its own subtree only.
	var czj, others []*zerenv1.Review
	for _, r := range sample.PostReviews2026() {
		if r.GetUnitId() == "czj" {
			czj = append(czj, r)
		} else {
			others = append(others, r)
		}
	}
	c.unchanged(t, connect.CodeNotFound, func() error {
		_, err := cz.RecordReviews(ctx, req(&zerenv1.RecordReviewsRequest{PlanId: plan, Reviews: others}))
		return err
	})
	got, err := cz.RecordReviews(ctx, req(&zerenv1.RecordReviewsRequest{PlanId: plan, Reviews: czj}))
	require.NoError(t, err)
	assert.Len(t, got.Msg.GetResults(), len(czj))
	_, err = gw.RecordReviews(ctx, req(&zerenv1.RecordReviewsRequest{PlanId: plan, Reviews: others}))
	require.NoError(t, err)
	assert.Len(t, c.store.Snapshot()[server.KindPostReview], 7)

	// A reviewee mismatch is refused with the problem named, nothing stored.
	wrong := czj[1]
	wrong.PersonId = sample.RotationOldSecretaryID
	ce := c.unchanged(t, connect.CodeInvalidArgument, func() error {
		_, err := gw.RecordReviews(ctx, req(&zerenv1.RecordReviewsRequest{PlanId: plan, Reviews: []*zerenv1.Review{wrong}}))
		return err
	})
	ps := problems(t, ce)
	require.Len(t, ps, 1)
	assert.Equal(t, "person_id", ps[0].GetField())
	assert.Equal(t, "R-2026-czj-pg-2", ps[0].GetId())
	assert.Contains(t, ps[0].GetMessage(), "当日任职人是 叶思远")

	// Both holders of the rotated post, as the 工委 and as 市财政局 see them.
	for _, cl := range []zerenv1connect.PeopleServiceClient{gw, cz} {
		for _, tt := range []struct {
			person string
			days   int32
			review string
		}{{sample.RotationOldSecretaryID, 181, "R-2026-czj-pg-1"}, {sample.RotationNewSecretaryID, 184, "R-2026-czj-pg-2"}} {
			out, err := cl.GetPersonOutcome(ctx, req(&zerenv1.GetPersonOutcomeRequest{PersonId: tt.person, Period: year2026, RunId: runID, RulesId: "2026"}))
			require.NoError(t, err)
			o := out.Msg.GetOutcome()
			require.Len(t, o.GetPosts(), 1)
			assert.Equal(t, tt.days, o.GetPosts()[0].GetDays())
			require.Len(t, o.GetUnitGrades(), 1)
			assert.Equal(t, "好", o.GetUnitGrades()[0].GetGradeName())
			require.Len(t, o.GetReviews(), 1)
			assert.Equal(t, tt.review, o.GetReviews()[0].GetReviewId())
			require.Len(t, o.GetEligibility(), 2)
			assert.True(t, o.GetEligibility()[0].GetMet(), "E1")
		}
	}
	// Someone outside the branch's subtree is not found, as one who does not exist.
	for _, id := range []string{"p-zjj-01", "p-nobody"} {
		_, err := cz.GetPersonOutcome(ctx, req(&zerenv1.GetPersonOutcomeRequest{PersonId: id, Period: year2026}))
		assert.Equal(t, connect.CodeNotFound, connect.CodeOf(err), id)
	}

	// A broken rule is refused at save time with its position.
	rules := sample.EligibilityRules2026()
	rules[0].Condition = "size(person.unit_grades) > 0\n  && person.unit_grade.all(g, g.grade_id == 'good')"
	ce = c.unchanged(t, connect.CodeInvalidArgument, func() error {
		_, err := gw.PutEligibilityRules(ctx, req(&zerenv1.PutEligibilityRulesRequest{Id: "2026", Rules: rules}))
		return err
	})
	ps = problems(t, ce)
	require.NotEmpty(t, ps)
	assert.Equal(t, "condition", ps[0].GetField())
	assert.Equal(t, "bad_rule", ps[0].GetCode())
	assert.Equal(t, [2]int32{2, 12}, [2]int32{ps[0].GetLine(), ps[0].GetColumn()})
	assert.Contains(t, ps[0].GetMessage(), "未定义的字段")
	assert.Contains(t, ce.Message(), "第2行第12列")
}

func TestPeopleServiceCarriesATalkToItsFollowUp(t *testing.T) {
	t.Parallel()
	c, now := peopleCity(t)
	ctx := context.Background()
	gw, cz := peopleClient(c, adminToken), peopleClient(c, financeToken)
	talk := sample.Talk2026()
	open := func() error {
		_, err := gw.OpenTalk(ctx, req(&zerenv1.OpenTalkRequest{ProposalId: talk.GetProposalId(), Talk: sample.Talk2026()}))
		return err
	}
	// Not before the decision.
	c.unchanged(t, connect.CodeFailedPrecondition, open)
	// Not with more commitments than a talk can carry.
	c.unchanged(t, connect.CodeInvalidArgument, func() error {
		big := sample.Talk2026()
		for len(big.Commitments) <= 100 {
			big.Commitments = append(big.Commitments, big.Commitments[0])
		}
		_, err := gw.OpenTalk(ctx, req(&zerenv1.OpenTalkRequest{ProposalId: talk.GetProposalId(), Talk: big}))
		return err
	})
	_, err := c.gw.assessment.SetProposalStatus(ctx, req(&zerenv1.SetProposalStatusRequest{
		ProposalId: talk.GetProposalId(), Status: zerenv1.ProposalStatus_PROPOSAL_STATUS_CONFIRMED}))
	require.NoError(t, err)
	opened, err := gw.OpenTalk(ctx, req(&zerenv1.OpenTalkRequest{ProposalId: talk.GetProposalId(), Talk: sample.Talk2026()}))
	require.NoError(t, err)
	id := opened.Msg.GetTalk().GetId()
	assert.Equal(t, zerenv1.TalkState_TALK_STATE_OPEN, opened.Msg.GetTalk().GetState())
	require.Len(t, opened.Msg.GetCaseIds(), 2)
	snap := c.store.Snapshot()
	assert.Equal(t, "zjj-pg", snap[server.KindTalk][id].Scope)
	for _, cid := range opened.Msg.GetCaseIds() {
		assert.Contains(t, snap[server.KindCase], cid)
	}
	c.unchanged(t, connect.CodeAlreadyExists, open)

	// A branch outside the unit does not see the talk.
	_, err = cz.GetTalk(ctx, req(&zerenv1.GetTalkRequest{TalkId: id}))
	assert.Equal(t, connect.CodeNotFound, connect.CodeOf(err))

	advance := func(to zerenv1.TalkState) error {
		_, err := gw.AdvanceTalk(ctx, req(&zerenv1.AdvanceTalkRequest{TalkId: id, To: to}))
		return err
	}
	c.unchanged(t, connect.CodeFailedPrecondition, func() error { return advance(zerenv1.TalkState_TALK_STATE_FOLLOW_UP_DUE) })
	now.Store(time.Date(2027, 6, 1, 9, 0, 0, 0, sample.Location).UnixNano())
	require.NoError(t, advance(zerenv1.TalkState_TALK_STATE_FOLLOW_UP_DUE))
	ce := c.unchanged(t, connect.CodeFailedPrecondition, func() error { return advance(zerenv1.TalkState_TALK_STATE_CLOSED) })
	assert.Len(t, problems(t, ce), 2, "both commitments are open")

	for _, cid := range opened.Msg.GetCaseIds() {
		for _, s := range []zerenv1.CaseState{zerenv1.CaseState_CASE_STATE_RECTIFYING, zerenv1.CaseState_CASE_STATE_SUBMITTED,
			zerenv1.CaseState_CASE_STATE_VERIFIED, zerenv1.CaseState_CASE_STATE_CLOSED} {
			_, err := c.gw.supervision.TransitionCase(ctx, req(&zerenv1.TransitionCaseRequest{CaseId: cid, To: s, Note: "整改"}))
			require.NoError(t, err)
		}
	}
	require.NoError(t, advance(zerenv1.TalkState_TALK_STATE_CLOSED))
	got, err := gw.GetTalk(ctx, req(&zerenv1.GetTalkRequest{TalkId: id}))
	require.NoError(t, err)
	assert.Equal(t, zerenv1.TalkState_TALK_STATE_CLOSED, got.Msg.GetTalk().GetState())
	assert.Len(t, got.Msg.GetTalk().GetHistory(), 3)

	// The talk and the decided 约谈 show in the person's outcome.
	out, err := gw.GetPersonOutcome(ctx, req(&zerenv1.GetPersonOutcomeRequest{PersonId: "p-zjj-01", Period: year2026, RunId: runID, RulesId: "2026"}))
	require.NoError(t, err)
	assert.Equal(t, []string{id}, out.Msg.GetOutcome().GetTalkIds())
	flags := map[string]bool{}
	for _, e := range out.Msg.GetOutcome().GetEligibility() {
		flags[e.GetRuleId()] = e.GetMet()
	}
	assert.Equal(t, map[string]bool{"E1": false, "F1": true}, flags)
}

func TestRunAssessmentChecksWhoEachUnitReviewNames(t *testing.T) {
	t.Parallel()
	c := assessedCity(t)
	ce := c.unchanged(t, connect.CodeInvalidArgument, func() error {
		r := &zerenv1.RunAssessmentRequest{SystemId: sample.IndicatorsID, Period: year2026, Facts: sample.Facts2026(), Reviews: sample.Reviews2026()}
		r.Reviews[0].PersonId = "p-czj-08" // 蒋文斌, a branch secretary
		_, err := c.gw.assessment.RunAssessment(context.Background(), req(r))
		return err
	})
	ps := problems(t, ce)
	require.Len(t, ps, 1)
	assert.Equal(t, "czj", ps[0].GetId())
	assert.Equal(t, "person_id", ps[0].GetField())
	assert.Contains(t, ps[0].GetMessage(), "未任 中共示例市财政局党组 的第一责任人岗位")
}
