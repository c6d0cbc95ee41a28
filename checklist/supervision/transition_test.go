package supervision_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/checklist/supervision"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// legal is the rectification graph, written out independently of the code.
var legal = map[[2]zerenv1.CaseState]bool{
	{stOpen, stRectifying}:      true,
	{stRectifying, stSubmitted}: true,
	{stSubmitted, stVerified}:   true,
	{stSubmitted, stReturned}:   true,
	{stReturned, stRectifying}:  true,
	{stReturned, stSubmitted}:   true,
	{stVerified, stClosed}:      true,
}

func caseIn(state zerenv1.CaseState) *zerenv1.SupervisionCase {
	return &zerenv1.SupervisionCase{
		Id: "D-2026-003", State: state, OrganizationId: "czj-b1",
		History: []*zerenv1.CaseEvent{{At: ts(at(time.March, 19, 10)), ToState: stOpen}},
	}
}

func TestEveryPairOfStates(t *testing.T) {
	t.Parallel()
	states := []zerenv1.CaseState{zerenv1.CaseState_CASE_STATE_UNSPECIFIED, stOpen, stRectifying, stSubmitted, stVerified, stClosed, stReturned, zerenv1.CaseState(42)}
	for _, from := range states {
		for _, to := range states {
			t.Run(fmt.Sprintf("%s to %s", from, to), func(t *testing.T) {
				t.Parallel()
				c := caseIn(from)
				before := proto.Clone(c)
				got, err := supervision.Transition(c, to, supervision.Event{At: at(time.March, 20, 9), Actor: "p-1", Note: "n"})
				assert.True(t, proto.Equal(before, c), "the input is not modified")
				assert.Equal(t, legal[[2]zerenv1.CaseState{from, to}], supervision.CanTransition(from, to))
				if !legal[[2]zerenv1.CaseState{from, to}] {
					var terr *supervision.TransitionError
					require.ErrorAs(t, err, &terr)
					assert.Equal(t, "D-2026-003", terr.CaseID)
					assert.Equal(t, from, terr.From)
					assert.Equal(t, to, terr.To)
					assert.Contains(t, err.Error(), `case "D-2026-003": cannot go from `+supervision.StateName(from)+" to "+supervision.StateName(to))
					assert.Nil(t, got)
					return
				}
				require.NoError(t, err)
				assert.Equal(t, to, got.GetState())
				require.Len(t, got.GetHistory(), 2)
				e := got.GetHistory()[1]
				assert.Equal(t, from, e.GetFromState())
				assert.Equal(t, to, e.GetToState())
				assert.Equal(t, "p-1", e.GetActor())
				assert.Equal(t, "n", e.GetNote())
				assert.Equal(t, at(time.March, 20, 9), e.GetAt().AsTime().In(cst))
			})
		}
	}
}

func TestTransitionErrorMessage(t *testing.T) {
	t.Parallel()
	_, err := supervision.Transition(caseIn(stOpen), stVerified, supervision.Event{At: at(time.March, 20, 9)})
	assert.EqualError(t, err, `case "D-2026-003": cannot go from 已立案 (OPEN) to 已验收 (VERIFIED); from 已立案 (OPEN) it may go to 整改中 (RECTIFYING)`)
	_, err = supervision.Transition(caseIn(stClosed), stRectifying, supervision.Event{At: at(time.March, 20, 9)})
	assert.EqualError(t, err, `case "D-2026-003": cannot go from 已办结销号 (CLOSED) to 整改中 (RECTIFYING); a closed-out case (已办结销号) never changes again`)
	_, err = supervision.Transition(caseIn(stSubmitted), stClosed, supervision.Event{At: at(time.March, 20, 9)})
	assert.EqualError(t, err, `case "D-2026-003": cannot go from 已提交销号申请 (SUBMITTED) to 已办结销号 (CLOSED); from 已提交销号申请 (SUBMITTED) it may go to 已验收 (VERIFIED) or 退回重新整改 (RETURNED)`)
	_, err = supervision.Transition(caseIn(zerenv1.CaseState(42)), stOpen, supervision.Event{At: at(time.March, 20, 9)})
	assert.EqualError(t, err, `case "D-2026-003": cannot go from CaseState(42) to 已立案 (OPEN); the state is not one of the rectification states`)
}

func TestAFullRectificationWithAReturn(t *testing.T) {
	t.Parallel()
	c := openedCase(t, at(time.March, 19, 10))
	steps := []struct {
		to zerenv1.CaseState
		ev supervision.Event
	}{
		{stRectifying, supervision.Event{At: at(time.March, 20, 9), Actor: "p-czj-03", Measures: []string{"补学第一议题"}}},
		{stSubmitted, supervision.Event{At: at(time.March, 27, 9), Actor: "p-czj-03",
			Evidence: []*zerenv1.Evidence{{Ref: "oa://doc/1", Title: "学习记录"}, nil}}},
		{stReturned, supervision.Event{At: at(time.March, 30, 9), Actor: "p-gw-02", Note: "佐证材料不全"}},
		{stRectifying, supervision.Event{At: at(time.March, 30, 10), Actor: "p-czj-03"}},
		{stSubmitted, supervision.Event{At: at(time.March, 31, 9), Actor: "p-czj-03", Measures: []string{"建立学习台账"}}},
		{stReturned, supervision.Event{At: at(time.March, 31, 15), Actor: "p-gw-02"}},
		{stSubmitted, supervision.Event{At: at(time.April, 1, 9), Actor: "p-czj-03"}},
		{stVerified, supervision.Event{At: at(time.April, 2, 9), Actor: "p-gw-02"}},
		{stClosed, supervision.Event{At: at(time.April, 2, 10), Actor: "p-gw-01", Note: "办结销号"}},
	}
	for _, s := range steps {
		next, err := supervision.Transition(c, s.to, s.ev)
		require.NoError(t, err, "to %s", s.to)
		c = next
	}
	assert.Equal(t, stClosed, c.GetState())
	assert.Len(t, c.GetHistory(), 1+len(steps))
	assert.Equal(t, int32(2), c.GetRectification().GetReturns())
	assert.Equal(t, []string{"补学第一议题", "建立学习台账"}, c.GetRectification().GetMeasures())
	assert.Len(t, c.GetRectification().GetEvidence(), 1)
	for _, to := range []zerenv1.CaseState{stOpen, stRectifying, stSubmitted, stVerified, stReturned, stClosed} {
		_, err := supervision.Transition(c, to, supervision.Event{At: at(time.April, 3, 9)})
		assert.Error(t, err, "nothing leaves CLOSED")
	}
}

func TestTransitionRejectsBadEvents(t *testing.T) {
	t.Parallel()
	c := caseIn(stOpen)
	_, err := supervision.Transition(c, stRectifying, supervision.Event{})
	var cerr *supervision.CaseError
	require.ErrorAs(t, err, &cerr)
	assert.Equal(t, `transition case "D-2026-003": the event's instant is missing`, err.Error())

	_, err = supervision.Transition(c, stRectifying, supervision.Event{At: at(time.March, 18, 9)})
	require.ErrorAs(t, err, &cerr)
	assert.Contains(t, err.Error(), "is before the case's last ledger entry at 2026-03-19T10:00:00+08:00")

	_, err = supervision.Transition(nil, stRectifying, supervision.Event{At: at(time.March, 20, 9)})
	require.ErrorAs(t, err, &cerr)

	noRect := caseIn(stSubmitted)
	got, err := supervision.Transition(noRect, stReturned, supervision.Event{At: at(time.March, 20, 9)})
	require.NoError(t, err)
	assert.Equal(t, int32(1), got.GetRectification().GetReturns(), "a missing rectification is created")
}

func TestNextAndStateNames(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []zerenv1.CaseState{stVerified, stReturned}, supervision.Next(stSubmitted))
	assert.Empty(t, supervision.Next(stClosed))
	assert.Equal(t, "退回重新整改 (RETURNED)", supervision.StateName(stReturned))
	assert.Equal(t, "未立案 (UNSPECIFIED)", supervision.StateName(zerenv1.CaseState_CASE_STATE_UNSPECIFIED))
}
