package calendar_test

import (
	"errors"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/internal/codec"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// naive is the obvious day-by-day calendar the fast one must agree with.
type naive struct {
	off, on map[time.Time]bool
}

func (n naive) workday(d time.Time) bool {
	if n.on[d] {
		return true
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday && !n.off[d]
}

func (n naive) add(d time.Time, k int) time.Time {
	step := 1
	if k < 0 {
		step, k = -1, -k
	}
	for k > 0 {
		d = d.AddDate(0, 0, step)
		if n.workday(d) {
			k--
		}
	}
	return d
}

// FuzzCalendar builds calendars from random day lists (two bytes a day: an
// offset from 2026-01-01 and whether it is a holiday or a make-up day) and
// checks that construction and the arithmetic never panic and agree with a
// day-by-day walk.
func FuzzCalendar(f *testing.F) {
	f.Add([]byte{0, 0, 1, 0, 2, 0, 3, 1}, int16(270), int16(5), uint8(0))
	f.Add([]byte{}, int16(-3), int16(-40), uint8(1))
	f.Add([]byte{0, 0, 0, 0, 9, 1}, int16(0), int16(0), uint8(2))
	f.Add([]byte{5, 128, 6, 129, 7, 130}, int16(300), int16(-9), uint8(3))
	f.Fuzz(func(t *testing.T, days []byte, start, n int16, hour uint8) {
		loc := time.FixedZone("CST", 8*3600)
		base := time.Date(2026, time.January, 1, 0, 0, 0, 0, loc)
		doc := &zerenv1.Calendar{Id: "fuzz"}
		ref := naive{off: map[time.Time]bool{}, on: map[time.Time]bool{}}
		for i := 0; i+1 < len(days) && i < 400; i += 2 {
			d := base.AddDate(0, 0, int(days[i])+int(days[i+1]&0x7f)*256-2000)
			if days[i+1]&0x80 == 0 {
				doc.Holidays = append(doc.Holidays, timestamppb.New(d))
				ref.off[d] = true
			} else {
				doc.Workdays = append(doc.Workdays, timestamppb.New(d))
				ref.on[d] = true
			}
		}
		cal, err := calendar.New(doc, loc)
		if err != nil {
			var verr *calendar.ValidationError
			if !errors.As(err, &verr) || len(verr.Problems) == 0 {
				t.Fatalf("New: %v is not a validation error with problems", err)
			}
			// Check the same arithmetic on the weekends calendar instead.
			cal, ref = calendar.Weekends(loc), naive{}
		}
		from := base.AddDate(0, 0, int(start))
		at := from.Add(time.Duration(hour%24) * time.Hour)
		if got, want := cal.IsWorkday(at), ref.workday(from); got != want {
			t.Fatalf("IsWorkday(%s) = %v, want %v", from, got, want)
		}
		k := int(n)
		got := cal.AddWorkdays(at, k)
		if want := ref.add(from, k); !got.Equal(want) {
			t.Fatalf("AddWorkdays(%s, %d) = %s, want %s", from, k, got, want)
		}
		if k != 0 && !cal.IsWorkday(got) {
			t.Fatalf("AddWorkdays(%s, %d) = %s, a rest day", from, k, got)
		}
		if k >= 0 || cal.IsWorkday(at) {
			if between := cal.WorkdaysBetween(at, got); between != k {
				t.Fatalf("WorkdaysBetween(%s, AddWorkdays(_, %d)) = %d", from, k, between)
			}
		}
		if cal.IsWorkday(at) {
			if back := cal.AddWorkdays(got, -k); !back.Equal(from) {
				t.Fatalf("AddWorkdays(AddWorkdays(%s, %d), %d) = %s", from, k, -k, back)
			}
		}
		next, prev := cal.NextWorkday(at), cal.PrevWorkday(at)
		if !cal.IsWorkday(next) || !cal.IsWorkday(prev) || next.Before(from) || prev.After(from) {
			t.Fatalf("NextWorkday/PrevWorkday(%s) = %s, %s", from, next, prev)
		}
		if cal.WorkdaysBetween(prev, next) > 1 {
			t.Fatalf("working days between %s and %s", prev, next)
		}
	})
}

// FuzzParse feeds calendar documents to Parse and what it accepts to New:
// neither may panic, and an error from Parse is a *codec.DecodeError that
// names the calendar.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"id": "cn-2026", "holidays": ["2026-10-01T00:00:00+08:00"], "workdays": ["2026-10-10T00:00:00+08:00"]}`))
	f.Add([]byte(`id: "t" sample: true holidays { seconds: 1790784000 }`))
	f.Add([]byte(`{"id": "j", "holidays": ["not a date"]}`))
	f.Add([]byte("\ufeff{\"workdays\": [\"2026-13-01T00:00:00Z\"]}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := calendar.Parse(data)
		if err != nil {
			var target *codec.DecodeError
			if !errors.As(err, &target) || target.Err == nil || !errors.Is(err, problem.BadDocument) {
				t.Fatalf("Parse error %v does not wrap the decoder's", err)
			}
			return
		}
		_, _ = calendar.New(c, time.FixedZone("CST", 8*3600))
	})
}
