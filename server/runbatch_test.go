package server_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"
)

// RunAssessment builds, scores and encodes the facts batch by batch; the
// records a run stores — results, facts, reviews, proposals, the run — are
// byte for byte the same whatever the batch size, for the request's facts
// and for the stored records alike.
func TestRunBatchDoesNotChangeTheRun(t *testing.T) {
	t.Parallel()
	kinds := []string{server.KindRun, server.KindResult, server.KindFacts, server.KindReview, server.KindProposal}
	for name, edit := range map[string]func(*zerenv1.RunAssessmentRequest){
		"request facts":  func(*zerenv1.RunAssessmentRequest) {},
		"stored records": func(r *zerenv1.RunAssessmentRequest) { r.Facts = nil },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			stored := func(batch int) map[string]map[string]server.Record {
				c := assessedCity(t)
				if batch > 0 {
					c = assessedCityWith(t, server.WithUnitBatch(batch))
				}
				run2026(t, c.gw, edit)
				snap := c.store.Snapshot()
				out := map[string]map[string]server.Record{}
				for _, k := range kinds {
					out[k] = snap[k]
				}
				return out
			}
			want := stored(0)
			require.NotEmpty(t, want[server.KindResult])
			require.NotEmpty(t, want[server.KindProposal])
			withAssignments := 0
			for _, r := range want[server.KindFacts] {
				f := &zerenv1.UnitFacts{}
				require.NoError(t, proto.Unmarshal(r.Data, f))
				if len(f.GetAssignments()) > 0 {
					withAssignments++
				}
			}
			require.Greater(t, withAssignments, 1, "the facts carry assignments")
			for _, batch := range []int{1, 4} {
				got := stored(batch)
				for _, k := range kinds {
					require.Len(t, got[k], len(want[k]), "batch %d, %s", batch, k)
					for id, r := range want[k] {
						g, ok := got[k][id]
						require.True(t, ok, "batch %d: %s %s missing", batch, k, id)
						assert.True(t, bytes.Equal(r.Data, g.Data), "batch %d: %s %s differs", batch, k, id)
						assert.Equal(t, r.Scope, g.Scope, "batch %d: %s %s", batch, k, id)
					}
				}
			}
		})
	}
}

// The facts are written batch by batch ahead of the run record; a run that
// fails after writing some (here: a ballot of an unknown rater group, which
// the engine rejects once every unit is scored) leaves none behind, and the
// next run is whole.
func TestAFailedRunLeavesNoFacts(t *testing.T) {
	t.Parallel()
	c := assessedCityWith(t, server.WithUnitBatch(2))
	rvs := sample.Reviews2026()
	rvs[0] = proto.CloneOf(rvs[0])
	rvs[0].Ballots = append(rvs[0].Ballots, &zerenv1.Ballot{RaterGroupId: "no-such-group", Choice: rvs[0].GetBallots()[0].GetChoice(), Count: 1})
	_, err := c.gw.assessment.RunAssessment(context.Background(), req(&zerenv1.RunAssessmentRequest{
		SystemId: sample.IndicatorsID, Period: year2026, Facts: sample.Facts2026(), Reviews: rvs}))
	require.Error(t, err)
	assert.Empty(t, c.store.Snapshot()[server.KindFacts], "the failed run's facts are deleted")
	assert.Empty(t, c.store.Snapshot()[server.KindRun])
	run := run2026(t, c.gw)
	assert.Equal(t, int32(1), run.GetGeneration())
	assert.Len(t, c.store.Snapshot()[server.KindFacts], int(run.GetUnits()))
}

// A run raising more proposals than its record lists counts them all and
// lists the first; the next run withdraws what it no longer raises, of
// every trigger, listed or not. Writes of three changes at most (as a
// province's run writes in many transactions) change nothing.
func TestARunsProposalsBeyondItsRecord(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := assessedCityWith(t, server.WithRunProposalIDs(2), server.WithApplyBatch(3))
	first := run2026(t, c.gw)
	require.Greater(t, int(first.GetProposals()), 4, "the sample raises enough proposals")
	assert.Len(t, first.GetProposalIds(), 2, "the record lists the first ids only")
	stored := c.store.Snapshot()[server.KindProposal]
	require.Len(t, stored, int(first.GetProposals()))

	// The system keeps one trigger: the others' proposals are withdrawn.
	triggers := sample.Triggers()[:1]
	_, err := c.gw.assessment.PutIndicatorSystem(ctx, req(&zerenv1.PutIndicatorSystemRequest{System: sample.IndicatorSystem(), Triggers: triggers}))
	require.NoError(t, err)
	second := run2026(t, c.gw)
	require.Less(t, second.GetProposals(), first.GetProposals())
	left := c.store.Snapshot()[server.KindProposal]
	assert.Len(t, left, int(second.GetProposals()), "what the second run no longer raises is withdrawn")
	for id := range left {
		p := &zerenv1.Proposal{}
		require.NoError(t, proto.Unmarshal(left[id].Data, p))
		assert.Equal(t, triggers[0].GetId(), p.GetTriggerId(), id)
	}
}

// A run stands for the proposals of its triggers, units and period, not
// for a list of what the previous run raised: one awaiting a decision that
// no run raised (as a run that failed part way leaves behind) is
// withdrawn, one decided stays, and one of another period is not touched.
func TestARunWithdrawsWhatItDoesNotRaise(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := assessedCity(t)
	first := run2026(t, c.gw)
	require.NotEmpty(t, first.GetProposalIds())
	base := &zerenv1.Proposal{}
	require.NoError(t, proto.Unmarshal(c.store.Snapshot()[server.KindProposal][first.GetProposalIds()[0]].Data, base))

	put := func(id string, edit func(*zerenv1.Proposal)) {
		p := proto.CloneOf(base)
		p.Id = id
		edit(p)
		data, err := proto.Marshal(p)
		require.NoError(t, err)
		require.NoError(t, c.store.Apply(ctx, "test", []server.Change{{Kind: server.KindProposal, ID: id, Scope: p.GetOrganizationId(), Data: data}}))
	}
	stale := base.GetId() + "-stale"
	put(stale, func(*zerenv1.Proposal) {})
	decided := base.GetId() + "-decided"
	put(decided, func(p *zerenv1.Proposal) {
		p.Status = zerenv1.ProposalStatus_PROPOSAL_STATUS_CONFIRMED
		p.DecidedBy = "gongwei-admin"
	})
	otherYear := base.GetId() + "-2025"
	put(otherYear, func(p *zerenv1.Proposal) {
		p.Period = &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2025}
	})

	second := run2026(t, c.gw)
	assert.Equal(t, first.GetProposals(), second.GetProposals())
	left := c.store.Snapshot()[server.KindProposal]
	assert.NotContains(t, left, stale, "awaiting a decision, raised by no run: withdrawn")
	assert.Contains(t, left, decided, "a decision stands")
	assert.Contains(t, left, otherYear, "another period's proposal is not the run's")
	for _, id := range second.GetProposalIds() {
		assert.Contains(t, left, id)
	}
}

// A unit the previous run scored and this one does not (here: its facts
// grew over the limit) has its proposals awaiting a decision withdrawn.
func TestAUnitOutOfTheRunHasItsProposalsWithdrawn(t *testing.T) {
	t.Parallel()
	c := newCity(t, true, server.WithMaxFactsBytes(512<<10))
	ctx := context.Background()
	_, err := c.gw.assessment.PutIndicatorSystem(ctx, req(&zerenv1.PutIndicatorSystemRequest{System: sample.IndicatorSystem(), Triggers: sample.Triggers()}))
	require.NoError(t, err)
	first := run2026(t, c.gw)
	units := map[string]int{}
	for _, r := range c.store.Snapshot()[server.KindProposal] {
		p := &zerenv1.Proposal{}
		require.NoError(t, proto.Unmarshal(r.Data, p))
		units[p.GetUnitId()]++
	}
	var out string
	for u := range units {
		if out == "" || u < out {
			out = u
		}
	}
	require.NotEmpty(t, out, "the sample raises proposals")
	second := run2026(t, c.gw, func(r *zerenv1.RunAssessmentRequest) {
		for _, f := range r.GetFacts() {
			if f.GetUnit().GetId() == out {
				if f.Metrics == nil {
					f.Metrics = map[string]float64{}
				}
				for i := range 2000 {
					f.Metrics[fmt.Sprintf("%0400d", i)] = 1
				}
			}
		}
	})
	require.Len(t, second.GetUnitDiagnostics(), 1, "unit %s is left out", out)
	require.Greater(t, first.GetProposals(), second.GetProposals())
	left := c.store.Snapshot()[server.KindProposal]
	assert.Len(t, left, int(second.GetProposals()), "what stands is what the second run raised")
	for id, r := range left {
		p := &zerenv1.Proposal{}
		require.NoError(t, proto.Unmarshal(r.Data, p))
		assert.NotEqual(t, out, p.GetUnitId(), id)
	}
}

// journal records the kinds a server reads one by one and writes.
type journal struct {
	server.Store
	mu  sync.Mutex
	log []string
}

func (j *journal) Get(ctx context.Context, kind, id string) (server.Record, error) {
	j.mu.Lock()
	j.log = append(j.log, "get "+kind)
	j.mu.Unlock()
	return j.Store.Get(ctx, kind, id)
}

func (j *journal) Apply(ctx context.Context, actor string, changes []server.Change) error {
	var kinds []string
	for _, c := range changes {
		kinds = append(kinds, c.Kind)
	}
	slices.Sort(kinds)
	j.mu.Lock()
	j.log = append(j.log, "apply "+strings.Join(slices.Compact(kinds), " "))
	j.mu.Unlock()
	return j.Store.Apply(ctx, actor, changes)
}

// A run writes its proposals as it makes them, batch by batch, not after
// the last (a province's run raised a million and held them all): the
// first proposals are written before the last unit's facts are read back
// to propose, and the run record is written last.
func TestARunWritesItsProposalsAsItGoes(t *testing.T) {
	t.Parallel()
	j := &journal{}
	c := assessedCityWith(t, server.WithUnitBatch(2), server.WithApplyBatch(4),
		server.WithStoreWrapper(func(s server.Store) server.Store { j.Store = s; return j }))
	j.mu.Lock()
	j.log = nil
	j.mu.Unlock()
	run := run2026(t, c.gw)
	require.Greater(t, int(run.GetProposals()), 4)
	j.mu.Lock()
	defer j.mu.Unlock()
	firstProposals := slices.IndexFunc(j.log, func(l string) bool {
		return strings.HasPrefix(l, "apply ") && slices.Contains(strings.Fields(l), server.KindProposal)
	})
	lastFactsRead := -1
	for i, l := range j.log {
		if l == "get "+server.KindFacts {
			lastFactsRead = i
		}
	}
	require.GreaterOrEqual(t, firstProposals, 0)
	assert.Less(t, firstProposals, lastFactsRead, "proposals are written before the last facts are read back")
	last := j.log[len(j.log)-1]
	assert.Contains(t, strings.Fields(last), server.KindRun, "the run record comes last: %s", last)
}

// failingFacts fails the second write of facts.
type failingFacts struct {
	server.Store
	mu     sync.Mutex
	writes int
}

func (f *failingFacts) Apply(ctx context.Context, actor string, changes []server.Change) error {
	if len(changes) > 0 && changes[0].Kind == server.KindFacts && changes[0].Data != nil {
		f.mu.Lock()
		f.writes++
		n := f.writes
		f.mu.Unlock()
		if n == 2 {
			return errors.New("disk full")
		}
	}
	return f.Store.Apply(ctx, actor, changes)
}

// The facts are written behind the scoring; a write that fails fails the
// run, which leaves no facts, results or run record behind.
func TestAFailedFactsWriteFailsTheRun(t *testing.T) {
	t.Parallel()
	f := &failingFacts{}
	c := assessedCityWith(t, server.WithUnitBatch(2),
		server.WithStoreWrapper(func(s server.Store) server.Store { f.Store = s; return f }))
	_, err := c.gw.assessment.RunAssessment(context.Background(), req(&zerenv1.RunAssessmentRequest{
		SystemId: sample.IndicatorsID, Period: year2026, Facts: sample.Facts2026(), Reviews: sample.Reviews2026()}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "disk full")
	snap := c.store.Snapshot()
	for _, k := range []string{server.KindFacts, server.KindResult, server.KindRun, server.KindProposal} {
		assert.Empty(t, snap[k], k)
	}
}

// A run that raises a proposal as it is stored leaves it alone — same
// version, no write for the audit log — and rewrites one that differs.
func TestARunAgainKeepsUnchangedProposals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := assessedCity(t)
	run2026(t, c.gw)
	before := c.store.Snapshot()[server.KindProposal]
	require.NotEmpty(t, before)
	var edited string
	for id, r := range before {
		p := &zerenv1.Proposal{}
		require.NoError(t, proto.Unmarshal(r.Data, p))
		p.Note = "changed since"
		data, err := proto.Marshal(p)
		require.NoError(t, err)
		require.NoError(t, c.store.Apply(ctx, "test", []server.Change{{Kind: server.KindProposal, ID: id, Scope: r.Scope, Data: data, ExpectVersion: r.Version}}))
		edited = id
		break
	}
	run2026(t, c.gw)
	after := c.store.Snapshot()[server.KindProposal]
	require.Len(t, after, len(before))
	for id, r := range before {
		if id == edited {
			assert.Equal(t, r.Version+2, after[id].Version, "the edited proposal is raised as it was: rewritten")
			assert.Equal(t, r.Data, after[id].Data)
			continue
		}
		assert.Equal(t, r.Version, after[id].Version, "%s is stored as raised again: not rewritten", id)
	}
}
