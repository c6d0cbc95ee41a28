package server

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// checklistService serves the three lists (三个清单), their decomposition
// and progress.
//
// Storage: the plan under its id (KindPlan); the year's plan id under the
// year (KindPlanYear), so that a year has one plan; each assignment under
// "<year>/<assignment id>" (KindAssignment) with its organisation as scope,
// retired ones kept.
type checklistService struct{ s *Server }

// assignmentKey is the store key of an assignment: its id under its year,
// so that the assignments of a year (of its plan) are one prefix.
func assignmentKey(year int32, id string) string {
	return strconv.Itoa(int(year)) + "/" + id
}

// keyOfID returns the store key of an assignment id, reading the year from
// its period label (the id's last segment, "2026-Q1"; see
// checklist.Decompose), or "" when the id has no such segment.
func keyOfID(id string) string {
	label := id[strings.LastIndexByte(id, '/')+1:]
	year, _, _ := strings.Cut(label, "-")
	y, err := strconv.Atoi(year)
	if err != nil || y < 1 || y > 9999 || strconv.Itoa(y) != year {
		return ""
	}
	return assignmentKey(int32(y), id)
}

// PutPlan validates a plan against the stored hierarchy and stores it.
func (c checklistService) PutPlan(ctx context.Context, req *connect.Request[zerenv1.PutPlanRequest]) (*connect.Response[zerenv1.PutPlanResponse], error) {
	if err := requireAll(ctx, "PutPlan"); err != nil {
		return nil, err
	}
	v, err := c.s.putPlan(ctx, req.Msg.GetPlan())
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&zerenv1.PutPlanResponse{Version: v}), nil
}

func (s *Server) putPlan(ctx context.Context, plan *zerenv1.Plan) (int64, error) {
	if plan == nil {
		return 0, invalid("plan", errors.New("is missing"))
	}
	var ps problemList
	if p := idProblem(plan.GetId()); p != "" {
		ps.add("plan.id", "%s", p)
	}
	if y := plan.GetYear(); y < 1 || y > 9999 {
		ps.add("plan.year", "%d is not a calendar year", y)
	}
	for i, t := range plan.GetTasks() {
		if p := idProblem(t.GetId()); p != "" {
			ps.add(fmt.Sprintf("plan.tasks[%d].id", i), "task %q: %s", t.GetId(), p)
		}
	}
	if err := ps.err(); err != nil {
		return 0, err
	}
	// One plan per year: its assignments are the year's, so a plan keeps
	// its year.
	old := &zerenv1.Plan{}
	if _, err := s.load(ctx, KindPlan, plan.GetId(), old); err == nil && old.GetYear() != plan.GetYear() {
		return 0, connect.NewError(connect.CodeFailedPrecondition, fmt.Errorf(
			"plan %q is the plan of %d and cannot become the plan of %d: store the new year's plan under another id", plan.GetId(), old.GetYear(), plan.GetYear()))
	} else if err != nil && !errors.Is(err, ErrNotFound) {
		return 0, toConnect(err)
	}
	h, err := s.hierarchy(ctx)
	if err != nil {
		return 0, toConnect(err)
	}
	if _, err := checklist.NewPlan(plan, h); err != nil {
		return 0, toConnect(err)
	}
	// One plan per year.
	yearKey := strconv.Itoa(int(plan.GetYear()))
	idx := &zerenv1.Plan{}
	expect := int64(ExpectAbsent)
	if v, err := s.load(ctx, KindPlanYear, yearKey, idx); err == nil {
		if idx.GetId() != plan.GetId() {
			return 0, connect.NewError(connect.CodeFailedPrecondition, fmt.Errorf(
				"year %d already has plan %q; a year has one plan (三个清单): store it again under id %q", plan.GetYear(), idx.GetId(), idx.GetId()))
		}
		expect = v
	} else if !errors.Is(err, ErrNotFound) {
		return 0, toConnect(err)
	}
	data, err := marshal(plan)
	if err != nil {
		return 0, toConnect(err)
	}
	idxData, err := marshal(&zerenv1.Plan{Id: plan.GetId(), Year: plan.GetYear()})
	if err != nil {
		return 0, toConnect(err)
	}
	if err := s.apply(ctx, []Change{
		{Kind: KindPlan, ID: plan.GetId(), Data: data},
		{Kind: KindPlanYear, ID: yearKey, Data: idxData, ExpectVersion: expect},
	}); err != nil {
		return 0, toConnect(err)
	}
	r, err := s.store.Get(ctx, KindPlan, plan.GetId())
	if err != nil {
		return 0, toConnect(err)
	}
	return r.Version, nil
}

// Decompose decomposes the stored plan with the stored assignments as the
// previous decomposition and writes what changed.
func (c checklistService) Decompose(ctx context.Context, req *connect.Request[zerenv1.DecomposeRequest]) (*connect.Response[zerenv1.DecomposeResponse], error) {
	if err := requireAll(ctx, "Decompose"); err != nil {
		return nil, err
	}
	resp, err := c.s.decompose(ctx, req.Msg.GetPlanId())
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(resp), nil
}

// decompose writes the assignments of a stored plan, a batch of
// organisations at a time (at most decomposeBatch assignments of the plan,
// see checklist.WithOrganizations): each batch reads the stored assignments
// of its organisations, decomposes them as the previous decomposition and
// writes what changed, so that memory holds a batch, not the year. The
// organisations of the structure the plan no longer reaches then have their
// stored assignments retired. (An organisation that leaves the structure
// hands its assignments to a successor or is refused: see ChangeStructure.)
// Writes go in batches of at most maxBatch changes, each expecting the
// version it read, so that a concurrent RecordProgress is never overwritten
// (the call then fails with ABORTED and may be repeated: decomposing is
// idempotent).
func (s *Server) decompose(ctx context.Context, planID string) (*zerenv1.DecomposeResponse, error) {
	if err := checkID("plan_id", planID); err != nil {
		return nil, err
	}
	plan := &zerenv1.Plan{}
	if _, err := s.load(ctx, KindPlan, planID, plan); err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil, connect.NewError(connect.CodeNotFound, fmt.Errorf("plan %q has not been stored (PutPlan)", planID))
		}
		return nil, toConnect(err)
	}
	h, err := s.hierarchy(ctx)
	if err != nil {
		return nil, toConnect(err)
	}
	p, err := checklist.NewPlan(plan, h)
	if err != nil {
		return nil, connect.NewError(connect.CodeFailedPrecondition,
			fmt.Errorf("plan %q no longer fits the stored structure; correct it and store it again (PutPlan): %w", planID, err))
	}
	prefix := strconv.Itoa(int(plan.GetYear())) + "/"
	resp := &zerenv1.DecomposeResponse{}
	reached := map[string]bool{}
	var batch []string
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.decomposeOrgs(ctx, p, prefix, batch, resp)
		batch = batch[:0]
		return err
	}
	n := 0
	for org, count := range p.Organizations() {
		if n > 0 && n+count > s.decomposeBatch {
			if err := flush(); err != nil {
				return nil, err
			}
			n = 0
		}
		reached[org] = true
		batch = append(batch, org)
		n += count
	}
	if err := flush(); err != nil {
		return nil, err
	}
	// The organisations the plan no longer reaches keep nothing open.
	var changes []Change
	for o := range h.Organizations() {
		if reached[o.GetId()] {
			continue
		}
		err := s.eachIn(ctx, KindAssignment, prefix, []string{o.GetId()}, func(r Record) error {
			a := &zerenv1.Assignment{}
			if err := proto.Unmarshal(r.Data, a); err != nil {
				return fmt.Errorf("stored assignment %q is corrupt: %w", r.ID, err)
			}
			if a.GetStatus() == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED {
				return nil
			}
			a.Status = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED
			data, err := marshal(a)
			if err != nil {
				return err
			}
			changes = append(changes, Change{Kind: KindAssignment, ID: r.ID, Scope: r.Scope, Data: data, ExpectVersion: r.Version})
			resp.Retired++
			return nil
		})
		if err != nil {
			return nil, toConnect(err)
		}
		if len(changes) >= s.applyBatch {
			if err := s.apply(ctx, changes); err != nil {
				return nil, toConnect(err)
			}
			changes = changes[:0]
		}
	}
	if err := s.apply(ctx, changes); err != nil {
		return nil, toConnect(err)
	}
	return resp, nil
}

// decomposeOrgs decomposes the plan for some organisations against their
// stored assignments, writes what changed and adds the diff to resp.
func (s *Server) decomposeOrgs(ctx context.Context, p *checklist.Plan, prefix string, orgs []string, resp *zerenv1.DecomposeResponse) error {
	inBatch := make(map[string]bool, len(orgs))
	for _, o := range orgs {
		inBatch[o] = true
	}
	prev, recs, err := loadIn(ctx, s, KindAssignment, prefix, orgs, newAssignment)
	if err != nil {
		return toConnect(err)
	}
	if prev == nil {
		prev = []*zerenv1.Assignment{} // not nil: what is new counts as added
	}
	stored := make(map[string]int, len(prev))
	for i, a := range prev {
		stored[a.GetId()] = i
	}
	d, err := checklist.Decompose(ctx, p, checklist.WithOrganizations(func(org string) bool { return inBatch[org] }), checklist.WithPrevious(prev))
	if err != nil {
		return toConnect(err)
	}
	var changes []Change
	var ps problemList
	for _, a := range d.Assignments {
		key := assignmentKey(a.GetPeriod().GetYear(), a.GetId())
		if pr := keyProblem(key); pr != "" {
			ps.add("plan", "assignment %q: its id %s; shorten the task or organisation id", a.GetId(), pr)
			continue
		}
		ch := Change{Kind: KindAssignment, ID: key, Scope: a.GetOrganizationId(), ExpectVersion: ExpectAbsent}
		if i, ok := stored[a.GetId()]; ok {
			if proto.Equal(prev[i], a) && recs[i].Scope == a.GetOrganizationId() {
				continue
			}
			ch.ExpectVersion = recs[i].Version
		}
		if ch.Data, err = marshal(a); err != nil {
			return toConnect(err)
		}
		changes = append(changes, ch)
	}
	if err := ps.err(); err != nil {
		return err
	}
	if err := s.apply(ctx, changes); err != nil {
		return toConnect(err)
	}
	resp.Added += int32(len(d.Diff.Added))
	resp.Changed += int32(len(d.Diff.Changed))
	resp.Retired += int32(len(d.Diff.Retired))
	resp.Unchanged += int32(d.Diff.Unchanged)
	return nil
}

func newAssignment() *zerenv1.Assignment { return &zerenv1.Assignment{} }

// pageSize checks a requested page size: at most 1000, 0 means 100.
func pageSize(size int32) (int, error) {
	switch {
	case size < 0:
		return 0, invalid("page_size", errors.New("is negative"))
	case size == 0:
		return 100, nil
	case size > 1000:
		return 0, invalid("page_size", errors.New("is over 1000"))
	}
	return int(size), nil
}

// checkPeriod checks an optional period filter: a kind in the enum, a year
// in 0–9999 (0: any year) and an index valid for the kind (0: any).
func checkPeriod(field string, p *zerenv1.Period) error {
	if p == nil {
		return nil
	}
	max := map[zerenv1.PeriodKind]int32{
		zerenv1.PeriodKind_PERIOD_KIND_UNSPECIFIED: 0, zerenv1.PeriodKind_PERIOD_KIND_YEAR: 1,
		zerenv1.PeriodKind_PERIOD_KIND_HALF: 2, zerenv1.PeriodKind_PERIOD_KIND_QUARTER: 4, zerenv1.PeriodKind_PERIOD_KIND_MONTH: 12,
	}
	m, ok := max[p.GetKind()]
	switch {
	case !ok:
		return invalid(field+".kind", fmt.Errorf("%d is not a period kind", p.GetKind()))
	case p.GetYear() < 0 || p.GetYear() > 9999:
		return invalid(field+".year", fmt.Errorf("%d is not a year", p.GetYear()))
	case p.GetIndex() < 0 || p.GetIndex() > m:
		return invalid(field+".index", fmt.Errorf("%d is out of range for %v", p.GetIndex(), p.GetKind()))
	}
	return nil
}

// ListAssignments pages through the assignments of a subtree.
func (c checklistService) ListAssignments(ctx context.Context, req *connect.Request[zerenv1.ListAssignmentsRequest]) (*connect.Response[zerenv1.ListAssignmentsResponse], error) {
	m := req.Msg
	size, err := pageSize(m.GetPageSize())
	if err != nil {
		return nil, err
	}
	if err := checkPeriod("period", m.GetPeriod()); err != nil {
		return nil, err
	}
	if m.GetTaskId() != "" {
		if err := checkID("task_id", m.GetTaskId()); err != nil {
			return nil, err
		}
	}
	h, err := c.s.hierarchy(ctx)
	if err != nil {
		return nil, toConnect(err)
	}
	v, err := visible(ctx, h, m.GetOrganizationId())
	if err != nil {
		return nil, err
	}
	per := m.GetPeriod()
	prefix := ""
	if per.GetYear() > 0 {
		prefix = strconv.Itoa(int(per.GetYear())) + "/"
		if m.GetTaskId() != "" {
			prefix += m.GetTaskId() + "/"
		}
	}
	keep := func(r Record) (bool, error) {
		a := &zerenv1.Assignment{}
		if err := proto.Unmarshal(r.Data, a); err != nil {
			return false, fmt.Errorf("stored assignment %q is corrupt: %w", r.ID, err)
		}
		ap := a.GetPeriod()
		return (m.GetTaskId() == "" || a.GetTaskId() == m.GetTaskId()) &&
			(per.GetKind() == 0 || ap.GetKind() == per.GetKind()) &&
			(per.GetIndex() == 0 || ap.GetIndex() == per.GetIndex()), nil
	}
	fp := fingerprint("assignments", m.GetOrganizationId(), m.GetTaskId(), per.String())
	recs, next, err := c.s.scan(ctx, KindAssignment, prefix, v, size, m.GetPageToken(), fp, keep)
	if err != nil {
		return nil, toConnect(err)
	}
	resp := &zerenv1.ListAssignmentsResponse{NextPageToken: next}
	for _, r := range recs {
		a := &zerenv1.Assignment{}
		if err := proto.Unmarshal(r.Data, a); err != nil {
			return nil, toConnect(err)
		}
		resp.Assignments = append(resp.Assignments, a)
	}
	return connect.NewResponse(resp), nil
}

// RecordProgress applies progress reports to stored assignments in the
// caller's subtree, all or none. The server stamps each report's receipt
// (Assignment.received_at); a report's `at` defaults to it, may not lie
// after it and may lie at most the tolerance before it
// (WithProgressTolerance). A branch's
// report is by the caller: reported_by, when set, must name a person
// appointed to a post in the caller's subtree.
func (c checklistService) RecordProgress(ctx context.Context, req *connect.Request[zerenv1.RecordProgressRequest]) (*connect.Response[zerenv1.RecordProgressResponse], error) {
	records := req.Msg.GetRecords()
	if len(records) == 0 {
		return nil, invalid("records", errors.New("is empty"))
	}
	if err := checkLen("records", len(records), maxItems); err != nil {
		return nil, err
	}
	receipt := c.s.now()
	var ps problemList
	for i, r := range records {
		field := fmt.Sprintf("records[%d]", i)
		if r.GetAssignmentId() == "" {
			ps.add(field+".assignment_id", "is empty")
		} else if pr := keyProblem(r.GetAssignmentId()); pr != "" {
			ps.add(field+".assignment_id", "%s", pr)
		}
		if r.GetAt() != nil {
			if err := r.GetAt().CheckValid(); err != nil {
				ps.add(field+".at", "%v", err)
			} else if at := r.GetAt().AsTime(); at.After(receipt) {
				ps.add(field+".at", "填报时间 %s 晚于服务器接收时间 %s（is after its receipt by the server）",
					at.In(c.s.loc).Format(time.RFC3339), receipt.In(c.s.loc).Format(time.RFC3339))
			} else if at.Before(receipt.Add(-c.s.tolerance)) {
				ps.add(field+".at", "填报时间 %s 早于接收时间超过 %v（lies more than %v before its receipt; report progress when it happens）",
					at.In(c.s.loc).Format(time.RFC3339), c.s.tolerance, c.s.tolerance)
			}
		}
		if len(r.GetEvidence()) > maxEvidence {
			ps.add(field+".evidence", "holds %d items, more than the %d allowed", len(r.GetEvidence()), maxEvidence)
		}
		for j, e := range r.GetEvidence() {
			if ts := e.GetRecordedAt(); ts != nil && ts.CheckValid() != nil {
				ps.add(fmt.Sprintf("%s.evidence[%d].recorded_at", field, j), "%v", ts.CheckValid())
			}
		}
		if len(r.GetNote()) > maxNoteBytes {
			ps.add(field+".note", "is %d bytes, more than the %d allowed", len(r.GetNote()), maxNoteBytes)
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	// Reports on one assignment that race each other are applied one after
	// the other: a report that meets a version changed since it read the
	// assignment reads it again and is applied to the new version.
	for attempt := 1; ; attempt++ {
		resp, err := c.recordOnce(ctx, records, receipt)
		if errors.Is(err, ErrConflict) && attempt < recordAttempts && ctx.Err() == nil {
			continue
		}
		if err != nil {
			return nil, toConnect(err)
		}
		return connect.NewResponse(resp), nil
	}
}

// recordAttempts bounds how often RecordProgress reads again after a
// version conflict.
const recordAttempts = 8

// recordOnce reads the assignments, applies the reports and writes them
// back, expecting the versions it read; a write that meets another version
// returns an error wrapping ErrConflict.
func (c checklistService) recordOnce(ctx context.Context, records []*zerenv1.ProgressRecord, receipt time.Time) (*zerenv1.RecordProgressResponse, error) {
	var ps problemList
	h, err := c.s.hierarchy(ctx)
	if err != nil {
		return nil, toConnect(err)
	}
	p, _ := PrincipalFrom(ctx)
	type entry struct {
		a       *zerenv1.Assignment
		orig    *zerenv1.Assignment
		key     string
		version int64
	}
	byID := map[string]*entry{}
	var list []*zerenv1.Assignment
	var order []*entry
	for _, r := range records {
		id := r.GetAssignmentId()
		if _, seen := byID[id]; seen {
			continue
		}
		byID[id] = nil
		// A caller bound to a subtree gets the same answer for an assignment
		// outside it and for one that does not exist, so it cannot probe
		// what other units have.
		notYours := missing("assignment", id)
		key := keyOfID(id)
		if key == "" {
			if !p.All() {
				return nil, notYours
			}
			continue // unknown: checklist.Record names it
		}
		rec, err := c.s.store.Get(ctx, KindAssignment, key)
		if errors.Is(err, ErrNotFound) {
			if !p.All() {
				return nil, notYours
			}
			continue
		} else if err != nil {
			return nil, toConnect(err)
		}
		if !reach(ctx, h, rec.Scope) {
			return nil, notYours
		}
		a := &zerenv1.Assignment{}
		if err := proto.Unmarshal(rec.Data, a); err != nil {
			return nil, toConnect(fmt.Errorf("stored assignment %q is corrupt: %w", id, err))
		}
		e := &entry{a: a, orig: proto.Clone(a).(*zerenv1.Assignment), key: key, version: rec.Version}
		byID[id] = e
		list = append(list, a)
		order = append(order, e)
	}
	// Stamp and attribute: the server's receipt, the caller as reporter.
	stamped := make([]*zerenv1.ProgressRecord, len(records))
	var people map[string]bool
	for i, r := range records {
		r = proto.CloneOf(r)
		if r.At == nil {
			r.At = timestamppb.New(receipt)
		}
		switch {
		case r.GetReportedBy() == "":
			r.ReportedBy = p.Subject
		case !p.All():
			if people == nil {
				people = peopleOf(h, p.Root)
			}
			if !people[r.GetReportedBy()] {
				ps.add(fmt.Sprintf("records[%d].reported_by", i), "“%s”不是调用方范围内任职的人员（%q is not a person appointed in the caller's subtree; leave it empty to report as the caller）", problem.Printable(r.GetReportedBy()), r.GetReportedBy())
			}
		}
		stamped[i] = r
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	if err := checklist.Record(list, stamped); err != nil {
		return nil, toConnect(err)
	}
	var changes []Change
	for _, e := range order {
		if proto.Equal(e.a, e.orig) {
			continue
		}
		e.a.ReceivedAt = timestamppb.New(receipt)
		if pr := assignmentCapProblem(e.a); pr != "" {
			ps.add("records", "%s", pr)
			continue
		}
		data, err := marshal(e.a)
		if err != nil {
			return nil, toConnect(err)
		}
		changes = append(changes, Change{Kind: KindAssignment, ID: e.key, Scope: e.a.GetOrganizationId(), Data: data, ExpectVersion: e.version})
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	// At most maxItems distinct assignments: one atomic batch.
	if err := c.s.apply(ctx, changes); err != nil {
		if errors.Is(err, ErrConflict) {
			return nil, err
		}
		return nil, toConnect(err)
	}
	resp := &zerenv1.RecordProgressResponse{}
	for _, r := range records {
		e := byID[r.GetAssignmentId()]
		if e == nil {
			return nil, missing("assignment", r.GetAssignmentId())
		}
		resp.Assignments = append(resp.Assignments, e.a)
	}
	return resp, nil
}

// peopleOf returns the people appointed, at any time, to a post in an
// organisation's subtree.
func peopleOf(h *responsibility.Hierarchy, root string) map[string]bool {
	out := map[string]bool{}
	sub, _ := h.Subtree(root)
	for _, o := range sub {
		posts, _ := h.Posts(o.GetId())
		for _, post := range posts {
			as, _ := h.Appointments(post.GetId())
			for _, a := range as {
				out[a.GetPersonId()] = true
			}
		}
	}
	return out
}
