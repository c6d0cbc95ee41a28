package supervision

import (
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// The rectification state machine (整改流程):
//
//	OPEN 已立案 → RECTIFYING 整改中 → SUBMITTED 已提交销号申请
//	SUBMITTED → VERIFIED 已验收 → CLOSED 已办结销号
//	SUBMITTED → RETURNED 退回重新整改 → RECTIFYING or SUBMITTED
//
// Nothing leaves CLOSED.
func next(from zerenv1.CaseState) []zerenv1.CaseState {
	switch from {
	case zerenv1.CaseState_CASE_STATE_OPEN:
		return []zerenv1.CaseState{zerenv1.CaseState_CASE_STATE_RECTIFYING}
	case zerenv1.CaseState_CASE_STATE_RECTIFYING:
		return []zerenv1.CaseState{zerenv1.CaseState_CASE_STATE_SUBMITTED}
	case zerenv1.CaseState_CASE_STATE_SUBMITTED:
		return []zerenv1.CaseState{zerenv1.CaseState_CASE_STATE_VERIFIED, zerenv1.CaseState_CASE_STATE_RETURNED}
	case zerenv1.CaseState_CASE_STATE_RETURNED:
		return []zerenv1.CaseState{zerenv1.CaseState_CASE_STATE_RECTIFYING, zerenv1.CaseState_CASE_STATE_SUBMITTED}
	case zerenv1.CaseState_CASE_STATE_VERIFIED:
		return []zerenv1.CaseState{zerenv1.CaseState_CASE_STATE_CLOSED}
	}
	return nil
}

// Next returns the states a case in state from may go to, in the order of
// the enum; none for CLOSED or a state outside the machine.
func Next(from zerenv1.CaseState) []zerenv1.CaseState { return next(from) }

// CanTransition reports whether the state machine allows from → to.
func CanTransition(from, to zerenv1.CaseState) bool {
	for _, s := range next(from) {
		if s == to {
			return true
		}
	}
	return false
}

// StateName returns a state's Chinese and English name, e.g. "已立案 (OPEN)".
func StateName(s zerenv1.CaseState) string {
	switch s {
	case zerenv1.CaseState_CASE_STATE_UNSPECIFIED:
		return "未立案 (UNSPECIFIED)"
	case zerenv1.CaseState_CASE_STATE_OPEN:
		return "已立案 (OPEN)"
	case zerenv1.CaseState_CASE_STATE_RECTIFYING:
		return "整改中 (RECTIFYING)"
	case zerenv1.CaseState_CASE_STATE_SUBMITTED:
		return "已提交销号申请 (SUBMITTED)"
	case zerenv1.CaseState_CASE_STATE_VERIFIED:
		return "已验收 (VERIFIED)"
	case zerenv1.CaseState_CASE_STATE_CLOSED:
		return "已办结销号 (CLOSED)"
	case zerenv1.CaseState_CASE_STATE_RETURNED:
		return "退回重新整改 (RETURNED)"
	}
	return "CaseState(" + itoa(int64(s)) + ")"
}

// Event is who moves a case, when and why, with what the rectification
// gained on the way.
type Event struct {
	// At is when (required; not before the case's last ledger entry).
	At time.Time
	// Actor is who (a person id).
	Actor string
	// Note is a remark for the ledger (e.g. why verification failed).
	Note string
	// Measures are 整改措施 to add to the rectification.
	Measures []string
	// Evidence is 佐证材料 to add to the rectification.
	Evidence []*zerenv1.Evidence
}

// Transition moves a case to a new state and returns the changed copy; the
// input is not modified. It appends a ledger entry (at, from, to, actor,
// note), adds the event's measures and evidence to the rectification, and
// counts a RETURNED in rectification.returns.
//
// An illegal change returns a [*TransitionError] naming the case and both
// states; an event without an instant, or dated before the case's last
// ledger entry, returns a [*CaseError].
func Transition(c *zerenv1.SupervisionCase, to zerenv1.CaseState, ev Event) (*zerenv1.SupervisionCase, error) {
	if c == nil {
		return nil, &CaseError{Op: "transition", Problems: []string{"case is nil"}, ProblemsZh: []string{"督办单为空"}}
	}
	from := c.GetState()
	if !CanTransition(from, to) {
		return nil, &TransitionError{CaseID: c.GetId(), From: from, To: to}
	}
	if err := checkEvent(c, ev.At, "transition"); err != nil {
		return nil, err
	}
	out := proto.Clone(c).(*zerenv1.SupervisionCase)
	out.State = to
	out.History = append(out.History, &zerenv1.CaseEvent{
		At: timestamppb.New(ev.At), FromState: from, ToState: to, Actor: ev.Actor, Note: ev.Note,
	})
	if out.Rectification == nil {
		out.Rectification = &zerenv1.Rectification{}
	}
	r := out.Rectification
	r.Measures = append(r.Measures, ev.Measures...)
	for _, e := range ev.Evidence {
		if e != nil {
			r.Evidence = append(r.Evidence, proto.Clone(e).(*zerenv1.Evidence))
		}
	}
	if to == zerenv1.CaseState_CASE_STATE_RETURNED {
		r.Returns++
	}
	return out, nil
}

// checkEvent requires an instant not before the case's last ledger entry.
func checkEvent(c *zerenv1.SupervisionCase, at time.Time, op string) error {
	if at.IsZero() {
		return &CaseError{CaseID: c.GetId(), Op: op, Problems: []string{"the event's instant is missing"},
			ProblemsZh: []string{"未填写办理时间"}}
	}
	if h := c.GetHistory(); len(h) > 0 {
		if last := h[len(h)-1].GetAt(); last != nil && at.Before(last.AsTime()) {
			lastAt := last.AsTime().In(at.Location()).Format(time.RFC3339)
			return &CaseError{CaseID: c.GetId(), Op: op,
				Problems:   []string{"the event at " + at.Format(time.RFC3339) + " is before the case's last ledger entry at " + lastAt},
				ProblemsZh: []string{"办理时间" + at.Format(time.RFC3339) + "早于台账最后一条记录的时间" + lastAt}}
		}
	}
	return nil
}
