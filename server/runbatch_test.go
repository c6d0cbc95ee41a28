package server_test

import (
	"bytes"
	"context"
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
