package cel

import (
	"fmt"
	"time"

	"github.com/zerenlab/zeren/calendar"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// CEL timestamps range over years 0001–9999 (UTC).
const (
	minTimestampUnix = -62135596800 // 0001-01-01T00:00:00Z
	maxTimestampUnix = 253402300799 // 9999-12-31T23:59:59Z
)

// workdays is the environment's working-day calendar, resolved in its zone
// by package calendar, which supervision uses too, so a calendar document
// means the same to rules and to due dates.
type workdays struct {
	cal *calendar.Calendar
}

// newWorkdays validates cal in loc (nil: weekends only) and reports every
// problem found.
func newWorkdays(cal *zerenv1.Calendar, loc *time.Location) (workdays, []error) {
	if cal == nil {
		return workdays{cal: calendar.Weekends(loc)}, nil
	}
	c, err := calendar.New(cal, loc)
	if err != nil {
		return workdays{}, []error{fmt.Errorf("cel: WithCalendar: %w", err)}
	}
	return workdays{cal: c}, nil
}

// isWorkingDay reports whether t falls on a working day.
func (w workdays) isWorkingDay(t time.Time) bool { return w.cal.IsWorkday(t) }

// between counts the working days from the date of from (inclusive) to the
// date of to (exclusive); it is negative when to is before from. Package
// calendar counts the days after from up to and including to; the two differ
// by the end days.
func (w workdays) between(from, to time.Time) int64 {
	n := int64(w.cal.WorkdaysBetween(from, to))
	if w.cal.IsWorkday(from) {
		n++
	}
	if w.cal.IsWorkday(to) {
		n--
	}
	return n
}

// periodBounds returns the half-open interval [start, end) of p in loc.
func periodBounds(p *zerenv1.Period, loc *time.Location) (time.Time, time.Time, *funcError) {
	start, end, ok := calendar.PeriodBounds(p, loc)
	if !ok {
		switch p.GetKind() {
		case zerenv1.PeriodKind_PERIOD_KIND_YEAR:
			return time.Time{}, time.Time{}, badPeriod(p, "a year's index must be 0 or 1", "年度的序号应为 0 或 1")
		case zerenv1.PeriodKind_PERIOD_KIND_HALF:
			return time.Time{}, time.Time{}, badPeriod(p, "a half's index must be 1 or 2", "半年的序号应为 1 或 2")
		case zerenv1.PeriodKind_PERIOD_KIND_QUARTER:
			return time.Time{}, time.Time{}, badPeriod(p, "a quarter's index must be 1 to 4", "季度的序号应为 1 到 4")
		case zerenv1.PeriodKind_PERIOD_KIND_MONTH:
			return time.Time{}, time.Time{}, badPeriod(p, "a month's index must be 1 to 12", "月份的序号应为 1 到 12")
		}
		return time.Time{}, time.Time{}, badPeriod(p, "the period kind is not set", "未设置期间类型（年度、半年、季度或月度）")
	}
	if start.Unix() < minTimestampUnix || end.Unix() > maxTimestampUnix {
		return time.Time{}, time.Time{}, badPeriod(p, "the year is outside 0001–9999", "年份超出 0001–9999 的范围")
	}
	return start, end, nil
}

func badPeriod(p *zerenv1.Period, en, zh string) *funcError {
	return &funcError{
		en: fmt.Sprintf("invalid period (kind %d, year %d, index %d): %s", p.GetKind(), p.GetYear(), p.GetIndex(), en),
		zh: fmt.Sprintf("期间无效（类型 %d，年份 %d，序号 %d）：%s", p.GetKind(), p.GetYear(), p.GetIndex(), zh),
	}
}
