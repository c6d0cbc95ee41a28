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

// DryRunBatches gives, batch size whatever, the report DryRun gives for
// 示例市 with a candidate system, and reads the batches once.
func TestDryRunBatchesEqualsDryRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	old := mustEngine(t, sample.IndicatorSystem())
	cand := sample.IndicatorSystem()
	cand.Deductions[0].Cap = 4
	cand.Bonuses = cand.Bonuses[:1]
	next := mustEngine(t, cand)
	facts, reviews := sample.Facts2026(), sample.Reviews2026()
	want, err := assessment.DryRun(ctx, old, next, facts, assessment.WithReviews(reviews...))
	require.NoError(t, err)
	require.NotEmpty(t, want.Removed, "the candidate differs from the old system")
	changed := 0
	for _, u := range want.Units {
		if u.Changed() {
			changed++
		}
	}
	require.NotZero(t, changed, "the candidate changes some unit")
	for _, size := range []int{1, 3, len(facts)} {
		reads := 0
		batches := func(yield func([]*zerenv1.UnitFacts, error) bool) {
			reads++
			for u, err := range inBatches(facts, size) {
				if !yield(u, err) {
					return
				}
			}
		}
		got, err := assessment.DryRunBatches(ctx, old, next, batches, assessment.WithReviews(reviews...))
		require.NoError(t, err, size)
		assert.Equal(t, want, got, "batch size %d", size)
		assert.Equal(t, want.String(), got.String(), "batch size %d", size)
		assert.Equal(t, 1, reads, "batch size %d: the batches are read once", size)
	}
}

// DryRunBatches reports what DryRun reports for a snapshot that does not
// validate, and a store's error as it is.
func TestDryRunBatchesErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := mustEngine(t, sample.IndicatorSystem())
	facts := sample.Facts2026()
	dup := append(append([]*zerenv1.UnitFacts{}, facts...), facts[0])
	_, want := assessment.DryRun(ctx, e, e, dup)
	require.ErrorContains(t, want, "old rules")
	_, got := assessment.DryRunBatches(ctx, e, e, inBatches(dup, 2))
	require.Error(t, got)
	assert.Equal(t, want.Error(), got.Error())

	boom := errors.New("store failed")
	_, got = assessment.DryRunBatches(ctx, e, e, func(yield func([]*zerenv1.UnitFacts, error) bool) {
		if yield(facts[:1], nil) {
			yield(nil, boom)
		}
	})
	assert.ErrorIs(t, got, boom)
}
