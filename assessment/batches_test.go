package assessment_test

import (
	"context"
	"errors"
	"iter"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/assessment"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

func inBatches(units []*zerenv1.UnitFacts, size int) iter.Seq2[[]*zerenv1.UnitFacts, error] {
	return func(yield func([]*zerenv1.UnitFacts, error) bool) {
		for i := 0; i < len(units); i += size {
			if !yield(units[i:min(i+size, len(units))], nil) {
				return
			}
		}
	}
}

// RunBatches gives, batch size whatever, exactly what Run gives for 示例市:
// results, grades, ranks, quotas.
func TestRunBatchesEqualsRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := mustEngine(t, sample.IndicatorSystem())
	facts, reviews := sample.Facts2026(), sample.Reviews2026()
	want, err := e.Run(ctx, facts, assessment.WithReviews(reviews...))
	require.NoError(t, err)
	for _, size := range []int{1, 2, 3, len(facts)} {
		got, err := e.RunBatches(ctx, inBatches(facts, size), assessment.WithReviews(reviews...))
		require.NoError(t, err, size)
		require.Len(t, got.Results, len(want.Results))
		for i := range want.Results {
			assert.True(t, proto.Equal(want.Results[i], got.Results[i]), "batch size %d, result %d", size, i)
		}
		assert.Equal(t, want.Quotas, got.Quotas, size)
		assert.Len(t, got.Apart, len(want.Apart))
		assert.Len(t, got.Incomplete, len(want.Incomplete))
	}
}

// Validation across batches: a unit repeated in a later batch and a review
// of a unit in no batch are the errors Run reports, with the same paths.
func TestRunBatchesValidatesAcrossBatches(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := mustEngine(t, sample.IndicatorSystem())
	facts := sample.Facts2026()
	dup := append(append([]*zerenv1.UnitFacts{}, facts...), facts[0])
	_, want := e.Run(ctx, dup)
	_, got := e.RunBatches(ctx, inBatches(dup, 2))
	require.Error(t, got)
	assert.Equal(t, want.Error(), got.Error())

	rv := proto.CloneOf(sample.Reviews2026()[0])
	rv.UnitId = "no-such-unit"
	_, want = e.Run(ctx, facts, assessment.WithReviews(rv))
	_, got = e.RunBatches(ctx, inBatches(facts, 2), assessment.WithReviews(rv))
	require.Error(t, got)
	assert.Equal(t, want.Error(), got.Error())

	boom := errors.New("store failed")
	_, got = e.RunBatches(ctx, func(yield func([]*zerenv1.UnitFacts, error) bool) {
		if yield(facts[:1], nil) {
			yield(nil, boom)
		}
	})
	assert.ErrorIs(t, got, boom)
}
