package server

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// assignmentCapProblem and caseCapProblem say what is wrong with an assignment or a case that a
// write would grow past its bounds, or "".
func assignmentCapProblem(a *zerenv1.Assignment) string {
	if n := len(a.GetEvidence()); n > maxEvidencePerRecord {
		return fmt.Sprintf("分解任务“%s”将有 %d 份佐证材料，超过上限 %d；请由机关工委删除不需要的（RedactEvidence）"+
			"（assignment %q would hold %d pieces of evidence, more than the %d allowed; the work committee removes some with RedactEvidence）",
			a.GetId(), n, maxEvidencePerRecord, a.GetId(), n, maxEvidencePerRecord)
	}
	return ""
}

func caseCapProblem(c *zerenv1.SupervisionCase) string {
	r := c.GetRectification()
	switch {
	case len(r.GetEvidence()) > maxEvidencePerRecord:
		return fmt.Sprintf("督办单“%s”将有 %d 份佐证材料，超过上限 %d；请由机关工委删除不需要的（RedactEvidence）"+
			"（case %q would hold %d pieces of evidence, more than the %d allowed; the work committee removes some with RedactEvidence）",
			c.GetId(), len(r.GetEvidence()), maxEvidencePerRecord, c.GetId(), len(r.GetEvidence()), maxEvidencePerRecord)
	case len(r.GetMeasures()) > maxCaseHistory, len(c.GetHistory()) > maxCaseHistory:
		return fmt.Sprintf("督办单“%s”的整改措施或流转记录超过上限 %d（case %q would hold more than %d measures or events）",
			c.GetId(), maxCaseHistory, c.GetId(), maxCaseHistory)
	}
	return ""
}

// redact removes the evidence whose ref is listed (all of it when refs is
// empty) and returns what is kept and how many were removed.
func redact(ev []*zerenv1.Evidence, refs []string) ([]*zerenv1.Evidence, int) {
	kept := slices.DeleteFunc(slices.Clone(ev), func(e *zerenv1.Evidence) bool {
		return len(refs) == 0 || slices.Contains(refs, e.GetRef())
	})
	return kept, len(ev) - len(kept)
}

// RedactEvidence removes evidence from an assignment or a case, as the
// work committee, keeping a redaction notice on the record; the change is
// in the store's audit log under the caller like any other.
func (c checklistService) RedactEvidence(ctx context.Context, req *connect.Request[zerenv1.RedactEvidenceRequest]) (*connect.Response[zerenv1.RedactEvidenceResponse], error) {
	if err := requireAll(ctx, "RedactEvidence"); err != nil {
		return nil, err
	}
	s, m := c.s, req.Msg
	var ps problemList
	if (m.GetAssignmentId() == "") == (m.GetCaseId() == "") {
		ps.add("assignment_id", "请指定分解任务或督办单之一（name exactly one of assignment_id and case_id）")
	}
	if strings.TrimSpace(m.GetReason()) == "" {
		ps.add("reason", "必填：说明删除的原因（is required: say why the evidence is removed）")
	} else if err := checkText("reason", m.GetReason()); err != nil {
		ps.addErr(err)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	p, _ := PrincipalFrom(ctx)
	notice := func(n int) string {
		what := "all"
		if len(m.GetRefs()) > 0 {
			what = strings.Join(m.GetRefs(), ", ")
		}
		return fmt.Sprintf("%s %s removed %d piece(s) of evidence (%s): %s",
			s.now().In(s.loc).Format(time.RFC3339), p.Subject, n, what, m.GetReason())
	}
	noneMatched := func(record, id string) error {
		return invalid("refs", fmt.Errorf("%s“%s”没有这些佐证材料（%s %q has no evidence with these refs）", recordNames[record], id, record, id))
	}
	resp := &zerenv1.RedactEvidenceResponse{}
	if id := m.GetAssignmentId(); id != "" {
		key := keyOfID(id)
		if key == "" || keyProblem(key) != "" {
			return nil, missing("assignment", id)
		}
		rec, err := s.store.Get(ctx, KindAssignment, key)
		if errors.Is(err, ErrNotFound) {
			return nil, missing("assignment", id)
		} else if err != nil {
			return nil, toConnect(err)
		}
		a := &zerenv1.Assignment{}
		if err := proto.Unmarshal(rec.Data, a); err != nil {
			return nil, toConnect(fmt.Errorf("stored assignment %q is corrupt: %w", id, err))
		}
		var n int
		if a.Evidence, n = redact(a.GetEvidence(), m.GetRefs()); n == 0 {
			return nil, noneMatched("assignment", id)
		}
		a.Redactions = append(a.Redactions, notice(n))
		data, err := marshal(a)
		if err != nil {
			return nil, toConnect(err)
		}
		if err := s.apply(ctx, []Change{{Kind: KindAssignment, ID: key, Scope: rec.Scope, Data: data, ExpectVersion: rec.Version}}); err != nil {
			return nil, toConnect(err)
		}
		resp.Removed, resp.Assignment = int32(n), a
		return connect.NewResponse(resp), nil
	}
	h, err := s.hierarchy(ctx)
	if err != nil {
		return nil, toConnect(err)
	}
	cs, rec, err := s.loadCase(ctx, h, m.GetCaseId())
	if err != nil {
		return nil, err
	}
	if cs.Rectification == nil {
		return nil, noneMatched("case", cs.GetId())
	}
	var n int
	if cs.Rectification.Evidence, n = redact(cs.Rectification.GetEvidence(), m.GetRefs()); n == 0 {
		return nil, noneMatched("case", cs.GetId())
	}
	cs.Rectification.Redactions = append(cs.Rectification.Redactions, notice(n))
	data, err := marshal(cs)
	if err != nil {
		return nil, toConnect(err)
	}
	if err := s.apply(ctx, []Change{{Kind: KindCase, ID: cs.GetId(), Scope: rec.Scope, Data: data, ExpectVersion: rec.Version}}); err != nil {
		return nil, toConnect(err)
	}
	resp.Removed, resp.Case = int32(n), cs
	return connect.NewResponse(resp), nil
}
