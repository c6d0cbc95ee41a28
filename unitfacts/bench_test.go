package unitfacts_test

import (
	"context"
	"testing"

	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/unitfacts"
)

// BenchmarkBuild builds 示例市's 2026 facts: 4,271 assignments with their
// progress reports, findings and cases, for eleven units.
func BenchmarkBuild(b *testing.B) {
	in := sample.Input2026()
	h := sample.Hierarchy()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := unitfacts.Build(context.Background(), h, in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(in.Assignments)), "assignments")
}
