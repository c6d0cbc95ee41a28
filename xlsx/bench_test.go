package xlsx_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/xlsx"
)

// BenchmarkReadPlan reads 示例市's three-lists workbook (20 problems, 60
// tasks, 60 responsibility entries), checked against the hierarchy.
func BenchmarkReadPlan(b *testing.B) {
	h := sampleHierarchy(b)
	book := writePlan(b, sample.Plan(), xlsx.WithHierarchy(h))
	b.ReportAllocs()
	b.SetBytes(int64(len(book)))
	for b.Loop() {
		if _, err := xlsx.ReadPlan(bytes.NewReader(book), xlsx.WithHierarchy(h)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteAssignments writes the 分解表 of 示例市's year (about 4,600
// assignments), reporting assignments per second.
func BenchmarkWriteAssignments(b *testing.B) {
	y := sampleYear(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := xlsx.WriteAssignments(io.Discard, y.plan, y.sim.Assignments, xlsx.WithHierarchy(y.h)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(y.sim.Assignments))*float64(b.N)/b.Elapsed().Seconds(), "assignments/s")
}
