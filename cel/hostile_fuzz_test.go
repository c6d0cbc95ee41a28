package cel_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Hostile rules run under hostileDeadline and must return within
// hostileDeadline + hostileSlack. The slack covers one uninterruptible step
// (a match is at most about 20 ms, a pre-charged call is refused before it
// runs) and a loaded machine; without the limits, the regex bomb of issue 9
// ran for 77 s past a 2 s deadline.
const (
	hostileDeadline = 200 * time.Millisecond
	hostileSlack    = 800 * time.Millisecond
)

// hostileFacts are large facts for hostile rules: a 6,000-byte unit name and
// 300 findings of 4 KiB.
var hostileFacts = sync.OnceValue(func() *zerenv1.UnitFacts {
	f := &zerenv1.UnitFacts{Unit: &zerenv1.Unit{Id: "czj", Name: strings.Repeat("a", 6000)}}
	for i := range 300 {
		f.Findings = append(f.Findings, &zerenv1.Finding{Id: fmt.Sprintf("F%d", i), Description: strings.Repeat("a", 4096)})
	}
	return f
})

// hostileRule builds a rule of one of several hostile shapes from the fuzz
// input: a pattern (used as a regular expression or a string), a shape, a
// depth and a width.
func hostileRule(pattern string, shape, depth, width uint8) string {
	p := strconv.Quote(pattern)
	d, w := int(depth%16), int(width%6)+1
	switch shape % 8 {
	case 0: // a regex on a long string
		return `facts.unit.name.matches(` + p + `)`
	case 1: // a regex in a loop
		return `facts.findings.exists(f, f.description.matches(` + p + `))`
	case 2: // a regex in a loop of a range
		return fmt.Sprintf(`lists.range(%d).exists(i, facts.unit.name.matches(%s))`, 1<<min(d, 20), p)
	case 3: // string growth
		return growing("facts.unit.name", d, w, "size(r) > 0")
	case 4: // string growth by replace
		return growing(`facts.unit.name.replace(`+p+`, facts.unit.name)`, d%4, w, "size(r) > 0")
	case 5: // nested comprehensions
		var b strings.Builder
		for i := range d + 1 {
			fmt.Fprintf(&b, "facts.findings.all(a%d, ", i)
		}
		b.WriteString("a0.description.contains(" + p + ")")
		b.WriteString(strings.Repeat(")", d+1))
		return b.String()
	case 6: // list growth, then a superlinear call
		return growing("facts.findings.map(f, f.description)", d%8, w, "r.distinct().size() > 0")
	default: // the pattern as a rule
		return pattern
	}
}

// FuzzHostileRule generates hostile rules (regular expressions, string and
// list growth, nested comprehensions), compiles them, and evaluates each
// accepted one under a short deadline: the evaluation must return by the
// deadline plus slack, and fail only with a Zeren error.
func FuzzHostileRule(f *testing.F) {
	bomb := strings.Repeat("(?:a?){1000}", 300) + "b"
	f.Add(bomb, uint8(0), uint8(0), uint8(0))
	f.Add(`(?:a?){300}b`, uint8(0), uint8(0), uint8(0))
	f.Add(`(?:a?){300}b`, uint8(1), uint8(0), uint8(0))
	f.Add(`(?:a?){300}b`, uint8(2), uint8(20), uint8(0))
	f.Add(`(a*)*b`, uint8(2), uint8(20), uint8(0))
	f.Add(`a`, uint8(3), uint8(12), uint8(5))
	f.Add(``, uint8(4), uint8(3), uint8(5))
	f.Add(`x`, uint8(5), uint8(4), uint8(0))
	f.Add(`x`, uint8(6), uint8(7), uint8(3))
	f.Add(`facts.findings.exists(f, f.description.matches("(?:a?){300}b"))`, uint8(7), uint8(0), uint8(0))
	f.Add(regexBomb(), uint8(7), uint8(0), uint8(0))
	f.Add(`facts.unit.id=="czj" ? 50.0 : (facts.unit.id=="fgw" && size(facts.cases) > 3 ? 100.0 : 0.0) > 1.0`, uint8(7), uint8(0), uint8(0))

	env, err := cel.NewEnv()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, pattern string, shape, depth, width uint8) {
		rule := hostileRule(pattern, shape, depth, width)
		// A hang is reported with its rule even if it never returns.
		watchdog := time.AfterFunc(10*time.Second, func() {
			panic(fmt.Sprintf("%.300q has not returned after 10 s", rule))
		})
		defer watchdog.Stop()
		start := time.Now()
		prg, err := env.Compile(rule, cel.KindBool)
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("compiling %.200q took %v", rule, took)
		}
		if err != nil {
			var ce *cel.CompileError
			if !errors.As(err, &ce) {
				t.Fatalf("compile %.200q: %T %v", rule, err, err)
			}
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), hostileDeadline)
		defer cancel()
		start = time.Now()
		_, err = prg.Eval(ctx, hostileFacts())
		elapsed := time.Since(start)
		// The wall-clock bound holds natively; the -short run under qemu-user
		// (arm64, loong64) is a hundred times slower per match.
		if elapsed > hostileDeadline+hostileSlack && !testing.Short() {
			t.Fatalf("%.200q ran %v, past the deadline of %v (err %v)", rule, elapsed, hostileDeadline, err)
		}
		if err != nil {
			var ee *cel.EvalError
			if !errors.As(err, &ee) {
				t.Fatalf("evaluate %.200q: %T %v", rule, err, err)
			}
			if ee.MessageZh == "" {
				t.Fatalf("evaluate %.200q: no Chinese message: %v", rule, err)
			}
		}
	})
}
