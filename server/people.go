package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/people"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// Document kinds of the people service.
const (
	// KindReviewPlan: a ReviewPlan under its id.
	KindReviewPlan = "review_plan"
	// KindPostReview: a scored 述职评议 (ReviewResult) under its review id,
	// scoped to the organisation of the post reviewed.
	KindPostReview = "post_review"
	// KindEligibilityRules: a PutEligibilityRulesRequest under its id.
	KindEligibilityRules = "eligibility_rules"
	// KindTalk: a Talk under its id, scoped to the organisation concerned.
	KindTalk = "talk"
)

type peopleService struct{ s *Server }

// checkKey checks an id that may hold "/" (proposal and talk ids).
func checkKey(field, id string) error {
	switch {
	case id == "":
		return invalid(field, errors.New("is empty"))
	case keyProblem(id) != "":
		return invalid(field, errors.New(keyProblem(id)))
	}
	return nil
}

// personMissing is the one answer for a person, talk, review or plan that
// does not exist or lies outside the caller's subtree.
func personMissing(zh, record, id string) error {
	return connect.NewError(connect.CodeNotFound,
		fmt.Errorf("%s %s 不存在或不在调用方的范围内（%s %s does not exist）", zh, strconv.Quote(id), record, strconv.Quote(id)))
}

// validationWith answers a library validation error (package people's,
// here) with the code given (a stored plan or rule that no longer compiles is a failed
// precondition, not a bad request), its problems converted like every
// library problem; any other error as [toConnect] maps it.
func validationWith(code connect.Code, err error) error {
	if ve, ok := problem.As(err); ok {
		return withProblems(code, err, wireProblems(ve))
	}
	return toConnect(err)
}

func (ps peopleService) PutReviewPlan(ctx context.Context, req *connect.Request[zerenv1.PutReviewPlanRequest]) (*connect.Response[zerenv1.PutReviewPlanResponse], error) {
	if err := requireAll(ctx, "PutReviewPlan"); err != nil {
		return nil, err
	}
	plan := req.Msg.GetPlan()
	if plan == nil {
		return nil, invalid("plan", errors.New("is missing"))
	}
	if err := checkID("plan.id", plan.GetId()); err != nil {
		return nil, err
	}
	h, err := ps.s.hierarchy(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := people.NewPlan(plan, h); err != nil {
		return nil, validationWith(connect.CodeInvalidArgument, err)
	}
	v, err := ps.s.save(ctx, KindReviewPlan, plan.GetId(), "", plan)
	if err != nil {
		return nil, toConnect(err)
	}
	return connect.NewResponse(&zerenv1.PutReviewPlanResponse{Version: v}), nil
}

func (ps peopleService) RecordReviews(ctx context.Context, req *connect.Request[zerenv1.RecordReviewsRequest]) (*connect.Response[zerenv1.RecordReviewsResponse], error) {
	m := req.Msg
	if err := checkID("plan_id", m.GetPlanId()); err != nil {
		return nil, err
	}
	if err := checkLen("reviews", len(m.GetReviews()), 10000); err != nil {
		return nil, err
	}
	h, err := ps.s.hierarchy(ctx)
	if err != nil {
		return nil, err
	}
	plan := &zerenv1.ReviewPlan{}
	if _, err := ps.s.load(ctx, KindReviewPlan, m.GetPlanId(), plan); errors.Is(err, ErrNotFound) {
		return nil, personMissing("述职评议方案", "review plan", m.GetPlanId())
	} else if err != nil {
		return nil, toConnect(err)
	}
	pl, err := people.NewPlan(plan, h)
	if err != nil {
		return nil, validationWith(connect.CodeFailedPrecondition, err)
	}
	scopes := make([]string, len(m.GetReviews()))
	for i, rv := range m.GetReviews() {
		if err := checkID(fmt.Sprintf("reviews[%d].id", i), rv.GetId()); err != nil {
			return nil, err
		}
		post, ok := h.Post(rv.GetPostId())
		if !ok || !reach(ctx, h, post.GetOrganizationId()) {
			return nil, missing("post", rv.GetPostId())
		}
		scopes[i] = post.GetOrganizationId()
	}
	v, err := visible(ctx, h, "")
	if err != nil {
		return nil, err
	}
	findings, _, err := loadAll(ctx, ps.s, KindFinding, "", v, func() *zerenv1.Finding { return &zerenv1.Finding{} })
	if err != nil {
		return nil, toConnect(err)
	}
	results, err := pl.Score(m.GetReviews(), findings)
	if err != nil {
		return nil, validationWith(connect.CodeInvalidArgument, err)
	}
	changes := make([]Change, 0, len(results))
	for i, r := range results {
		// A review id already stored under another subtree is not the
		// caller's to replace.
		if old, err := ps.s.store.Get(ctx, KindPostReview, r.GetReviewId()); err == nil && !reach(ctx, h, old.Scope) {
			return nil, personMissing("述职评议", "review", r.GetReviewId())
		}
		data, err := marshal(r)
		if err != nil {
			return nil, toConnect(err)
		}
		changes = append(changes, Change{Kind: KindPostReview, ID: r.GetReviewId(), Scope: scopes[i], Data: data})
	}
	if err := ps.s.apply(ctx, changes); err != nil {
		return nil, toConnect(err)
	}
	return connect.NewResponse(&zerenv1.RecordReviewsResponse{Results: results}), nil
}

func (ps peopleService) PutEligibilityRules(ctx context.Context, req *connect.Request[zerenv1.PutEligibilityRulesRequest]) (*connect.Response[zerenv1.PutEligibilityRulesResponse], error) {
	if err := requireAll(ctx, "PutEligibilityRules"); err != nil {
		return nil, err
	}
	m := req.Msg
	if err := checkID("id", m.GetId()); err != nil {
		return nil, err
	}
	env, err := ps.s.env()
	if err != nil {
		return nil, toConnect(err)
	}
	if _, err := people.NewRules(env, m.GetRules()); err != nil {
		return nil, validationWith(connect.CodeInvalidArgument, err)
	}
	v, err := ps.s.save(ctx, KindEligibilityRules, m.GetId(), "", m)
	if err != nil {
		return nil, toConnect(err)
	}
	return connect.NewResponse(&zerenv1.PutEligibilityRulesResponse{Version: v}), nil
}

// outcomeRecord reads the records people.Outcome can use for one person in
// a period, among those the caller sees (v), and no others, so that a call
// about one person reads that person's part of a province, not the
// province:
//
//   - findings and cases: those of the organisations people.Watched admits
//     for the posts the person held within the period
//     (people.WatchedOrganizations), read scope by scope (both are scoped
//     to their organisation_id, moves to a successor included);
//   - the run's results (with run_id): those of the units of the posts
//     held, each read from its scope, the one the run gave the unit's facts
//     under their exact key "<run id>/<generation>/<unit id>";
//   - 述职评议 results, proposals and talks: Outcome takes those naming the
//     person (person_id; a proposal's liability or tenures), whatever their
//     organisation. Their scope does not say whom they name — a proposal
//     moved to a successor when its organisation was removed (rebind), or a
//     review of a post since removed, still names a person who held no post
//     at its scope — so these kinds are walked page by page, and a record
//     is decoded and kept only when its bytes hold the person's id (a
//     string field is stored as its bytes, so nothing naming the person is
//     skipped).
//
// What is held is the person's records; what is read is bounded by the
// person's organisations for findings, cases and results, but is every
// record of the three other kinds the caller sees, each call: a province
// whose runs raised a million proposals reads them all (not decoding
// them) to answer for one person.
func (s *Server) outcomeRecord(ctx context.Context, h *responsibility.Hierarchy, v visibility, m *zerenv1.GetPersonOutcomeRequest) (people.Record, error) {
	personID := m.GetPersonId()
	rec := people.Record{}
	held, err := people.PostsHeld(h, personID, m.GetPeriod())
	if err != nil {
		return rec, toConnect(err)
	}
	var orgs, units []string
	seenOrg, seenUnit := map[string]bool{}, map[string]bool{}
	for _, p := range held {
		for _, o := range people.WatchedOrganizations(h, p.GetOrganizationId()) {
			if !seenOrg[o] && v.sees(o) {
				seenOrg[o] = true
				orgs = append(orgs, o)
			}
		}
		if u := p.GetUnitId(); u != "" && !seenUnit[u] {
			seenUnit[u] = true
			units = append(units, u)
		}
	}
	if m.GetRunId() != "" {
		run, _, err := s.loadRun(ctx, m.GetRunId())
		if err != nil {
			return rec, err
		}
		var scopes []string
		for _, u := range units {
			// Only a unit the caller sees part of: nothing is read for
			// another's (its result is not the caller's to read).
			uo, _ := h.UnitOrganizations(u)
			if !slices.ContainsFunc(uo, func(o *zerenv1.Organization) bool { return v.sees(o.GetId()) }) {
				continue
			}
			f, err := s.store.Get(ctx, KindFacts, genPrefix(run)+u)
			switch {
			case errors.Is(err, ErrNotFound):
				continue // the unit was not assessed in this run
			case err != nil:
				return rec, toConnect(err)
			}
			if v.sees(f.Scope) && !slices.Contains(scopes, f.Scope) {
				scopes = append(scopes, f.Scope)
			}
		}
		if rec.Results, err = loadInByID(ctx, s, KindResult, genPrefix(run), scopes, func() *zerenv1.Result { return &zerenv1.Result{} }); err != nil {
			return rec, toConnect(err)
		}
		sys := &zerenv1.PutIndicatorSystemRequest{}
		if _, err := s.load(ctx, KindRunSystem, genKey(run), sys); err == nil {
			names := map[string]string{}
			for _, g := range sys.GetSystem().GetGradeScale().GetGrades() {
				names[g.GetId()] = g.GetName()
			}
			rec.GradeName = func(id string) string {
				if n, ok := names[id]; ok {
					return n
				}
				return id
			}
		}
	}
	if rec.Findings, err = loadInByID(ctx, s, KindFinding, "", orgs, func() *zerenv1.Finding { return &zerenv1.Finding{} }); err != nil {
		return rec, toConnect(err)
	}
	if rec.Cases, err = loadInByID(ctx, s, KindCase, "", orgs, func() *zerenv1.SupervisionCase { return &zerenv1.SupervisionCase{} }); err != nil {
		return rec, toConnect(err)
	}
	naming := func(r Record) bool { return bytes.Contains(r.Data, []byte(personID)) }
	if rec.Reviews, err = loadNaming(ctx, s, KindPostReview, v, naming, func() *zerenv1.ReviewResult { return &zerenv1.ReviewResult{} },
		func(r *zerenv1.ReviewResult) bool { return r.GetPersonId() == personID }); err != nil {
		return rec, toConnect(err)
	}
	if rec.Proposals, err = loadNaming(ctx, s, KindProposal, v, naming, func() *zerenv1.Proposal { return &zerenv1.Proposal{} },
		func(p *zerenv1.Proposal) bool {
			return p.GetLiability().GetPersonId() == personID ||
				slices.ContainsFunc(p.GetTenures(), func(t *zerenv1.Tenure) bool { return t.GetPersonId() == personID })
		}); err != nil {
		return rec, toConnect(err)
	}
	if rec.Talks, err = loadNaming(ctx, s, KindTalk, v, naming, func() *zerenv1.Talk { return &zerenv1.Talk{} },
		func(t *zerenv1.Talk) bool { return t.GetPersonId() == personID }); err != nil {
		return rec, toConnect(err)
	}
	return rec, nil
}

// loadInByID is loadIn with the records in id order, as one List of the
// kind gives them (people.Outcome lists findings and cases in the order it
// is given them).
func loadInByID[M proto.Message](ctx context.Context, s *Server, kind, prefix string, scopes []string, mk func() M) ([]M, error) {
	ms, rs, err := loadIn(ctx, s, kind, prefix, scopes, mk)
	if err != nil {
		return nil, err
	}
	idx := make([]int, len(ms))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return strings.Compare(rs[a].ID, rs[b].ID) })
	out := make([]M, len(ms))
	for i, j := range idx {
		out[i] = ms[j]
	}
	return out, nil
}

// loadNaming walks every record of a kind the caller sees, page by page,
// and keeps, in id order, those whose bytes pass quick and whose message
// keep accepts: memory for the records kept, not for the kind.
func loadNaming[M proto.Message](ctx context.Context, s *Server, kind string, v visibility, quick func(Record) bool, mk func() M, keep func(M) bool) ([]M, error) {
	var out []M
	err := s.each(ctx, kind, "", v, func(r Record) error {
		if !quick(r) {
			return nil
		}
		m := mk()
		if err := proto.Unmarshal(r.Data, m); err != nil {
			return fmt.Errorf("stored %s %q is corrupt: %w", kind, r.ID, err)
		}
		if keep(m) {
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

func (ps peopleService) GetPersonOutcome(ctx context.Context, req *connect.Request[zerenv1.GetPersonOutcomeRequest]) (*connect.Response[zerenv1.GetPersonOutcomeResponse], error) {
	m := req.Msg
	if err := checkID("person_id", m.GetPersonId()); err != nil {
		return nil, err
	}
	if _, _, ok := calendar.PeriodBounds(m.GetPeriod(), ps.s.loc); !ok {
		return nil, invalid("period", errors.New("is missing or invalid（期间无效）"))
	}
	h, err := ps.s.hierarchy(ctx)
	if err != nil {
		return nil, err
	}
	if _, ok := h.Person(m.GetPersonId()); !ok {
		return nil, personMissing("人员", "person", m.GetPersonId())
	}
	v, err := visible(ctx, h, "")
	if err != nil {
		return nil, err
	}
	rec, err := ps.s.outcomeRecord(ctx, h, v, m)
	if err != nil {
		return nil, err
	}
	o, err := people.Outcome(h, m.GetPersonId(), m.GetPeriod(), rec)
	if err != nil {
		return nil, toConnect(err)
	}
	// Only the posts in the caller's subtree, and what hangs on them.
	posts := map[string]bool{}
	kept := o.Posts[:0]
	for _, p := range o.GetPosts() {
		if v.sees(p.GetOrganizationId()) {
			kept = append(kept, p)
			posts[p.GetPostId()] = true
		}
	}
	if len(kept) == 0 {
		return nil, personMissing("人员", "person", m.GetPersonId())
	}
	o.Posts = kept
	grades := o.UnitGrades[:0]
	for _, g := range o.GetUnitGrades() {
		if posts[g.GetPostId()] {
			grades = append(grades, g)
		}
	}
	o.UnitGrades = grades
	if m.GetRulesId() != "" {
		stored := &zerenv1.PutEligibilityRulesRequest{}
		if _, err := ps.s.load(ctx, KindEligibilityRules, m.GetRulesId(), stored); errors.Is(err, ErrNotFound) {
			return nil, personMissing("资格规则", "eligibility rules", m.GetRulesId())
		} else if err != nil {
			return nil, toConnect(err)
		}
		env, err := ps.s.env()
		if err != nil {
			return nil, toConnect(err)
		}
		rules, err := people.NewRules(env, stored.GetRules())
		if err != nil {
			return nil, validationWith(connect.CodeFailedPrecondition, err)
		}
		o.Eligibility = rules.Evaluate(ctx, o)
	}
	return connect.NewResponse(&zerenv1.GetPersonOutcomeResponse{Outcome: o}), nil
}

func (ps peopleService) OpenTalk(ctx context.Context, req *connect.Request[zerenv1.OpenTalkRequest]) (*connect.Response[zerenv1.OpenTalkResponse], error) {
	if err := requireAll(ctx, "OpenTalk"); err != nil {
		return nil, err
	}
	m := req.Msg
	if err := checkKey("proposal_id", m.GetProposalId()); err != nil {
		return nil, err
	}
	if m.GetTalk() == nil {
		return nil, invalid("talk", errors.New("is missing"))
	}
	// A talk's commitments and points are few; the bound keeps the talk,
	// its cases and the batch that writes them small.
	if err := checkLen("talk.commitments", len(m.GetTalk().GetCommitments()), maxEvidence); err != nil {
		return nil, err
	}
	if err := checkLen("talk.points", len(m.GetTalk().GetPoints()), maxEvidence); err != nil {
		return nil, err
	}
	for i, p := range m.GetTalk().GetPoints() {
		if err := checkText(fmt.Sprintf("talk.points[%d]", i), p); err != nil {
			return nil, err
		}
	}
	h, err := ps.s.hierarchy(ctx)
	if err != nil {
		return nil, err
	}
	p := &zerenv1.Proposal{}
	if _, err := ps.s.load(ctx, KindProposal, m.GetProposalId(), p); errors.Is(err, ErrNotFound) {
		return nil, missing("proposal", m.GetProposalId())
	} else if err != nil {
		return nil, toConnect(err)
	}
	who, _ := PrincipalFrom(ctx)
	spec := people.SpecOf(m.GetTalk(), who.Subject)
	spec.ID = ""
	talk, cases, err := people.OpenTalk(h, p, spec, ps.s.cal)
	if err != nil {
		return nil, validationWith(connect.CodeFailedPrecondition, err)
	}
	data, err := marshal(talk)
	if err != nil {
		return nil, toConnect(err)
	}
	changes := []Change{{Kind: KindTalk, ID: talk.GetId(), Scope: talk.GetOrganizationId(), Data: data, ExpectVersion: ExpectAbsent}}
	ids := make([]string, 0, len(cases))
	for _, c := range cases {
		d, err := marshal(c)
		if err != nil {
			return nil, toConnect(err)
		}
		changes = append(changes, Change{Kind: KindCase, ID: c.GetId(), Scope: c.GetOrganizationId(), Data: d, ExpectVersion: ExpectAbsent})
		ids = append(ids, c.GetId())
	}
	if err := ps.s.apply(ctx, changes); errors.Is(err, ErrConflict) {
		return nil, connect.NewError(connect.CodeAlreadyExists, fmt.Errorf("谈话记录“%s”已存在（talk %q already exists）", talk.GetId(), talk.GetId()))
	} else if err != nil {
		return nil, toConnect(err)
	}
	return connect.NewResponse(&zerenv1.OpenTalkResponse{Talk: talk, CaseIds: ids}), nil
}

func (ps peopleService) loadTalk(ctx context.Context, id string) (*zerenv1.Talk, Record, error) {
	if err := checkKey("talk_id", id); err != nil {
		return nil, Record{}, err
	}
	h, err := ps.s.hierarchy(ctx)
	if err != nil {
		return nil, Record{}, err
	}
	rec, err := ps.s.store.Get(ctx, KindTalk, id)
	if errors.Is(err, ErrNotFound) || (err == nil && !reach(ctx, h, rec.Scope)) {
		return nil, Record{}, personMissing("谈话记录", "talk", id)
	} else if err != nil {
		return nil, Record{}, toConnect(err)
	}
	t := &zerenv1.Talk{}
	if err := proto.Unmarshal(rec.Data, t); err != nil {
		return nil, Record{}, toConnect(fmt.Errorf("stored talk %q is corrupt: %w", id, err))
	}
	return t, rec, nil
}

func (ps peopleService) GetTalk(ctx context.Context, req *connect.Request[zerenv1.GetTalkRequest]) (*connect.Response[zerenv1.GetTalkResponse], error) {
	t, _, err := ps.loadTalk(ctx, req.Msg.GetTalkId())
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&zerenv1.GetTalkResponse{Talk: t}), nil
}

func (ps peopleService) AdvanceTalk(ctx context.Context, req *connect.Request[zerenv1.AdvanceTalkRequest]) (*connect.Response[zerenv1.AdvanceTalkResponse], error) {
	if err := requireAll(ctx, "AdvanceTalk"); err != nil {
		return nil, err
	}
	m := req.Msg
	if err := checkText("note", m.GetNote()); err != nil {
		return nil, err
	}
	t, rec, err := ps.loadTalk(ctx, m.GetTalkId())
	if err != nil {
		return nil, err
	}
	who, _ := PrincipalFrom(ctx)
	now := ps.s.now()
	var out *zerenv1.Talk
	switch m.GetTo() {
	case zerenv1.TalkState_TALK_STATE_FOLLOW_UP_DUE:
		var moved bool
		if out, moved = people.FollowUp(t, now, who.Subject); !moved {
			return nil, connect.NewError(connect.CodeFailedPrecondition, fmt.Errorf(
				"谈话记录“%s”处于“%s”，回头看日期 %s 未到（talk %q is %s; its 回头看 is not due）", t.GetId(), people.TalkStateName(t.GetState()),
				t.GetFollowUpAt().AsTime().In(ps.s.loc).Format("2006-01-02"), t.GetId(), people.TalkStateName(t.GetState())))
		}
		if m.GetNote() != "" {
			out.History[len(out.History)-1].Note = m.GetNote()
		}
	case zerenv1.TalkState_TALK_STATE_CLOSED:
		cases := make([]*zerenv1.SupervisionCase, 0, len(t.GetCommitments()))
		for _, c := range t.GetCommitments() {
			cs := &zerenv1.SupervisionCase{}
			if _, err := ps.s.load(ctx, KindCase, c.GetCaseId(), cs); err == nil {
				cases = append(cases, cs)
			} else if !errors.Is(err, ErrNotFound) {
				return nil, toConnect(err)
			}
		}
		if out, err = people.Close(t, cases, now, who.Subject, m.GetNote()); err != nil {
			return nil, validationWith(connect.CodeFailedPrecondition, err)
		}
	default:
		return nil, invalid("to", errors.New("must be TALK_STATE_FOLLOW_UP_DUE or TALK_STATE_CLOSED"))
	}
	data, err := marshal(out)
	if err != nil {
		return nil, toConnect(err)
	}
	if err := ps.s.apply(ctx, []Change{{Kind: KindTalk, ID: rec.ID, Scope: rec.Scope, Data: data, ExpectVersion: rec.Version}}); err != nil {
		return nil, toConnect(err)
	}
	return connect.NewResponse(&zerenv1.AdvanceTalkResponse{Talk: out}), nil
}
