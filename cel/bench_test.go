package cel_test

import (
	"context"
	"testing"
	"time"

	celgo "cel.dev/cel-go/cel"

	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// benchRule is a typical indicator: a weighted completion rate and a custom
// metric, bounded to [0, 1].
const benchRule = "clamp(completion_rate(facts.assignments) * 0.7 + facts.metrics.party_fee_rate * 0.3, 0.0, 1.0)"

// benchFacts is one branch's facts for a year: 60 tasks.
func benchFacts() *zerenv1.UnitFacts {
	f := manyAssignments(60)
	f.Metrics = map[string]float64{"party_fee_rate": 0.95, "study_sessions": 12}
	return f
}

// plainRule is benchRule written in Go, for the same assignments (all
// AT_LEAST, unweighted, none retired).
func plainRule(f *zerenv1.UnitFacts) float64 {
	met := 0
	for _, a := range f.GetAssignments() {
		if a.GetActual() >= a.GetTarget() {
			met++
		}
	}
	rate := 1.0
	if n := len(f.GetAssignments()); n > 0 {
		rate = float64(met) / float64(n)
	}
	return min(max(rate*0.7+f.GetMetrics()["party_fee_rate"]*0.3, 0), 1)
}

// ratio times a and b in alternating rounds and returns the ratio of their
// fastest rounds, which resists the noise of a shared machine better than one
// long run of each.
func ratio(n int, a, b func()) float64 {
	const rounds = 10
	per := max(n/rounds, 1000)
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

// benchEval times prg.Eval, then the same rule through a bare cel-go program
// with the same safety options (the library's cost limit and interrupt
// checks, ContextEval) and in plain Go, and reports the ratios.
func benchEval(b *testing.B, opts ...cel.EvalOption) {
	env, err := cel.NewEnv()
	if err != nil {
		b.Fatal(err)
	}
	prg, err := env.Compile(benchRule, cel.KindRatio)
	if err != nil {
		b.Fatal(err)
	}
	bareEnv, err := celgo.NewEnv(cel.Library())
	if err != nil {
		b.Fatal(err)
	}
	ast, iss := bareEnv.Compile(benchRule)
	if iss.Err() != nil {
		b.Fatal(iss.Err())
	}
	bare, err := bareEnv.Program(ast)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	facts := benchFacts()
	want := plainRule(facts)

	ours := func() {
		v, err := prg.Eval(ctx, facts, opts...)
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
	plainGo := func() { sink += plainRule(facts) }

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

// BenchmarkEval evaluates one indicator through Program.Eval and reports how
// it compares with bare cel-go and with plain Go.
func BenchmarkEval(b *testing.B) { benchEval(b) }

// BenchmarkEvalTrace is BenchmarkEval with the derivation trace on.
func BenchmarkEvalTrace(b *testing.B) { benchEval(b, cel.WithTrace()) }

// BenchmarkCompile compiles one indicator, with its static cost estimate.
func BenchmarkCompile(b *testing.B) {
	env, err := cel.NewEnv()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := env.Compile(benchRule, cel.KindRatio); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMatches evaluates a rule with a typical constant pattern on a
// finding's description and reports the ratio to stock cel-go, which
// compiles the pattern on every call and does not bound or pre-charge it.
func BenchmarkMatches(b *testing.B) {
	const rule = `facts.findings.exists(f, f.description.matches("整改|落实|(?:未|没有)完成"))`
	// Under the default hints (1,000 findings of 4 KiB) the rule costs
	// 1,441,003 and is refused: scanning 4 MB of text is expensive.
	env, err := cel.NewEnv(cel.WithSizes(cel.Sizes{Findings: 100}))
	if err != nil {
		b.Fatal(err)
	}
	prg, err := env.Compile(rule, cel.KindBool)
	if err != nil {
		b.Fatal(err)
	}
	stockEnv, err := celgo.NewEnv(celgo.Variable("d", celgo.ListType(celgo.StringType)))
	if err != nil {
		b.Fatal(err)
	}
	ast, iss := stockEnv.Compile(`d.exists(s, s.matches("整改|落实|(?:未|没有)完成"))`)
	if iss.Err() != nil {
		b.Fatal(iss.Err())
	}
	stock, err := stockEnv.Program(ast, celgo.CostLimit(cel.DefaultCostLimit))
	if err != nil {
		b.Fatal(err)
	}
	facts := &zerenv1.UnitFacts{}
	var descs []string
	for _, d := range []string{"会议记录缺失", "学习计划未按时报送", "台账不全", "谈话记录缺失", "整改进度滞后"} {
		facts.Findings = append(facts.Findings, &zerenv1.Finding{Description: d})
		descs = append(descs, d)
	}
	ctx := context.Background()
	ours := func() {
		if v, err := prg.Eval(ctx, facts); err != nil || !v.Bool {
			b.Fatalf("got %v, %v", v.Bool, err)
		}
	}
	stockCEL := func() {
		if out, _, err := stock.ContextEval(ctx, map[string]any{"d": descs}); err != nil || out.Value() != true {
			b.Fatalf("stock cel-go: got %v, %v", out, err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		ours()
	}
	b.ReportMetric(ratio(b.N, ours, stockCEL), "x-vs-stock-celgo")
}
