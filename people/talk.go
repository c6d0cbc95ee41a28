package people

import (
	"fmt"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/checklist/supervision"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// OpensTalk reports whether deciding a proposal of this measure opens a
// talk record: 提醒谈话, 约谈 and 函询 (the first form, 第一种形态), and 诫勉
// (诫勉谈话).
func OpensTalk(m zerenv1.AccountabilityMeasure) bool {
	switch m {
	case zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_REMINDER_TALK,
		zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ADMONITORY_TALK,
		zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_WRITTEN_INQUIRY,
		zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ADMONITION:
		return true
	}
	return false
}

// TalkID returns the id of the talk a decided proposal opens.
func TalkID(proposalID string) string { return "T-" + proposalID }

// CommitmentCaseID returns the id of the supervision case that tracks a
// talk's commitment.
func CommitmentCaseID(talkID, commitmentID string) string {
	return "DB-T-" + talkID + "-" + commitmentID
}

// CommitmentSpec is one commitment made in a talk (整改承诺).
type CommitmentSpec struct {
	// ID is unique within the talk (required).
	ID string
	// Text says what was promised (required).
	Text string
	// Deadline is when it must be done (required, after the talk).
	Deadline time.Time
}

// TalkSpec describes a talk held on a decided proposal.
type TalkSpec struct {
	// ID is the talk's id; default [TalkID] of the proposal.
	ID string
	// HeldAt is when the talk was held (required, not before the decision).
	HeldAt time.Time
	// Talkers are who talked (约谈人), at least one.
	Talkers []string
	// Points are the points raised.
	Points []string
	// Commitments are the commitments made; each becomes a supervision case.
	Commitments []CommitmentSpec
	// FollowUpAt is the 回头看 date (required, after the talk).
	FollowUpAt time.Time
	// Actor is who records the talk, for the ledgers.
	Actor string
}

// OpenTalk opens the talk record of a decided (CONFIRMED) proposal whose
// measure [OpensTalk], held with the person the proposal addresses. Each
// commitment becomes a supervision case ([supervision.OpenCase], source
// MANUAL, at the proposal's organisation, deadline the commitment's), so it
// goes through the supervision cycle: reminders, overdue escalation,
// rectification, verification and 销号. The talk starts OPEN with its first
// ledger entry. Every problem is reported at once in a [*ValidationError].
func OpenTalk(h *responsibility.Hierarchy, p *zerenv1.Proposal, spec TalkSpec, cal *calendar.Calendar) (*zerenv1.Talk, []*zerenv1.SupervisionCase, error) {
	id := spec.ID
	if id == "" {
		id = TalkID(p.GetId())
	}
	base := Problem{Record: "talk", ID: id}
	var ps []Problem
	bad := func(code problem.Code, field, zh, en string) {
		q := base
		q.Code, q.Field, q.MessageZh, q.Message = code, field, zh, en
		ps = append(ps, q)
	}
	switch {
	case p == nil:
		return nil, nil, errOf([]Problem{{Code: problem.MissingField, Record: "talk", MessageZh: "未提供问责建议", Message: "no proposal given"}})
	case cal == nil:
		return nil, nil, errOf([]Problem{{Code: problem.MissingField, Record: "talk", ID: id, MessageZh: "未提供工作日历", Message: "no calendar given"}})
	}
	if p.GetStatus() != zerenv1.ProposalStatus_PROPOSAL_STATUS_CONFIRMED {
		bad(problem.Conflict, "proposal_id", fmt.Sprintf("问责建议“%s”尚未决定采纳（当前为“%s”），不能开展谈话", p.GetId(), accountability.StatusName(p.GetStatus())),
			fmt.Sprintf("proposal %q is not confirmed (%v): no talk before a decision", p.GetId(), p.GetStatus()))
	}
	if !OpensTalk(p.GetMeasure()) {
		bad(problem.Conflict, "measure", fmt.Sprintf("问责建议“%s”的措施“%s”不是谈话类措施", p.GetId(), accountability.MeasureName(p.GetMeasure(), p.GetCustomMeasure())),
			fmt.Sprintf("proposal %q proposes %v, which is not a talk", p.GetId(), p.GetMeasure()))
	}
	personID := p.GetLiability().GetPersonId()
	person, ok := h.Person(personID)
	if !ok {
		bad(problem.DanglingReference, "person_id", fmt.Sprintf("问责建议“%s”没有指向组织架构中的人员（“%s”）", p.GetId(), problem.Printable(personID)),
			fmt.Sprintf("proposal %q addresses no person of the structure (%q)", p.GetId(), personID))
	}
	if spec.HeldAt.IsZero() {
		bad(problem.MissingField, "held_at", "未填写谈话时间", "the talk's date is missing")
	} else if p.GetDecidedAt() != nil && spec.HeldAt.Before(p.GetDecidedAt().AsTime()) {
		bad(problem.BadInterval, "held_at", "谈话时间早于问责建议的决定时间", "the talk is dated before the proposal's decision")
	}
	if len(spec.Talkers) == 0 {
		bad(problem.MissingField, "talkers", "未填写约谈人", "nobody is named as talker")
	}
	if !spec.FollowUpAt.After(spec.HeldAt) {
		bad(problem.BadInterval, "follow_up_at", "回头看日期必须晚于谈话时间", "the 回头看 date must come after the talk")
	}
	seen := map[string]bool{}
	for i, c := range spec.Commitments {
		q := Problem{Record: "commitment", Path: fmt.Sprintf("commitments[%d]", i), ID: c.ID}
		add := func(code problem.Code, field, zh, en string) {
			r := q
			r.Code, r.Field, r.MessageZh, r.Message = code, field, zh, en
			ps = append(ps, r)
		}
		if c.ID == "" || seen[c.ID] {
			add(problem.DuplicateID, "id", "整改承诺编号不能为空且不能重复", "commitment ids must be present and unique")
		}
		seen[c.ID] = true
		if c.Text == "" {
			add(problem.MissingField, "text", "未填写承诺内容", "the commitment says nothing")
		}
		if !c.Deadline.After(spec.HeldAt) {
			add(problem.BadInterval, "deadline", "承诺完成时限必须晚于谈话时间", "the deadline must come after the talk")
		}
	}
	if err := errOf(ps); err != nil {
		return nil, nil, err
	}
	org, _ := h.Organization(p.GetLiability().GetOrganizationId())
	t := &zerenv1.Talk{
		Id: id, ProposalId: p.GetId(), Measure: p.GetMeasure(), HeldAt: timestamppb.New(spec.HeldAt),
		Talkers: append([]string(nil), spec.Talkers...), PersonId: personID, OrganizationId: org.GetId(),
		Points: append([]string(nil), spec.Points...), FollowUpAt: timestamppb.New(spec.FollowUpAt),
		State: zerenv1.TalkState_TALK_STATE_OPEN,
		History: []*zerenv1.TalkEvent{{To: zerenv1.TalkState_TALK_STATE_OPEN, At: timestamppb.New(spec.HeldAt), By: spec.Actor,
			Note: fmt.Sprintf("依据问责建议 %s 开展谈话", p.GetId())}},
	}
	var cases []*zerenv1.SupervisionCase
	for _, c := range spec.Commitments {
		cs, err := supervision.OpenCase(supervision.CaseSpec{
			ID:     CommitmentCaseID(id, c.ID),
			Title:  fmt.Sprintf("关于%s谈话整改承诺“%s”的督办通知", person.GetName(), c.Text),
			Source: zerenv1.CaseSource_CASE_SOURCE_MANUAL, OrganizationID: org.GetId(), LeadUnitID: org.GetUnitId(),
			Actor: spec.Actor, Note: "谈话记录 " + id + " 的整改承诺 " + c.ID,
		}, spec.HeldAt, cal, supervision.Policy{})
		if err != nil {
			return nil, nil, fmt.Errorf("people: talk %q: commitment %q: %w", id, c.ID, err)
		}
		cs.Deadline = timestamppb.New(c.Deadline)
		cases = append(cases, cs)
		t.Commitments = append(t.Commitments, &zerenv1.Commitment{Id: c.ID, Text: c.Text, Deadline: timestamppb.New(c.Deadline), CaseId: cs.GetId()})
	}
	return t, cases, nil
}

// CanTalkTransition reports whether a talk may go from one state to
// another: OPEN → FOLLOW_UP_DUE (回头看) → CLOSED (销号).
func CanTalkTransition(from, to zerenv1.TalkState) bool {
	switch from {
	case zerenv1.TalkState_TALK_STATE_UNSPECIFIED:
		return to == zerenv1.TalkState_TALK_STATE_OPEN
	case zerenv1.TalkState_TALK_STATE_OPEN:
		return to == zerenv1.TalkState_TALK_STATE_FOLLOW_UP_DUE
	case zerenv1.TalkState_TALK_STATE_FOLLOW_UP_DUE:
		return to == zerenv1.TalkState_TALK_STATE_CLOSED
	}
	return false
}

// TalkStateName returns a state's Chinese and English name, e.g.
// "回头看 (FOLLOW_UP_DUE)".
func TalkStateName(s zerenv1.TalkState) string {
	switch s {
	case zerenv1.TalkState_TALK_STATE_OPEN:
		return "整改中 (OPEN)"
	case zerenv1.TalkState_TALK_STATE_FOLLOW_UP_DUE:
		return "回头看 (FOLLOW_UP_DUE)"
	case zerenv1.TalkState_TALK_STATE_CLOSED:
		return "已销号 (CLOSED)"
	}
	return s.String()
}

// FollowUp returns a copy of the talk moved to FOLLOW_UP_DUE when its 回头看
// date has come by at, and whether it moved; an open talk before its date,
// or a talk in any other state, is returned unchanged.
func FollowUp(t *zerenv1.Talk, at time.Time, by string) (*zerenv1.Talk, bool) {
	out := proto.Clone(t).(*zerenv1.Talk)
	if t.GetState() != zerenv1.TalkState_TALK_STATE_OPEN || at.Before(t.GetFollowUpAt().AsTime()) {
		return out, false
	}
	out.State = zerenv1.TalkState_TALK_STATE_FOLLOW_UP_DUE
	out.History = append(out.History, &zerenv1.TalkEvent{From: zerenv1.TalkState_TALK_STATE_OPEN, To: out.State,
		At: timestamppb.New(at), By: by, Note: "回头看到期"})
	return out, true
}

// Close closes a talk at its 回头看 and returns the changed copy: the talk
// must be FOLLOW_UP_DUE and every commitment's supervision case, found in
// cases, CLOSED (已办结销号). Otherwise it returns a [*ValidationError]
// naming the talk and each commitment still open, with its case and state.
func Close(t *zerenv1.Talk, cases []*zerenv1.SupervisionCase, at time.Time, by, note string) (*zerenv1.Talk, error) {
	base := Problem{Record: "talk", ID: t.GetId()}
	var ps []Problem
	if !CanTalkTransition(t.GetState(), zerenv1.TalkState_TALK_STATE_CLOSED) {
		q := base
		q.Code, q.Field = problem.Conflict, "state"
		q.MessageZh = fmt.Sprintf("谈话记录处于“%s”，回头看到期后方可销号", TalkStateName(t.GetState()))
		q.Message = fmt.Sprintf("the talk is %s; it closes only at its 回头看", TalkStateName(t.GetState()))
		ps = append(ps, q)
	}
	byID := make(map[string]*zerenv1.SupervisionCase, len(cases))
	for _, c := range cases {
		byID[c.GetId()] = c
	}
	for i, c := range t.GetCommitments() {
		q := Problem{Code: problem.Conflict, Record: "commitment", Path: fmt.Sprintf("commitments[%d]", i), ID: c.GetId(), Field: "case_id"}
		cs, ok := byID[c.GetCaseId()]
		switch {
		case !ok:
			q.Code = problem.DanglingReference
			q.MessageZh = fmt.Sprintf("督办单“%s”未找到，承诺是否完成无从确认", problem.Printable(c.GetCaseId()))
			q.Message = fmt.Sprintf("case %q is not given: the commitment cannot be shown closed", c.GetCaseId())
		case cs.GetState() != zerenv1.CaseState_CASE_STATE_CLOSED:
			q.MessageZh = fmt.Sprintf("督办单“%s”处于“%s”，承诺尚未办结", c.GetCaseId(), supervision.StateName(cs.GetState()))
			q.Message = fmt.Sprintf("case %q is %s: the commitment is not closed", c.GetCaseId(), supervision.StateName(cs.GetState()))
		default:
			continue
		}
		ps = append(ps, q)
	}
	if err := errOf(ps); err != nil {
		return nil, err
	}
	out := proto.Clone(t).(*zerenv1.Talk)
	out.State = zerenv1.TalkState_TALK_STATE_CLOSED
	out.History = append(out.History, &zerenv1.TalkEvent{From: t.GetState(), To: out.State, At: timestamppb.New(at), By: by, Note: note})
	return out, nil
}

// SpecOf reads a talk as an OA records it (held_at, talkers, points,
// commitments with deadlines, follow_up_at; id optional) into a [TalkSpec].
func SpecOf(t *zerenv1.Talk, actor string) TalkSpec {
	s := TalkSpec{ID: t.GetId(), Talkers: t.GetTalkers(), Points: t.GetPoints(), Actor: actor}
	if t.GetHeldAt() != nil {
		s.HeldAt = t.GetHeldAt().AsTime()
	}
	if t.GetFollowUpAt() != nil {
		s.FollowUpAt = t.GetFollowUpAt().AsTime()
	}
	for _, c := range t.GetCommitments() {
		cs := CommitmentSpec{ID: c.GetId(), Text: c.GetText()}
		if c.GetDeadline() != nil {
			cs.Deadline = c.GetDeadline().AsTime()
		}
		s.Commitments = append(s.Commitments, cs)
	}
	return s
}
