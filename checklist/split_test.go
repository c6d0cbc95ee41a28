package checklist_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/checklist"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

func TestSplitTargetFollowsTheRuleAndRounding(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		m    *zerenv1.Measure
		n    int
		want []float64
	}{
		{"10 over four quarters, remainder first", measure(10, atLeast, quarter, perPeriod, remFirst, 0), 4, []float64{3, 3, 2, 2}},
		{"10 over four quarters, remainder last", measure(10, atLeast, quarter, perPeriod, remLast, 0), 4, []float64{2, 2, 3, 3}},
		{"12 over twelve months is one each", measure(12, atLeast, month, perPeriod, remFirst, 0), 12, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
		{"1 over twelve months per period goes to January", measure(1, atLeast, month, perPeriod, remFirst, 0), 12, []float64{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
		{"1 over twelve months, remainder last, goes to December", measure(1, atLeast, month, perPeriod, remLast, 0), 12, []float64{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}},
		{"0 over quarters is 0 each", measure(0, atMost, quarter, perPeriod, remFirst, 0), 4, []float64{0, 0, 0, 0}},
		{"7 over halves cumulative, remainder first", measure(7, atLeast, half, cumulative, remFirst, 0), 2, []float64{4, 7}},
		{"7 over halves cumulative, remainder last", measure(7, atLeast, half, cumulative, remLast, 0), 2, []float64{3, 7}},
		{"10 over quarters cumulative", measure(10, atLeast, quarter, cumulative, remFirst, 0), 4, []float64{3, 6, 8, 10}},
		{"100 over three half-up at two places: the last absorbs the residue", measure(100, atLeast, quarter, perPeriod, halfUp, 2), 3, []float64{33.33, 33.33, 33.34}},
		{"100 over three half-even at two places", measure(100, atLeast, quarter, perPeriod, halfEven, 2), 3, []float64{33.33, 33.33, 33.34}},
		{"2 over three half-up at one place", measure(2, atLeast, quarter, perPeriod, halfUp, 1), 3, []float64{0.7, 0.7, 0.6}},
		{"a half rounds up with HALF_UP", measure(0.5, atLeast, half, perPeriod, halfUp, 1), 2, []float64{0.3, 0.2}},
		{"a half rounds to even with HALF_EVEN", measure(0.5, atLeast, half, perPeriod, halfEven, 1), 2, []float64{0.2, 0.3}},
		{"100% over quarters cumulative at whole percent", measure(100, atLeast, quarter, cumulative, halfUp, 0), 4, []float64{25, 50, 75, 100}},
		{"a round-up that would leave the last period negative rounds down", measure(7, atLeast, month, perPeriod, halfUp, 0), 12, []float64{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7}},
		{"decimal cumulative at two places", measure(100, atLeast, quarter, cumulative, halfUp, 2), 3, []float64{33.33, 66.66, 100}},
		{"repeat gives every period the full target", measure(1, atLeast, month, repeat, 0, 0), 12, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
		{"repeat of a percentage", measure(95.5, atLeast, half, repeat, 0, 1), 2, []float64{95.5, 95.5}},
		{"a year is one period with the whole target", measure(3.25, atLeast, year, perPeriod, 0, 2), 1, []float64{3.25}},
		{"one period needs no rounding", measure(12, atLeast, month, perPeriod, 0, 0), 1, []float64{12}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := checklist.SplitTarget(tc.m, tc.n)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestSplitSharesSumExactlyToTheTarget(t *testing.T) {
	t.Parallel()
	for _, r := range []zerenv1.Rounding{remFirst, remLast, halfUp, halfEven} {
		for target := 0; target <= 150; target += 7 {
			for _, n := range []int{2, 3, 4, 12} {
				prec := int32(0)
				if r == halfUp || r == halfEven {
					prec = 2
				}
				got, err := checklist.SplitTarget(measure(float64(target), atLeast, month, perPeriod, r, prec), n)
				require.NoError(t, err)
				var cents int64
				for _, v := range got {
					require.GreaterOrEqual(t, v, 0.0)
					cents += int64(v*100 + 0.5)
				}
				assert.Equal(t, int64(target*100), cents, "%v: %d over %d: %v", r, target, n, got)

				cum, err := checklist.SplitTarget(measure(float64(target), atLeast, month, cumulative, r, prec), n)
				require.NoError(t, err)
				assert.Equal(t, float64(target), cum[n-1], "cumulative ends at the target")
			}
		}
	}
}

func TestSplitTargetRejectsWhatNewPlanRejects(t *testing.T) {
	t.Parallel()
	for name, m := range map[string]*zerenv1.Measure{
		"no rounding":          measure(10, atLeast, quarter, perPeriod, 0, 0),
		"decimals, remainders": measure(10.5, atLeast, quarter, perPeriod, remFirst, 0),
		"negative":             measure(-1, atLeast, quarter, repeat, 0, 0),
		"precision 9":          measure(1, atLeast, quarter, perPeriod, halfUp, 9),
		"no split rule":        measure(10, atLeast, quarter, 0, remFirst, 0),
	} {
		_, err := checklist.SplitTarget(m, 4)
		assert.Error(t, err, name)
	}
	_, err := checklist.SplitTarget(measure(1, atLeast, year, perPeriod, 0, 0), 0)
	assert.Error(t, err)
}

func TestPeriodHelpers(t *testing.T) {
	t.Parallel()
	cases := []struct {
		p          *zerenv1.Period
		label      string
		start, end string
		due        string
	}{
		{&zerenv1.Period{Kind: year, Year: 2026}, "2026", "2026-01-01", "2027-01-01", "2026-12-31"},
		{&zerenv1.Period{Kind: year, Year: 2026, Index: 1}, "2026", "2026-01-01", "2027-01-01", "2026-12-31"},
		{&zerenv1.Period{Kind: half, Year: 2026, Index: 2}, "2026-H2", "2026-07-01", "2027-01-01", "2026-12-31"},
		{&zerenv1.Period{Kind: quarter, Year: 2026, Index: 1}, "2026-Q1", "2026-01-01", "2026-04-01", "2026-03-31"},
		{&zerenv1.Period{Kind: month, Year: 2026, Index: 2}, "2026-M02", "2026-02-01", "2026-03-01", "2026-02-28"},
		{&zerenv1.Period{Kind: month, Year: 2028, Index: 2}, "2028-M02", "2028-02-01", "2028-03-01", "2028-02-29"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.label, checklist.PeriodLabel(tc.p))
		start, end, ok := calendar.PeriodBounds(tc.p, cst)
		require.True(t, ok)
		assert.Equal(t, tc.start, start.Format("2006-01-02"))
		assert.Equal(t, tc.end, end.Format("2006-01-02"))
		due, ok := checklist.DueDay(tc.p, cst)
		require.True(t, ok)
		assert.Equal(t, tc.due, due.Format("2006-01-02"))
		assert.Equal(t, cst, due.Location())
	}
	for _, p := range []*zerenv1.Period{{Kind: month, Year: 2026, Index: 13}, {Kind: quarter, Year: 2026}, {Year: 2026, Index: 1}} {
		_, _, ok := calendar.PeriodBounds(p, cst)
		assert.False(t, ok, "%v", p)
	}
}
