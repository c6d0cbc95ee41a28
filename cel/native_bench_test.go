package cel_test

import (
	"context"
	"fmt"
	"testing"

	celgo "cel.dev/cel-go/cel"

	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// filteredRule is the typical indicator of issue 11: a completion rate over
// the assignments of one task.
const filteredRule = `completion_rate(facts.assignments.filter(a, a.task_id == "T01"))`

// filteredFacts are 52 assignments of 26 tasks, two each.
func filteredFacts() *zerenv1.UnitFacts {
	f := manyAssignments(52)
	for i, a := range f.Assignments {
		a.TaskId, a.Actual = fmt.Sprintf("T%02d", i%26+1), float64((i/26+1)%2)
	}
	return f
}

// plainFiltered is filteredRule in plain Go.
func plainFiltered(f *zerenv1.UnitFacts) float64 {
	var met, n float64
	for _, a := range f.GetAssignments() {
		if a.GetTaskId() != "T01" {
			continue
		}
		n++
		if a.GetActual() >= a.GetTarget() {
			met++
		}
	}
	return met / n
}

// bareProgram compiles src with bare cel-go and the library's options (cost
// limit, interrupt checks).
func bareProgram(b *testing.B, src string) celgo.Program {
	bareEnv, err := celgo.NewEnv(cel.Library())
	if err != nil {
		b.Fatal(err)
	}
	ast, iss := bareEnv.Compile(src)
	if iss.Err() != nil {
		b.Fatal(iss.Err())
	}
	bare, err := bareEnv.Program(ast)
	if err != nil {
		b.Fatal(err)
	}
	return bare
}

// BenchmarkFilteredIndicator evaluates filteredRule on 52 assignments with
// the native evaluator and reports the ratios to bare cel-go and plain Go
// (issue 11's target: ≤ 3 µs).
func BenchmarkFilteredIndicator(b *testing.B) {
	env, err := cel.NewEnv()
	if err != nil {
		b.Fatal(err)
	}
	prg, err := env.Compile(filteredRule, cel.KindRatio)
	if err != nil {
		b.Fatal(err)
	}
	if prg.Evaluator() != cel.EvaluatorNative {
		b.Fatalf("evaluator %s", prg.Evaluator())
	}
	bare := bareProgram(b, filteredRule)
	ctx := context.Background()
	facts := filteredFacts()
	want := plainFiltered(facts)
	ours := func() {
		v, err := prg.Eval(ctx, facts)
		if err != nil || v.Number != want {
			b.Fatalf("got %v, %v; want %v", v.Number, err, want)
		}
	}
	bareCEL := func() {
		out, _, err := bare.ContextEval(ctx, map[string]any{"facts": facts})
		if err != nil || out.Value() != want {
			b.Fatalf("bare cel-go: got %v, %v", out, err)
		}
	}
	var sink float64
	plainGo := func() { sink += plainFiltered(facts) }
	b.ReportAllocs()
	for b.Loop() {
		ours()
	}
	b.ReportMetric(ratio(b.N, ours, bareCEL), "x-vs-celgo")
	b.ReportMetric(ratio(b.N, ours, plainGo), "x-vs-go")
	if sink == 0 {
		b.Fatal("plain Go computed nothing")
	}
}

// BenchmarkCELFallback evaluates filteredRule with cel-go only (WithCELOnly)
// and reports the ratio to a bare cel-go program with the same options
// (issue 11's target: ≤ 1.1).
func BenchmarkCELFallback(b *testing.B) {
	env, err := cel.NewEnv(cel.WithCELOnly())
	if err != nil {
		b.Fatal(err)
	}
	prg, err := env.Compile(filteredRule, cel.KindRatio)
	if err != nil {
		b.Fatal(err)
	}
	bare := bareProgram(b, filteredRule)
	ctx := context.Background()
	facts := filteredFacts()
	ours := func() {
		if _, err := prg.Eval(ctx, facts); err != nil {
			b.Fatal(err)
		}
	}
	bareCEL := func() {
		if _, _, err := bare.ContextEval(ctx, map[string]any{"facts": facts}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		ours()
	}
	b.ReportMetric(ratio(b.N, ours, bareCEL), "x-vs-celgo")
}
