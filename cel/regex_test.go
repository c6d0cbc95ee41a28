package cel_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	celgo "cel.dev/cel-go/cel"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// regexBomb is the rule of issue 9: its static estimate under cel-go's own
// cost model was 810,316, so it was accepted, and one evaluation took 77.6 s.
func regexBomb() string {
	return `"` + strings.Repeat("a", 9000) + `".matches("` + strings.Repeat("(?:a?){1000}", 300) + `b")`
}

func compileIssue(t *testing.T, env *cel.Env, src string, kind cel.Kind) cel.Issue {
	t.Helper()
	_, err := env.Compile(src, kind)
	require.Error(t, err)
	var ce *cel.CompileError
	require.ErrorAs(t, err, &ce)
	require.Len(t, ce.Issues, 1, "issues: %v", ce.Issues)
	return ce.Issues[0]
}

func TestRegexBombIsRefusedAtCompileTime(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	src := regexBomb()
	_, err = env.Compile(src, cel.KindBool, cel.WithRuleID("bomb"))
	require.Error(t, err)
	assert.ErrorIs(t, err, cel.ErrRegex)
	i := compileIssue(t, env, src, cel.KindBool)
	assert.Equal(t, cel.CodeRegex, i.Code)
	assert.Equal(t, 1, i.Line)
	assert.Equal(t, 9000+12, i.Column, "the column of the pattern, after the 9,000-character string and .matches(")
	assert.Contains(t, i.Message, "more than the limit of 1000")
	assert.Contains(t, i.MessageZh, "正则表达式过于复杂")
	assert.Contains(t, i.Zh(), "第1行第9012列")
}

func TestRegexProgramSizeLimitIsMeasuredOnTheCompiledProgram(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	// A short pattern can compile to a large program: 3 × 400 optional
	// characters is 1,202 instructions, over the limit of 1,000, with 14
	// characters of source.
	i := compileIssue(t, env, `facts.unit.name.matches("(?:a?){400}b{400}")`, cel.KindBool)
	assert.Equal(t, cel.CodeRegex, i.Code)
	assert.Contains(t, i.Message, "compiles to 1202 instructions")
	// A long but plain pattern is fine.
	_, err = env.Compile(`facts.unit.name.matches("`+strings.Repeat("整改|", 100)+`落实")`, cel.KindBool)
	require.NoError(t, err)
	// A character class compiles to one instruction however many ranges
	// it has.
	_, err = env.Compile(`facts.unit.name.matches("^`+strings.Repeat(`\\p{L}`, 8)+`$")`, cel.KindBool)
	require.NoError(t, err)
	// The limit is an option.
	small, err := cel.NewEnv(cel.WithMaxRegexProgram(20))
	require.NoError(t, err)
	i = compileIssue(t, small, `facts.unit.name.matches("a{30}")`, cel.KindBool)
	assert.Contains(t, i.Message, "more than the limit of 20")
}

func TestRegexesOfOneRuleAreLimitedTogether(t *testing.T) {
	t.Parallel()
	// 484 patterns of about 950 instructions fit in 16 KiB and took 0.3 s
	// to compile; together they may have at most 4 × 1,000 instructions.
	env, err := cel.NewEnv()
	require.NoError(t, err)
	var parts []string
	for i := range 5 {
		parts = append(parts, fmt.Sprintf(`facts.unit.id.matches("a{%d}")`, 900+i))
	}
	src := strings.Join(parts, " || ")
	i := compileIssue(t, env, src, cel.KindBool)
	assert.Equal(t, cel.CodeRegex, i.Code)
	assert.Equal(t, 4*(len(parts[0])+4)+23, i.Column, "at the fifth pattern")
	assert.Contains(t, i.MessageZh, "规则中的正则表达式合计编译后超过 4000 条指令")
	_, err = env.Compile(strings.Join(parts[:4], " || "), cel.KindBool)
	require.NoError(t, err)
}

func TestNonConstantRegexPatternIsRefused(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	for _, tc := range []struct {
		name, src    string
		line, column int
	}{
		{"a field", "facts.findings.exists(f,\n  f.description.matches(f.id))", 2, 26},
		{"a bound variable", `cel.bind(p, "^a+$", facts.unit.name.matches(p))`, 1, 45},
		{"a concatenation", `matches(facts.unit.name, "^" + facts.unit.id)`, 1, 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			i := compileIssue(t, env, tc.src, cel.KindBool)
			assert.Equal(t, cel.CodeRegex, i.Code)
			assert.Equal(t, tc.line, i.Line)
			assert.Equal(t, tc.column, i.Column)
			assert.Contains(t, i.Message, "must be a string constant")
			assert.Contains(t, i.MessageZh, "必须是直接写在规则中的字符串常量")
		})
	}
}

func TestInvalidRegexPatternIsRefused(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	i := compileIssue(t, env, `facts.unit.name.matches("(unclosed")`, cel.KindBool)
	assert.Equal(t, cel.CodeRegex, i.Code)
	assert.Contains(t, i.MessageZh, "正则表达式无效")
}

func TestMatchesWorksWithConstantPatterns(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	facts := &zerenv1.UnitFacts{Unit: &zerenv1.Unit{Id: "czj", Name: "示例市财政局"},
		Findings: []*zerenv1.Finding{{Id: "F1", Description: "整改台账不全"}, {Id: "F2", Description: "会议记录缺失"}}}
	for src, want := range map[string]bool{
		`facts.unit.name.matches("财政局$")`:                                      true,
		`matches(facts.unit.name, "^财政")`:                                      false,
		`facts.findings.filter(f, f.description.matches("整改|落实")).size() == 1`: true,
		`dyn(facts.unit.id).matches("^c")`:                                     true,
	} {
		prg, err := env.Compile(src, cel.KindBool)
		require.NoError(t, err, src)
		v, err := prg.Eval(context.Background(), facts)
		require.NoError(t, err, src)
		assert.Equal(t, want, v.Bool, src)
	}
}

func TestMatchInputOverTheWorkLimitIsAnError(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	// '(?:a?){300}b' compiles to 603 instructions; 4 Mi instruction-bytes
	// then allow 6,954 bytes of input (603 × 6,955 ≤ 4,194,304).
	prg, err := env.Compile(`facts.unit.name.matches("(?:a?){300}b")`, cel.KindBool, cel.WithRuleID("long"))
	require.NoError(t, err)
	ok := &zerenv1.UnitFacts{Unit: &zerenv1.Unit{Name: strings.Repeat("a", 6954)}}
	_, err = prg.Eval(context.Background(), ok)
	require.NoError(t, err)

	long := &zerenv1.UnitFacts{Unit: &zerenv1.Unit{Name: strings.Repeat("a", 6955)}}
	dyn, err := env.Compile(`dyn(facts.unit.name).matches("(?:a?){300}b")`, cel.KindBool)
	require.NoError(t, err)
	_, err = dyn.Eval(context.Background(), long)
	require.Error(t, err, "the same bound on a dyn receiver")
	_, err = prg.Eval(context.Background(), long)
	require.Error(t, err)
	var ee *cel.EvalError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 1, ee.Line)
	assert.Contains(t, ee.Message, "at most 6954 bytes may be matched")
	assert.Contains(t, ee.MessageZh, "待匹配的文字过长")
}

func TestMatchIsChargedByProgramSizeTimesInputLength(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	facts := &zerenv1.UnitFacts{Unit: &zerenv1.Unit{Name: strings.Repeat("a", 4000)}}
	cost := func(pattern string) (static, actual uint64) {
		prg, err := env.Compile(`facts.unit.name.matches("`+pattern+`")`, cel.KindBool)
		require.NoError(t, err)
		_, hi := prg.EstimatedCost()
		v, err := prg.Eval(context.Background(), facts)
		require.NoError(t, err)
		return hi, v.Cost
	}
	smallStatic, smallActual := cost("b")
	bigStatic, bigActual := cost("(?:a?){300}b")
	// 603 instructions against 4 for "b": the charge grows with the program,
	// not with the 12 characters of the pattern.
	assert.Greater(t, bigActual, 100*smallActual/2, "actual %d vs %d", bigActual, smallActual)
	assert.GreaterOrEqual(t, bigActual, uint64(603*4001/40))
	// The static estimate covers the actual cost for a string as long as
	// the size hint (4 KiB).
	assert.GreaterOrEqual(t, bigStatic, bigActual)
	assert.GreaterOrEqual(t, smallStatic, smallActual)

	// Enough such matches to exceed the cost limit are refused when saved.
	_, err = env.Compile(`facts.findings.exists(f, f.description.matches("(?:a?){300}b"))`, cel.KindBool)
	assert.ErrorIs(t, err, cel.ErrCostLimit)
}

func TestMatchesInsideALoopIsStoppedByTheCostLimitBeforeItRuns(t *testing.T) {
	t.Parallel()
	// Hints of one finding let the rule compile; 1,000 findings of 4,000
	// bytes would cost 60 million instruction-bytes each.
	env, err := cel.NewEnv(cel.WithSizes(cel.Sizes{Findings: 1}))
	require.NoError(t, err)
	prg, err := env.Compile(`facts.findings.exists(f, f.description.matches("(?:a?){300}b"))`, cel.KindBool)
	require.NoError(t, err)
	facts := &zerenv1.UnitFacts{}
	for range 1000 {
		facts.Findings = append(facts.Findings, &zerenv1.Finding{Description: strings.Repeat("a", 4000)})
	}
	v, err := prg.Eval(context.Background(), facts)
	require.ErrorIs(t, err, cel.ErrCostLimit)
	// Each match is charged before it runs: the evaluation stops at the
	// first one it cannot afford, never more than one call over the limit.
	assert.Less(t, v.Cost, uint64(cel.DefaultCostLimit+cel.DefaultMaxMatchWork/40+1000))
}

// slowRule runs a 603-instruction pattern over a 6,000-byte string for each
// of a million integers: hours of work, and each call about 20 ms, with
// cel-go's check of the context only every 100 iterations.
const slowRule = `lists.range(1000000).exists(i, facts.unit.name.matches("(?:a?){300}b"))`

func slowFacts() *zerenv1.UnitFacts {
	return &zerenv1.UnitFacts{Unit: &zerenv1.Unit{Name: strings.Repeat("a", 6000)}}
}

func TestDeadlineIsHonouredInsideLongRegexWork(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		// CI runs the -short suite under qemu-user for arm64 and loong64,
		// where one match takes a hundred times its native time: a
		// wall-clock bound says nothing there. The native run checks it.
		t.Skip("wall-clock bound: not checked with -short (emulated architectures)")
	}
	env, err := cel.NewEnv(cel.WithCostLimit(1 << 60))
	require.NoError(t, err)
	prg, err := env.Compile(slowRule, cel.KindBool, cel.WithRuleID("slow"))
	require.NoError(t, err)

	const deadline = 150 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	start := time.Now()
	_, err = prg.Eval(ctx, slowFacts())
	elapsed := time.Since(start)

	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	var ee *cel.EvalError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, "slow", ee.RuleID)
	assert.Contains(t, ee.Message, "time limit was reached")
	assert.Equal(t, "规则计算超时，已中止", ee.MessageZh)
	// Without the check before each match, the first check would come after
	// 100 matches, about 2 s (far more under -race). One match is the most
	// the evaluation may overrun.
	assert.Less(t, elapsed, deadline+time.Second, "returned %v after the deadline", elapsed-deadline)
}

func TestLimiterBoundsConcurrentEvaluationsPerCaller(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv(cel.WithCostLimit(1 << 60))
	require.NoError(t, err)
	slow, err := env.Compile(slowRule, cel.KindBool, cel.WithRuleID("slow"))
	require.NoError(t, err)
	quick, err := env.Compile(`facts.unit.name != ""`, cel.KindBool, cel.WithRuleID("quick"))
	require.NoError(t, err)

	limiters := cel.NewLimiters(2)
	czj, fgw := limiters.For("czj"), limiters.For("fgw")
	require.Same(t, czj, limiters.For("czj"))
	assert.Equal(t, 2, czj.Limit())

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	started := make(chan struct{}, 2)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			started <- struct{}{}
			_, err := slow.Eval(ctx, slowFacts(), cel.WithLimiter(czj))
			assert.ErrorIs(t, err, context.Canceled)
		}()
	}
	<-started
	<-started
	require.Eventually(t, func() bool { return czj.InUse() == 2 }, 5*time.Second, time.Millisecond)

	// A third evaluation for the same caller is refused at once …
	_, err = quick.Eval(context.Background(), slowFacts(), cel.WithLimiter(czj))
	require.ErrorIs(t, err, cel.ErrBusy)
	var ee *cel.EvalError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, "quick", ee.RuleID)
	assert.Contains(t, ee.MessageZh, "同一调用方同时进行的规则计算已达上限（2 个）")
	// … while another caller is not held up.
	v, err := quick.Eval(context.Background(), slowFacts(), cel.WithLimiter(fgw))
	require.NoError(t, err)
	assert.True(t, v.Bool)

	// Once the abandoned work stops, the slots are free again.
	cancel()
	wg.Wait()
	assert.Equal(t, 0, czj.InUse())
	_, err = quick.Eval(context.Background(), slowFacts(), cel.WithLimiter(czj))
	require.NoError(t, err)
}

func TestLimiterAcquireWaitsForTheContext(t *testing.T) {
	t.Parallel()
	l := cel.NewLimiter(1)
	release, err := l.Acquire(context.Background())
	require.NoError(t, err)
	_, ok := l.TryAcquire()
	assert.False(t, ok)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err = l.Acquire(ctx)
	assert.True(t, errors.Is(err, context.DeadlineExceeded))
	release()
	release() // a second release does nothing
	assert.Equal(t, 0, l.InUse())
	r2, ok := l.TryAcquire()
	require.True(t, ok)
	r2()
}

// countingContext reports itself cancelled from its after-th call of Err on.
type countingContext struct {
	context.Context
	after int
	calls int
	mu    sync.Mutex
}

func (c *countingContext) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	if c.calls >= c.after {
		return context.Canceled
	}
	return nil
}

func TestDomainFunctionsCheckTheContextInsideTheirLoops(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv(cel.WithSizes(cel.Sizes{Assignments: 100000}))
	require.NoError(t, err)
	for _, rule := range []string{
		`completion_rate(facts.assignments) >= 0.0`,
		`overdue_count(facts.assignments, now) >= 0`,
		`on_time_rate(facts.assignments, now) >= 0.0`,
	} {
		prg, err := env.Compile(rule, cel.KindBool)
		require.NoError(t, err)
		// Err is called once when Eval starts and once before the call; a
		// third call can only come from a check inside the loop, every
		// 1,024 elements. The context says it is cancelled from then on.
		ctx := &countingContext{Context: context.Background(), after: 3}
		_, err = prg.Eval(ctx, manyAssignments(1000))
		require.NoError(t, err, "%s: 1,000 assignments are walked without a check", rule)

		ctx = &countingContext{Context: context.Background(), after: 3}
		_, err = prg.Eval(ctx, manyAssignments(100000))
		require.ErrorIs(t, err, context.Canceled, "%s: stopped inside the loop", rule)
	}
}

func TestLibraryBoundsMatchesForEmbedders(t *testing.T) {
	t.Parallel()
	env, err := celgo.NewEnv(cel.Library())
	require.NoError(t, err)
	// A constant pattern over the limit fails when the program is built.
	ast, iss := env.Compile(regexBomb())
	require.NoError(t, iss.Err())
	_, err = env.Program(ast)
	require.ErrorContains(t, err, "regex program size exceeds limit of 1000")

	// A computed pattern, which only Env.Compile refuses, is checked on
	// every call.
	ast, iss = env.Compile(`facts.unit.name.matches(facts.unit.id)`)
	require.NoError(t, iss.Err())
	prg, err := env.Program(ast)
	require.NoError(t, err)
	facts := &zerenv1.UnitFacts{Unit: &zerenv1.Unit{Id: strings.Repeat("(?:a?){300}", 4), Name: "a"}}
	_, _, err = prg.Eval(map[string]any{"facts": facts})
	require.ErrorContains(t, err, "regex program size exceeds limit")
	facts.Unit.Id = "^a$"
	out, _, err := prg.Eval(map[string]any{"facts": facts})
	require.NoError(t, err)
	assert.Equal(t, true, out.Value())
}
