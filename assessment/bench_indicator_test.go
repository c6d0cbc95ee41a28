package assessment

import (
	"context"
	"math"
	"testing"
	"time"

	celgo "cel.dev/cel-go/cel"

	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

// benchFormula is indicator 1.1 of the sample system: the completion rate
// of one task's assignments.
const benchFormula = `completion_rate(facts.assignments.filter(a, a.task_id == "T01"))`

// plainIndicator is benchFormula × 10 points in plain Go, rounded half up
// to two places, for the same facts (every comparison AT_LEAST).
func plainIndicator(f *zerenv1.UnitFacts) float64 {
	var n, met float64
	for _, a := range f.GetAssignments() {
		if a.GetTaskId() != "T01" || a.GetStatus() == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED {
			continue
		}
		n++
		if a.GetStatus() == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE || a.GetActual() >= a.GetTarget() {
			met++
		}
	}
	rate := 1.0
	if n > 0 {
		rate = met / n
	}
	return math.Floor(rate*10*100+0.5) / 100
}

// ratio times a and b in alternating rounds and returns the ratio of their
// fastest rounds, which resists the noise of a shared machine better than
// one long run of each.
func ratio(n int, a, b func()) float64 {
	const rounds = 10
	per := max(n/rounds, 500)
	best := func(fn func()) time.Duration {
		start := time.Now()
		for range per {
			fn()
		}
		return time.Since(start)
	}
	minA, minB := time.Duration(1<<62), time.Duration(1<<62)
	for range rounds {
		minA = min(minA, best(a))
		minB = min(minB, best(b))
	}
	return float64(minA) / float64(minB)
}

// benchIndicator times one indicator through the engine (evaluation,
// conversion to exact points, derivation record), then the same formula
// through a bare cel-go program with the same safety options (the
// environment's cost limit and interrupt checks, ContextEval), and in plain
// Go, and reports the ratios.
func benchIndicator(b *testing.B, inputs bool) {
	ctx := context.Background()
	env, err := cel.NewEnv()
	if err != nil {
		b.Fatal(err)
	}
	sys := &zerenv1.IndicatorSystem{Indicators: []*zerenv1.Indicator{{Id: "1.1", Name: "落实“第一议题”制度", MaxPoints: 10, Formula: benchFormula}}}
	e, err := New(ctx, sys, env, WithInputs(inputs))
	if err != nil {
		b.Fatal(err)
	}
	bareEnv, err := celgo.NewEnv(cel.Library())
	if err != nil {
		b.Fatal(err)
	}
	ast, iss := bareEnv.Compile(benchFormula)
	if iss.Err() != nil {
		b.Fatal(iss.Err())
	}
	bare, err := bareEnv.Program(ast)
	if err != nil {
		b.Fatal(err)
	}
	facts := sample.Facts2026()[0]
	want := plainIndicator(facts)
	s := &unitScorer{e: e, ctx: ctx, facts: facts, res: &zerenv1.Result{}}
	n := e.roots[0]

	engine := func() {
		ir, _, _ := s.indicator(n)
		if ir.GetDiagnostic() != nil {
			b.Fatal(ir.GetDiagnostic())
		}
	}
	bareCEL := func() {
		if _, _, err := bare.ContextEval(ctx, map[string]any{"facts": facts}); err != nil {
			b.Fatal(err)
		}
	}
	var sink float64
	plainGo := func() { sink += plainIndicator(facts) }
	if ir, _, _ := s.indicator(n); ticksFloat(mustTicks(ir.GetPoints()), 2) != want {
		b.Fatalf("engine %s, plain Go %v", ir.GetPoints(), want)
	}

	b.ReportAllocs()
	for b.Loop() {
		engine()
	}
	b.ReportMetric(ratio(b.N, engine, bareCEL), "x-vs-celgo")
	b.ReportMetric(ratio(b.N, engine, plainGo), "x-vs-go")
	if sink == 0 {
		b.Fatal("plain Go computed nothing")
	}
}

func mustTicks(s string) int64 {
	t, _ := parseTicks(s, 2)
	return t
}

// BenchmarkIndicator scores one indicator (without recording its inputs)
// and compares it with bare cel-go and with plain Go.
func BenchmarkIndicator(b *testing.B) { benchIndicator(b, false) }

// BenchmarkIndicatorInputs is BenchmarkIndicator with the inputs of the
// derivation recorded (the default).
func BenchmarkIndicatorInputs(b *testing.B) { benchIndicator(b, true) }
