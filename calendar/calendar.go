package calendar

import (
	"iter"
	"slices"
	"strconv"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/internal/codec"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Calendar is a working-day calendar (工作日历) in one time zone: Monday to
// Friday are working days (工作日) and Saturday and Sunday rest days
// (休息日), except for the listed public holidays (法定节假日及调休放假日),
// which are rest days, and make-up working days (调休上班), which are
// weekend days worked.
//
// Every method works on days: an instant stands for the day that contains it
// in the calendar's location, and every returned time is the instant a day
// begins there. A Calendar is immutable and safe for concurrent use. A nil
// *Calendar behaves as Weekends(nil): weekends only, in China Standard Time.
type Calendar struct {
	pb       *zerenv1.Calendar
	loc      *time.Location
	holidays []int64 // every listed holiday, sorted
	off      []int64 // listed holidays that fall Monday to Friday, sorted
	on       []int64 // make-up working days, sorted
}

// maxWorkdays bounds the n of AddWorkdays (about eight million years), so
// that the arithmetic cannot overflow.
const maxWorkdays = 1 << 31

// defaultLocation is China Standard Time (UTC+8) as a fixed zone, so that no
// time-zone database is needed; the default of the whole library.
func defaultLocation() *time.Location { return time.FixedZone("CST", 8*3600) }

// New validates a calendar document and builds its Calendar in loc (nil
// means China Standard Time, UTC+8, as a fixed zone).
//
// The checks: every date is set, valid and the instant its day begins in loc;
// no day is listed twice; no day is both a holiday and a make-up working day;
// a make-up working day is a Saturday or a Sunday. New reports every problem
// at once as a [*ValidationError]. A holiday on a weekend is allowed (official
// notices list whole runs such as 10月1日至7日).
func New(c *zerenv1.Calendar, loc *time.Location) (*Calendar, error) {
	if loc == nil {
		loc = defaultLocation()
	}
	if c == nil {
		return nil, problem.New("calendar", []Problem{{Code: problem.MissingField, Record: "calendar",
			MessageZh: "日历为空", Message: "calendar is nil"}})
	}
	cal := &Calendar{pb: proto.Clone(c).(*zerenv1.Calendar), loc: loc}
	var v problems
	holidays, _ := cal.days(&v, "holidays", c.GetHolidays())
	workdays, order := cal.days(&v, "workdays", c.GetWorkdays())
	for _, z := range order {
		e := workdays[z]
		if other, ok := holidays[z]; ok {
			v.add(problem.Conflict, "workdays", e.i, cal.format(z),
				"既是节假日（"+other.field+"）又是调休上班日",
				"is both a holiday ("+other.field+") and a make-up working day")
		}
		if !isWeekend(z) {
			v.add(problem.InvalidValue, "workdays", e.i, cal.format(z),
				"是"+weekdayZh[weekday(z)]+"，不是周末：只有星期六或星期日可以调休上班",
				"is a "+weekday(z).String()+
					", not a weekend day: only a Saturday or Sunday can be a make-up working day")
		}
	}
	if len(v) > 0 {
		src := c.GetId()
		if src == "" {
			src = c.GetName()
		}
		if src != "" {
			src = "calendar " + strconv.Quote(src)
		} else {
			src = "calendar"
		}
		return nil, problem.New(src, v)
	}
	for z := range holidays {
		cal.holidays = append(cal.holidays, z)
		if !isWeekend(z) {
			cal.off = append(cal.off, z)
		}
	}
	for z := range workdays {
		cal.on = append(cal.on, z)
	}
	slices.Sort(cal.holidays)
	slices.Sort(cal.off)
	slices.Sort(cal.on)
	return cal, nil
}

// entry is where a day is listed first: its index and path.
type entry struct {
	i     int
	field string
}

// weekdayZh names the weekdays in Chinese.
var weekdayZh = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

// days checks one list of dates and returns them by day number, each with
// the entry that named it first, and the day numbers in input order.
func (c *Calendar) days(v *problems, name string, ts []*timestamppb.Timestamp) (map[int64]entry, []int64) {
	seen := make(map[int64]entry, len(ts))
	order := make([]int64, 0, len(ts))
	for i, t := range ts {
		if t == nil {
			v.add(problem.MissingField, name, i, "", "日期为空", "date is missing")
			continue
		}
		if err := t.CheckValid(); err != nil {
			v.add(problem.InvalidValue, name, i, "", "日期无效："+err.Error(), "invalid timestamp: "+err.Error())
			continue
		}
		at := t.AsTime()
		z := c.day(at)
		if !at.Equal(c.start(z)) {
			v.add(problem.InvalidValue, name, i, c.format(z),
				at.In(c.location()).Format(time.RFC3339)+"不是"+c.location().String()+
					"时区内一天的开始；日期应写为当天开始的时刻，如"+c.start(z).Format(time.RFC3339),
				at.In(c.location()).Format(time.RFC3339)+
					" is not the start of a day in "+c.location().String()+
					"; write the date as the instant its day begins, e.g. "+c.start(z).Format(time.RFC3339))
			continue
		}
		if first, dup := seen[z]; dup {
			v.add(problem.DuplicateID, name, i, c.format(z), "重复列出（另见"+first.field+"）",
				"listed twice (also "+first.field+")")
			continue
		}
		seen[z] = entry{i: i, field: fieldName(name, i)}
		order = append(order, z)
	}
	return seen, order
}

// Weekends returns a calendar without holidays or make-up days in loc (nil
// means China Standard Time): Monday to Friday are the working days.
func Weekends(loc *time.Location) *Calendar {
	if loc == nil {
		loc = defaultLocation()
	}
	return &Calendar{pb: &zerenv1.Calendar{Id: "weekends", Name: "双休日（无节假日）"}, loc: loc}
}

// Parse decodes a calendar document (zeren.v1.Calendar) from JSON (protojson)
// or text format, detected from the first non-blank byte: '{' means JSON.
// Unknown fields are errors. It returns a *codec.DecodeError (recover it
// with errors.As); the content is checked by [New].
func Parse(data []byte) (*zerenv1.Calendar, error) {
	c := &zerenv1.Calendar{}
	if err := codec.Unmarshal("calendar", data, codec.Auto, c); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Calendar) location() *time.Location {
	if c == nil || c.loc == nil {
		return defaultLocation()
	}
	return c.loc
}

// Location returns the time zone in which the calendar's days begin.
func (c *Calendar) Location() *time.Location { return c.location() }

// Proto returns a copy of the calendar document.
func (c *Calendar) Proto() *zerenv1.Calendar {
	if c == nil || c.pb == nil {
		return Weekends(nil).pb
	}
	return proto.Clone(c.pb).(*zerenv1.Calendar)
}

// ID returns the calendar's id.
func (c *Calendar) ID() string { return c.Proto().GetId() }

// Name returns the calendar's display name.
func (c *Calendar) Name() string { return c.Proto().GetName() }

// Sample reports whether the calendar is labelled a sample rather than an
// official notice (国务院办公厅关于部分节假日安排的通知).
func (c *Calendar) Sample() bool { return c.Proto().GetSample() }

// day returns the day number of the day that contains t in the location.
func (c *Calendar) day(t time.Time) int64 {
	y, m, d := t.In(c.location()).Date()
	return daysFromCivil(int64(y), int(m), d)
}

// start returns the instant day z begins in the location.
func (c *Calendar) start(z int64) time.Time {
	y, m, d := civilFromDays(z)
	return time.Date(int(y), time.Month(m), d, 0, 0, 0, 0, c.location())
}

func (c *Calendar) format(z int64) string { return c.start(z).Format(time.DateOnly) }

// Day returns the instant the day that contains t begins.
func (c *Calendar) Day(t time.Time) time.Time { return c.start(c.day(t)) }

func (c *Calendar) workday(z int64) bool {
	if c == nil {
		return !isWeekend(z)
	}
	if contains(c.on, z) {
		return true
	}
	return !isWeekend(z) && !contains(c.off, z)
}

// before counts the working days in [0, z).
func (c *Calendar) before(z int64) int64 {
	n := weekdaysBefore(z)
	if c != nil {
		n += countBefore(c.on, z) - countBefore(c.off, z)
	}
	return n
}

// IsWorkday reports whether the day that contains t is a working day.
func (c *Calendar) IsWorkday(t time.Time) bool { return c.workday(c.day(t)) }

// IsHoliday reports whether the day that contains t is a listed holiday
// (which may also be a weekend day).
func (c *Calendar) IsHoliday(t time.Time) bool {
	return c != nil && contains(c.holidays, c.day(t))
}

// NextWorkday returns the day of t if it is a working day, else the first
// working day after it.
func (c *Calendar) NextWorkday(t time.Time) time.Time {
	z := c.day(t)
	if c.workday(z) {
		return c.start(z)
	}
	return c.start(c.after(z, 1))
}

// PrevWorkday returns the day of t if it is a working day, else the last
// working day before it.
func (c *Calendar) PrevWorkday(t time.Time) time.Time {
	z := c.day(t)
	if c.workday(z) {
		return c.start(z)
	}
	return c.start(c.back(z, 1))
}

// AddWorkdays returns the n-th working day after the day of t, or for a
// negative n the |n|-th working day before it; n = 0 returns the day of t
// unchanged, working day or not. The day of t itself is never counted, so
// AddWorkdays(friday, 1) is the next Monday (when that is a working day) and
// AddWorkdays(saturday, 1) too. For a working day t,
// AddWorkdays(AddWorkdays(t, n), -n) is t. |n| is capped at 2³¹.
func (c *Calendar) AddWorkdays(t time.Time, n int) time.Time {
	z := c.day(t)
	switch {
	case n > 0:
		return c.start(c.after(z, int64(min(n, maxWorkdays))))
	case n < 0:
		return c.start(c.back(z, int64(min(-max(n, -maxWorkdays), maxWorkdays))))
	default:
		return c.start(z)
	}
}

// after returns the n-th (n > 0) working day after day z.
func (c *Calendar) after(z, n int64) int64 {
	base := c.before(z + 1)
	span := c.span(n)
	k := int64(searchInt64(span, func(k int64) bool { return c.before(z+2+k)-base >= n }))
	return z + 1 + k
}

// back returns the n-th (n > 0) working day before day z.
func (c *Calendar) back(z, n int64) int64 {
	top := c.before(z)
	span := c.span(n)
	k := int64(searchInt64(span, func(k int64) bool { return top-c.before(z-1-k) >= n }))
	return z - 1 - k
}

// span bounds the number of days that hold n working days: five in every
// seven, less one for each listed weekday holiday.
func (c *Calendar) span(n int64) int64 {
	h := int64(0)
	if c != nil {
		h = int64(len(c.off))
	}
	return 2*(n+h) + 14
}

// searchInt64 returns the smallest k in [0, n) for which f is true, assuming
// f is false then true; n if f is never true.
func searchInt64(n int64, f func(int64) bool) int64 {
	lo, hi := int64(0), n
	for lo < hi {
		mid := lo + (hi-lo)/2
		if f(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// WorkdaysBetween counts the working days after the day of a up to and
// including the day of b, negated when b is before a. So
// WorkdaysBetween(friday, monday) is 1, WorkdaysBetween(friday, saturday) is
// 0, and WorkdaysBetween(a, AddWorkdays(a, n)) is n for every n ≥ 0 (and for
// every n when a is a working day). "Overdue by k working days" is
// WorkdaysBetween(due, now) = k.
func (c *Calendar) WorkdaysBetween(a, b time.Time) int {
	return int(c.before(c.day(b)+1) - c.before(c.day(a)+1))
}

// WorkdaysIn yields the working days in [from, to), day by day.
func (c *Calendar) WorkdaysIn(from, to time.Time) iter.Seq[time.Time] {
	return func(yield func(time.Time) bool) {
		for z, end := c.day(from), c.day(to); z < end; z++ {
			if c.workday(z) && !yield(c.start(z)) {
				return
			}
		}
	}
}

// Rule says where a date that falls on a rest day moves.
type Rule int

const (
	// Following moves a rest day to the next working day (顺延), the usual
	// rule for a 完成时限 and the zero value.
	Following Rule = iota
	// Preceding moves a rest day to the previous working day (提前).
	Preceding
	// Unadjusted leaves the date where it is.
	Unadjusted
)

// String returns the rule's name.
func (r Rule) String() string {
	switch r {
	case Following:
		return "following (顺延)"
	case Preceding:
		return "preceding (提前)"
	case Unadjusted:
		return "unadjusted"
	default:
		return "Rule(" + itoa(int64(r)) + ")"
	}
}

// Adjust moves the day of t by the rule when it is a rest day and returns
// the day (as the instant it begins). An unknown rule counts as Following.
func (c *Calendar) Adjust(t time.Time, r Rule) time.Time {
	switch r {
	case Preceding:
		return c.PrevWorkday(t)
	case Unadjusted:
		return c.Day(t)
	default:
		return c.NextWorkday(t)
	}
}
