package calendar

import (
	"time"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// PeriodsPerYear returns how many periods of a kind a year holds: 1, 2, 4 or
// 12, or 0 for an unspecified or unknown kind.
func PeriodsPerYear(k zerenv1.PeriodKind) int {
	switch k {
	case zerenv1.PeriodKind_PERIOD_KIND_YEAR:
		return 1
	case zerenv1.PeriodKind_PERIOD_KIND_HALF:
		return 2
	case zerenv1.PeriodKind_PERIOD_KIND_QUARTER:
		return 4
	case zerenv1.PeriodKind_PERIOD_KIND_MONTH:
		return 12
	}
	return 0
}

// PeriodMonths returns the months [first, last] (1–12) a period covers. A
// YEAR period's index may be 0 or 1. It reports false for an unspecified
// kind or an index out of range.
func PeriodMonths(p *zerenv1.Period) (first, last int, ok bool) {
	n := PeriodsPerYear(p.GetKind())
	i := int(p.GetIndex())
	if p.GetKind() == zerenv1.PeriodKind_PERIOD_KIND_YEAR && i == 0 {
		i = 1
	}
	if n == 0 || i < 1 || i > n {
		return 0, 0, false
	}
	per := 12 / n
	return (i-1)*per + 1, i * per, true
}

// PeriodBounds returns the half-open interval [start, end) of a period in
// loc: a year runs from 1 January to the next 1 January, a half, quarter or
// month from the first day of its first month to the first day after its
// last. It reports false where PeriodMonths does.
func PeriodBounds(p *zerenv1.Period, loc *time.Location) (start, end time.Time, ok bool) {
	first, last, ok := PeriodMonths(p)
	if !ok {
		return time.Time{}, time.Time{}, false
	}
	start = time.Date(int(p.GetYear()), time.Month(first), 1, 0, 0, 0, 0, loc)
	return start, start.AddDate(0, last-first+1, 0), true
}
