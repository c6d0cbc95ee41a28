package supervision_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/checklist/supervision"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// The province of the design's targets: 5,000 organisations × 60 tasks ×
// 12 months ≈ 3.6 million assignments, due at month ends. All but one in a
// thousand are completed the day before they are due (so each day sees the
// year as it stood then); half of the laggards due before June already
// have a case, never urged.
const (
	benchOrgs   = 5000
	benchTasks  = 60
	benchMonths = 12
)

var benchState = sync.OnceValue(func() supervision.State {
	cal := fuzzCalendar
	var dues, done [benchMonths]*timestamppb.Timestamp
	var periods [benchMonths]*zerenv1.Period
	for m := range benchMonths {
		due := day(time.Month(m+2), 1).AddDate(0, 0, -1)
		dues[m], done[m] = ts(due), ts(due.AddDate(0, 0, -1))
		periods[m] = &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_MONTH, Year: 2026, Index: int32(m + 1)}
	}
	s := supervision.State{Assignments: make([]*zerenv1.Assignment, 0, benchOrgs*benchTasks*benchMonths)}
	for o := range benchOrgs {
		org := fmt.Sprintf("o%04d", o)
		for t := range benchTasks {
			task := fmt.Sprintf("t%02d", t)
			for m := range benchMonths {
				a := &zerenv1.Assignment{
					Id: fmt.Sprintf("%s-%s-%02d", task, org, m+1), TaskId: task, OrganizationId: org,
					PersonId: "p-" + org, Period: periods[m], Due: dues[m], Target: 1,
					Status: zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE, CompletedAt: done[m],
				}
				if h := (o*7919 + t*104729 + m*31) % 1000; h == 0 || h == 500 {
					a.Status, a.CompletedAt = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_OPEN, nil
					if h == 0 && m < 5 {
						c, err := supervision.OpenCase(supervision.CaseSpec{
							ID: supervision.OverdueCaseID(a.GetId(), 1), OrganizationID: org, AssignmentIDs: []string{a.GetId()},
						}, cal.AddWorkdays(dues[m].AsTime(), 1), cal, supervision.DefaultPolicy())
						if err != nil {
							panic(err)
						}
						s.Cases = append(s.Cases, c)
					}
				}
				s.Assignments = append(s.Assignments, a)
			}
		}
	}
	return s
})

// baseline is the least a day's pass can cost: a plain loop that counts
// the assignments due within seven days.
func baseline(as []*zerenv1.Assignment, now time.Time) int {
	end := now.Add(7 * 24 * time.Hour)
	n := 0
	for _, a := range as {
		if d := a.GetDue().AsTime(); !d.Before(now) && d.Before(end) {
			n++
		}
	}
	return n
}

func BenchmarkDue(b *testing.B) {
	s := benchState()
	cal := fuzzCalendar
	p := supervision.DefaultPolicy()
	june30 := day(time.June, 30)
	days := []struct {
		name string
		now  time.Time
	}{
		// T-7 before the June month end: every June assignment is reminded.
		{"T-7 month end", cal.AddWorkdays(june30, -7).Add(9 * time.Hour)},
		// An ordinary day: nothing but the scan.
		{"quiet day", day(time.June, 10).Add(9 * time.Hour)},
		// The first working day of July: June's dispatch and cases.
		{"dispatch day", cal.AddWorkdays(june30, 1).Add(9 * time.Hour)},
	}
	for _, d := range days {
		b.Run(d.name, func(b *testing.B) {
			// The baseline, timed the same way (best of five).
			best := time.Duration(1<<63 - 1)
			for range 5 {
				start := time.Now()
				baseline(s.Assignments, d.now)
				best = min(best, time.Since(start))
			}
			var ag supervision.Agenda
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				ag = supervision.Due(d.now, s, cal, p)
			}
			b.StopTimer()
			perOp := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(perOp/float64(len(s.Assignments)), "ns/assignment")
			b.ReportMetric(perOp/float64(best.Nanoseconds()), "x-baseline")
			b.ReportMetric(float64(len(ag.Reminders)), "reminders")
			b.ReportMetric(float64(len(ag.Open)), "opened")
			b.ReportMetric(float64(len(ag.Urges)), "urged")
		})
	}
}

func BenchmarkBaseline(b *testing.B) {
	s := benchState()
	now := day(time.June, 19)
	b.ReportAllocs()
	for b.Loop() {
		baseline(s.Assignments, now)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(s.Assignments)), "ns/assignment")
}

// BenchmarkMerge streams the province through Due the way zerend's
// GetAgenda does — 20 batches of 250 organisations, Due over each, then
// Merge — against Due over the whole state at once. Each iteration runs
// both, interleaved so that the machine's load falls on both alike, and
// reports their times per run (ns/batched, ns/whole), the ratio (x-whole)
// and the share of Merge itself in the batched time (merge-share).
func BenchmarkMerge(b *testing.B) {
	s := benchState()
	cal := fuzzCalendar
	p := supervision.DefaultPolicy()
	const batches = 20
	per := benchOrgs / batches
	parts := make([]supervision.State, batches)
	for k := range parts {
		// The bench state lists each organisation's assignments together,
		// organisations in order, so a batch is a slice of it.
		n := per * benchTasks * benchMonths
		parts[k].Assignments = s.Assignments[k*n : (k+1)*n]
	}
	for _, c := range s.Cases {
		var o int
		if _, err := fmt.Sscanf(c.GetOrganizationId(), "o%d", &o); err != nil {
			b.Fatal(err)
		}
		parts[o/per].Cases = append(parts[o/per].Cases, c)
	}
	june30 := day(time.June, 30)
	days := []struct {
		name string
		now  time.Time
	}{
		{"T-7 month end", cal.AddWorkdays(june30, -7).Add(9 * time.Hour)},
		{"dispatch day", cal.AddWorkdays(june30, 1).Add(9 * time.Hour)},
	}
	for _, d := range days {
		b.Run(d.name, func(b *testing.B) {
			var whole, merged supervision.Agenda
			var tWhole, tBatched, tMerge time.Duration
			ags := make([]supervision.Agenda, batches)
			b.ReportAllocs()
			for b.Loop() {
				whole, merged = supervision.Agenda{}, supervision.Agenda{}
				start := time.Now()
				whole = supervision.Due(d.now, s, cal, p)
				tWhole += time.Since(start)

				clear(ags)
				start = time.Now()
				for k, part := range parts {
					ags[k] = supervision.Due(d.now, part, cal, p)
				}
				m := time.Now()
				merged = supervision.Merge(ags...)
				tMerge += time.Since(m)
				tBatched += time.Since(start)
			}
			if diff := diffAgenda(whole, merged); diff != "" {
				b.Fatalf("the merged agenda differs from the whole's: %s", diff)
			}
			n := float64(b.N)
			b.ReportMetric(float64(tBatched.Nanoseconds())/n, "ns/batched")
			b.ReportMetric(float64(tWhole.Nanoseconds())/n, "ns/whole")
			b.ReportMetric(float64(tBatched)/float64(tWhole), "x-whole")
			b.ReportMetric(float64(tMerge)/float64(tBatched), "merge-share")
			b.ReportMetric(float64(len(merged.Reminders)), "reminders")
			b.ReportMetric(float64(len(merged.Open)), "opened")
		})
	}
}
