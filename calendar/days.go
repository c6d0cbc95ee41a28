package calendar

import (
	"sort"
	"time"
)

// A day is numbered by days since 1970-01-01 in the proleptic Gregorian
// calendar, independent of any time zone: the arithmetic below never sees a
// clock, a daylight-saving shift or a leap second.

// daysFromCivil returns the day number of y-m-d (Howard Hinnant's algorithm).
func daysFromCivil(y int64, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := int64((m + 9) % 12)
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y int64, m, d int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		m = int(mp + 3)
	} else {
		m = int(mp - 9)
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// weekday returns the weekday of day number z (1970-01-01 was a Thursday).
func weekday(z int64) time.Weekday { return time.Weekday(floorMod(z+4, 7)) }

func isWeekend(z int64) bool {
	wd := weekday(z)
	return wd == time.Saturday || wd == time.Sunday
}

// weekPrefix counts Monday–Friday among the first r (0–7) days of a block of
// seven that starts on a Thursday (day 0 is a Thursday): Thu, Fri, then Sat
// and Sun add nothing, then Mon, Tue, Wed.
func weekPrefix(r int64) int64 {
	switch {
	case r <= 2:
		return r
	case r <= 4:
		return 2
	default:
		return r - 2
	}
}

// weekdaysBefore counts the Mondays to Fridays in [0, z) (negative for z < 0).
func weekdaysBefore(z int64) int64 {
	return 5*floorDiv(z, 7) + weekPrefix(floorMod(z, 7))
}

// countBefore returns how many of the sorted days are < z.
func countBefore(days []int64, z int64) int64 {
	return int64(sort.Search(len(days), func(i int) bool { return days[i] >= z }))
}

// contains reports whether the sorted days hold z.
func contains(days []int64, z int64) bool {
	i := sort.Search(len(days), func(i int) bool { return days[i] >= z })
	return i < len(days) && days[i] == z
}
