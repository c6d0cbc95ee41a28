package cel_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/zerenlab/zeren/cel"
)

// ruleGen writes random rules of the native grammar, driven by a seed.
type ruleGen struct {
	rng   *rand.Rand
	depth int
}

func (g *ruleGen) pick(xs ...string) string { return xs[g.rng.IntN(len(xs))] }

// list is a list of the facts, maybe filtered.
func (g *ruleGen) list(kind string) string {
	base := map[string]string{"a": g.pick("facts.assignments", "assignments"),
		"f": g.pick("facts.findings", "findings"), "c": g.pick("facts.cases", "cases")}[kind]
	for range g.rng.IntN(3) {
		base += fmt.Sprintf(".filter(%s, %s)", kind, g.pred(kind, 2))
	}
	return base
}

// pred is a predicate over an item x of kind a, f or c.
func (g *ruleGen) pred(x string, depth int) string {
	if depth > 0 && g.rng.IntN(3) == 0 {
		return fmt.Sprintf("(%s %s %s)", g.pred(x, depth-1), g.pick("&&", "||"), g.pred(x, depth-1))
	}
	if depth > 0 && g.rng.IntN(6) == 0 {
		return "!(" + g.pred(x, depth-1) + ")"
	}
	dim := fmt.Sprintf("Dimension.DIMENSION_%s", g.pick("POLITICAL", "IDEOLOGICAL", "ORGANIZATIONAL", "CONDUCT", "INTEGRITY", "CADRE_TEAM", "MASS_ORGANIZATIONS"))
	switch x {
	case "a":
		return g.pick(
			fmt.Sprintf(`a.task_id == "T%02d"`, 1+g.rng.IntN(22)),
			fmt.Sprintf(`a.task_id in ["T%02d", "T%02d"]`, 1+g.rng.IntN(22), 1+g.rng.IntN(22)),
			fmt.Sprintf(`a.task_kind %s "%s"`, g.pick("==", "!="), g.pick("三会一课", "主题党日", "第一议题", "")),
			fmt.Sprintf(`a.dimension == %s`, dim),
			fmt.Sprintf(`a.dimension %s %d`, g.pick("<", "<=", ">", ">=", "==", "!="), g.rng.IntN(10)),
			fmt.Sprintf(`%d %s a.status`, g.rng.IntN(6), g.pick("<", ">=")),
			`"重点" in a.tags`,
			fmt.Sprintf(`a.weight == %s`, g.pick("0.0", "1.0", "2.0")),
			`a.status == AssignmentStatus.ASSIGNMENT_STATUS_DONE`,
		)
	case "f":
		return g.pick(fmt.Sprintf(`f.dimension == %s`, dim), "f.self_reported", "f.concealed",
			fmt.Sprintf("f.severity >= %d", g.rng.IntN(4)), "true")
	}
	return g.pick("c.yellow_card", fmt.Sprintf("c.overdue_count > %d", g.rng.IntN(3)),
		fmt.Sprintf("c.state == %d", g.rng.IntN(7)), "false")
}

// num is a double expression.
func (g *ruleGen) num() string {
	g.depth++
	defer func() { g.depth-- }()
	n := 9
	if g.depth > 3 {
		n = 4
	}
	switch g.rng.IntN(n) {
	case 0:
		return g.pick("0.0", "1.0", "2.5", "-3.0", "100.0", "1e308")
	case 1:
		return fmt.Sprintf(`facts.metrics[?"%s"].orValue(%s)`, g.pick("m0", "m1", "x", "party_fee_rate"), g.pick("0.0", "1.0"))
	case 2:
		return "facts.business_score"
	case 3:
		return fmt.Sprintf("double(%s)", g.integer())
	case 4:
		return fmt.Sprintf("completion_rate(%s)", g.list("a"))
	case 5:
		return fmt.Sprintf("on_time_rate(%s, %s)", g.list("a"), g.pick("now", "facts.now"))
	case 6:
		return fmt.Sprintf("(%s %s %s)", g.num(), g.pick("+", "-", "*", "/"), g.num())
	case 7:
		return fmt.Sprintf("clamp(%s, %s, %s)", g.num(), g.pick("0.0", "-1.0", "1.0"), g.pick("1.0", "0.0", "10.0"))
	default:
		return fmt.Sprintf("(%s ? %s : %s)", g.cond(), g.num(), g.num())
	}
}

// integer is an int expression.
func (g *ruleGen) integer() string {
	g.depth++
	defer func() { g.depth-- }()
	switch g.rng.IntN(6) {
	case 0:
		return g.pick("0", "1", "-2", "9223372036854775807")
	case 1:
		return fmt.Sprintf("overdue_count(%s, now)", g.list("a"))
	case 2:
		return fmt.Sprintf("count_open_cases(%s)", g.list("c"))
	case 3:
		return fmt.Sprintf("%s.size()", g.list(g.pick("a", "f", "c")))
	case 4:
		if g.depth < 4 {
			return fmt.Sprintf("(%s %s %s)", g.integer(), g.pick("+", "-", "*", "/", "%"), g.integer())
		}
		return "1"
	default:
		return fmt.Sprintf("size(%s)", g.list("f"))
	}
}

// cond is a bool expression.
func (g *ruleGen) cond() string {
	g.depth++
	defer func() { g.depth-- }()
	switch g.rng.IntN(5) {
	case 0:
		return fmt.Sprintf("%s %s %s", g.num(), g.pick("<", "<=", ">", ">=", "==", "!="), g.num())
	case 1:
		return fmt.Sprintf("%s %s %s", g.num(), g.pick("<", ">="), g.integer())
	case 2:
		if g.depth < 4 {
			return fmt.Sprintf("(%s %s %s)", g.cond(), g.pick("&&", "||"), g.cond())
		}
		return "true"
	case 3:
		k := g.pick("a", "f", "c")
		return fmt.Sprintf("%s.%s(%s, %s)", g.list(k), g.pick("exists", "all"), k, g.pred(k, 1))
	default:
		return fmt.Sprintf("!(%s)", g.cond())
	}
}

// FuzzNative compares the native evaluator with cel-go on random rules of
// the supported grammar over random facts:
//
//	go test -run '^$' -fuzz FuzzNative -fuzztime 30s ./cel
func FuzzNative(f *testing.F) {
	for i := range 20 {
		f.Add(uint64(i), uint64(i*7+1))
	}
	native, celOnly := nativeEnvs(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, ruleSeed, factSeed uint64) {
		g := &ruleGen{rng: rand.New(rand.NewPCG(ruleSeed, 1))}
		src, kind := g.num(), cel.KindNumber
		if ruleSeed%3 == 0 {
			src, kind = g.cond(), cel.KindBool
		}
		np, nerr := native.Compile(src, kind)
		cp, cerr := celOnly.Compile(src, kind)
		if (nerr == nil) != (cerr == nil) {
			t.Fatalf("%s: compile %v vs %v", src, nerr, cerr)
		}
		if nerr != nil {
			if !strings.Contains(nerr.Error(), "cost") {
				t.Fatalf("the grammar wrote a rule that does not compile: %s: %v", src, nerr)
			}
			return
		}
		if np.Evaluator() == cel.EvaluatorCEL {
			t.Fatalf("not native: %s", src)
		}
		facts := genFacts(rand.New(rand.NewPCG(factSeed, 2)), int(factSeed%60))
		nv, nerr := np.Eval(ctx, facts, cel.WithTrace())
		cv, cerr := cp.Eval(ctx, facts, cel.WithTrace())
		sameOutcome(t, src, nv, nerr, cv, cerr)
	})
}
