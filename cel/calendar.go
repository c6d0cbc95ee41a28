package cel

import (
	"fmt"
	"slices"
	"time"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// CEL timestamps range over years 0001–9999 (UTC).
const (
	minTimestampUnix = -62135596800 // 0001-01-01T00:00:00Z
	maxTimestampUnix = 253402300799 // 9999-12-31T23:59:59Z
	secondsPerDay    = 24 * 60 * 60
)

// workdays is a working-day calendar resolved to day numbers (days since
// 1970-01-01 in the environment's zone). Only the entries that change
// something are kept: holidays that fall on a weekday and make-up workdays
// that fall on a weekend, each sorted and unique.
type workdays struct {
	loc      *time.Location
	holidays []int64 // weekday rest days
	workdays []int64 // weekend working days
}

// newWorkdays resolves cal in loc and reports every problem found.
func newWorkdays(cal *zerenv1.Calendar, loc *time.Location) (workdays, []error) {
	w := workdays{loc: loc}
	if cal == nil {
		return w, nil
	}
	var problems []error
	rest := map[int64]bool{}
	for i, ts := range cal.GetHolidays() {
		if err := ts.CheckValid(); err != nil {
			problems = append(problems, fmt.Errorf("cel: calendar %q: holiday %d: %w", cal.GetId(), i, err))
			continue
		}
		rest[dayNumber(ts.AsTime(), loc)] = true
	}
	work := map[int64]bool{}
	for i, ts := range cal.GetWorkdays() {
		if err := ts.CheckValid(); err != nil {
			problems = append(problems, fmt.Errorf("cel: calendar %q: workday %d: %w", cal.GetId(), i, err))
			continue
		}
		d := dayNumber(ts.AsTime(), loc)
		if rest[d] {
			problems = append(problems, fmt.Errorf("cel: calendar %q: %s is both a holiday and a workday",
				cal.GetId(), dayDate(d).Format(time.DateOnly)))
			continue
		}
		work[d] = true
	}
	for d := range rest {
		if isWeekday(d) {
			w.holidays = append(w.holidays, d)
		}
	}
	for d := range work {
		if !isWeekday(d) {
			w.workdays = append(w.workdays, d)
		}
	}
	slices.Sort(w.holidays)
	slices.Sort(w.workdays)
	return w, problems
}

// dayNumber is the number of days from 1970-01-01 to the date of t in loc.
func dayNumber(t time.Time, loc *time.Location) int64 {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay
}

// dayDate is the date of a day number, at midnight UTC.
func dayDate(d int64) time.Time { return time.Unix(d*secondsPerDay, 0).UTC() }

// floorDiv and floorMod divide rounding toward negative infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// 1970-01-05 (day 4) was a Monday.
const firstMonday = 4

// isWeekday reports whether day d is Monday to Friday.
func isWeekday(d int64) bool { return floorMod(d-firstMonday, 7) < 5 }

// weekdaysBefore counts the weekdays in [firstMonday, d) (negative for d
// before it), so that weekdaysBefore(b)-weekdaysBefore(a) counts [a, b).
func weekdaysBefore(d int64) int64 {
	q, r := floorDiv(d-firstMonday, 7), floorMod(d-firstMonday, 7)
	return 5*q + min(r, 5)
}

// countIn counts the elements of the sorted slice s in [a, b).
func countIn(s []int64, a, b int64) int64 {
	i, _ := slices.BinarySearch(s, a)
	j, _ := slices.BinarySearch(s, b)
	return int64(j - i)
}

// isWorkingDay reports whether t falls on a working day.
func (w workdays) isWorkingDay(t time.Time) bool {
	d := dayNumber(t, w.loc)
	if isWeekday(d) {
		_, holiday := slices.BinarySearch(w.holidays, d)
		return !holiday
	}
	_, work := slices.BinarySearch(w.workdays, d)
	return work
}

// between counts the working days from the date of from (inclusive) to the
// date of to (exclusive); it is negative when to is before from.
func (w workdays) between(from, to time.Time) int64 {
	a, b := dayNumber(from, w.loc), dayNumber(to, w.loc)
	sign := int64(1)
	if b < a {
		a, b, sign = b, a, -1
	}
	n := weekdaysBefore(b) - weekdaysBefore(a)
	n -= countIn(w.holidays, a, b)
	n += countIn(w.workdays, a, b)
	return sign * n
}

// periodBounds returns the half-open interval [start, end) of p in loc.
func periodBounds(p *zerenv1.Period, loc *time.Location) (time.Time, time.Time, *funcError) {
	year, index := int(p.GetYear()), int(p.GetIndex())
	var firstMonth, months int
	switch p.GetKind() {
	case zerenv1.PeriodKind_PERIOD_KIND_YEAR:
		if index != 0 && index != 1 {
			return time.Time{}, time.Time{}, badPeriod(p, "a year's index must be 0 or 1", "年度的序号应为 0 或 1")
		}
		firstMonth, months = 1, 12
	case zerenv1.PeriodKind_PERIOD_KIND_HALF:
		if index < 1 || index > 2 {
			return time.Time{}, time.Time{}, badPeriod(p, "a half's index must be 1 or 2", "半年的序号应为 1 或 2")
		}
		firstMonth, months = 6*(index-1)+1, 6
	case zerenv1.PeriodKind_PERIOD_KIND_QUARTER:
		if index < 1 || index > 4 {
			return time.Time{}, time.Time{}, badPeriod(p, "a quarter's index must be 1 to 4", "季度的序号应为 1 到 4")
		}
		firstMonth, months = 3*(index-1)+1, 3
	case zerenv1.PeriodKind_PERIOD_KIND_MONTH:
		if index < 1 || index > 12 {
			return time.Time{}, time.Time{}, badPeriod(p, "a month's index must be 1 to 12", "月份的序号应为 1 到 12")
		}
		firstMonth, months = index, 1
	default:
		return time.Time{}, time.Time{}, badPeriod(p, "the period kind is not set", "未设置期间类型（年度、半年、季度或月度）")
	}
	start := time.Date(year, time.Month(firstMonth), 1, 0, 0, 0, 0, loc)
	end := time.Date(year, time.Month(firstMonth+months), 1, 0, 0, 0, 0, loc)
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
