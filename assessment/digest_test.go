package assessment_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/assessment"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

// A run's workers reuse one encoding buffer from unit to unit; every
// unit's facts_digest must still be FactsDigest of its own facts and review.
func TestRunDigestsEachUnitsOwnFacts(t *testing.T) {
	t.Parallel()
	e := mustEngine(t, sample.IndicatorSystem(), assessment.WithWorkers(1))
	facts := sample.Facts2026()
	reviews := sample.Reviews2026()
	byUnit := map[string]*zerenv1.Review{}
	for _, r := range reviews {
		byUnit[r.GetUnitId()] = r
	}
	run, err := e.Run(context.Background(), facts, assessment.WithReviews(reviews...))
	require.NoError(t, err)
	require.Len(t, run.Results, len(facts))
	factsOf := map[string]*zerenv1.UnitFacts{}
	for _, f := range facts {
		factsOf[f.GetUnit().GetId()] = f
	}
	seen := map[string]bool{}
	for _, r := range run.Results {
		f := factsOf[r.GetUnitId()]
		require.NotNil(t, f, r.GetUnitId())
		want := assessment.FactsDigest(f, byUnit[r.GetUnitId()])
		assert.Equal(t, want, r.GetProvenance().GetFactsDigest(), r.GetUnitId())
		seen[want] = true
	}
	assert.Len(t, seen, len(facts), "no two units share a digest")
}
