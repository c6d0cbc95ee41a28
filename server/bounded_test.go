package server_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/people"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"
)

// pages records, for one kind, how many records each List of it returned,
// and for every kind how many records Lists returned in all.
type pages struct {
	server.Store
	kind  string
	mu    sync.Mutex
	lens  []int
	total map[string]int
}

func (p *pages) List(ctx context.Context, kind string, q server.ListQuery) (server.Page, error) {
	page, err := p.Store.List(ctx, kind, q)
	if err == nil {
		p.mu.Lock()
		if kind == p.kind {
			p.lens = append(p.lens, len(page.Records))
		}
		if p.total == nil {
			p.total = map[string]int{}
		}
		p.total[kind] += len(page.Records)
		p.mu.Unlock()
	}
	return page, err
}

// read returns, and forgets, how many records of a kind Lists returned.
func (p *pages) read(kind string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := p.total[kind]
	delete(p.total, kind)
	return n
}

func (p *pages) reset() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.lens
	p.lens = nil
	return out
}

// DryRun reads the run's facts a batch of units at a time (WithUnitBatch),
// never the whole run's at once, and answers the same whatever the batch.
func TestDryRunReadsTheFactsInBatches(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	candidate := sample.IndicatorSystem()
	candidate.Bonuses = slices.DeleteFunc(candidate.Bonuses, func(b *zerenv1.Adjustment) bool { return b.GetId() == "B2" })
	candidate.Deductions[0].Cap = 4
	units := len(sample.Facts2026())
	var want *zerenv1.DryRunResponse
	for _, batch := range []int{0, 1, 4} {
		p := &pages{kind: server.KindFacts}
		opts := []server.Option{server.WithStoreWrapper(func(s server.Store) server.Store { p.Store = s; return p })}
		if batch > 0 {
			opts = append(opts, server.WithUnitBatch(batch))
		}
		c := assessedCityWith(t, opts...)
		run2026(t, c.gw)
		p.reset()
		r, err := c.gw.assessment.DryRun(ctx, req(&zerenv1.DryRunRequest{System: candidate, RunId: runID}))
		require.NoError(t, err, batch)
		lens := p.reset()
		total := 0
		for _, n := range lens {
			total += n
		}
		assert.Equal(t, units, total, "batch %d: every unit's facts are read once", batch)
		if batch > 0 {
			assert.LessOrEqual(t, slices.Max(lens), batch, "batch %d: pages of facts %v", batch, lens)
			assert.Greater(t, len(lens), 1, "batch %d: more than one page", batch)
		}
		if want == nil {
			want = r.Msg
			require.NotEmpty(t, want.GetChanges())
			continue
		}
		assert.True(t, proto.Equal(want, r.Msg), "batch %d:\n%v\nwant\n%v", batch, r.Msg, want)
	}
}

// outcomeCity is peopleCity run again with one more trigger, addressed to
// every unit's 第一责任人 for the year (so that the rotated post's proposal
// names its predecessor in its tenures), with every scored 述职评议
// recorded, the agenda's cases opened, and a talk held after a confirmed
// proposal (which opens cases of its own): every kind GetPersonOutcome
// reads holds records.
func outcomeCity(t *testing.T) *city {
	t.Helper()
	c, _ := peopleCity(t)
	ctx := context.Background()
	everyone := &zerenv1.Trigger{Id: "Z9", Name: "年度提醒（测试）", Condition: "true",
		Measure: zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_REMINDER_TALK, Target: zerenv1.ProposalTarget_PROPOSAL_TARGET_PERSON,
		LiabilityKinds:      []zerenv1.LiabilityKind{zerenv1.LiabilityKind_LIABILITY_KIND_PRINCIPAL},
		ResponsibilityKinds: []zerenv1.ResponsibilityKind{zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_FIRST_RESPONSIBLE},
		Basis:               "测试"}
	_, err := c.gw.assessment.PutIndicatorSystem(ctx, req(&zerenv1.PutIndicatorSystemRequest{
		System: sample.IndicatorSystem(), Triggers: append(sample.Triggers(), everyone)}))
	require.NoError(t, err)
	run2026(t, c.gw)
	gw := peopleClient(c, adminToken)
	_, err = gw.RecordReviews(ctx, req(&zerenv1.RecordReviewsRequest{PlanId: sample.ReviewPlan2026().GetId(), Reviews: sample.PostReviews2026()}))
	require.NoError(t, err)
	_, err = c.gw.supervision.GetAgenda(ctx, req(&zerenv1.GetAgendaRequest{On: overdueDay}))
	require.NoError(t, err)
	talk := sample.Talk2026()
	_, err = c.gw.assessment.SetProposalStatus(ctx, req(&zerenv1.SetProposalStatusRequest{
		ProposalId: talk.GetProposalId(), Status: zerenv1.ProposalStatus_PROPOSAL_STATUS_CONFIRMED}))
	require.NoError(t, err)
	_, err = gw.OpenTalk(ctx, req(&zerenv1.OpenTalkRequest{ProposalId: talk.GetProposalId(), Talk: talk}))
	require.NoError(t, err)
	snap := c.store.Snapshot()
	for _, k := range []string{server.KindPostReview, server.KindFinding, server.KindCase, server.KindProposal, server.KindTalk, server.KindResult} {
		require.NotEmpty(t, snap[k], k)
	}
	return c
}

// wholeStoreOutcome is GetPersonOutcome as it was before it read by
// organisation: people.Outcome over every record of the store that a
// caller seeing the scopes sees accepts (all records when sees is nil),
// then only the posts the caller sees. It returns nil where the caller
// would get NotFound.
func wholeStoreOutcome(t *testing.T, snap map[string]map[string]server.Record, h *responsibility.Hierarchy,
	sees func(string) bool, personID string, period *zerenv1.Period, withRun bool) *zerenv1.PersonOutcome {
	t.Helper()
	all := func(kind, prefix string) [][]byte {
		var ids []string
		for id, r := range snap[kind] {
			if strings.HasPrefix(id, prefix) && (sees == nil || sees(r.Scope)) {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		out := make([][]byte, len(ids))
		for i, id := range ids {
			out[i] = snap[kind][id].Data
		}
		return out
	}
	decode := func(data []byte, m proto.Message) {
		require.NoError(t, proto.Unmarshal(data, m))
	}
	rec := people.Record{}
	if withRun {
		run := &zerenv1.RunAssessmentResponse{}
		decode(snap[server.KindRun][runID].Data, run)
		key := fmt.Sprintf("%s/%06d", runID, run.GetGeneration())
		for _, d := range all(server.KindResult, key+"/") {
			r := &zerenv1.Result{}
			decode(d, r)
			rec.Results = append(rec.Results, r)
		}
		sys := &zerenv1.PutIndicatorSystemRequest{}
		decode(snap[server.KindRunSystem][key].Data, sys)
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
	for _, d := range all(server.KindPostReview, "") {
		m := &zerenv1.ReviewResult{}
		decode(d, m)
		rec.Reviews = append(rec.Reviews, m)
	}
	for _, d := range all(server.KindFinding, "") {
		m := &zerenv1.Finding{}
		decode(d, m)
		rec.Findings = append(rec.Findings, m)
	}
	for _, d := range all(server.KindCase, "") {
		m := &zerenv1.SupervisionCase{}
		decode(d, m)
		rec.Cases = append(rec.Cases, m)
	}
	for _, d := range all(server.KindProposal, "") {
		m := &zerenv1.Proposal{}
		decode(d, m)
		rec.Proposals = append(rec.Proposals, m)
	}
	for _, d := range all(server.KindTalk, "") {
		m := &zerenv1.Talk{}
		decode(d, m)
		rec.Talks = append(rec.Talks, m)
	}
	o, err := people.Outcome(h, personID, period, rec)
	require.NoError(t, err)
	posts := map[string]bool{}
	var kept []*zerenv1.PostHeld
	for _, p := range o.GetPosts() {
		if sees == nil || sees(p.GetOrganizationId()) {
			kept = append(kept, p)
			posts[p.GetPostId()] = true
		}
	}
	if len(kept) == 0 {
		return nil
	}
	o.Posts = kept
	var grades []*zerenv1.UnitGrade
	for _, g := range o.GetUnitGrades() {
		if posts[g.GetPostId()] {
			grades = append(grades, g)
		}
	}
	o.UnitGrades = grades
	return o
}

// samplePeriods are the periods of 示例市's records: the year 2026, its
// halves and quarters, some of its months, and 2025.
func samplePeriods() []*zerenv1.Period {
	ps := []*zerenv1.Period{year2026, {Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2025}}
	for i := int32(1); i <= 2; i++ {
		ps = append(ps, &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_HALF, Year: 2026, Index: i})
	}
	for i := int32(1); i <= 4; i++ {
		ps = append(ps, &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_QUARTER, Year: 2026, Index: i})
	}
	for _, i := range []int32{1, 2, 6, 7, 12} { // the rotation is on 1 July
		ps = append(ps, &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_MONTH, Year: 2026, Index: i})
	}
	return ps
}

// checkOutcomes compares GetPersonOutcome, as the work committee and as a
// branch, with people.Outcome over the whole store, for every person of
// the structure and each of the periods, with and without the run. It
// returns how many outcomes held findings, cases, proposals, talks,
// reviews and grades.
func checkOutcomes(t *testing.T, c *city, h *responsibility.Hierarchy, periods []*zerenv1.Period) map[string]int {
	t.Helper()
	ctx := context.Background()
	snap := c.store.Snapshot()
	branch, err := h.Subtree("czj-pg")
	require.NoError(t, err)
	inBranch := map[string]bool{}
	for _, o := range branch {
		inBranch[o.GetId()] = true
	}
	callers := []struct {
		name string
		cl   zerenv1connect.PeopleServiceClient
		sees func(string) bool
	}{
		{"工委", peopleClient(c, adminToken), nil},
		{"市财政局", peopleClient(c, financeToken), func(org string) bool { return inBranch[org] }},
	}
	held := map[string]int{}
	for p := range h.People() {
		for _, period := range periods {
			for _, withRun := range []bool{false, true} {
				r := &zerenv1.GetPersonOutcomeRequest{PersonId: p.GetId(), Period: period}
				if withRun {
					r.RunId = runID
				}
				for _, caller := range callers {
					name := fmt.Sprintf("%s, %s, %v, run %v", caller.name, p.GetId(), period, withRun)
					want := wholeStoreOutcome(t, snap, h, caller.sees, p.GetId(), period, withRun)
					got, err := caller.cl.GetPersonOutcome(ctx, req(r))
					if want == nil {
						assert.Equal(t, connect.CodeNotFound, connect.CodeOf(err), name)
						continue
					}
					require.NoError(t, err, name)
					o := got.Msg.GetOutcome()
					assert.True(t, proto.Equal(want, o), "%s:\n got %v\nwant %v", name, o, want)
					if caller.sees != nil {
						// Nothing from outside the branch's subtree.
						for kind, ids := range map[string][]string{server.KindFinding: o.GetFindingIds(), server.KindCase: o.GetCaseIds(), server.KindTalk: o.GetTalkIds()} {
							for _, id := range ids {
								assert.True(t, caller.sees(snap[kind][id].Scope), "%s: %s %s", name, kind, id)
							}
						}
						for _, pr := range o.GetProposals() {
							assert.True(t, caller.sees(snap[server.KindProposal][pr.GetProposalId()].Scope), "%s: proposal %s", name, pr.GetProposalId())
						}
						for _, rv := range o.GetReviews() {
							assert.True(t, caller.sees(snap[server.KindPostReview][rv.GetReviewId()].Scope), "%s: review %s", name, rv.GetReviewId())
						}
						for _, p := range o.GetPosts() {
							assert.True(t, caller.sees(p.GetOrganizationId()), "%s: post %s", name, p.GetPostId())
						}
						held["branch"]++
					}
					held["findings"] += min(len(o.GetFindingIds()), 1)
					held["cases"] += min(len(o.GetCaseIds()), 1)
					held["proposals"] += min(len(o.GetProposals()), 1)
					held["talks"] += min(len(o.GetTalkIds()), 1)
					held["reviews"] += min(len(o.GetReviews()), 1)
					held["grades"] += min(len(o.GetUnitGrades()), 1)
					for _, pr := range o.GetProposals() {
						if pr.GetAsPredecessor() {
							held["as predecessor"]++
						}
					}
				}
			}
		}
	}
	return held
}

// GetPersonOutcome reads only the records that can concern the person —
// findings and cases of the organisations its posts watch, the results of
// its units, the reviews, proposals and talks naming it — and answers
// exactly what people.Outcome answers over the whole store, for every
// person of 示例市 and every period, as the work committee and as a
// branch, which sees nothing more than before.
func TestAPersonOutcomeReadsOnlyWhatConcernsThePerson(t *testing.T) {
	t.Parallel()
	c := outcomeCity(t)
	held := checkOutcomes(t, c, sample.Hierarchy(), samplePeriods())
	for _, k := range []string{"findings", "cases", "proposals", "talks", "reviews", "grades", "as predecessor", "branch"} {
		assert.NotZero(t, held[k], "some outcome holds %s: the comparison covers them", k)
	}
}

// A proposal names whom it addresses, not where: once its organisation is
// removed and it moves to the successor (rebind), its scope is an
// organisation where the person it names may hold no post. The outcome
// still lists it, as people.Outcome over the whole store does.
func TestAPersonOutcomeFindsAProposalMovedByARebind(t *testing.T) {
	t.Parallel()
	c := outcomeCity(t)
	ctx := context.Background()
	// A pending proposal at 财政局第二支部 naming 市总工会's 党组书记 as
	// the post's earlier holder (the records of a structure the test does
	// not replay).
	const person = "p-zjj-01"
	prop := &zerenv1.Proposal{Id: "T9/czj/2026/" + person, TriggerId: "T9", UnitId: "czj", OrganizationId: "czj-b2", Period: year2026,
		Status: zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED, Measure: zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_REMINDER_TALK,
		Liability: &zerenv1.Liability{PersonId: "p-nobody", PostId: "czj-b2-sec", OrganizationId: "czj-b2"},
		Tenures:   []*zerenv1.Tenure{{PersonId: person, PostId: "czj-b2-sec"}}}
	data, err := proto.Marshal(prop)
	require.NoError(t, err)
	require.NoError(t, c.store.Apply(ctx, "test", []server.Change{{Kind: server.KindProposal, ID: prop.GetId(), Scope: "czj-b2", Data: data}}))

	st, _ := storedStructure(t, c)
	var changes []*zerenv1.StructureChange
	for _, a := range st.GetAppointments() {
		if strings.HasPrefix(a.GetPostId(), "czj-b2-") {
			changes = append(changes, &zerenv1.StructureChange{Change: &zerenv1.StructureChange_RemoveAppointmentId{RemoveAppointmentId: a.GetId()}})
		}
	}
	for _, p := range st.GetPosts() {
		if p.GetOrganizationId() == "czj-b2" {
			changes = append(changes, &zerenv1.StructureChange{Change: &zerenv1.StructureChange_RemovePostId{RemovePostId: p.GetId()}})
		}
	}
	changes = append(changes, &zerenv1.StructureChange{Change: &zerenv1.StructureChange_RemoveOrganizationId{RemoveOrganizationId: "czj-b2"}})
	_, err = c.gw.hierarchy.ChangeStructure(ctx, req(&zerenv1.ChangeStructureRequest{Changes: changes, Rebind: true, Successors: map[string]string{"czj-b2": "czj-b1"}}))
	require.NoError(t, err)
	require.Equal(t, "czj-b1", c.store.Snapshot()[server.KindProposal][prop.GetId()].Scope, "the proposal moved")

	st, _ = storedStructure(t, c)
	h, err := responsibility.New(frameworks.SanjiWugang(), st, responsibility.WithLocation(sample.Location))
	require.NoError(t, err)
	held, err := people.Outcome(h, person, year2026, people.Record{})
	require.NoError(t, err)
	require.NotEmpty(t, held.GetPosts())
	for _, p := range held.GetPosts() {
		require.NotContains(t, people.WatchedOrganizations(h, p.GetOrganizationId()), "czj-b1", "the successor is no organisation the person's posts watch")
	}
	out, err := peopleClient(c, adminToken).GetPersonOutcome(ctx, req(&zerenv1.GetPersonOutcomeRequest{PersonId: person, Period: year2026}))
	require.NoError(t, err)
	assert.True(t, slices.ContainsFunc(out.Msg.GetOutcome().GetProposals(), func(d *zerenv1.ProposalDecision) bool {
		return d.GetProposalId() == prop.GetId() && d.GetAsPredecessor()
	}), "%v", out.Msg.GetOutcome().GetProposals())
	checkOutcomes(t, c, h, samplePeriods()[:4])
}

// BenchmarkPersonOutcome asks for one 党组书记's year among n findings and
// n proposals of another unit, as a province's store holds them: the
// outcome's cost should follow the person's records, not the store's.
// findings-read/op and proposals-read/op count the records of those kinds
// the store returned to the server, decoded or not.
func BenchmarkPersonOutcome(b *testing.B) {
	const n = 20000
	p := &pages{kind: server.KindFinding}
	c := assessedCityWith(b, server.WithStoreWrapper(func(s server.Store) server.Store { p.Store = s; return p }))
	ctx := context.Background()
	run2026(b, c.gw)
	_, err := c.gw.supervision.RecordFindings(ctx, req(&zerenv1.RecordFindingsRequest{Findings: sample.Input2026().Findings}))
	require.NoError(b, err)
	pad := strings.Repeat("整改情况说明。", 40)
	var changes []server.Change
	for i := range n {
		f := &zerenv1.Finding{Id: fmt.Sprintf("bench-f-%06d", i), OrganizationId: "zjj-pg", Description: pad}
		fd, err := proto.Marshal(f)
		require.NoError(b, err)
		pr := &zerenv1.Proposal{Id: fmt.Sprintf("T9/zjj/2026/bench-%06d", i), UnitId: "zjj", OrganizationId: "zjj-pg", Period: year2026,
			Liability: &zerenv1.Liability{PersonId: "p-zjj-01", PostId: "zjj-pg-sec", OrganizationId: "zjj-pg"}, Note: pad}
		pd, err := proto.Marshal(pr)
		require.NoError(b, err)
		changes = append(changes, server.Change{Kind: server.KindFinding, ID: f.GetId(), Scope: "zjj-pg", Data: fd},
			server.Change{Kind: server.KindProposal, ID: pr.GetId(), Scope: "zjj-pg", Data: pd})
	}
	require.NoError(b, c.store.Apply(ctx, "bench", changes))
	cl := peopleClient(c, adminToken)
	r := req(&zerenv1.GetPersonOutcomeRequest{PersonId: sample.RotationNewSecretaryID, Period: year2026, RunId: runID})
	p.read(server.KindFinding)
	p.read(server.KindProposal)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_, err := cl.GetPersonOutcome(ctx, r)
		require.NoError(b, err)
	}
	b.StopTimer()
	b.ReportMetric(float64(p.read(server.KindFinding))/float64(b.N), "findings-read/op")
	b.ReportMetric(float64(p.read(server.KindProposal))/float64(b.N), "proposals-read/op")
}

// A dry run that fails on its first batch (here: a second server over the
// same store, with a budget too small for one unit) stops reading the
// facts: the page scored and at most the one read ahead.
func TestADryRunThatFailsStopsReadingTheFacts(t *testing.T) {
	t.Parallel()
	st := server.NewMemoryStore()
	_, c, _ := serveSample(t, st)
	run2026(t, c)
	p := &pages{kind: server.KindFacts}
	_, tight, _ := serveSample(t, st, server.WithRunBudget(1000), server.WithUnitBatch(1),
		server.WithStoreWrapper(func(s server.Store) server.Store { p.Store = s; return p }))
	p.reset()
	_, err := tight.assessment.DryRun(context.Background(), req(&zerenv1.DryRunRequest{System: sample.IndicatorSystem(), RunId: runID}))
	assert.Equal(t, connect.CodeResourceExhausted, connect.CodeOf(err), "%v", err)
	lens := p.reset()
	require.NotEmpty(t, lens)
	assert.LessOrEqual(t, len(lens), 2, "pages of facts read: %v", lens)
}
