package people_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/checklist/supervision"
	"github.com/zerenlab/zeren/people"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

func sampleCalendar(t *testing.T) *calendar.Calendar {
	t.Helper()
	cal, err := calendar.New(sample.Calendar(), sample.Location)
	require.NoError(t, err)
	return cal
}

// decidedTalkProposal is the sample's A1 约谈 of 住建局's 党组书记, decided.
func decidedTalkProposal(t *testing.T) *zerenv1.Proposal {
	t.Helper()
	y := sampleYear(t)
	i := slices.IndexFunc(y.proposals, func(p *zerenv1.Proposal) bool { return p.GetId() == sample.Talk2026().GetProposalId() })
	require.GreaterOrEqual(t, i, 0)
	p := proto.Clone(y.proposals[i]).(*zerenv1.Proposal)
	p.Status, p.DecidedBy = zerenv1.ProposalStatus_PROPOSAL_STATUS_CONFIRMED, "市直机关工委"
	p.DecidedAt = timestamppb.New(time.Date(2027, 2, 1, 0, 0, 0, 0, sample.Location))
	return p
}

func cstAt(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, sample.Location)
}

func TestTheTalkLoopClosesOnlyWhenItsCommitmentsDo(t *testing.T) {
	t.Parallel()
	h, cal := sample.Hierarchy(), sampleCalendar(t)
	p := decidedTalkProposal(t)

	// The decision opens the talk; each commitment becomes a case.
	talk, cases, err := people.OpenTalk(h, p, people.SpecOf(sample.Talk2026(), "gw-01"), cal)
	require.NoError(t, err)
	assert.Equal(t, zerenv1.TalkState_TALK_STATE_OPEN, talk.GetState())
	assert.Equal(t, "p-zjj-01", talk.GetPersonId())
	assert.Equal(t, "zjj-pg", talk.GetOrganizationId())
	require.Len(t, cases, 2)
	require.Len(t, talk.GetCommitments(), 2)
	for i, c := range cases {
		assert.Equal(t, talk.GetCommitments()[i].GetCaseId(), c.GetId())
		assert.Equal(t, zerenv1.CaseState_CASE_STATE_OPEN, c.GetState())
		assert.Equal(t, "zjj-pg", c.GetOrganizationId())
		assert.True(t, talk.GetCommitments()[i].GetDeadline().AsTime().Equal(c.GetDeadline().AsTime()))
	}
	assert.Equal(t, "DB-T-T-A1/zjj/2026/p-zjj-01-1", cases[0].GetId())

	// The cases go through the supervision cycle: one runs overdue and is
	// chased (催办).
	agenda := supervision.Due(cstAt(2027, 4, 6), supervision.State{Cases: cases}, cal, supervision.DefaultPolicy())
	require.Len(t, agenda.Urges, 1)
	assert.Equal(t, cases[0].GetId(), agenda.Urges[0].Case.GetId())

	// Before the 回头看 nothing moves; on it the talk falls due.
	same, moved := people.FollowUp(talk, cstAt(2027, 5, 31), "gw-01")
	assert.False(t, moved)
	assert.Equal(t, zerenv1.TalkState_TALK_STATE_OPEN, same.GetState())
	_, err = people.Close(talk, cases, cstAt(2027, 5, 20), "gw-01", "")
	require.Error(t, err, "an open talk does not close before its 回头看")
	due, moved := people.FollowUp(talk, cstAt(2027, 6, 1), "gw-01")
	require.True(t, moved)
	assert.Equal(t, zerenv1.TalkState_TALK_STATE_FOLLOW_UP_DUE, due.GetState())
	assert.Equal(t, zerenv1.TalkState_TALK_STATE_OPEN, talk.GetState(), "the input is not modified")

	// With one case still open the talk cannot close, and says which.
	closeCase := func(c *zerenv1.SupervisionCase, at time.Time) *zerenv1.SupervisionCase {
		for _, s := range []zerenv1.CaseState{zerenv1.CaseState_CASE_STATE_RECTIFYING, zerenv1.CaseState_CASE_STATE_SUBMITTED,
			zerenv1.CaseState_CASE_STATE_VERIFIED, zerenv1.CaseState_CASE_STATE_CLOSED} {
			var err error
			c, err = supervision.Transition(c, s, supervision.Event{At: at, Actor: "gw-01"})
			require.NoError(t, err)
		}
		return c
	}
	cases[0] = closeCase(cases[0], cstAt(2027, 4, 10))
	_, err = people.Close(due, cases, cstAt(2027, 6, 2), "gw-01", "回头看")
	var ve *people.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Problems, 1)
	assert.Equal(t, "2", ve.Problems[0].ID)
	assert.Contains(t, ve.Problems[0].Zh(), "整改承诺“2”：case_id：督办单“DB-T-T-A1/zjj/2026/p-zjj-01-2”处于“已立案 (OPEN)”，承诺尚未办结")

	// Once every commitment is closed, the 回头看 closes the talk.
	cases[1] = closeCase(cases[1], cstAt(2027, 5, 28))
	closed, err := people.Close(due, cases, cstAt(2027, 6, 2), "gw-01", "回头看：承诺事项均已办结")
	require.NoError(t, err)
	assert.Equal(t, zerenv1.TalkState_TALK_STATE_CLOSED, closed.GetState())
	var states []zerenv1.TalkState
	for _, e := range closed.GetHistory() {
		states = append(states, e.GetTo())
	}
	assert.Equal(t, []zerenv1.TalkState{zerenv1.TalkState_TALK_STATE_OPEN, zerenv1.TalkState_TALK_STATE_FOLLOW_UP_DUE, zerenv1.TalkState_TALK_STATE_CLOSED}, states)
	_, err = people.Close(closed, cases, cstAt(2027, 6, 3), "gw-01", "")
	require.Error(t, err, "a closed talk does not close twice")

	// The talk shows in the person's outcome.
	o, err := people.Outcome(h, "p-zjj-01", year2026, people.Record{Talks: []*zerenv1.Talk{closed}})
	require.NoError(t, err)
	assert.Equal(t, []string{closed.GetId()}, o.GetTalkIds())
}

func TestOnlyADecidedTalkProposalOpensATalk(t *testing.T) {
	t.Parallel()
	h, cal := sample.Hierarchy(), sampleCalendar(t)
	spec := people.SpecOf(sample.Talk2026(), "gw-01")
	tests := []struct {
		name  string
		edit  func(p *zerenv1.Proposal, s *people.TalkSpec)
		field string
		zh    string
	}{
		{"a proposal not yet decided", func(p *zerenv1.Proposal, _ *people.TalkSpec) {
			p.Status = zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED
		},
			"proposal_id", "尚未决定采纳"},
		{"a measure that is no talk", func(p *zerenv1.Proposal, _ *people.TalkSpec) {
			p.Measure = zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_CIRCULAR
		}, "measure", "不是谈话类措施"},
		{"a talk before the decision", func(_ *zerenv1.Proposal, s *people.TalkSpec) { s.HeldAt = cstAt(2027, 1, 20) },
			"held_at", "谈话时间早于问责建议的决定时间"},
		{"a 回头看 before the talk", func(_ *zerenv1.Proposal, s *people.TalkSpec) { s.FollowUpAt = s.HeldAt },
			"follow_up_at", "回头看日期必须晚于谈话时间"},
		{"a commitment without a deadline", func(_ *zerenv1.Proposal, s *people.TalkSpec) {
			s.Commitments = []people.CommitmentSpec{{ID: "1", Text: "整改"}}
		}, "deadline", "承诺完成时限必须晚于谈话时间"},
		{"no talker", func(_ *zerenv1.Proposal, s *people.TalkSpec) { s.Talkers = nil }, "talkers", "未填写约谈人"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := decidedTalkProposal(t)
			s := spec
			s.Commitments = slices.Clone(spec.Commitments)
			tt.edit(p, &s)
			_, _, err := people.OpenTalk(h, p, s, cal)
			var ve *people.ValidationError
			require.ErrorAs(t, err, &ve)
			require.Len(t, ve.Problems, 1, ve.Error())
			assert.Equal(t, tt.field, ve.Problems[0].Field)
			assert.Contains(t, ve.Problems[0].Zh(), tt.zh)
			assert.NotEmpty(t, ve.Problems[0].Message)
		})
	}
}
