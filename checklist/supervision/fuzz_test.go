package supervision_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/zerenlab/zeren/checklist/supervision"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// FuzzTransitions applies random sequences of target states and events to a
// case: the machine never panics, never reaches a state outside the enum,
// and its ledger grows by exactly one entry per successful transition.
func FuzzTransitions(f *testing.F) {
	f.Add([]byte{2, 0, 3, 0, 6, 1, 2, 0, 3, 0, 4, 0, 5, 0})
	f.Add([]byte{4, 0, 1, 0, 0, 0, 200, 3})
	f.Add([]byte{2, 5, 3, 255, 6, 0, 3, 1, 4, 9, 5, 2, 2, 2})
	f.Fuzz(func(t *testing.T, ops []byte) {
		cal := fuzzCalendar
		opened := at(time.March, 19, 10)
		c, err := supervision.OpenCase(supervision.CaseSpec{ID: "DB-A-f", OrganizationID: "o"}, opened, cal, supervision.DefaultPolicy())
		if err != nil {
			t.Fatal(err)
		}
		clock := opened
		ok := 0
		for i := 0; i+1 < len(ops); i += 2 {
			to := zerenv1.CaseState(ops[i] % 9) // includes values outside the enum
			// The high bit of the second byte steps the clock back.
			step := time.Duration(ops[i+1]&0x7f) * time.Hour
			if ops[i+1]&0x80 != 0 {
				step = -step
			}
			clock = clock.Add(step)
			ev := supervision.Event{At: clock, Actor: "p", Measures: []string{"m"}}
			if ops[i+1] == 0x80 {
				ev.At = time.Time{}
			}
			before := c.GetState()
			next, err := supervision.Transition(c, to, ev)
			if err != nil {
				if next != nil {
					t.Fatalf("an error with a result")
				}
				if supervision.CanTransition(before, to) && !ev.At.IsZero() && !ev.At.Before(c.GetHistory()[len(c.GetHistory())-1].GetAt().AsTime()) {
					t.Fatalf("a legal transition %s → %s failed: %v", before, to, err)
				}
				continue
			}
			if !supervision.CanTransition(before, to) {
				t.Fatalf("an illegal transition %s → %s succeeded", before, to)
			}
			if _, known := zerenv1.CaseState_name[int32(next.GetState())]; !known || next.GetState() == zerenv1.CaseState_CASE_STATE_UNSPECIFIED {
				t.Fatalf("reached an undefined state %d", next.GetState())
			}
			c = next
			ok++
		}
		if got := len(c.GetHistory()); got != 1+ok {
			t.Fatalf("history has %d entries after the opening and %d transitions", got, ok)
		}
		if int(c.GetRectification().GetReturns()) > ok {
			t.Fatalf("more returns than transitions")
		}
	})
}

// FuzzDue runs Due over random assignment dates, statuses and cases: it
// never panics, reminds only on working days for open assignments, and a
// second run over its own agenda opens and urges nothing.
func FuzzDue(f *testing.F) {
	f.Add([]byte{10, 0, 20, 1, 30, 2, 40, 3}, int16(60), uint8(0))
	f.Add([]byte{255, 255, 0, 0, 1, 1}, int16(-30), uint8(5))
	f.Add([]byte{}, int16(280), uint8(9))
	f.Fuzz(fuzzDueBody)
}

// fuzzDueBody is FuzzDue's property: two bytes make an assignment (due day,
// organisation, task, status), nowDay and policy pick the day and the
// policy's variants.
func fuzzDueBody(t *testing.T, data []byte, nowDay int16, policy uint8) {
	cal := fuzzCalendar
	if len(data) > 256 {
		data = data[:256]
	}
	base := day(time.January, 1)
	now := base.AddDate(0, 0, int(nowDay)).Add(time.Duration(policy%24) * time.Hour)
	p := supervision.DefaultPolicy()
	p.ReminderCalendarDays = policy&1 != 0
	p.OverdueAfter = int(policy>>1) % 4
	p.DueRule = []calendarRule{0, 1, 2, 0}[policy>>3&3]
	p.ReminderOffsets = []int{7, 1, int(policy % 5), -int(policy)}
	var s supervision.State
	for i := 0; i+1 < len(data); i += 2 {
		id := fmt.Sprintf("a%03d", i/2)
		org := fmt.Sprintf("org%d", data[i+1]%3)
		task := fmt.Sprintf("t%d", data[i]%4)
		due := base.AddDate(0, 0, int(data[i])+int(data[i+1]&0x3f)).Add(time.Duration(data[i+1]>>6) * 7 * time.Hour)
		a := assignment(id, org, task, due)
		switch data[i+1] % 5 {
		case 0:
			a.Status = statusDone
		case 1:
			a.CompletedAt = ts(now.AddDate(0, 0, int(data[i])%7-3))
		case 2:
			a.Due = nil
		}
		s.Assignments = append(s.Assignments, a)
	}
	ag := supervision.Due(now, s, cal, p)
	for _, r := range ag.Reminders {
		if !cal.IsWorkday(r.GetRemindOn().AsTime()) {
			t.Fatalf("reminder %s on a rest day", r.GetId())
		}
	}
	for _, c := range ag.Open {
		if !cal.IsWorkday(c.GetDeadline().AsTime()) || c.GetState() != zerenv1.CaseState_CASE_STATE_OPEN {
			t.Fatalf("case %s: deadline %s, state %s", c.GetId(), c.GetDeadline().AsTime(), c.GetState())
		}
	}
	s = apply(s, ag)
	again := supervision.Due(now, s, cal, p)
	if len(again.Open) != 0 || len(again.Urges) != 0 {
		t.Fatalf("a second run opened %d and urged %d", len(again.Open), len(again.Urges))
	}
	// A later day over the grown state urges what ran past its deadline.
	later := supervision.Due(now.AddDate(0, 0, 20), s, cal, p)
	for _, u := range later.Urges {
		if u.Case.GetOverdueCount() < 1 || u.OverdueDays < 1 {
			t.Fatalf("urge %s: count %d, days %d", u.Case.GetId(), u.Case.GetOverdueCount(), u.OverdueDays)
		}
	}
}
