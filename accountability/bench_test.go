package accountability_test

import (
	"context"
	"testing"
	"time"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

// BenchmarkProposeSample runs the sample triggers over 示例市's year and
// reports the cost per proposal and per unit, against one Liability query
// (the floor: every person proposal needs at least one).
func BenchmarkProposeSample(b *testing.B) {
	ctx := context.Background()
	env, err := cel.NewEnv(cel.WithLocation(sample.Location))
	if err != nil {
		b.Fatal(err)
	}
	h, err := responsibility.New(frameworks.SanjiWugang(), sample.Structure(), responsibility.WithLocation(sample.Location))
	if err != nil {
		b.Fatal(err)
	}
	eng, err := assessment.New(ctx, sample.IndicatorSystem(), env)
	if err != nil {
		b.Fatal(err)
	}
	facts := sample.Facts2026()
	run, err := eng.Run(ctx, facts, assessment.WithReviews(sample.Reviews2026()...))
	if err != nil {
		b.Fatal(err)
	}
	p, err := accountability.New(env, h, sample.Triggers())
	if err != nil {
		b.Fatal(err)
	}
	top, _ := h.TopOrganization(sample.RotationUnitID)
	at := sample.RotationDate
	// The baseline, timed in the same run: one Liability query.
	const reps = 2000
	t0 := time.Now()
	for range reps {
		_, _ = h.Liability(top.GetId(), at)
	}
	liabNs := float64(time.Since(t0).Nanoseconds()) / reps
	b.ReportAllocs()
	var n int
	for b.Loop() {
		props, _, err := p.Propose(ctx, facts, run.Results)
		if err != nil {
			b.Fatal(err)
		}
		n = len(props)
	}
	perRun := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(perRun/float64(len(facts)), "ns/unit")
	if n > 0 {
		b.ReportMetric(perRun/float64(n), "ns/proposal")
	}
	b.ReportMetric(perRun/float64(len(facts))/liabNs, "unit/liability")
}
