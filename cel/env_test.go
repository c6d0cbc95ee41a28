package cel_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
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

func TestLibraryReproducesTheEnvironment(t *testing.T) {
	t.Parallel()
	env, err := celgo.NewEnv(cel.Library())
	require.NoError(t, err)
	assert.True(t, env.HasLibrary(cel.LibraryName))
	assert.Equal(t, cel.EnvironmentVersion, fmt.Sprintf("%s/%d", cel.LibraryName, cel.LibraryVersion))
	for _, fn := range []string{"completion_rate", "on_time_rate", "overdue_count", "sum", "avg", "clamp",
		"count_open_cases", "period_start", "period_end", "working_days_between", "is_working_day",
		"math.sqrt", "lists.range", "sets.contains", "optional.of"} {
		assert.True(t, env.HasFunction(fn), fn)
	}
	var vars []string
	for _, v := range env.Variables() {
		vars = append(vars, v.Name())
	}
	slices.Sort(vars)
	assert.Equal(t, []string{"assignments", "cases", "facts", "findings", "metrics", "now", "period", "person", "result"}, vars)

	ast, iss := env.Compile("completion_rate(facts.assignments)")
	require.NoError(t, iss.Err())
	prg, err := env.Program(ast)
	require.NoError(t, err)
	out, _, err := prg.ContextEval(context.Background(), map[string]any{"facts": manyAssignments(4)})
	require.NoError(t, err)
	assert.Equal(t, 0.5, out.Value())

	// The library twice is configured once; an invalid option fails.
	_, err = celgo.NewEnv(cel.Library(), cel.Library())
	require.NoError(t, err)
	_, err = celgo.NewEnv(cel.Library(cel.WithCostLimit(0)))
	assert.ErrorContains(t, err, "WithCostLimit")
}

func TestProgramIsSafeForConcurrentUse(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	prg, err := env.Compile(
		"clamp(completion_rate(assignments) * 0.6 + on_time_rate(assignments, now) * 0.4 - double(overdue_count(assignments, now)) / 100.0, 0.0, 1.0)",
		cel.KindRatio)
	require.NoError(t, err)

	units := make([]*zerenv1.UnitFacts, 16)
	want := make([]cel.Value, len(units))
	for i := range units {
		units[i] = manyAssignments(10 + 7*i)
		units[i].Metrics = map[string]float64{"x": float64(i)}
		want[i], err = prg.Eval(context.Background(), units[i], cel.WithTrace())
		require.NoError(t, err)
	}

	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range 200 {
				i := (g + n) % len(units)
				got, err := prg.Eval(context.Background(), units[i], cel.WithTrace())
				if err != nil {
					errs <- err
					return
				}
				if got.Number != want[i].Number || got.Cost != want[i].Cost || len(got.Inputs) != len(want[i].Inputs) {
					errs <- fmt.Errorf("unit %d: got %v, want %v", i, got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestWorkingDaysMatchCounting checks the arithmetic against counting day by
// day, over random ranges around a calendar.
func TestWorkingDaysMatchCounting(t *testing.T) {
	t.Parallel()
	loc := time.FixedZone("CST", 8*3600)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	holidays := []time.Time{day(2026, 10, 1), day(2026, 10, 2), day(2026, 10, 3), day(2026, 10, 5), day(2026, 1, 1), day(1969, 12, 31)}
	workdays := []time.Time{day(2026, 9, 27), day(2026, 10, 10), day(1969, 12, 27)}
	cal := &zerenv1.Calendar{Id: "test"}
	for _, h := range holidays {
		cal.Holidays = append(cal.Holidays, timestamppb.New(h))
	}
	for _, w := range workdays {
		cal.Workdays = append(cal.Workdays, timestamppb.New(w))
	}
	env, err := cel.NewEnv(cel.WithCalendar(cal))
	require.NoError(t, err)
	between, err := env.Compile("working_days_between(now, facts.assignments[0].due)", cel.KindNumber)
	require.NoError(t, err)
	isWorking, err := env.Compile("is_working_day(now)", cel.KindBool)
	require.NoError(t, err)

	working := func(d time.Time) bool {
		for _, h := range holidays {
			if h.Equal(d) {
				return false
			}
		}
		for _, w := range workdays {
			if w.Equal(d) {
				return true
			}
		}
		return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
	}
	count := func(a, b time.Time) int {
		sign := 1
		if b.Before(a) {
			a, b, sign = b, a, -1
		}
		n := 0
		for d := a; d.Before(b); d = d.AddDate(0, 0, 1) {
			if working(d) {
				n++
			}
		}
		return sign * n
	}

	rng := rand.New(rand.NewPCG(1, 2))
	bases := []time.Time{day(2026, 9, 20), day(1969, 12, 20)}
	for i := range 400 {
		base := bases[i%len(bases)]
		a := base.AddDate(0, 0, rng.IntN(40))
		b := base.AddDate(0, 0, rng.IntN(40))
		// Any time of day gives the same dates.
		at := a.Add(time.Duration(rng.IntN(24*3600)) * time.Second)
		bt := b.Add(time.Duration(rng.IntN(24*3600)) * time.Second)
		facts := &zerenv1.UnitFacts{Now: timestamppb.New(at),
			Assignments: []*zerenv1.Assignment{{Due: timestamppb.New(bt)}}}
		v, err := between.Eval(context.Background(), facts)
		require.NoError(t, err)
		require.Equal(t, float64(count(a, b)), v.Number, "%s → %s", a.Format(time.DateOnly), b.Format(time.DateOnly))
		w, err := isWorking.Eval(context.Background(), facts)
		require.NoError(t, err)
		require.Equal(t, working(a), w.Bool, a.Format(time.DateOnly))
	}
}

func TestCalendarConflictsAreReported(t *testing.T) {
	t.Parallel()
	d := timestamppb.New(time.Date(2026, 10, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)))
	_, err := cel.NewEnv(cel.WithCalendar(&zerenv1.Calendar{Id: "bad",
		Holidays: []*timestamppb.Timestamp{d}, Workdays: []*timestamppb.Timestamp{d, {Seconds: -1 << 62}}}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "workdays[0] (2026-10-01): is both a holiday")
	assert.Contains(t, err.Error(), "workdays[1]")
}

func TestPeriodsFollowTheConfiguredZone(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv(cel.WithLocation(time.UTC))
	require.NoError(t, err)
	prg, err := env.Compile("period_start(period) == timestamp('2026-04-01T00:00:00Z')", cel.KindBool)
	require.NoError(t, err)
	v, err := prg.Eval(context.Background(), &zerenv1.UnitFacts{
		Period: &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_QUARTER, Year: 2026, Index: 2}})
	require.NoError(t, err)
	assert.True(t, v.Bool)
}

func TestFunctionsRejectValuesOfTheWrongTypeWithoutPanicking(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	for _, src := range []string{
		"completion_rate(dyn([1, 2]))",
		"on_time_rate(dyn(['a']), now)",
		"double(overdue_count(dyn([facts]), now))",
		"double(count_open_cases(dyn([1])))",
		"double(sum(dyn(['a'])))",
		"double(sum(dyn([1, 'a'])))",
		"double(avg(dyn([true])))",
		"clamp(dyn(1), 0.0, 1.0)",
		"double(working_days_between(now, dyn(1)))",
		"period_start(dyn(facts)) > now ? 1.0 : 0.0",
	} {
		prg, err := env.Compile(src, cel.KindNumber)
		require.NoError(t, err, src)
		_, err = prg.Eval(context.Background(), manyAssignments(2))
		var ee *cel.EvalError
		require.ErrorAs(t, err, &ee, src)
		assert.NotEmpty(t, ee.MessageZh, src)
	}
}

func TestNilFactsAndContextReadAsEmpty(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	prg, err := env.Compile("double(size(assignments)) + double(size(metrics))", cel.KindNumber)
	require.NoError(t, err)
	//lint:ignore SA1012 a nil context must not panic either
	v, err := prg.Eval(nil, nil)
	require.NoError(t, err)
	assert.Equal(t, 0.0, v.Number)
	// A rate over nothing is no data, not full marks.
	prg, err = env.Compile("completion_rate(assignments)", cel.KindRatio)
	require.NoError(t, err)
	//lint:ignore SA1012 a nil context must not panic either
	_, err = prg.Eval(nil, nil)
	assert.ErrorIs(t, err, cel.ErrNoData)
}

func TestUnknownKindIsACompileError(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	_, err = env.Compile("1.0", cel.Kind(42))
	var ce *cel.CompileError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "Kind(42)", cel.Kind(42).String())
}

func TestNilListElementsDoNotPanic(t *testing.T) {
	t.Parallel()
	env, err := cel.NewEnv()
	require.NoError(t, err)
	facts := &zerenv1.UnitFacts{
		Assignments: []*zerenv1.Assignment{nil, {Target: 1, Actual: 1}},
		Cases:       []*zerenv1.SupervisionCase{nil},
		Findings:    []*zerenv1.Finding{nil},
	}
	for _, src := range []string{
		"completion_rate(facts.assignments) + completion_rate(assignments)",
		"facts.assignments.all(a, a.actual >= 0.0) ? 1.0 : 0.0",
		"facts.assignments[0].actual + double(count_open_cases(cases)) + double(size(findings))",
		"double(overdue_count(assignments, now)) + on_time_rate(assignments, now)",
	} {
		prg, err := env.Compile(src, cel.KindNumber)
		require.NoError(t, err, src)
		assert.NotPanics(t, func() {
			_, err := prg.Eval(context.Background(), facts, cel.WithTrace())
			if err != nil {
				var ee *cel.EvalError
				assert.ErrorAs(t, err, &ee, src)
			}
		}, src)
	}
}

func TestAnEmptyRuleIsReportedAtLine1Column1(t *testing.T) {
	t.Parallel()
	e, err := cel.NewEnv()
	require.NoError(t, err)
	for _, src := range []string{"", "   ", "\n", "\n  \n"} {
		_, err := e.Compile(src, cel.KindNumber)
		var ce *cel.CompileError
		require.ErrorAs(t, err, &ce, "%q", src)
		for _, is := range ce.Issues {
			assert.GreaterOrEqual(t, is.Line, 1, "%q: %+v", src, is)
			assert.GreaterOrEqual(t, is.Column, 1, "%q: %+v", src, is)
		}
	}
}
