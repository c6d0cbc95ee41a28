package assessment_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

// provinceSystem is a 40-indicator system: eight 一级指标 of five 二级指标,
// 2.5 points each, whose formulas cycle through the shapes of the sample
// (a task's completion rate, an on-time rate, a metric, findings of a
// dimension, overdue assignments), plus the sample's adjustments, vetoes,
// grade scale and review scheme.
func provinceSystem() *zerenv1.IndicatorSystem {
	sys := sample.IndicatorSystem()
	sys.Indicators = nil
	for i := range 8 {
		top := &zerenv1.Indicator{Id: fmt.Sprint(i + 1), Name: fmt.Sprintf("一级指标%d", i+1)}
		for j := range 5 {
			k := i*5 + j
			ind := &zerenv1.Indicator{Id: fmt.Sprintf("%d.%d", i+1, j+1), Name: fmt.Sprintf("二级指标%d", k+1), MaxPoints: 2.5}
			switch k % 5 {
			case 0:
				ind.Formula = fmt.Sprintf(`completion_rate(facts.assignments.filter(a, a.task_id == "T%02d"))`, k%20+1)
			case 1:
				ind.Formula = fmt.Sprintf(`on_time_rate(facts.assignments.filter(a, a.task_id in ["T%02d", "T%02d"]), now)`, k%20+1, (k+7)%20+1)
			case 2:
				ind.Formula = fmt.Sprintf(`clamp(facts.metrics[?"m%d"].orValue(0.0), 0.0, 1.0)`, k%10)
			case 3:
				ind.Formula = fmt.Sprintf(`2.5 - 0.5 * double(facts.findings.filter(f, f.dimension == %d).size())`, k%7+1)
				ind.PointsFormula = true
			case 4:
				ind.Formula = `2.5 - 0.25 * double(overdue_count(facts.assignments, now))`
				ind.PointsFormula = true
			}
			top.Children = append(top.Children, ind)
		}
		sys.Indicators = append(sys.Indicators, top)
	}
	return sys
}

// province generates n units' facts: 20 tasks in two halves (40
// assignments), a few findings and cases, ten metrics and a business score
// each, deterministically, with their 述职评议 ballots.
func province(n int) ([]*zerenv1.UnitFacts, []*zerenv1.Review) {
	rng := rand.New(rand.NewPCG(2026, uint64(n)))
	loc := sample.Location
	now := timestamppb.New(time.Date(2027, 1, 11, 9, 0, 0, 0, loc))
	dues := []*timestamppb.Timestamp{
		timestamppb.New(time.Date(2026, 6, 30, 0, 0, 0, 0, loc)),
		timestamppb.New(time.Date(2026, 12, 31, 0, 0, 0, 0, loc)),
	}
	units := make([]*zerenv1.UnitFacts, n)
	reviews := make([]*zerenv1.Review, n)
	for u := range n {
		id := fmt.Sprintf("u%04d", u)
		f := &zerenv1.UnitFacts{Unit: &zerenv1.Unit{Id: id, Name: "单位" + id}, Now: now,
			Period:  &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2026},
			Metrics: map[string]float64{}, BusinessScore: float64(70 + rng.IntN(30))}
		skill := 0.75 + 0.25*rng.Float64()
		for t := range 20 {
			for h, due := range dues {
				a := &zerenv1.Assignment{Id: fmt.Sprintf("%s-T%02d-H%d", id, t+1, h+1), TaskId: fmt.Sprintf("T%02d", t+1),
					Target: 2, Due: due, Weight: 1, Comparison: zerenv1.Comparison_COMPARISON_AT_LEAST}
				if rng.Float64() < skill {
					a.Actual, a.Status = 2, zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE
					a.CompletedAt = timestamppb.New(due.AsTime().AddDate(0, 0, rng.IntN(20)-15))
				} else {
					a.Actual, a.Status = 1, zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_OPEN
				}
				f.Assignments = append(f.Assignments, a)
			}
		}
		for k := range 10 {
			f.Metrics[fmt.Sprintf("m%d", k)] = min(1, skill+0.1*rng.Float64())
		}
		for k := range rng.IntN(4) {
			f.Findings = append(f.Findings, &zerenv1.Finding{Id: fmt.Sprintf("%s-F%d", id, k),
				Dimension: zerenv1.Dimension(rng.IntN(7) + 1), Severity: zerenv1.Severity_SEVERITY_MINOR,
				SelfReported: rng.IntN(3) == 0, Concealed: rng.IntN(40) == 0})
		}
		if rng.IntN(5) == 0 {
			f.Cases = append(f.Cases, &zerenv1.SupervisionCase{Id: id + "-C1", OverdueCount: 1, YellowCard: rng.IntN(4) == 0})
		}
		units[u] = f
		rv := &zerenv1.Review{UnitId: id}
		for i, g := range []string{"leaders", "committee", "staff"} {
			size := []int{5, 7, 30}[i]
			good := int32(float64(size) * skill)
			rv.Ballots = append(rv.Ballots,
				&zerenv1.Ballot{RaterGroupId: g, Choice: zerenv1.ReviewChoice_REVIEW_CHOICE_GOOD, Count: good},
				&zerenv1.Ballot{RaterGroupId: g, Choice: zerenv1.ReviewChoice_REVIEW_CHOICE_AVERAGE, Count: int32(size) - good})
		}
		reviews[u] = rv
	}
	return units, reviews
}

// peakHeap samples the heap in use until stop is called and returns its
// peak in bytes.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if m.HeapInuse > peak.Load() {
			peak.Store(m.HeapInuse)
		}
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		sample()
		return peak.Load()
	}
}

// BenchmarkProvince scores a province: 5,000 units × 40 indicators, with
// adjustments, vetoes, 述职评议 ballots, quotas and ranking, on
// GOMAXPROCS workers. It reports the ratio of a run's time to a plain-Go
// floor's (bench_floor_test.go), which it checks gives the same scores,
// grades and ranks, units scored per second and the peak heap
// in use (facts included), above the facts, and retained by the results
// after a collection. Run it briefly:
//
//	go test -run '^$' -bench Province -benchtime 2x ./assessment
func BenchmarkProvince(b *testing.B) {
	for _, inputs := range []bool{true, false} {
		b.Run(fmt.Sprintf("inputs=%v", inputs), func(b *testing.B) {
			ctx := context.Background()
			e, err := assessment.New(ctx, provinceSystem(), env, assessment.WithInputs(inputs))
			if err != nil {
				b.Fatal(err)
			}
			const n = 5000
			units, reviews := province(n)
			runtime.GC()
			var base runtime.MemStats
			runtime.ReadMemStats(&base)
			stop := peakHeap()
			b.ReportAllocs()
			var run *assessment.Run
			start := time.Now()
			for b.Loop() {
				run, err = e.Run(ctx, units, assessment.WithReviews(reviews...))
				if err != nil {
					b.Fatal(err)
				}
			}
			elapsed := time.Since(start)
			peak := stop()
			var end runtime.MemStats
			runtime.ReadMemStats(&end)
			mallocs, bytes := end.Mallocs-base.Mallocs, end.TotalAlloc-base.TotalAlloc
			if len(run.Results) != n || run.Quotas[0].Count == 0 {
				b.Fatalf("%d results, %v", len(run.Results), run.Quotas)
			}
			for _, r := range run.Results {
				if len(r.GetDiagnostics()) > 0 {
					b.Fatalf("unit %s: %v", r.GetUnitId(), r.GetDiagnostics())
				}
			}
			// The plain-Go floor, timed and checked against the engine.
			floor := make([]floorUnit, n)
			ft := floorTime(units, reviews, floor, 5)
			floorCheck(b, floor, run.Results)
			b.ReportMetric(ft.Seconds(), "floor-s")
			b.ReportMetric(elapsed.Seconds()/float64(b.N)/ft.Seconds(), "x-vs-floor")
			runtime.GC()
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			runtime.KeepAlive(run)
			b.ReportMetric(float64(after.HeapInuse-min(after.HeapInuse, base.HeapInuse))/(1<<20), "results-MB")
			b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "units/s")
			b.ReportMetric(float64(mallocs)/float64(n*b.N), "allocs/unit")
			b.ReportMetric(float64(bytes)/float64(n*b.N), "B/unit")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(peak-min(peak, base.HeapInuse))/(1<<20), "peak-over-facts-MB")
		})
	}
}

// BenchmarkProvinceEvaluators scores the province of BenchmarkProvince
// (without inputs) with the native evaluator and with cel-go only
// (cel.WithCELOnly), in alternating rounds of one run each, checks that both
// give the same scores, grades and ranks, and reports the ratio of the
// native run's time to cel-go's:
//
//	go test -run '^$' -bench ProvinceEvaluators -benchtime 1x ./assessment
func BenchmarkProvinceEvaluators(b *testing.B) {
	ctx := context.Background()
	celOnly, err := cel.NewEnv(cel.WithCELOnly())
	if err != nil {
		b.Fatal(err)
	}
	native, err := assessment.New(ctx, provinceSystem(), env, assessment.WithInputs(false))
	if err != nil {
		b.Fatal(err)
	}
	viaCEL, err := assessment.New(ctx, provinceSystem(), celOnly, assessment.WithInputs(false))
	if err != nil {
		b.Fatal(err)
	}
	const n = 5000
	units, reviews := province(n)
	run := func(e *assessment.Engine) (*assessment.Run, time.Duration) {
		start := time.Now()
		r, err := e.Run(ctx, units, assessment.WithReviews(reviews...))
		if err != nil {
			b.Fatal(err)
		}
		return r, time.Since(start)
	}
	b.ReportAllocs()
	var bestNative, bestCEL time.Duration = 1 << 62, 1 << 62
	for b.Loop() {
		rn, tn := run(native)
		rc, tc := run(viaCEL)
		bestNative, bestCEL = min(bestNative, tn), min(bestCEL, tc)
		for i := range rn.Results {
			a, c := rn.Results[i], rc.Results[i]
			if a.GetScore() != c.GetScore() || a.GetGradeId() != c.GetGradeId() || a.GetRank() != c.GetRank() {
				b.Fatalf("unit %s: native %s %s %d, cel %s %s %d", a.GetUnitId(), a.GetScore(), a.GetGradeId(), a.GetRank(),
					c.GetScore(), c.GetGradeId(), c.GetRank())
			}
		}
	}
	b.ReportMetric(bestNative.Seconds(), "native-s")
	b.ReportMetric(bestCEL.Seconds(), "cel-s")
	b.ReportMetric(float64(bestNative)/float64(bestCEL), "x-vs-cel")
}
