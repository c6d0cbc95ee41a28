package calendar

import (
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/internal/codec"
)

// DateError reports text that is neither a date (YYYY-MM-DD) nor an RFC 3339
// instant. Zh and En read in Chinese and English and hint at both forms.
type DateError = codec.DateError

// ParseDate reads a date written YYYY-MM-DD, as people write due dates,
// appointment starts and review dates, as the instant its day begins in loc
// (nil: China Standard Time, UTC+8): "2026-01-31" in Asia/Shanghai is
// 2026-01-30T16:00:00Z. Anything else is a [*DateError] with a hint.
func ParseDate(s string, loc *time.Location) (time.Time, error) { return codec.ParseDate(s, loc) }

// ParseInstant reads a date as [ParseDate] does, or an RFC 3339 instant
// ("2026-01-31T09:30:00+08:00").
func ParseInstant(s string, loc *time.Location) (time.Time, error) {
	return codec.ParseInstant(s, loc)
}

// FormatDate writes the day that contains ts in loc (nil: UTC+8) as
// YYYY-MM-DD, the way a person reads a due date: a deadline stored as
// 2026-01-30T16:00:00Z prints as 2026-01-31. A nil ts is "".
func FormatDate(ts *timestamppb.Timestamp, loc *time.Location) string {
	return codec.FormatDate(ts, loc)
}

// DaysTouched counts the calendar days in loc that [start, end) touches:
// a tenure from 1 July 00:00 to 1 January 00:00 touches 184 days, one
// from 09:00 to 17:00 of a day touches 1; none when end is not after
// start.
func DaysTouched(start, end time.Time, loc *time.Location) int {
	if !start.Before(end) {
		return 0
	}
	day := func(t time.Time) int64 {
		y, m, d := t.In(loc).Date()
		return daysFromCivil(int64(y), int(m), d)
	}
	return int(day(end.Add(-time.Nanosecond))-day(start)) + 1
}
