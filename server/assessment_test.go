package server_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"
)

const runID = "sz-2026/2026"

// ranking2026 is 示例市's 2026 ranking, as package assessment's example
// prints it: rank, unit, score, grade.
var ranking2026 = []string{
	"1 sws 99.74 good", "2 czj 97.45 good", "3 sjj 93.39 good", "4 mzj 93.39 fairly-good",
	"5 zrzyj 91.78 fairly-good", "6 fgw 91.63 fairly-good", "7 jyj 90.97 fairly-good", "8 wjw 88.18 fairly-good",
	"9 rsj 70.64 average", "10 jtj 92.90 poor", "11 zjj 61.74 poor", // grade first: jtj's veto ranks it below every better grade
}

func line(r *zerenv1.Result) string {
	return fmt.Sprintf("%d %s %s %s", r.GetRank(), r.GetUnitId(), r.GetScore(), r.GetGradeId())
}

// assessedCity is 示例市 with the 2026 indicator system and triggers stored.
func assessedCity(t testing.TB) *city { t.Helper(); return assessedCityWith(t) }

// assessedCityWith is assessedCity with server options.
func assessedCityWith(t testing.TB, opts ...server.Option) *city {
	t.Helper()
	c := newCity(t, true, opts...)
	_, err := c.gw.assessment.PutIndicatorSystem(context.Background(), req(&zerenv1.PutIndicatorSystemRequest{
		System: sample.IndicatorSystem(), Triggers: sample.Triggers(),
	}))
	require.NoError(t, err)
	return c
}

func run2026(t testing.TB, c clients, edit ...func(*zerenv1.RunAssessmentRequest)) *zerenv1.RunAssessmentResponse {
	t.Helper()
	r := &zerenv1.RunAssessmentRequest{SystemId: sample.IndicatorsID, Period: year2026, Facts: sample.Facts2026(), Reviews: sample.Reviews2026()}
	for _, e := range edit {
		e(r)
	}
	resp, err := c.assessment.RunAssessment(context.Background(), req(r))
	require.NoError(t, err)
	return resp.Msg
}

func results(t *testing.T, c clients, r *zerenv1.ListResultsRequest) []string {
	t.Helper()
	var out []string
	for {
		resp, err := c.assessment.ListResults(context.Background(), req(r))
		require.NoError(t, err)
		for _, res := range resp.Msg.GetResults() {
			out = append(out, line(res))
		}
		if r.PageToken = resp.Msg.GetNextPageToken(); r.PageToken == "" {
			return out
		}
	}
}

func proposals(t *testing.T, c clients, r *zerenv1.ListProposalsRequest) map[string]*zerenv1.Proposal {
	t.Helper()
	out := map[string]*zerenv1.Proposal{}
	for {
		resp, err := c.assessment.ListProposals(context.Background(), req(r))
		require.NoError(t, err)
		for _, p := range resp.Msg.GetProposals() {
			out[p.GetId()] = p
		}
		if r.PageToken = resp.Msg.GetNextPageToken(); r.PageToken == "" {
			return out
		}
	}
}

func TestRunAssessmentRanksTheSampleYear(t *testing.T) {
	t.Parallel()
	c := assessedCity(t)
	run := run2026(t, c.gw)
	assert.Equal(t, runID, run.GetRunId())
	assert.Equal(t, int32(11), run.GetUnits(), "every unit but the 工委")
	assert.Equal(t, int32(1), run.GetGeneration())
	assert.Equal(t, "gongwei-admin", run.GetRanBy())
	assert.Len(t, run.GetProposalIds(), int(run.GetProposals()))
	assert.Empty(t, run.GetTriggerDiagnostics())

	assert.Equal(t, ranking2026, results(t, c.gw, &zerenv1.ListResultsRequest{RunId: runID, PageSize: 4}), "rank order, across pages")
	assert.Equal(t, []string{"2 czj 97.45 good"}, results(t, c.cz, &zerenv1.ListResultsRequest{RunId: runID}), "a branch sees its unit only")
	assert.Equal(t, []string{"1 sws 99.74 good"}, results(t, c.gw, &zerenv1.ListResultsRequest{RunId: runID, OrganizationId: "sws-pg"}))

	t.Run("running again replaces the results", func(t *testing.T) {
		again := run2026(t, c.gw)
		assert.Equal(t, int32(2), again.GetGeneration())
		assert.Equal(t, ranking2026, results(t, c.gw, &zerenv1.ListResultsRequest{RunId: runID}))
		snap := c.store.Snapshot()
		for _, kind := range []string{server.KindResult, server.KindFacts, server.KindReview} {
			assert.Len(t, snap[kind], 11, kind)
			for id := range snap[kind] {
				assert.True(t, strings.HasPrefix(id, runID+"/000002/"), "%s %s of an earlier generation is left", kind, id)
			}
		}
	})
}

func TestRunAssessmentFillsEmptyListsFromTheStore(t *testing.T) {
	t.Parallel()
	c := assessedCity(t)
	bare := func(r *zerenv1.RunAssessmentRequest) {
		for _, f := range r.Facts {
			f.Assignments, f.Findings, f.Cases = nil, nil, nil
		}
	}
	run2026(t, c.gw, bare)
	facts := &zerenv1.UnitFacts{}
	rec := c.store.Snapshot()[server.KindFacts][runID+"/000001/czj"]
	require.NoError(t, proto.Unmarshal(rec.Data, facts))
	assert.Equal(t, "czj-pg", rec.Scope)
	require.NotEmpty(t, facts.GetAssignments(), "the decomposed plan's assignments")
	assert.True(t, slices.ContainsFunc(facts.GetAssignments(), func(a *zerenv1.Assignment) bool { return a.GetId() == "T01/czj-pg/2026-M01" }))
	for _, a := range facts.GetAssignments() {
		assert.True(t, strings.HasPrefix(a.GetOrganizationId(), "czj-"), a.GetId())
	}

	run2026(t, c.gw, bare, func(r *zerenv1.RunAssessmentRequest) { r.RequestRecordsOnly = true })
	rec = c.store.Snapshot()[server.KindFacts][runID+"/000002/czj"]
	facts.Reset()
	require.NoError(t, proto.Unmarshal(rec.Data, facts))
	assert.Empty(t, facts.GetAssignments(), "records only: nothing from the store")
}

func TestProposalsAreListedAndDecidedByPeople(t *testing.T) {
	t.Parallel()
	c := assessedCity(t)
	ctx := context.Background()
	run := run2026(t, c.gw)
	all := proposals(t, c.gw, &zerenv1.ListProposalsRequest{PageSize: 2})
	require.Len(t, all, int(run.GetProposals()))
	const talk = "A1/zjj/2026/p-zjj-01"
	require.Contains(t, all, talk, "the last in the ranking: 约谈 of its 党组书记")
	assert.Equal(t, zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED, all[talk].GetStatus())
	assert.Empty(t, proposals(t, c.cz, &zerenv1.ListProposalsRequest{}), "市财政局 has none, and sees no one else's")
	for id := range proposals(t, c.gw, &zerenv1.ListProposalsRequest{OrganizationId: "zjj-pg"}) {
		assert.Contains(t, id, "/zjj/")
	}

	decide := func(cl clients, id string, to zerenv1.ProposalStatus) (*zerenv1.Proposal, error) {
		r, err := cl.assessment.SetProposalStatus(ctx, req(&zerenv1.SetProposalStatusRequest{ProposalId: id, Status: to, Note: "经工委会议研究"}))
		if err != nil {
			return nil, err
		}
		return r.Msg.GetProposal(), nil
	}
	p, err := decide(c.gw, talk, zerenv1.ProposalStatus_PROPOSAL_STATUS_CONFIRMED)
	require.NoError(t, err)
	assert.Equal(t, "gongwei-admin", p.GetDecidedBy())
	assert.Equal(t, sample.RotationDate, p.GetDecidedAt().AsTime().In(sample.Location), "now is the server's clock")

	t.Run("a decision is taken once", func(t *testing.T) {
		ce := c.unchanged(t, connect.CodeFailedPrecondition, func() error {
			_, err := decide(c.gw, talk, zerenv1.ProposalStatus_PROPOSAL_STATUS_REJECTED)
			return err
		})
		assert.Contains(t, ce.Message(), talk)
	})
	t.Run("bad decisions", func(t *testing.T) {
		c.unchanged(t, connect.CodePermissionDenied, func() error {
			_, err := decide(c.cz, "A1/rsj/2026/p-rsj-01", zerenv1.ProposalStatus_PROPOSAL_STATUS_REJECTED)
			return err
		})
		c.unchanged(t, connect.CodeInvalidArgument, func() error {
			_, err := decide(c.gw, "A1/rsj/2026/p-rsj-01", zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED)
			return err
		})
		c.unchanged(t, connect.CodeNotFound, func() error {
			_, err := decide(c.gw, "A9/none", zerenv1.ProposalStatus_PROPOSAL_STATUS_REJECTED)
			return err
		})
	})
	t.Run("a new run keeps decisions and drops what it no longer proposes", func(t *testing.T) {
		var stale []string
		for id := range all {
			if strings.HasPrefix(id, "A3/zjj/") {
				stale = append(stale, id)
			}
		}
		require.NotEmpty(t, stale, "zjj's cases ran overdue twice")
		run2026(t, c.gw, func(r *zerenv1.RunAssessmentRequest) {
			r.RequestRecordsOnly = true
			for _, f := range r.Facts {
				if f.GetUnit().GetId() == "zjj" {
					f.Cases = nil
				}
			}
		})
		now := proposals(t, c.gw, &zerenv1.ListProposalsRequest{})
		assert.Equal(t, zerenv1.ProposalStatus_PROPOSAL_STATUS_CONFIRMED, now[talk].GetStatus())
		for _, id := range stale {
			assert.NotContains(t, now, id)
		}
		confirmed := proposals(t, c.gw, &zerenv1.ListProposalsRequest{Status: zerenv1.ProposalStatus_PROPOSAL_STATUS_CONFIRMED})
		assert.Len(t, confirmed, 1)
	})
}

func TestDryRunReportsWhatACandidateSystemWouldChange(t *testing.T) {
	t.Parallel()
	c := assessedCity(t)
	ctx := context.Background()
	run2026(t, c.gw)
	candidate := sample.IndicatorSystem()
	candidate.Bonuses = slices.DeleteFunc(candidate.Bonuses, func(b *zerenv1.Adjustment) bool { return b.GetId() == "B2" })

	r, err := c.gw.assessment.DryRun(ctx, req(&zerenv1.DryRunRequest{System: candidate, RunId: runID}))
	require.NoError(t, err)
	byUnit := map[string]*zerenv1.UnitChange{}
	for _, ch := range r.Msg.GetChanges() {
		byUnit[ch.GetUnitId()] = ch
	}
	require.Contains(t, byUnit, "czj")
	assert.Equal(t, "97.45", byUnit["czj"].GetOldScore())
	assert.Equal(t, "96.45", byUnit["czj"].GetNewScore())
	assert.Contains(t, r.Msg.GetText(), "B2")

	_, err = c.cz.assessment.DryRun(ctx, req(&zerenv1.DryRunRequest{System: candidate, RunId: runID}))
	assert.Equal(t, connect.CodePermissionDenied, connect.CodeOf(err), "DryRun is the work committee's")

	same, err := c.gw.assessment.DryRun(ctx, req(&zerenv1.DryRunRequest{System: sample.IndicatorSystem(), RunId: runID}))
	require.NoError(t, err)
	assert.Empty(t, same.Msg.GetChanges(), "the stored snapshot reproduces the run")
}

func TestAssessmentAuthorisationBoundaries(t *testing.T) {
	t.Parallel()
	c := assessedCity(t)
	ctx := context.Background()
	run2026(t, c.gw)
	tests := []struct {
		name string
		want connect.Code
		call func() error
	}{
		{"a branch token stores an indicator system", connect.CodePermissionDenied, func() error {
			_, err := c.cz.assessment.PutIndicatorSystem(ctx, req(&zerenv1.PutIndicatorSystemRequest{System: sample.IndicatorSystem()}))
			return err
		}},
		{"a branch token runs the assessment", connect.CodePermissionDenied, func() error {
			_, err := c.cz.assessment.RunAssessment(ctx, req(&zerenv1.RunAssessmentRequest{SystemId: sample.IndicatorsID, Period: year2026}))
			return err
		}},
		{"a branch token reads another unit's results", connect.CodeNotFound, func() error {
			_, err := c.cz.assessment.ListResults(ctx, req(&zerenv1.ListResultsRequest{RunId: runID, OrganizationId: "fgw-pg"}))
			return err
		}},
		{"a branch token lists another unit's proposals", connect.CodeNotFound, func() error {
			_, err := c.cz.assessment.ListProposals(ctx, req(&zerenv1.ListProposalsRequest{OrganizationId: "zjj-pg"}))
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.unchanged(t, tt.want, tt.call)
		})
	}
}

func TestAssessmentBadRequestsGetClearErrorsAndLeaveTheStoreUnchanged(t *testing.T) {
	t.Parallel()
	c := assessedCity(t)
	ctx := context.Background()
	run2026(t, c.gw)
	put := func(sys *zerenv1.IndicatorSystem, triggers ...*zerenv1.Trigger) func() error {
		return func() error {
			_, err := c.gw.assessment.PutIndicatorSystem(ctx, req(&zerenv1.PutIndicatorSystemRequest{System: sys, Triggers: triggers}))
			return err
		}
	}
	runWith := func(edit func(*zerenv1.RunAssessmentRequest)) func() error {
		return func() error {
			r := &zerenv1.RunAssessmentRequest{SystemId: sample.IndicatorsID, Period: year2026, Facts: sample.Facts2026(), Reviews: sample.Reviews2026()}
			edit(r)
			_, err := c.gw.assessment.RunAssessment(ctx, req(r))
			return err
		}
	}
	broken := sample.IndicatorSystem()
	broken.Indicators[0].Children[0].Formula = "completion_rate(facts.assignments) +"
	slashed := sample.IndicatorSystem()
	slashed.Id = "sz/2026"
	badTrigger := &zerenv1.Trigger{Id: "T9", Name: "坏规则", Condition: "result.rank >", Measure: zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ADMONITORY_TALK, Target: zerenv1.ProposalTarget_PROPOSAL_TARGET_PERSON}
	tooMany := make([]*zerenv1.Trigger, 1001)
	for i := range tooMany {
		tooMany[i] = sample.Triggers()[0]
	}
	tests := []struct {
		name    string
		code    connect.Code
		field   string
		message string
		call    func() error
	}{
		{"a request without a system", connect.CodeInvalidArgument, "system", "", put(nil)},
		{"a formula that does not compile", connect.CodeInvalidArgument, "indicators[0].children[0].formula", "第1行第37列", put(broken)},
		{"a trigger that does not compile", connect.CodeInvalidArgument, "condition", "第1行第14列", put(sample.IndicatorSystem(), badTrigger)},
		{"a system id with a slash", connect.CodeInvalidArgument, "system.id", "", put(slashed)},
		{"1,001 triggers", connect.CodeInvalidArgument, "triggers", "", put(sample.IndicatorSystem(), tooMany...)},
		{"a run without a system id", connect.CodeInvalidArgument, "system_id", "", runWith(func(r *zerenv1.RunAssessmentRequest) { r.SystemId = "" })},
		{"a run of an unknown system", connect.CodeNotFound, "", "", runWith(func(r *zerenv1.RunAssessmentRequest) { r.SystemId = "sz-1999" })},
		{"a run without a period", connect.CodeInvalidArgument, "period", "", runWith(func(r *zerenv1.RunAssessmentRequest) { r.Period = nil })},
		{"a run of a period without a year", connect.CodeInvalidArgument, "period", "", runWith(func(r *zerenv1.RunAssessmentRequest) {
			r.Period = &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR}
		})},
		{"facts of an unknown unit", connect.CodeInvalidArgument, "facts[0].unit.id", "", runWith(func(r *zerenv1.RunAssessmentRequest) { r.Facts[0].Unit.Id = "nowhere" })},
		{"facts of one unit twice", connect.CodeInvalidArgument, "facts[1].unit.id", "", runWith(func(r *zerenv1.RunAssessmentRequest) { r.Facts[1].Unit.Id = r.Facts[0].GetUnit().GetId() })},
		{"10,001 facts", connect.CodeInvalidArgument, "facts", "", runWith(func(r *zerenv1.RunAssessmentRequest) { r.Facts = make([]*zerenv1.UnitFacts, 10001) })},
		{"a review of an unknown unit", connect.CodeInvalidArgument, "", "nowhere", runWith(func(r *zerenv1.RunAssessmentRequest) { r.Reviews[0].UnitId = "nowhere" })},
		{"results of an unknown run", connect.CodeNotFound, "", "", func() error {
			_, err := c.gw.assessment.ListResults(ctx, req(&zerenv1.ListResultsRequest{RunId: "sz-1999/1999"}))
			return err
		}},
		{"results with a negative page size", connect.CodeInvalidArgument, "page_size", "", func() error {
			_, err := c.gw.assessment.ListResults(ctx, req(&zerenv1.ListResultsRequest{RunId: runID, PageSize: -1}))
			return err
		}},
		{"a dry run of a candidate that does not compile", connect.CodeInvalidArgument, "formula", "第1行第37列", func() error {
			_, err := c.gw.assessment.DryRun(ctx, req(&zerenv1.DryRunRequest{System: broken, RunId: runID}))
			return err
		}},
		{"a dry run without a candidate", connect.CodeInvalidArgument, "system", "", func() error {
			_, err := c.gw.assessment.DryRun(ctx, req(&zerenv1.DryRunRequest{RunId: runID}))
			return err
		}},
		{"proposals of an unknown status", connect.CodeInvalidArgument, "status", "", func() error {
			_, err := c.gw.assessment.ListProposals(ctx, req(&zerenv1.ListProposalsRequest{Status: 12}))
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ce := c.unchanged(t, tt.code, tt.call)
			if tt.message != "" {
				assert.Contains(t, ce.Error(), tt.message)
			}
			if tt.field != "" {
				ps := problems(t, ce)
				// The field is located by the problem's path and field.
				at := func(p *zerenv1.ValidationProblem) string {
					if p.GetPath() != "" {
						return p.GetPath() + "." + p.GetField()
					}
					return p.GetField()
				}
				i := slices.IndexFunc(ps, func(p *zerenv1.ValidationProblem) bool { return strings.Contains(at(p), tt.field) })
				require.GreaterOrEqual(t, i, 0, "no problem names %q: %v", tt.field, ps)
				if tt.message != "" {
					// The position is structured (line, column), for a
					// formula as for a trigger's condition.
					p := ps[i]
					where := p.GetMessageZh()
					if p.GetLine() > 0 {
						where = fmt.Sprintf("第%d行第%d列：%s", p.GetLine(), p.GetColumn(), where)
					}
					assert.Contains(t, where, tt.message, "the detail carries the position")
					assert.Equal(t, "bad_rule", p.GetCode(), "a rule that does not compile is a bad rule")
					assert.NotEmpty(t, p.GetMessageZh(), "and a Chinese message")
					assert.Equal(t, p.GetMessageZh(), p.GetMessage(), "Chinese by default")
				}
			}
		})
	}
}

// TestZerendBuildsTheLibrarysFacts stores 示例市's 2026 records the way an
// OA feeds zerend — the plan decomposed, the progress reported, the findings
// recorded, the cases of the supervision cycle — and runs the year with
// only the metrics and business scores supplied: the facts zerend stores
// with the results are those unitfacts.Build gives the library's users
// (sample.Facts2026), and so is the ranking.
func TestZerendBuildsTheLibrarysFacts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := newCity(t, true, server.WithClock(func() time.Time { return sample.AssessmentNow }))
	_, err := c.gw.assessment.PutIndicatorSystem(ctx, req(&zerenv1.PutIndicatorSystemRequest{
		System: sample.IndicatorSystem(), Triggers: sample.Triggers(),
	}))
	require.NoError(t, err)
	in := sample.Input2026()
	_, err = c.gw.checklist.RecordProgress(ctx, req(&zerenv1.RecordProgressRequest{Records: in.Progress}))
	require.NoError(t, err)
	_, err = c.gw.supervision.RecordFindings(ctx, req(&zerenv1.RecordFindingsRequest{Findings: in.Findings}))
	require.NoError(t, err)
	var changes []server.Change
	for _, cs := range in.Cases {
		data, err := proto.Marshal(cs)
		require.NoError(t, err)
		changes = append(changes, server.Change{Kind: server.KindCase, ID: cs.GetId(), Scope: cs.GetOrganizationId(), Data: data, ExpectVersion: server.ExpectAbsent})
	}
	require.NoError(t, c.store.Apply(ctx, "supervision-cycle", changes))

	want := sample.Facts2026()
	var supplied []*zerenv1.UnitFacts
	for _, f := range want {
		supplied = append(supplied, &zerenv1.UnitFacts{Unit: &zerenv1.Unit{Id: f.GetUnit().GetId()}, Metrics: f.GetMetrics(), BusinessScore: f.GetBusinessScore()})
	}
	run2026(t, c.gw, func(r *zerenv1.RunAssessmentRequest) { r.Facts = supplied })

	stored := c.store.Snapshot()[server.KindFacts]
	require.Len(t, stored, len(want))
	for _, w := range want {
		got := &zerenv1.UnitFacts{}
		require.NoError(t, proto.Unmarshal(stored[runID+"/000001/"+w.GetUnit().GetId()].Data, got))
		if !assert.True(t, proto.Equal(w, got), "facts of %s differ", w.GetUnit().GetId()) {
			assert.Equal(t, len(w.GetAssignments()), len(got.GetAssignments()), "assignments")
			for i := range min(len(w.GetAssignments()), len(got.GetAssignments())) {
				if !proto.Equal(w.GetAssignments()[i], got.GetAssignments()[i]) {
					assert.Equal(t, prototext.Format(w.GetAssignments()[i]), prototext.Format(got.GetAssignments()[i]), "first differing assignment")
					break
				}
			}
			w.Assignments, got.Assignments = nil, nil
			assert.Equal(t, prototext.Format(w), prototext.Format(got), "the rest")
		}
	}
	assert.Equal(t, ranking2026, results(t, c.gw, &zerenv1.ListResultsRequest{RunId: runID}))
}

func TestPutIndicatorSystemChecksTheTasksOfItsStoredPlan(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	sys := sample.IndicatorSystem()
	sys.Indicators[2].Children[0].Formula = `completion_rate(facts.assignments.filter(a, a.task_id == "T99"))`
	ce := c.unchanged(t, connect.CodeInvalidArgument, func() error {
		_, err := c.gw.assessment.PutIndicatorSystem(context.Background(), req(&zerenv1.PutIndicatorSystemRequest{System: sys}))
		return err
	})
	assert.Contains(t, ce.Message(), `任务“T99”不在计划“2026”的任务清单中`)
	ps := problems(t, ce)
	require.Len(t, ps, 1)
	assert.Equal(t, "3.1", ps[0].GetId())
	assert.Equal(t, "dangling_reference", ps[0].GetCode())
	assert.Equal(t, [2]int32{1, 58}, [2]int32{ps[0].GetLine(), ps[0].GetColumn()})
}

func TestPutIndicatorSystemChecksTheTasksItsTriggersName(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	tr := &zerenv1.Trigger{Id: "t99", Name: "引用了不存在的任务", Condition: `assignments.exists(a, a.task_id == "T99")`,
		Measure: zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_CIRCULAR, Target: zerenv1.ProposalTarget_PROPOSAL_TARGET_ORGANIZATION}
	ce := c.unchanged(t, connect.CodeInvalidArgument, func() error {
		_, err := c.gw.assessment.PutIndicatorSystem(context.Background(),
			req(&zerenv1.PutIndicatorSystemRequest{System: sample.IndicatorSystem(), Triggers: []*zerenv1.Trigger{tr}}))
		return err
	})
	assert.Contains(t, ce.Message(), `任务“T99”不在计划“2026”的任务清单中`, "Chinese by default")
	ps := problems(t, ce)
	require.Len(t, ps, 1)
	assert.Equal(t, "t99", ps[0].GetId())
	assert.Equal(t, "condition", ps[0].GetField())
	assert.Equal(t, "dangling_reference", ps[0].GetCode())
	assert.Equal(t, []int32{1, 36}, []int32{ps[0].GetLine(), ps[0].GetColumn()}, "the position is structured")
	assert.Contains(t, ps[0].GetMessageEn(), `task "T99" is not on plan "2026"`)
}
