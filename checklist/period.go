package checklist

import (
	"fmt"
	"time"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// periodsPerYear returns how many periods of a kind a year holds, or 0 for
// an unknown kind.
func periodsPerYear(k zerenv1.PeriodKind) int {
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

// PeriodBounds returns the half-open interval [start, end) of a period in
// loc: a year runs from 1 January to the next 1 January, a half, quarter or
// month from the first day of its first month to the first day after its
// last. A YEAR period's index may be 0 or 1. It reports false for an
// unspecified kind or an index out of range.
func PeriodBounds(p *zerenv1.Period, loc *time.Location) (start, end time.Time, ok bool) {
	n := periodsPerYear(p.GetKind())
	i := int(p.GetIndex())
	if p.GetKind() == zerenv1.PeriodKind_PERIOD_KIND_YEAR && i == 0 {
		i = 1
	}
	if n == 0 || i < 1 || i > n {
		return time.Time{}, time.Time{}, false
	}
	months := 12 / n
	start = time.Date(int(p.GetYear()), time.Month(1+(i-1)*months), 1, 0, 0, 0, 0, loc)
	return start, start.AddDate(0, months, 0), true
}

// DueDay returns the due date of a period: its last day, as the instant the
// day begins in loc (the schema's convention for calendar dates). The period
// [2026-01-01, 2026-04-01) of 2026-Q1 is due on 2026-03-31.
func DueDay(p *zerenv1.Period, loc *time.Location) (time.Time, bool) {
	_, end, ok := PeriodBounds(p, loc)
	if !ok {
		return time.Time{}, false
	}
	return end.AddDate(0, 0, -1), true
}

// PeriodLabel renders a period the way assignment ids spell it: "2026" for a
// year, "2026-H1", "2026-Q3", "2026-M07" (two-digit months, so that labels
// sort in time order).
func PeriodLabel(p *zerenv1.Period) string {
	return string(appendPeriodLabel(nil, p.GetKind(), int(p.GetYear()), int(p.GetIndex())))
}

func appendPeriodLabel(b []byte, k zerenv1.PeriodKind, year, index int) []byte {
	b = fmt.Appendf(b, "%04d", year)
	switch k {
	case zerenv1.PeriodKind_PERIOD_KIND_HALF:
		b = fmt.Appendf(b, "-H%d", index)
	case zerenv1.PeriodKind_PERIOD_KIND_QUARTER:
		b = fmt.Appendf(b, "-Q%d", index)
	case zerenv1.PeriodKind_PERIOD_KIND_MONTH:
		b = fmt.Appendf(b, "-M%02d", index)
	case zerenv1.PeriodKind_PERIOD_KIND_YEAR:
	default:
		b = fmt.Appendf(b, "-%d", index)
	}
	return b
}

// startOfDay truncates t to the instant its day begins in loc.
func startOfDay(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// dayEnd returns the instant after a due day: the day that begins at due
// (in loc) has passed.
func dayEnd(due time.Time, loc *time.Location) time.Time {
	return startOfDay(due, loc).AddDate(0, 0, 1)
}
