package server

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// maxImpact is the most records each list of a StructureImpact holds; the
// rest are counted.
const maxImpact = 1000

func (h hierarchyService) GetStructure(ctx context.Context, _ *connect.Request[zerenv1.GetStructureRequest]) (*connect.Response[zerenv1.GetStructureResponse], error) {
	if err := requireAll(ctx, "GetStructure"); err != nil {
		return nil, err
	}
	st := &zerenv1.Structure{}
	v, err := h.s.load(ctx, KindStructure, structureID, st)
	if err != nil {
		return nil, noStructure(err)
	}
	return connect.NewResponse(&zerenv1.GetStructureResponse{Structure: st, Version: v}), nil
}

func noStructure(err error) error {
	if errors.Is(err, ErrNotFound) {
		return connect.NewError(connect.CodeFailedPrecondition, errors.New("尚未保存组织结构，请先调用 PutStructure（no structure has been stored yet: PutStructure）"))
	}
	return toConnect(err)
}

func (h hierarchyService) ChangeStructure(ctx context.Context, req *connect.Request[zerenv1.ChangeStructureRequest]) (*connect.Response[zerenv1.ChangeStructureResponse], error) {
	if err := requireAll(ctx, "ChangeStructure"); err != nil {
		return nil, err
	}
	m := req.Msg
	if len(m.GetChanges()) == 0 {
		return nil, invalid("changes", errors.New("变更列表为空（no changes）"))
	}
	st := &zerenv1.Structure{}
	v, err := h.s.load(ctx, KindStructure, structureID, st)
	if err != nil {
		return nil, noStructure(err)
	}
	if m.GetExpectVersion() != 0 && m.GetExpectVersion() != v {
		return nil, connect.NewError(connect.CodeAborted, fmt.Errorf("组织结构已是第 %d 版，不是请求期望的第 %d 版（the structure is at version %d, not the expected %d: read it again and diff）",
			v, m.GetExpectVersion(), v, m.GetExpectVersion()))
	}
	fw := &zerenv1.Framework{}
	if _, err := h.s.load(ctx, KindFramework, st.GetFrameworkId(), fw); err != nil {
		return nil, toConnect(err)
	}
	out, hr, err := responsibility.Apply(fw, st, m.GetChanges(), responsibility.WithLocation(h.s.loc))
	if err != nil {
		return nil, toConnect(err)
	}
	at, err := h.s.at(m.GetAt())
	if err != nil {
		return nil, err
	}
	nv, impact, err := h.s.restructure(ctx, out, hr, v, restructureOpts{
		rebind: m.GetRebind(), successors: m.GetSuccessors(), dryRun: m.GetDryRun(), at: at,
	})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&zerenv1.ChangeStructureResponse{Version: nv, Impact: impact}), nil
}

// restructureOpts is what a caller asks of a structure change.
type restructureOpts struct {
	rebind     bool
	successors map[string]string
	dryRun     bool
	at         time.Time
}

// restructure stores a validated structure (expecting the stored version
// expect, ExpectAbsent for the first), after checking what it does to the
// stored assignments, open cases and pending proposals: a record left
// pointing at a removed organisation, post or appointment refuses the
// change (FAILED_PRECONDITION listing them) unless rebinding moves it. The
// structure is written in the first batch with the moved records, so that
// a concurrent change fails the whole call with ABORTED.
func (s *Server) restructure(ctx context.Context, st *zerenv1.Structure, h *responsibility.Hierarchy, expect int64, o restructureOpts) (int64, *zerenv1.StructureImpact, error) {
	var ps problemList
	for from, to := range o.successors {
		if _, ok := h.Organization(to); !ok {
			ps.add("successors["+from+"]", "接替党组织“%s”不在新的组织结构中（successor organisation %q is not in the new structure）", problem.Printable(to), to)
		}
	}
	if err := ps.err(); err != nil {
		return 0, nil, err
	}
	// The stored hierarchy names what is removed and gives its post kinds;
	// it is read only when something is (nil before the first structure).
	im := &impact{h: h, o: o, oldH: sync.OnceValue(func() *responsibility.Hierarchy {
		old, _ := s.hierarchy(ctx)
		return old
	})}
	all := visibility{all: true}
	// The assignments of every year, a store page at a time, so that a
	// province's years are never held at once: only what moves is kept.
	var chunk []*zerenv1.Assignment
	var chunkRecs []Record
	err := s.each(ctx, KindAssignment, "", all, func(r Record) error {
		a := &zerenv1.Assignment{}
		if err := proto.Unmarshal(r.Data, a); err != nil {
			return fmt.Errorf("stored assignment %q is corrupt: %w", r.ID, err)
		}
		r.Data = nil
		chunk, chunkRecs = append(chunk, a), append(chunkRecs, r)
		if len(chunk) == storePage {
			im.assignments(chunk, chunkRecs)
			chunk, chunkRecs = chunk[:0], chunkRecs[:0]
		}
		return nil
	})
	if err != nil {
		return 0, nil, toConnect(err)
	}
	im.assignments(chunk, chunkRecs)
	// Cases and proposals one at a time too: a province's agenda opens a
	// case for every overdue assignment.
	err = s.each(ctx, KindCase, "", all, func(r Record) error {
		c := &zerenv1.SupervisionCase{}
		if err := proto.Unmarshal(r.Data, c); err != nil {
			return fmt.Errorf("stored case %q is corrupt: %w", r.ID, err)
		}
		if c.GetState() == zerenv1.CaseState_CASE_STATE_CLOSED {
			return nil
		}
		im.unit("case", c.GetId(), c.GetTitle(), "lead_unit_id", c.GetLeadUnitId())
		if succ, ok := im.org("case", c.GetId(), c.GetTitle(), c.GetOrganizationId()); ok {
			c.OrganizationId = succ
			im.move(KindCase, r, c, succ)
		}
		return nil
	})
	if err != nil {
		return 0, nil, toConnect(err)
	}
	err = s.each(ctx, KindProposal, "", all, func(r Record) error {
		p := &zerenv1.Proposal{}
		if err := proto.Unmarshal(r.Data, p); err != nil {
			return fmt.Errorf("stored proposal %q is corrupt: %w", r.ID, err)
		}
		if p.GetStatus() != zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED {
			return nil
		}
		name := p.GetTriggerId()
		im.unit("proposal", p.GetId(), name, "unit_id", p.GetUnitId())
		if p.GetOrganizationId() == "" {
			return nil
		}
		if succ, ok := im.org("proposal", p.GetId(), name, p.GetOrganizationId()); ok {
			p.OrganizationId = succ
			im.move(KindProposal, r, p, succ)
		}
		return nil
	})
	if err != nil {
		return 0, nil, toConnect(err)
	}
	if im.err != nil {
		return 0, nil, toConnect(im.err)
	}
	out := im.result()
	cur := expect
	if expect == ExpectAbsent {
		cur = 0
	}
	if len(im.orphaned) > 0 && !o.dryRun {
		return 0, out, orphanError(im.orphaned)
	}
	if o.dryRun {
		return cur, out, nil
	}
	data, err := marshal(st)
	if err != nil {
		return 0, nil, err
	}
	changes := append([]Change{{Kind: KindStructure, ID: structureID, Data: data, ExpectVersion: expect}}, im.changes...)
	if err := s.apply(ctx, changes); err != nil {
		return 0, nil, toConnect(err)
	}
	v, err := s.store.Get(ctx, KindStructure, structureID)
	if err != nil {
		return 0, nil, toConnect(err)
	}
	return v.Version, out, nil
}

// orphanError refuses a structure change that would orphan records,
// listing them.
func orphanError(orphaned []*zerenv1.ValidationProblem) error {
	n := len(orphaned)
	return withProblems(connect.CodeFailedPrecondition, fmt.Errorf(
		"组织结构变更将使 %d 条记录（分解任务、未办结的督办、待决定的问责建议）指向已不存在的党组织、岗位或任职，未保存；请保留这些党组织，或指定接替党组织并设置 rebind（the change would leave %d record(s) — assignments, open cases, pending proposals — pointing at organisations, posts or appointments that no longer exist; nothing was stored: keep them, or name successors and set rebind）",
		n, n), orphaned)
}

// impact collects what a new structure does to the stored records.
type impact struct {
	h        *responsibility.Hierarchy
	oldH     func() *responsibility.Hierarchy
	o        restructureOpts
	orphaned []*zerenv1.ValidationProblem
	rebinds  []*zerenv1.ValidationProblem
	changes  []Change
	written  map[string]int
	err      error
}

func (im *impact) orphan(p *zerenv1.ValidationProblem) { im.orphaned = append(im.orphaned, p) }

func (im *impact) rebound(p *zerenv1.ValidationProblem) { im.rebinds = append(im.rebinds, p) }

func (im *impact) result() *zerenv1.StructureImpact {
	out := &zerenv1.StructureImpact{Orphaned: im.orphaned, Rebound: im.rebinds}
	if n := len(out.Orphaned); n > maxImpact {
		out.Orphaned, out.MoreOrphaned = out.Orphaned[:maxImpact], int32(n-maxImpact)
	}
	if n := len(out.Rebound); n > maxImpact {
		out.Rebound, out.MoreRebound = out.Rebound[:maxImpact], int32(n-maxImpact)
	}
	return out
}

// move records the write of a changed record, once (a later write of the
// same record replaces the earlier).
func (im *impact) move(kind string, r Record, m proto.Message, scope string) {
	data, err := marshal(m)
	if err != nil {
		im.err = err
		return
	}
	if im.written == nil {
		im.written = map[string]int{}
	}
	key := kind + "\x00" + r.ID
	c := Change{Kind: kind, ID: r.ID, Scope: scope, Data: data, ExpectVersion: r.Version}
	if i, ok := im.written[key]; ok {
		im.changes[i] = c
		return
	}
	im.written[key] = len(im.changes)
	im.changes = append(im.changes, c)
}

// orgName names an organisation of the old structure, for messages.
func (im *impact) orgName(id string) string {
	if old := im.oldH(); old != nil {
		if o, ok := old.Organization(id); ok {
			return o.GetName()
		}
	}
	return ""
}

// org checks a record's organisation: when it is gone and a successor is
// named, the record is listed as rebound and moves to it (ok, with the
// successor's id) if rebinding was asked; otherwise it is orphaned.
func (im *impact) org(record, id, name, orgID string) (string, bool) {
	if _, ok := im.h.Organization(orgID); ok || orgID == "" {
		return "", false
	}
	succ, named := im.o.successors[orgID]
	if !named {
		im.orphan(&zerenv1.ValidationProblem{Record: record, Id: id, Name: name, Field: "organization_id",
			Message: fmt.Sprintf("党组织“%s”（%s）已不存在，且未指定接替党组织（organisation %q is removed and no successor is named）", orgID, im.orgName(orgID), orgID)})
		return "", false
	}
	im.rebound(&zerenv1.ValidationProblem{Record: record, Id: id, Name: name, Field: "organization_id",
		Message: fmt.Sprintf("由已撤销的党组织“%s”移交“%s”（moves from removed organisation %q to %q）", orgID, succ, orgID, succ)})
	if !im.o.rebind {
		im.orphan(&zerenv1.ValidationProblem{Record: record, Id: id, Name: name, Field: "organization_id",
			Message: fmt.Sprintf("党组织“%s”已不存在，需设置 rebind 才能移交“%s”（organisation %q is removed: set rebind to move the record to %q）", orgID, succ, orgID, succ)})
		return "", false
	}
	return succ, true
}

// unit orphans a record whose unit is gone (units have no successors).
func (im *impact) unit(record, id, name, field, unitID string) {
	if unitID == "" {
		return
	}
	if _, ok := im.h.Unit(unitID); !ok {
		im.orphan(&zerenv1.ValidationProblem{Record: record, Id: id, Name: name, Field: field,
			Message: fmt.Sprintf("单位“%s”已不存在（unit %q is removed）", unitID, unitID)})
	}
}

// assignment checks an assignment's organisation, post and appointment. It
// reports whether the assignment's organisation or post was changed (moved
// to a successor) and whether its post is in the new hierarchy (ok), so
// that it can follow the post's holders.
func (im *impact) assignment(a *zerenv1.Assignment) (moved, ok bool) {
	name := a.GetTaskId()
	if _, found := im.h.Organization(a.GetOrganizationId()); !found {
		succ, named := im.o.successors[a.GetOrganizationId()]
		post := ""
		if named {
			if post = im.successorPost(a.GetPostId(), succ); post == "" {
				im.orphan(&zerenv1.ValidationProblem{Record: "assignment", Id: a.GetId(), Name: name, Field: "post_id",
					Message: fmt.Sprintf("接替党组织“%s”没有与岗位“%s”同类的岗位（successor organisation %q has no post of the kind of post %q）", succ, a.GetPostId(), succ, a.GetPostId())})
				return false, false
			}
		}
		if _, ok := im.org("assignment", a.GetId(), name, a.GetOrganizationId()); !ok {
			return false, false
		}
		a.OrganizationId, a.PostId = succ, post
		return true, true
	}
	if _, found := im.h.Post(a.GetPostId()); !found {
		post := ""
		if im.o.rebind {
			post = im.successorPost(a.GetPostId(), a.GetOrganizationId())
		}
		if post == "" {
			im.orphan(&zerenv1.ValidationProblem{Record: "assignment", Id: a.GetId(), Name: name, Field: "post_id",
				Message: fmt.Sprintf("岗位“%s”已不存在（post %q is removed; with rebind it moves to the organisation's post of the same kind, if there is one）", a.GetPostId(), a.GetPostId())})
			return false, false
		}
		im.rebound(&zerenv1.ValidationProblem{Record: "assignment", Id: a.GetId(), Name: name, Field: "post_id",
			Message: fmt.Sprintf("由已撤销的岗位“%s”移至同类岗位“%s”（moves from removed post %q to %q）", a.GetPostId(), post, a.GetPostId(), post)})
		a.PostId = post
		return true, true
	}
	open := a.GetStatus() != zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE && a.GetStatus() != zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED
	if _, found := im.h.Appointment(a.GetAppointmentId()); open && a.GetAppointmentId() != "" && !found && !im.o.rebind {
		im.orphan(&zerenv1.ValidationProblem{Record: "assignment", Id: a.GetId(), Name: name, Field: "appointment_id",
			Message: fmt.Sprintf("任职“%s”已被删除，需设置 rebind 改由岗位现任承担（appointment %q is removed: set rebind to bind it to the post's holder）", a.GetAppointmentId(), a.GetAppointmentId())})
		return false, false
	}
	return false, true
}

// assignments checks some stored assignments against the new structure and
// moves the open ones to whoever holds their posts as of the change (人随岗走).
func (im *impact) assignments(as []*zerenv1.Assignment, recs []Record) {
	var open []*zerenv1.Assignment
	var openRecs []int
	for i, a := range as {
		moved, ok := im.assignment(a)
		if !ok {
			continue
		}
		if moved {
			im.move(KindAssignment, recs[i], a, a.GetOrganizationId())
		}
		if a.GetStatus() != zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE && a.GetStatus() != zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED {
			open = append(open, a)
			openRecs = append(openRecs, i)
		}
	}
	before := make(map[*zerenv1.Assignment]string, len(open))
	for _, a := range open {
		before[a] = a.GetPersonId()
	}
	moved, _ := checklist.Rebind(im.h, open, im.o.at) // posts are all in h: orphans were left out
	movedSet := make(map[*zerenv1.Assignment]bool, len(moved))
	for _, a := range moved {
		movedSet[a] = true
	}
	for i, a := range open {
		if !movedSet[a] {
			continue
		}
		im.rebound(&zerenv1.ValidationProblem{Record: "assignment", Id: a.GetId(), Name: a.GetTaskId(), Field: "person_id",
			Message: fmt.Sprintf("由“%s”改由“%s”承担（moves from %q to %q）", before[a], a.GetPersonId(), before[a], a.GetPersonId())})
		if im.o.rebind {
			im.move(KindAssignment, recs[openRecs[i]], a, a.GetOrganizationId())
		}
	}
}

// successorPost returns the first post at org of the kind the removed (or
// moved) post had, or "".
func (im *impact) successorPost(postID, org string) string {
	kind := ""
	if p, ok := im.h.Post(postID); ok {
		kind = p.GetPostKindId()
	} else if old := im.oldH(); old != nil {
		if p, ok := old.Post(postID); ok {
			kind = p.GetPostKindId()
		}
	}
	if kind == "" {
		return ""
	}
	posts, _ := im.h.Posts(org)
	for _, p := range posts {
		if p.GetPostKindId() == kind {
			return p.GetId()
		}
	}
	return ""
}
