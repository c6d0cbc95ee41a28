package calendar_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/zerenlab/zeren/calendar"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

func TestPeriods(t *testing.T) {
	t.Parallel()
	cst := time.FixedZone("CST", 8*3600)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, cst) }
	tests := []struct {
		p           *zerenv1.Period
		first, last int
		start, end  time.Time
	}{
		{&zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2026}, 1, 12, day(2026, 1, 1), day(2027, 1, 1)},
		{&zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2026, Index: 1}, 1, 12, day(2026, 1, 1), day(2027, 1, 1)},
		{&zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_HALF, Year: 2026, Index: 2}, 7, 12, day(2026, 7, 1), day(2027, 1, 1)},
		{&zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_QUARTER, Year: 2026, Index: 3}, 7, 9, day(2026, 7, 1), day(2026, 10, 1)},
		{&zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_MONTH, Year: 2026, Index: 12}, 12, 12, day(2026, 12, 1), day(2027, 1, 1)},
	}
	for _, tt := range tests {
		first, last, ok := calendar.PeriodMonths(tt.p)
		assert.True(t, ok)
		assert.Equal(t, []int{tt.first, tt.last}, []int{first, last})
		start, end, ok := calendar.PeriodBounds(tt.p, cst)
		assert.True(t, ok)
		assert.True(t, start.Equal(tt.start) && end.Equal(tt.end), "%v: %v–%v", tt.p, start, end)
	}
	for _, bad := range []*zerenv1.Period{
		{Year: 2026, Index: 1},
		{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2026, Index: 2},
		{Kind: zerenv1.PeriodKind_PERIOD_KIND_QUARTER, Year: 2026, Index: 5},
		{Kind: zerenv1.PeriodKind_PERIOD_KIND_MONTH, Year: 2026},
		{Kind: zerenv1.PeriodKind(99), Year: 2026, Index: 1},
	} {
		_, _, ok := calendar.PeriodBounds(bad, cst)
		assert.False(t, ok, "%v", bad)
	}
	assert.Equal(t, []int{1, 2, 4, 12, 0}, []int{
		calendar.PeriodsPerYear(zerenv1.PeriodKind_PERIOD_KIND_YEAR), calendar.PeriodsPerYear(zerenv1.PeriodKind_PERIOD_KIND_HALF),
		calendar.PeriodsPerYear(zerenv1.PeriodKind_PERIOD_KIND_QUARTER), calendar.PeriodsPerYear(zerenv1.PeriodKind_PERIOD_KIND_MONTH),
		calendar.PeriodsPerYear(zerenv1.PeriodKind_PERIOD_KIND_UNSPECIFIED),
	})
}
