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
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// manyAssignments returns facts with n assignments, every other one met.
func manyAssignments(n int) *zerenv1.UnitFacts {
	f := &zerenv1.UnitFacts{Now: timestamppb.New(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC))}
	f.Assignments = make([]*zerenv1.Assignment, n)
	for i := range f.Assignments {
		f.Assignments[i] = &zerenv1.Assignment{
			Id: fmt.Sprintf("A%d", i), TaskId: fmt.Sprintf("T%d", i%60),
			Target: 1, Actual: float64(i % 2),
			Due: timestamppb.New(time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)),
		}
	}
	return f
}

// quadratic is a condition whose cost grows with the square of the
// assignments.
const quadratic = "facts.assignments.all(a, facts.assignments.all(b, a.actual + b.actual >= 0.0))"

func TestCostBombIsStoppedAtRunTime(t *testing.T) {
	t.Parallel()
	// Size hints of 10 assignments let the quadratic rule compile; facts of
	// 5,000 assignments then cost 25 million iterations.
	env, err := cel.NewEnv(cel.WithSizes(cel.Sizes{Assignments: 10}))
	require.NoError(t, err)
	prg, err := env.Compile(quadratic, cel.KindBool, cel.WithRuleID("bomb"))
	require.NoError(t, err)

	start := time.Now()
	v, err := prg.Eval(context.Background(), manyAssignments(5000))
	elapsed := time.Since(start)

	require.Error(t, err)
	assert.ErrorIs(t, err, cel.ErrCostLimit)
	var ee *cel.EvalError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, "bomb", ee.RuleID)
	assert.Contains(t, ee.MessageZh, "规则计算量超过单次上限")
	assert.Greater(t, v.Cost, uint64(cel.DefaultCostLimit), "the cost reported is where it stopped")
	// Unbounded, the rule would run 25 million iterations (minutes, hours
	// under -race); the limit stops it after about 200,000. The bound is
	// loose because CI machines are shared.
	t.Logf("stopped after %v", elapsed)
	assert.Less(t, elapsed, time.Minute, "the limit stops the work early")
}

func TestCostLimitHoldsWithStateTracking(t *testing.T) {
	t.Parallel()
	// Older cel-go releases ignored the cost limit when evaluation state was
	// tracked; the library's program options must hold either way.
	env, err := celgo.NewEnv(cel.Library(cel.WithCostLimit(10_000)))
	require.NoError(t, err)
	ast, iss := env.Compile(quadratic)
	require.NoError(t, iss.Err())
	for _, opts := range [][]celgo.ProgramOption{
		nil,
		{celgo.EvalOptions(celgo.OptTrackState)},
		{celgo.EvalOptions(celgo.OptExhaustiveEval)},
	} {
		prg, err := env.Program(ast, opts...)
		require.NoError(t, err)
		_, _, err = prg.ContextEval(context.Background(), map[string]any{"facts": manyAssignments(1000)})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "cost limit exceeded")
	}
}

func TestStaticEstimateRejectsQuadraticRule(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	_, err = env.Compile(quadratic, cel.KindBool)
	require.Error(t, err)
	assert.ErrorIs(t, err, cel.ErrCostLimit)
	var ce *cel.CompileError
	require.ErrorAs(t, err, &ce)
	require.Len(t, ce.Issues, 1)
	assert.Equal(t, cel.CodeCost, ce.Issues[0].Code)
	assert.Contains(t, ce.Issues[0].Message, "5000 assignments")
	assert.Contains(t, ce.Issues[0].MessageZh, "请避免在对列表的遍历中再嵌套遍历")

	// The same rule over a literal list of two passes.
	prg, err := env.Compile("[1.0, 2.0].all(a, [1.0, 2.0].all(b, a + b >= 0.0))", cel.KindBool)
	require.NoError(t, err)
	lo, hi := prg.EstimatedCost()
	assert.LessOrEqual(t, lo, hi)
	assert.Less(t, hi, uint64(100))
}

func TestLinearRulesFitTheDefaultBudget(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	for _, src := range []string{
		"completion_rate(facts.assignments)",
		"on_time_rate(assignments, now) * 0.5 + completion_rate(assignments) * 0.5",
		"double(facts.assignments.filter(a, a.status == 2 && a.task_id.startsWith('T')).size())",
		"double(findings.filter(f, f.description.contains('瞒报')).size())",
		"sum(facts.organizations.map(o, double(o.member_count)))",
		"metrics.exists(k, metrics[k] > 1.0) ? 1.0 : 0.0",
	} {
		prg, err := env.Compile(src, cel.KindNumber)
		require.NoError(t, err, src)
		_, hi := prg.EstimatedCost()
		assert.LessOrEqual(t, hi, env.CostLimit(), src)
	}
}

func TestDeepNestingIsRejectedAtCompileTime(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	for _, src := range []string{
		strings.Repeat("(", 1000) + "1.0" + strings.Repeat(")", 1000),
		strings.Repeat("[", 500) + "1" + strings.Repeat("]", 500),
		strings.Repeat("clamp(", 300) + "1.0" + strings.Repeat(", 0.0, 1.0)", 300),
		strings.Repeat("false ? 0.0 : ", 300) + "1.0",
	} {
		_, err := env.Compile(src, cel.KindNumber)
		require.Error(t, err)
		var ce *cel.CompileError
		require.ErrorAs(t, err, &ce)
		assert.ErrorIs(t, err, cel.ErrSourceLimit, ce.Error())
	}
}

func TestHugeSourceIsRejected(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	src := "1.0" + strings.Repeat(" ", cel.DefaultMaxSourceBytes)
	_, err = env.Compile(src, cel.KindNumber)
	var ce *cel.CompileError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, cel.CodeTooLarge, ce.Issues[0].Code)
	assert.ErrorIs(t, err, cel.ErrSourceLimit)
	assert.Contains(t, ce.Issues[0].MessageZh, "规则过长")

	small, err := cel.NewEnv(cel.WithMaxSourceBytes(8))
	require.NoError(t, err)
	_, err = small.Compile("1.0 + 2.0", cel.KindNumber)
	assert.ErrorIs(t, err, cel.ErrSourceLimit)
}

func TestHugeFactsEvaluateWithinBudgetOrStop(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	facts := manyAssignments(200_000)

	linear, err := env.Compile("completion_rate(facts.assignments)", cel.KindRatio)
	require.NoError(t, err)
	v, err := linear.Eval(context.Background(), facts)
	require.NoError(t, err)
	assert.InDelta(t, 0.5, v.Number, 1e-12)
	assert.Less(t, v.Cost, env.CostLimit())

	filter, err := env.Compile("double(facts.assignments.filter(a, a.actual >= a.target).size())", cel.KindNumber)
	require.NoError(t, err)
	_, err = filter.Eval(context.Background(), facts)
	assert.ErrorIs(t, err, cel.ErrCostLimit)
}

func TestCancelledContextStopsEvaluation(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv(cel.WithSizes(cel.Sizes{Assignments: 10}), cel.WithCostLimit(1<<62))
	require.NoError(t, err)
	prg, err := env.Compile(quadratic, cel.KindBool)
	require.NoError(t, err)
	facts := manyAssignments(20_000) // 400 million iterations: minutes unless interrupted

	t.Run("cancelled before", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := prg.Eval(ctx, facts)
		assert.ErrorIs(t, err, context.Canceled)
		var ee *cel.EvalError
		require.ErrorAs(t, err, &ee)
		assert.Equal(t, "规则计算已被取消", ee.MessageZh)
	})
	t.Run("cancelled while running", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			time.Sleep(20 * time.Millisecond)
			cancel()
		}()
		start := time.Now()
		_, err := prg.Eval(ctx, facts)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Less(t, time.Since(start), 30*time.Second)
	})
	t.Run("deadline while running", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		_, err := prg.Eval(ctx, facts)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		var ee *cel.EvalError
		require.ErrorAs(t, err, &ee)
		assert.Equal(t, "规则计算超时，已中止", ee.MessageZh)
	})
}

func TestBudgetStopsAfterItIsSpent(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	prg, err := env.Compile("completion_rate(facts.assignments)", cel.KindRatio)
	require.NoError(t, err)
	facts := manyAssignments(10)

	one, err := prg.Eval(context.Background(), facts)
	require.NoError(t, err)
	require.Positive(t, one.Cost)

	const runs = 5
	budget := cel.NewBudget(one.Cost * runs)
	for i := range runs {
		v, err := prg.Eval(context.Background(), facts, cel.WithBudget(budget))
		require.NoError(t, err, "evaluation %d", i)
		assert.Equal(t, one.Cost, v.Cost)
	}
	assert.True(t, budget.Exhausted())
	assert.Equal(t, one.Cost*runs, budget.Spent())
	assert.Zero(t, budget.Remaining())

	_, err = prg.Eval(context.Background(), facts, cel.WithBudget(budget))
	assert.ErrorIs(t, err, cel.ErrBudgetExhausted)
	assert.False(t, errors.Is(err, cel.ErrCostLimit))
	var ee *cel.EvalError
	require.ErrorAs(t, err, &ee)
	assert.Contains(t, ee.MessageZh, "计算预算")
	assert.Equal(t, one.Cost*runs, budget.Spent(), "a refused evaluation costs nothing")
}

func TestBudgetIsSharedSafelyAcrossGoroutines(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	prg, err := env.Compile("completion_rate(facts.assignments)", cel.KindRatio)
	require.NoError(t, err)
	facts := manyAssignments(10)
	one, err := prg.Eval(context.Background(), facts)
	require.NoError(t, err)

	budget := cel.NewBudget(one.Cost * 100)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, refused := 0, 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				_, err := prg.Eval(context.Background(), facts, cel.WithBudget(budget))
				mu.Lock()
				if err == nil {
					ok++
				} else if errors.Is(err, cel.ErrBudgetExhausted) {
					refused++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 400, ok+refused)
	// Each goroutine may start one evaluation after the last unit is spent.
	assert.GreaterOrEqual(t, ok, 100)
	assert.LessOrEqual(t, ok, 100+8)
	assert.Equal(t, uint64(ok)*one.Cost, budget.Spent())
}

func TestInvalidOptionsAreAllReported(t *testing.T) {
	t.Parallel()
	_, err := cel.NewEnv(
		cel.WithLocation(nil),
		cel.WithMaxSourceBytes(0),
		cel.WithMaxNesting(-1),
		cel.WithCostLimit(0),
		cel.WithInterruptCheckFrequency(0),
		cel.WithSizes(cel.Sizes{Assignments: -1}),
	)
	require.Error(t, err)
	for _, want := range []string{"WithLocation", "WithMaxSourceBytes", "WithMaxNesting", "WithCostLimit",
		"WithInterruptCheckFrequency", "Assignments is negative"} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestTraceShowsTheDataBehindAFailure(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	prg, err := env.Compile("metrics.party_fee_rate * facts.review.score / 100.0", cel.KindRatio)
	require.NoError(t, err)
	v, err := prg.Eval(context.Background(), &zerenv1.UnitFacts{Review: &zerenv1.ReviewResult{Score: 80}}, cel.WithTrace())
	require.Error(t, err)
	var got []string
	for _, in := range v.Inputs {
		got = append(got, in.GetPath()+"="+in.GetValue())
	}
	assert.Equal(t, []string{"facts.metrics.party_fee_rate=absent", "facts.review.score=80"}, got)
}
