package serverstore_test

import (
	"context"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"

	"github.com/zerenlab/zeren/cmd/internal/serverstore"
	"github.com/zerenlab/zeren/cmd/internal/store"
	"github.com/zerenlab/zeren/cmd/internal/testdb"
)

// TestPeopleOnTheDatabases carries issue 10 through zerend's store on SQLite
// and PostgreSQL: the 述职评议 at every level, a person outcome, and a 约谈
// from its decision to its 回头看, each write in the hash-chained audit log
// under the caller's name.
func TestPeopleOnTheDatabases(t *testing.T) {
	t.Parallel()
	for _, db := range []struct {
		name   string
		target func(testing.TB) string
	}{{"sqlite", testdb.SQLite}, {"postgres", testdb.Postgres}} {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			peopleFlow(t, db.target(t))
		})
	}
}

func peopleFlow(t *testing.T, target string) {
	ctx := context.Background()
	db, err := store.Open(ctx, target)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	cal, err := calendar.New(sample.Calendar(), sample.Location)
	require.NoError(t, err)
	var now atomic.Int64
	now.Store(time.Date(2027, 1, 25, 9, 0, 0, 0, sample.Location).UnixNano())
	srv, err := server.New(serverstore.New(db),
		server.WithAuthenticator(server.StaticTokens{"gw": {Subject: "gongwei-admin"}, "cz": {Subject: "oa:czj", Root: "czj-pg"}}),
		server.WithClock(func() time.Time { return time.Unix(0, now.Load()) }),
		server.WithCalendar(cal), server.WithLocation(sample.Location))
	require.NoError(t, err)
	require.NoError(t, srv.LoadStructure(ctx, "setup", frameworks.SanjiWugang(), sample.Structure()))
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	as := func(token string) connect.ClientOption {
		return connect.WithInterceptors(connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
			return func(ctx context.Context, r connect.AnyRequest) (connect.AnyResponse, error) {
				r.Header().Set("Authorization", "Bearer "+token)
				return next(ctx, r)
			}
		}))
	}
	asm := zerenv1connect.NewAssessmentServiceClient(hs.Client(), hs.URL, as("gw"))
	sv := zerenv1connect.NewSupervisionServiceClient(hs.Client(), hs.URL, as("gw"))
	gw := zerenv1connect.NewPeopleServiceClient(hs.Client(), hs.URL, as("gw"))
	cz := zerenv1connect.NewPeopleServiceClient(hs.Client(), hs.URL, as("cz"), connect.WithGRPC())
	year := &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2026}

	_, err = asm.PutIndicatorSystem(ctx, connect.NewRequest(&zerenv1.PutIndicatorSystemRequest{System: sample.IndicatorSystem(), Triggers: sample.Triggers()}))
	require.NoError(t, err)
	run, err := asm.RunAssessment(ctx, connect.NewRequest(&zerenv1.RunAssessmentRequest{
		SystemId: sample.IndicatorsID, Period: year, Facts: sample.Facts2026(), Reviews: sample.Reviews2026(), RequestRecordsOnly: true}))
	require.NoError(t, err)
	_, err = sv.RecordFindings(ctx, connect.NewRequest(&zerenv1.RecordFindingsRequest{Findings: sample.Input2026().Findings}))
	require.NoError(t, err)

	_, err = gw.PutReviewPlan(ctx, connect.NewRequest(&zerenv1.PutReviewPlanRequest{Plan: sample.ReviewPlan2026()}))
	require.NoError(t, err)
	_, err = gw.PutEligibilityRules(ctx, connect.NewRequest(&zerenv1.PutEligibilityRulesRequest{Id: "2026", Rules: sample.EligibilityRules2026()}))
	require.NoError(t, err)
	rec, err := gw.RecordReviews(ctx, connect.NewRequest(&zerenv1.RecordReviewsRequest{PlanId: sample.ReviewPlan2026().GetId(), Reviews: sample.PostReviews2026()}))
	require.NoError(t, err)
	require.Len(t, rec.Msg.GetResults(), 7)

	out, err := cz.GetPersonOutcome(ctx, connect.NewRequest(&zerenv1.GetPersonOutcomeRequest{
		PersonId: sample.RotationOldSecretaryID, Period: year, RunId: run.Msg.GetRunId(), RulesId: "2026"}))
	require.NoError(t, err)
	o := out.Msg.GetOutcome()
	require.Len(t, o.GetPosts(), 1)
	assert.EqualValues(t, 181, o.GetPosts()[0].GetDays())
	require.Len(t, o.GetReviews(), 1)
	assert.Equal(t, "R-2026-czj-pg-1", o.GetReviews()[0].GetReviewId())

	talk := sample.Talk2026()
	_, err = asm.SetProposalStatus(ctx, connect.NewRequest(&zerenv1.SetProposalStatusRequest{
		ProposalId: talk.GetProposalId(), Status: zerenv1.ProposalStatus_PROPOSAL_STATUS_CONFIRMED}))
	require.NoError(t, err)
	opened, err := gw.OpenTalk(ctx, connect.NewRequest(&zerenv1.OpenTalkRequest{ProposalId: talk.GetProposalId(), Talk: talk}))
	require.NoError(t, err)
	id := opened.Msg.GetTalk().GetId()
	now.Store(time.Date(2027, 6, 1, 9, 0, 0, 0, sample.Location).UnixNano())
	_, err = gw.AdvanceTalk(ctx, connect.NewRequest(&zerenv1.AdvanceTalkRequest{TalkId: id, To: zerenv1.TalkState_TALK_STATE_FOLLOW_UP_DUE}))
	require.NoError(t, err)
	for _, cid := range opened.Msg.GetCaseIds() {
		for _, s := range []zerenv1.CaseState{zerenv1.CaseState_CASE_STATE_RECTIFYING, zerenv1.CaseState_CASE_STATE_SUBMITTED,
			zerenv1.CaseState_CASE_STATE_VERIFIED, zerenv1.CaseState_CASE_STATE_CLOSED} {
			_, err := sv.TransitionCase(ctx, connect.NewRequest(&zerenv1.TransitionCaseRequest{CaseId: cid, To: s, Note: "整改"}))
			require.NoError(t, err)
		}
	}
	closed, err := gw.AdvanceTalk(ctx, connect.NewRequest(&zerenv1.AdvanceTalkRequest{TalkId: id, To: zerenv1.TalkState_TALK_STATE_CLOSED, Note: "回头看"}))
	require.NoError(t, err)
	assert.Equal(t, zerenv1.TalkState_TALK_STATE_CLOSED, closed.Msg.GetTalk().GetState())

	// The audit log holds every write of the people service, by the caller.
	writes := map[string]int{}
	after := uint64(0)
	for {
		es, err := db.Audit(ctx, after, 1000)
		require.NoError(t, err)
		if len(es) == 0 {
			break
		}
		for _, e := range es {
			if e.Actor == "gongwei-admin" {
				writes[string(e.Kind)+" "+e.ID]++
			}
		}
		after = es[len(es)-1].Seq
	}
	assert.Equal(t, 1, writes[server.KindReviewPlan+" "+sample.ReviewPlan2026().GetId()])
	assert.Equal(t, 1, writes[server.KindEligibilityRules+" 2026"])
	assert.Equal(t, 1, writes[server.KindPostReview+" R-2026-czj-pg-1"])
	assert.Equal(t, 3, writes[server.KindTalk+" "+id], "opened, 回头看, closed")
	for _, cid := range opened.Msg.GetCaseIds() {
		assert.Equal(t, 5, writes[server.KindCase+" "+cid], "opened and four transitions")
	}
	rep, err := db.VerifyAudit(ctx)
	require.NoError(t, err)
	assert.True(t, rep.OK())
}
