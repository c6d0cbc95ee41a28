package checklist

import (
	"fmt"
	"time"

	"github.com/zerenlab/zeren/calendar"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// DueDay returns the due date of a period: its last day, as the instant the
// day begins in loc (the schema's convention for calendar dates). The period
// [2026-01-01, 2026-04-01) of 2026-Q1 is due on 2026-03-31.
func DueDay(p *zerenv1.Period, loc *time.Location) (time.Time, bool) {
	_, end, ok := calendar.PeriodBounds(p, loc)
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
