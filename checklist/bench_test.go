package checklist_test

import (
	"fmt"
	"math"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/internal/province"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// provincePlan is 60 tasks owned by every 党支部书记, split by month: over
// the design's province (4,500 branches of 5,000 organisations) that is
// 60 × 4,500 × 12 = 3,240,000 assignments a year.
func provincePlan() *zerenv1.Plan {
	pb := &zerenv1.Plan{Id: "2026", Year: 2026, FrameworkId: "sanji-wugang",
		Problems: []*zerenv1.Problem{{Id: "P1", Title: "问题", Dimension: zerenv1.Dimension_DIMENSION_POLITICAL}}}
	for i := range 60 {
		pb.Tasks = append(pb.Tasks, task(fmt.Sprintf("T%02d", i+1), func(t *zerenv1.Task) {
			t.Dimension = zerenv1.Dimension(1 + i%7)
		}))
	}
	return pb
}

// provinceSizes are the province and a tenth of it, to show that memory per
// assignment does not grow with size.
var provinceSizes = []struct {
	name string
	cfg  province.Config
}{
	{"orgs=500", province.Config{Units: 25, BranchesPerUnit: 18, People: 10_000, Appointments: 2_000, Seed: 1}},
	{"orgs=5000", province.Default},
}

var provincePlans sync.Map // name → *checklist.Plan

func provinceCheckedPlan(b *testing.B, name string, cfg province.Config) *checklist.Plan {
	b.Helper()
	if p, ok := provincePlans.Load(name); ok {
		return p.(*checklist.Plan)
	}
	h, err := responsibility.New(frameworks.SanjiWugang(), province.Generate(cfg))
	if err != nil {
		b.Fatal(err)
	}
	p, err := checklist.NewPlan(provincePlan(), h)
	if err != nil {
		b.Fatal(err)
	}
	provincePlans.Store(name, p)
	return p
}

// heap returns the live heap after a collection.
func heap() runtime.MemStats {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m
}

// BenchmarkDecompose decomposes 60 monthly tasks over a province and
// reports, beside time and allocations per decomposition: the assignments
// made, the heap they retain per assignment (the same at both sizes:
// memory is linear), allocations per assignment, and the time relative to
// the baseline, the same loops writing plain Go structs (best of three).
func BenchmarkDecompose(b *testing.B) {
	for _, size := range provinceSizes {
		b.Run(size.name, func(b *testing.B) {
			p := provinceCheckedPlan(b, size.name, size.cfg)
			n := p.Len()

			before := heap()
			d, err := checklist.Decompose(b.Context(), p)
			if err != nil {
				b.Fatal(err)
			}
			after := heap()
			runtime.KeepAlive(d)
			retained := float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
			allocs := float64(after.Mallocs-before.Mallocs) / float64(n)
			d = nil

			baseNs := math.Inf(1)
			for range 3 {
				runtime.GC()
				start := time.Now()
				runtime.KeepAlive(checklist.PlainDecompose(p))
				baseNs = min(baseNs, float64(time.Since(start).Nanoseconds()))
			}
			runtime.GC()

			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := checklist.Decompose(b.Context(), p); err != nil {
					b.Fatal(err)
				}
			}
			perOp := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(float64(n), "assignments")
			b.ReportMetric(retained, "B-retained/assignment")
			b.ReportMetric(allocs, "allocs/assignment")
			b.ReportMetric(perOp/float64(n), "ns/assignment")
			b.ReportMetric(perOp/baseNs, "x-baseline")
		})
	}
}

// BenchmarkDecomposeBaseline is the baseline alone: the decomposition's
// loops writing plain Go structs into one slice.
func BenchmarkDecomposeBaseline(b *testing.B) {
	for _, size := range provinceSizes {
		b.Run(size.name, func(b *testing.B) {
			p := provinceCheckedPlan(b, size.name, size.cfg)
			before := heap()
			out := checklist.PlainDecompose(p)
			after := heap()
			runtime.KeepAlive(out)
			out = nil
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				runtime.KeepAlive(checklist.PlainDecompose(p))
			}
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(p.Len()), "B-retained/assignment")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(p.Len()), "ns/assignment")
		})
	}
}

// BenchmarkDecomposeSeq streams the same assignments, as a caller writing
// them to a database would, and reports the peak live heap while streaming
// (as marked by the collector, sampled every 2¹⁶ assignments) above the
// heap before: it stays flat whatever the size, where Decompose holds
// about 400 bytes per assignment.
func BenchmarkDecomposeSeq(b *testing.B) {
	for _, size := range provinceSizes {
		b.Run(size.name, func(b *testing.B) {
			p := provinceCheckedPlan(b, size.name, size.cfg)
			heap()
			base := liveHeap()
			var peak uint64
			b.ReportAllocs()
			for b.Loop() {
				i := 0
				for a, err := range checklist.DecomposeSeq(b.Context(), p) {
					if err != nil {
						b.Fatal(err)
					}
					_ = a
					if i++; i&(1<<16-1) == 0 {
						peak = max(peak, liveHeap())
					}
				}
			}
			b.ReportMetric(float64(p.Len()), "assignments")
			b.ReportMetric(float64(peak-min(peak, base))/(1<<20), "peak-live-MB")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(p.Len()), "ns/assignment")
		})
	}
}

// liveHeap returns the heap the collector found live at its last cycle.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// BenchmarkRedecompose decomposes the province again over the previous
// year's assignments (the re-import of an edited plan).
func BenchmarkRedecompose(b *testing.B) {
	size := provinceSizes[len(provinceSizes)-1]
	p := provinceCheckedPlan(b, size.name, size.cfg)
	prev, err := checklist.Decompose(b.Context(), p)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		d, err := checklist.Decompose(b.Context(), p, checklist.WithPrevious(prev.Assignments))
		if err != nil || !d.Diff.Empty() {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(p.Len()), "ns/assignment")
}

// BenchmarkRollup rolls the province's year up by level.
func BenchmarkRollup(b *testing.B) {
	size := provinceSizes[len(provinceSizes)-1]
	p := provinceCheckedPlan(b, size.name, size.cfg)
	d, err := checklist.Decompose(b.Context(), p)
	if err != nil {
		b.Fatal(err)
	}
	asOf := time.Date(2026, 7, 1, 0, 0, 0, 0, p.Hierarchy().Location())
	b.ReportAllocs()
	for b.Loop() {
		_ = checklist.Rollup(p.Hierarchy(), d.Assignments, asOf, checklist.ByOrganization)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(p.Len()), "ns/assignment")
}

// BenchmarkNewPlan checks the 60 tasks against the province and resolves
// their scopes.
func BenchmarkNewPlan(b *testing.B) {
	size := provinceSizes[len(provinceSizes)-1]
	p := provinceCheckedPlan(b, size.name, size.cfg)
	pb := provincePlan()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := checklist.NewPlan(pb, p.Hierarchy()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebind follows every open assignment of the province to its
// post's holder as of 1 July (the generated province has rotations).
func BenchmarkRebind(b *testing.B) {
	size := provinceSizes[len(provinceSizes)-1]
	p := provinceCheckedPlan(b, size.name, size.cfg)
	d, err := checklist.Decompose(b.Context(), p)
	if err != nil {
		b.Fatal(err)
	}
	asOf := time.Date(2026, 7, 1, 0, 0, 0, 0, p.Hierarchy().Location())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := checklist.Rebind(p.Hierarchy(), d.Assignments, asOf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(p.Len()), "ns/assignment")
}
