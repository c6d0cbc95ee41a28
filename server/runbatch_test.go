package server_test

import (
	"bytes"
	"context"
	"fmt"
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

// A run raising more proposals than its record lists keeps every id in
// records of its own, and the next run withdraws by them what it no longer
// raises; the ids of the generation it replaces go with it.
func TestARunsProposalIdsBeyondItsRecord(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := assessedCityWith(t, server.WithRunProposalIDs(2))
	first := run2026(t, c.gw)
	require.Greater(t, int(first.GetProposals()), 4, "the sample raises enough proposals")
	assert.Len(t, first.GetProposalIds(), 2, "the record lists the first ids only")
	chunks := c.store.Snapshot()[server.KindRunProposals]
	assert.Len(t, chunks, (int(first.GetProposals())+1)/2, "every id, two a record")
	stored := c.store.Snapshot()[server.KindProposal]
	require.Len(t, stored, int(first.GetProposals()))

	// The system keeps one trigger: the others' proposals, listed only in
	// the id records, are withdrawn.
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
	for id := range c.store.Snapshot()[server.KindRunProposals] {
		assert.Contains(t, id, fmt.Sprintf("/%06d/", second.GetGeneration()), "the first generation's id records are gone")
	}
}
