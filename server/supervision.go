package server

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/checklist/supervision"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// supervisionService serves 提示—调度—督查—督办 over the stored assignments,
// cases (KindCase, under their id, scoped to their organisation), findings
// (KindFinding, likewise) and each year's inspection plan
// (KindInspectionPlan, under the year).
type supervisionService struct{ s *Server }

// GetAgenda computes what is due on a day and, for the 机关工委 on a day not
// after today, stores the year's inspection plan, the opened cases and the
// urged cases. Opening and urging are idempotent by id (the state the next
// call reads holds them), so a daily call from the OA never duplicates a
// case and a missed day is caught up. Writes go in batches of maxBatch
// changes, each expecting the version it read: a concurrent call fails with
// ABORTED and may simply be repeated.
//
// The agenda is computed a batch of units at a time (WithUnitBatch): each
// batch reads the assignments of the year and the year before, the cases and
// the findings of its units' organisations, and supervision.Merge joins the
// batches' agendas, so that memory holds a batch, not the province's year.
// Lists follow the batches (units in structure order), each batch's in the
// order of its records' ids; inspections are in plan order.
func (sv supervisionService) GetAgenda(ctx context.Context, req *connect.Request[zerenv1.GetAgendaRequest]) (*connect.Response[zerenv1.GetAgendaResponse], error) {
	s := sv.s
	on, err := s.at(req.Msg.GetOn())
	if err != nil {
		return nil, err
	}
	if y := on.In(s.cal.Location()).Year(); y < 2 || y > 9999 {
		return nil, invalid("on", fmt.Errorf("year %d is out of range", y))
	}
	h, err := s.hierarchy(ctx)
	if err != nil {
		return nil, toConnect(err)
	}
	v, err := visible(ctx, h, "")
	if err != nil {
		return nil, err
	}
	p, _ := PrincipalFrom(ctx)
	day := s.cal.Day(on)
	year := day.Year()
	write := p.All() && !day.After(s.cal.Day(s.now()))

	var tasks []*zerenv1.Task
	for _, y := range []int{year - 1, year} {
		if plan, err := s.planOfYear(ctx, y); err != nil {
			return nil, toConnect(err)
		} else if plan != nil {
			tasks = append(tasks, plan.GetTasks()...)
		}
	}
	per := int(req.Msg.GetUnitsPerPage())
	if per < 0 || per > maxAgendaUnits {
		return nil, invalid("units_per_page", fmt.Errorf("is %d: give 1 to %d units a page, or 0 for the whole agenda", per, maxAgendaUnits))
	}
	units, byUnit := visibleUnits(h, v)
	first, last, next := 0, len(units), ""
	if per > 0 {
		fp := fingerprint("agenda", strconv.FormatInt(day.Unix(), 10), strconv.Itoa(per))
		c, err := s.decodeCursor(ctx, req.Msg.GetPageToken(), fp)
		if err != nil {
			return nil, err
		}
		if c.T != "" {
			if first, err = strconv.Atoi(c.T); err != nil || first < 0 {
				return nil, badToken()
			}
		}
		first, last = min(first, len(units)), min(first+per, len(units))
		if last < len(units) {
			next = s.encodeCursor(ctx, cursor{T: strconv.Itoa(last), F: fp})
		}
	} else if req.Msg.GetPageToken() != "" {
		return nil, invalid("page_token", errors.New("is given without units_per_page"))
	}

	out := &zerenv1.GetAgendaResponse{Stored: write, NextPageToken: next}
	var changes []Change
	plan := &zerenv1.InspectionPlan{}
	if _, err := s.load(ctx, KindInspectionPlan, strconv.Itoa(year), plan); errors.Is(err, ErrNotFound) {
		if plan, err = supervision.PlanInspections(slices.Collect(h.Units()), year, s.seed, s.cal); err != nil {
			return nil, connect.NewError(connect.CodeFailedPrecondition, fmt.Errorf("the units cannot be planned for inspection: %w", err))
		}
		data, err := marshal(plan)
		if err != nil {
			return nil, toConnect(err)
		}
		changes = append(changes, Change{Kind: KindInspectionPlan, ID: strconv.Itoa(year), Data: data, ExpectVersion: ExpectAbsent})
	} else if err != nil {
		return nil, toConnect(err)
	}
	dir := supervision.NewDirectory(h, tasks)

	// Each batch's decisions are written as it is computed, so that memory
	// holds a batch's changes; deciding again is idempotent, so a call that
	// fails half-way is simply repeated.
	var parts []supervision.Agenda
	for i := first; i < last; i += s.runBatch {
		var orgs []string
		for _, u := range units[i:min(i+s.runBatch, last)] {
			orgs = append(orgs, byUnit[u]...)
		}
		st, recs, problems, err := s.agendaState(ctx, h, orgs, units[i:min(i+s.runBatch, last)], year, day, plan)
		if err != nil {
			return nil, err
		}
		out.Problems = append(out.Problems, problems...)
		st.Directory = dir
		ag := supervision.Due(on, st, s.cal, s.policy)
		parts = append(parts, ag)
		if !write {
			continue
		}
		version := make(map[string]int64, len(recs))
		for _, r := range recs {
			version[r.ID] = r.Version
		}
		if changes, err = agendaChanges(changes, ag, version); err != nil {
			return nil, err
		}
		if err := s.apply(ctx, changes); err != nil {
			return nil, toConnect(err)
		}
		changes = changes[:0]
	}
	if write {
		if err := s.apply(ctx, changes); err != nil {
			return nil, toConnect(err)
		}
	}
	agenda := supervision.Merge(parts...)
	out.Reminders = agenda.Reminders
	out.Dispatches = agenda.Dispatches
	out.Opened = agenda.Open
	for _, u := range agenda.Urges {
		out.Urged = append(out.Urged, u.Case)
	}
	order := make(map[string]int, len(plan.GetInspections()))
	for i, in := range plan.GetInspections() {
		order[in.GetId()] = i
	}
	out.Inspections = agenda.Inspections
	slices.SortStableFunc(out.Inspections, func(a, b *zerenv1.Inspection) int { return order[a.GetId()] - order[b.GetId()] })
	for _, pr := range agenda.Diagnostics {
		out.Problems = append(out.Problems, wireProblem(pr))
	}
	return connect.NewResponse(out), nil
}

// maxAgendaUnits is the most units_per_page of GetAgenda.
const maxAgendaUnits = 1000

// agendaChanges appends the writes of an agenda's decisions: the cases it
// opens (expected absent) and the cases it urges (expecting the version
// read).
func agendaChanges(changes []Change, ag supervision.Agenda, version map[string]int64) ([]Change, error) {
	for _, c := range ag.Open {
		if pr := keyProblem(c.GetId()); pr != "" {
			return nil, connect.NewError(connect.CodeFailedPrecondition, fmt.Errorf("case %q cannot be stored: its id %s", c.GetId(), pr))
		}
		data, err := marshal(c)
		if err != nil {
			return nil, toConnect(err)
		}
		changes = append(changes, Change{Kind: KindCase, ID: c.GetId(), Scope: c.GetOrganizationId(), Data: data, ExpectVersion: ExpectAbsent})
	}
	for _, u := range ag.Urges {
		data, err := marshal(u.Case)
		if err != nil {
			return nil, toConnect(err)
		}
		changes = append(changes, Change{Kind: KindCase, ID: u.Case.GetId(), Scope: u.Case.GetOrganizationId(), Data: data, ExpectVersion: version[u.Case.GetId()]})
	}
	return changes, nil
}

// visibleUnits returns the units whose organisations the caller sees, in
// structure order (every unit for the 机关工委, for its inspections; an
// organisation of no unit is listed under ""), with those organisations.
func visibleUnits(h *responsibility.Hierarchy, v visibility) ([]string, map[string][]string) {
	byUnit := map[string][]string{}
	for o := range h.Organizations() {
		if v.sees(o.GetId()) {
			byUnit[o.GetUnitId()] = append(byUnit[o.GetUnitId()], o.GetId())
		}
	}
	var units []string
	for u := range h.Units() {
		if v.all || len(byUnit[u.GetId()]) > 0 {
			units = append(units, u.GetId())
		}
	}
	if _, ok := h.Unit(""); !ok && len(byUnit[""]) > 0 {
		units = append(units, "")
	}
	return units, byUnit
}

// agendaState reads what supervision looks at for some organisations: their
// assignments of the year and the year before (rebound to whoever holds the
// post on day), their cases (and the store versions) and findings, each
// list in id order, with the findings recorded on the plan's inspections of
// the organisations, and the plan's inspections of their units.
func (s *Server) agendaState(ctx context.Context, h *responsibility.Hierarchy, orgs, unitIDs []string, year int, day time.Time, plan *zerenv1.InspectionPlan) (supervision.State, []Record, []*zerenv1.ValidationProblem, error) {
	var st supervision.State
	byID := func(a, b string) int { return strings.Compare(a, b) }
	for _, y := range []int{year - 1, year} {
		as, _, err := loadIn(ctx, s, KindAssignment, strconv.Itoa(y)+"/", orgs, newAssignment)
		if err != nil {
			return st, nil, nil, toConnect(err)
		}
		slices.SortFunc(as, func(a, b *zerenv1.Assignment) int { return byID(a.GetId(), b.GetId()) })
		st.Assignments = append(st.Assignments, as...)
	}
	var problems []*zerenv1.ValidationProblem
	// Reminders go to whoever holds the post today (人随岗走), even before
	// a re-decomposition records the handover.
	var rerr *checklist.ValidationError
	if _, err := checklist.Rebind(h, st.Assignments, day); errors.As(err, &rerr) {
		for _, pr := range rerr.Problems {
			problems = append(problems, &zerenv1.ValidationProblem{Record: pr.Record, Id: pr.ID, Name: pr.Name, Field: pr.Field, Message: pr.Message})
		}
	}
	cases, recs, err := loadIn(ctx, s, KindCase, "", orgs, func() *zerenv1.SupervisionCase { return &zerenv1.SupervisionCase{} })
	if err != nil {
		return st, nil, nil, toConnect(err)
	}
	slices.SortFunc(cases, func(a, b *zerenv1.SupervisionCase) int { return byID(a.GetId(), b.GetId()) })
	st.Cases = cases
	if st.Findings, _, err = loadIn(ctx, s, KindFinding, "", orgs, func() *zerenv1.Finding { return &zerenv1.Finding{} }); err != nil {
		return st, nil, nil, toConnect(err)
	}
	slices.SortFunc(st.Findings, func(a, b *zerenv1.Finding) int { return byID(a.GetId(), b.GetId()) })
	// The plan's inspections of the batch's units, and the findings recorded
	// on any inspection about the batch's organisations, so that each
	// finding is judged once, with its organisation's cases.
	mine := make(map[string]bool, len(orgs))
	for _, o := range orgs {
		mine[o] = true
	}
	units := make(map[string]bool, len(unitIDs))
	for _, u := range unitIDs {
		units[u] = true
	}
	st.Plan = &zerenv1.InspectionPlan{Year: plan.GetYear(), Seed: plan.GetSeed()}
	for _, in := range plan.GetInspections() {
		for _, f := range in.GetFindings() {
			if mine[f.GetOrganizationId()] {
				st.Findings = append(st.Findings, f)
			}
		}
		if units[in.GetUnitId()] {
			c := proto.CloneOf(in)
			c.Findings = nil
			st.Plan.Inspections = append(st.Plan.Inspections, c)
		}
	}
	return st, recs, problems, nil
}

// planOfYear returns the stored plan of a year, or nil.
func (s *Server) planOfYear(ctx context.Context, year int) (*zerenv1.Plan, error) {
	idx := &zerenv1.Plan{}
	if _, err := s.load(ctx, KindPlanYear, strconv.Itoa(year), idx); errors.Is(err, ErrNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	plan := &zerenv1.Plan{}
	if _, err := s.load(ctx, KindPlan, idx.GetId(), plan); errors.Is(err, ErrNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return plan, nil
}

// loadCase reads a case in the caller's subtree.
func (s *Server) loadCase(ctx context.Context, h *responsibility.Hierarchy, id string) (*zerenv1.SupervisionCase, Record, error) {
	if id == "" {
		return nil, Record{}, invalid("case_id", errors.New("is empty"))
	}
	if pr := keyProblem(id); pr != "" {
		return nil, Record{}, invalid("case_id", errors.New(pr))
	}
	rec, err := s.store.Get(ctx, KindCase, id)
	if errors.Is(err, ErrNotFound) || (err == nil && !reach(ctx, h, rec.Scope)) {
		return nil, Record{}, missing("case", id)
	} else if err != nil {
		return nil, Record{}, toConnect(err)
	}
	c := &zerenv1.SupervisionCase{}
	if err := proto.Unmarshal(rec.Data, c); err != nil {
		return nil, Record{}, toConnect(fmt.Errorf("stored case %q is corrupt: %w", id, err))
	}
	return c, rec, nil
}

// checkEvidence checks evidence and measures attached to a request.
func checkEvidence(ps *problemList, evidence []*zerenv1.Evidence, measures []string) {
	if len(evidence) > maxEvidence {
		ps.add("evidence", "holds %d items, more than the %d allowed", len(evidence), maxEvidence)
	}
	for i, e := range evidence {
		if ts := e.GetRecordedAt(); ts != nil && ts.CheckValid() != nil {
			ps.add(fmt.Sprintf("evidence[%d].recorded_at", i), "%v", ts.CheckValid())
		}
	}
	if len(measures) > maxEvidence {
		ps.add("measures", "holds %d items, more than the %d allowed", len(measures), maxEvidence)
	}
	for i, m := range measures {
		if len(m) > maxNoteBytes {
			ps.add(fmt.Sprintf("measures[%d]", i), "is %d bytes, more than the %d allowed", len(m), maxNoteBytes)
		}
	}
}

// caseStateFinal are the states only the 机关工委 may move a case to: it
// verifies (验收), returns (退回) and closes out (销号) what units rectify.
var caseStateFinal = map[zerenv1.CaseState]bool{
	zerenv1.CaseState_CASE_STATE_VERIFIED: true,
	zerenv1.CaseState_CASE_STATE_RETURNED: true,
	zerenv1.CaseState_CASE_STATE_CLOSED:   true,
}

// TransitionCase moves a case through rectification with the caller as
// actor and the server's clock as the time.
func (sv supervisionService) TransitionCase(ctx context.Context, req *connect.Request[zerenv1.TransitionCaseRequest]) (*connect.Response[zerenv1.TransitionCaseResponse], error) {
	s, m := sv.s, req.Msg
	var ps problemList
	if _, ok := zerenv1.CaseState_name[int32(m.GetTo())]; !ok || m.GetTo() == 0 {
		ps.add("to", "must be a case state (CASE_STATE_RECTIFYING, …)")
	}
	if err := checkText("note", m.GetNote()); err != nil {
		ps.addErr(err)
	}
	checkEvidence(&ps, m.GetEvidence(), m.GetMeasures())
	if err := ps.err(); err != nil {
		return nil, err
	}
	h, err := s.hierarchy(ctx)
	if err != nil {
		return nil, toConnect(err)
	}
	c, rec, err := s.loadCase(ctx, h, m.GetCaseId())
	if err != nil {
		return nil, err
	}
	p, _ := PrincipalFrom(ctx)
	if caseStateFinal[m.GetTo()] && !p.All() {
		return nil, connect.NewError(connect.CodePermissionDenied, fmt.Errorf(
			"moving case %q to %s is the work committee's (验收、退回、销号); %s may move it to RECTIFYING or SUBMITTED",
			c.GetId(), supervision.StateName(m.GetTo()), p.Subject))
	}
	out, err := supervision.Transition(c, m.GetTo(), supervision.Event{
		At: s.now(), Actor: p.Subject, Note: m.GetNote(), Measures: m.GetMeasures(), Evidence: m.GetEvidence(),
	})
	if err != nil {
		return nil, toConnect(err)
	}
	if pr := caseCapProblem(out); pr != "" {
		return nil, invalid("evidence", errors.New(pr))
	}
	data, err := marshal(out)
	if err != nil {
		return nil, toConnect(err)
	}
	if err := s.apply(ctx, []Change{{Kind: KindCase, ID: out.GetId(), Scope: rec.Scope, Data: data, ExpectVersion: rec.Version}}); err != nil {
		return nil, toConnect(err)
	}
	return connect.NewResponse(&zerenv1.TransitionCaseResponse{Case: out}), nil
}

// ListCases pages through the cases of a subtree.
func (sv supervisionService) ListCases(ctx context.Context, req *connect.Request[zerenv1.ListCasesRequest]) (*connect.Response[zerenv1.ListCasesResponse], error) {
	m := req.Msg
	if _, ok := zerenv1.CaseState_name[int32(m.GetState())]; !ok {
		return nil, invalid("state", fmt.Errorf("%d is not a case state", m.GetState()))
	}
	var match func(*zerenv1.SupervisionCase) bool
	if m.GetState() != 0 {
		match = func(c *zerenv1.SupervisionCase) bool { return c.GetState() == m.GetState() }
	}
	cases, next, err := listVisible(ctx, sv.s, listQuery{
		kind: KindCase, orgID: m.GetOrganizationId(), size: m.GetPageSize(), token: m.GetPageToken(),
		fp: fingerprint("cases", m.GetOrganizationId(), m.GetState().String()),
	}, func() *zerenv1.SupervisionCase { return &zerenv1.SupervisionCase{} }, match)
	if err != nil {
		return nil, err
	}
	resp := &zerenv1.ListCasesResponse{Cases: cases, NextPageToken: next}
	return connect.NewResponse(resp), nil
}

// RecordFindings stores inspection findings, all or none.
func (sv supervisionService) RecordFindings(ctx context.Context, req *connect.Request[zerenv1.RecordFindingsRequest]) (*connect.Response[zerenv1.RecordFindingsResponse], error) {
	if err := requireAll(ctx, "RecordFindings"); err != nil {
		return nil, err
	}
	fs := req.Msg.GetFindings()
	if len(fs) == 0 {
		return nil, invalid("findings", errors.New("is empty"))
	}
	if err := checkLen("findings", len(fs), maxItems); err != nil {
		return nil, err
	}
	h, err := sv.s.hierarchy(ctx)
	if err != nil {
		return nil, toConnect(err)
	}
	var ps problemList
	seen := map[string]bool{}
	changes := make([]Change, 0, len(fs))
	for i, f := range fs {
		field := fmt.Sprintf("findings[%d]", i)
		if pr := idProblem(f.GetId()); pr != "" {
			ps.add(field+".id", "%s", pr)
		} else if seen[f.GetId()] {
			ps.add(field+".id", "%q is listed twice", f.GetId())
		}
		seen[f.GetId()] = true
		if _, ok := h.Organization(f.GetOrganizationId()); !ok {
			ps.add(field+".organization_id", "organisation %q does not exist", f.GetOrganizationId())
		}
		if _, ok := zerenv1.Dimension_name[int32(f.GetDimension())]; !ok || f.GetDimension() == 0 {
			ps.add(field+".dimension", "must be a dimension (DIMENSION_POLITICAL, …)")
		}
		if _, ok := zerenv1.Severity_name[int32(f.GetSeverity())]; !ok {
			ps.add(field+".severity", "%d is not a severity", f.GetSeverity())
		}
		if f.GetDescription() == "" {
			ps.add(field+".description", "is empty: say what was found")
		} else if len(f.GetDescription()) > maxNoteBytes {
			ps.add(field+".description", "is %d bytes, more than the %d allowed", len(f.GetDescription()), maxNoteBytes)
		}
		if f.GetFoundAt() == nil {
			ps.add(field+".found_at", "is required")
		} else if err := f.GetFoundAt().CheckValid(); err != nil {
			ps.add(field+".found_at", "%v", err)
		}
		for _, ref := range [...][2]string{{"inspection_id", f.GetInspectionId()}, {"problem_id", f.GetProblemId()}, {"task_id", f.GetTaskId()}} {
			if ref[1] != "" && keyProblem(ref[1]) != "" {
				ps.add(field+"."+ref[0], "%s", keyProblem(ref[1]))
			}
		}
		if len(ps) > 0 {
			continue
		}
		// A stored finding is replaced only by a versioned update.
		expect := int64(ExpectAbsent)
		if v, ok := req.Msg.GetReplaceVersions()[f.GetId()]; ok {
			expect = v
		}
		switch rec, err := sv.s.store.Get(ctx, KindFinding, f.GetId()); {
		case errors.Is(err, ErrNotFound):
			if expect != ExpectAbsent {
				ps.add(field+".id", "问题“%s”尚未记录，不能按版本更新（finding %q is not stored; drop it from replace_versions to record it）", f.GetId(), f.GetId())
			}
		case err != nil:
			return nil, toConnect(err)
		case expect == ExpectAbsent:
			ps.add(field+".id", "问题“%s”已记录（版本 %d）；更新请在 replace_versions 中给出该版本（finding %q is already stored at version %d; to replace it, list its id with that version in replace_versions）",
				f.GetId(), rec.Version, f.GetId(), rec.Version)
		case expect != rec.Version:
			ps.add(field+".id", "问题“%s”的当前版本是 %d，不是 %d（finding %q is at version %d, not %d: it changed since you read it）",
				f.GetId(), rec.Version, expect, f.GetId(), rec.Version, expect)
		}
		if len(ps) > 0 {
			continue
		}
		data, err := marshal(f)
		if err != nil {
			return nil, toConnect(err)
		}
		changes = append(changes, Change{Kind: KindFinding, ID: f.GetId(), Scope: f.GetOrganizationId(), Data: data, ExpectVersion: expect})
	}
	for id := range req.Msg.GetReplaceVersions() {
		if !seen[id] {
			ps.add("replace_versions", "“%s”不在 findings 中（%q is not among the findings）", problem.Printable(id), id)
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	if err := sv.s.apply(ctx, changes); err != nil {
		return nil, toConnect(err)
	}
	resp := &zerenv1.RecordFindingsResponse{Recorded: int32(len(changes)), Versions: map[string]int64{}}
	for _, ch := range changes {
		r, err := sv.s.store.Get(ctx, KindFinding, ch.ID)
		if err != nil {
			return nil, toConnect(err)
		}
		resp.Versions[ch.ID] = r.Version
	}
	return connect.NewResponse(resp), nil
}

// ExtendCase approves an extension of a case's deadline, as the caller, and
// stores the case and the assignments whose due dates moved, atomically.
func (sv supervisionService) ExtendCase(ctx context.Context, req *connect.Request[zerenv1.ExtendCaseRequest]) (*connect.Response[zerenv1.ExtendCaseResponse], error) {
	if err := requireAll(ctx, "ExtendCase"); err != nil {
		return nil, err
	}
	s, m := sv.s, req.Msg
	var ps problemList
	if m.GetNewDeadline() == nil {
		ps.add("new_deadline", "is required")
	} else if err := m.GetNewDeadline().CheckValid(); err != nil {
		ps.add("new_deadline", "%v", err)
	}
	if m.GetReason() == "" {
		ps.add("reason", "is required: say why the deadline moves")
	} else if err := checkText("reason", m.GetReason()); err != nil {
		ps.addErr(err)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	h, err := s.hierarchy(ctx)
	if err != nil {
		return nil, toConnect(err)
	}
	c, rec, err := s.loadCase(ctx, h, m.GetCaseId())
	if err != nil {
		return nil, err
	}
	newDeadline := m.GetNewDeadline().AsTime()
	if !s.cal.Day(newDeadline).After(c.GetDeadline().AsTime()) {
		return nil, invalid("new_deadline", fmt.Errorf("%s is not after the case's deadline %s",
			s.cal.Day(newDeadline).Format(time.DateOnly), c.GetDeadline().AsTime().In(s.cal.Location()).Format(time.DateOnly)))
	}
	type stored struct {
		key     string
		version int64
	}
	var assignments []*zerenv1.Assignment
	keys := map[string]stored{}
	for _, id := range c.GetAssignmentIds() {
		key := keyOfID(id)
		if key == "" {
			continue
		}
		r, err := s.store.Get(ctx, KindAssignment, key)
		if errors.Is(err, ErrNotFound) {
			continue
		} else if err != nil {
			return nil, toConnect(err)
		}
		a := &zerenv1.Assignment{}
		if err := proto.Unmarshal(r.Data, a); err != nil {
			return nil, toConnect(err)
		}
		assignments = append(assignments, a)
		keys[a.GetId()] = stored{key, r.Version}
	}
	p, _ := PrincipalFrom(ctx)
	rp, err := supervision.Extend(c, supervision.ExtensionRequest{
		NewDeadline: s.cal.Day(newDeadline), Reason: m.GetReason(), ApprovedBy: p.Subject, At: s.now(), Assignments: assignments,
	}, s.cal, s.policy)
	if err != nil {
		return nil, toConnect(err)
	}
	data, err := marshal(rp.Case)
	if err != nil {
		return nil, toConnect(err)
	}
	changes := []Change{{Kind: KindCase, ID: rp.Case.GetId(), Scope: rec.Scope, Data: data, ExpectVersion: rec.Version}}
	for _, a := range rp.Assignments {
		k := keys[a.GetId()]
		data, err := marshal(a)
		if err != nil {
			return nil, toConnect(err)
		}
		changes = append(changes, Change{Kind: KindAssignment, ID: k.key, Scope: a.GetOrganizationId(), Data: data, ExpectVersion: k.version})
	}
	if err := s.apply(ctx, changes); err != nil {
		return nil, toConnect(err)
	}
	return connect.NewResponse(&zerenv1.ExtendCaseResponse{Case: rp.Case, Assignments: rp.Assignments, Reminders: rp.Reminders}), nil
}
