package cel

import (
	"errors"
	"fmt"
	"math"

	celgo "cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/decls"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/interpreter"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Names of the domain functions.
const (
	fnCompletionRate     = "completion_rate"
	fnOnTimeRate         = "on_time_rate"
	fnOverdueCount       = "overdue_count"
	fnSum                = "sum"
	fnAvg                = "avg"
	fnClamp              = "clamp"
	fnCountOpenCases     = "count_open_cases"
	fnPeriodStart        = "period_start"
	fnPeriodEnd          = "period_end"
	fnWorkingDaysBetween = "working_days_between"
	fnIsWorkingDay       = "is_working_day"
)

// equalTolerance is the relative tolerance of COMPARISON_EQUAL.
const equalTolerance = 1e-9

// ErrNoData matches an evaluation that found no data to score (无数据): a
// rate function (completion_rate, on_time_rate) given an empty selection,
// or a map key that is absent, such as facts.metrics["x"] for a metric the
// OA did not supply. A formula that means to default says so, e.g.
// facts.metrics[?"x"].orValue(0.0) or a size() check before the rate; an
// evaluation that fails with ErrNoData is not a score of 0 or 1 but a
// question for the indicator's no-data policy (see package assessment).
var ErrNoData = errors.New("no data")

// funcError is an error raised by a domain function, in both languages.
type funcError struct {
	en, zh string
	is     error // a sentinel the error matches, or nil
}

func (e *funcError) Error() string { return e.en }

// Unwrap returns the sentinel the error matches, if any.
func (e *funcError) Unwrap() error { return e.is }

func errVal(fn string, e *funcError) ref.Val {
	return types.WrapErr(&funcError{en: fn + ": " + e.en, zh: fn + "：" + e.zh, is: e.is})
}

// errNoData is the error of a rate function given nothing to rate.
func errNoData(fn, what, whatZh string) ref.Val {
	return errVal(fn, &funcError{
		en: "no data: " + what + "; the selection is empty",
		zh: "无数据：" + whatZh + "，所选范围为空",
		is: ErrNoData})
}

// functions declares the domain functions with their Go implementations and
// their cost models. Implementations are pure and never panic: values of an
// unexpected type yield an error value.
func (c *config) functions() []celgo.EnvOption {
	assignments := celgo.ListType(celgo.ObjectType("zeren.v1.Assignment"))
	cases := celgo.ListType(celgo.ObjectType("zeren.v1.SupervisionCase"))
	period := celgo.ObjectType("zeren.v1.Period")
	doubles := celgo.ListType(celgo.DoubleType)
	ints := celgo.ListType(celgo.IntType)
	ts := celgo.TimestampType

	// The implementations check their arguments themselves, so cel-go's
	// runtime type guards would only repeat the work.
	noGuards := decls.DisableTypeGuards(true)

	linear := func(id string) cost.OverloadModel {
		return cost.Overload(id, cost.EvalCost(cost.Sum(cost.Const(cost.CallCost), cost.Length(cost.Arg(0)))))
	}
	fixed := func(id string, n uint64) cost.OverloadModel {
		return cost.Overload(id, cost.EvalCost(cost.Const(n)))
	}

	return []celgo.EnvOption{
		celgo.Function(fnCompletionRate,
			celgo.FunctionDocs(`share of the assignments (分解任务) that meet their target, weighted by weight, retired ones left out; an error matching ErrNoData (无数据) when none is left, never a silent 1.0`),
			noGuards,
			celgo.Overload("completion_rate_list_assignment", []*celgo.Type{assignments}, celgo.DoubleType,
				celgo.OverloadExamples(`completion_rate(facts.assignments) // 0.75`),
				celgo.UnaryBinding(func(v ref.Val) ref.Val { return completionRate(nil, v) }))),
		celgo.Function(fnOnTimeRate,
			celgo.FunctionDocs(`of the assignments due before now, the share completed by their due date, weighted by weight; an error matching ErrNoData (无数据) when none is due yet`),
			noGuards,
			celgo.Overload("on_time_rate_list_assignment_timestamp", []*celgo.Type{assignments, ts}, celgo.DoubleType,
				celgo.OverloadExamples(`on_time_rate(facts.assignments, now) // 0.9`),
				celgo.BinaryBinding(func(l, n ref.Val) ref.Val { return onTimeRate(nil, l, n) }))),
		celgo.Function(fnOverdueCount,
			celgo.FunctionDocs(`number of assignments due before now that are not done and not retired`),
			noGuards,
			celgo.Overload("overdue_count_list_assignment_timestamp", []*celgo.Type{assignments, ts}, celgo.IntType,
				celgo.OverloadExamples(`overdue_count(facts.assignments, now) // 2`),
				celgo.BinaryBinding(func(l, n ref.Val) ref.Val { return overdueCount(nil, l, n) }))),
		celgo.Function(fnSum,
			celgo.FunctionDocs(`sum of a list of numbers; 0 when empty`),
			noGuards,
			celgo.Overload("sum_list_double", []*celgo.Type{doubles}, celgo.DoubleType,
				celgo.OverloadExamples(`sum([1.5, 2.0]) // 3.5`),
				celgo.UnaryBinding(func(v ref.Val) ref.Val { return sumDouble(nil, v) })),
			celgo.Overload("sum_list_int", []*celgo.Type{ints}, celgo.IntType,
				celgo.OverloadExamples(`sum([1, 2]) // 3`),
				celgo.UnaryBinding(func(v ref.Val) ref.Val { return sumInt(nil, v) }))),
		celgo.Function(fnAvg,
			celgo.FunctionDocs(`arithmetic mean of a list of numbers; 0.0 when empty`),
			noGuards,
			celgo.Overload("avg_list_double", []*celgo.Type{doubles}, celgo.DoubleType,
				celgo.OverloadExamples(`avg([1.0, 2.0]) // 1.5`),
				celgo.UnaryBinding(func(v ref.Val) ref.Val { return avg(nil, v) })),
			celgo.Overload("avg_list_int", []*celgo.Type{ints}, celgo.DoubleType,
				celgo.OverloadExamples(`avg([1, 2]) // 1.5`),
				celgo.UnaryBinding(func(v ref.Val) ref.Val { return avg(nil, v) }))),
		celgo.Function(fnClamp,
			celgo.FunctionDocs(`clamp(x, lo, hi) limits x to [lo, hi]; an error when lo > hi or any argument is NaN`),
			noGuards,
			celgo.Overload("clamp_double_double_double", []*celgo.Type{celgo.DoubleType, celgo.DoubleType, celgo.DoubleType}, celgo.DoubleType,
				celgo.OverloadExamples(`clamp(1.2, 0.0, 1.0) // 1.0`),
				celgo.FunctionBinding(clamp))),
		celgo.Function(fnCountOpenCases,
			celgo.FunctionDocs(`number of supervision cases (督办单) not yet verified or closed`),
			noGuards,
			celgo.Overload("count_open_cases_list_case", []*celgo.Type{cases}, celgo.IntType,
				celgo.OverloadExamples(`count_open_cases(facts.cases) // 1`),
				celgo.UnaryBinding(func(v ref.Val) ref.Val { return countOpenCases(nil, v) }))),
		celgo.Function(fnPeriodStart,
			celgo.FunctionDocs(`first instant of a period, in the environment's time zone`),
			noGuards,
			celgo.Overload("period_start_period", []*celgo.Type{period}, ts,
				celgo.OverloadExamples(`period_start(facts.period) // timestamp('2026-03-31T16:00:00Z') for 2026 Q2 in UTC+8`),
				celgo.UnaryBinding(c.periodStart))),
		celgo.Function(fnPeriodEnd,
			celgo.FunctionDocs(`first instant after a period (periods are half-open), in the environment's time zone`),
			noGuards,
			celgo.Overload("period_end_period", []*celgo.Type{period}, ts,
				celgo.OverloadExamples(`period_end(facts.period) // timestamp('2026-06-30T16:00:00Z') for 2026 Q2 in UTC+8`),
				celgo.UnaryBinding(c.periodEnd))),
		celgo.Function(fnWorkingDaysBetween,
			celgo.FunctionDocs(`working days from the date of the first instant (inclusive) to the date of the second (exclusive); negative when the second is earlier`),
			noGuards,
			celgo.Overload("working_days_between_timestamp_timestamp", []*celgo.Type{ts, ts}, celgo.IntType,
				celgo.OverloadExamples(`working_days_between(timestamp('2026-03-02T00:00:00+08:00'), timestamp('2026-03-09T00:00:00+08:00')) // 5`),
				celgo.BinaryBinding(c.workingDaysBetween))),
		celgo.Function(fnIsWorkingDay,
			celgo.FunctionDocs(`whether an instant falls on a working day of the calendar`),
			noGuards,
			celgo.Overload("is_working_day_timestamp", []*celgo.Type{ts}, celgo.BoolType,
				celgo.OverloadExamples(`is_working_day(now) // true`),
				celgo.UnaryBinding(c.isWorkingDay))),
		celgo.CostModel(
			linear("completion_rate_list_assignment"),
			linear("on_time_rate_list_assignment_timestamp"),
			linear("overdue_count_list_assignment_timestamp"),
			linear("sum_list_double"),
			linear("sum_list_int"),
			linear("avg_list_double"),
			linear("avg_list_int"),
			linear("count_open_cases_list_case"),
			fixed("clamp_double_double_double", cost.CallCost),
			fixed("period_start_period", 2),
			fixed("period_end_period", 2),
			fixed("working_days_between_timestamp_timestamp", 4),
			fixed("is_working_day_timestamp", 2),
		),
	}
}

// loopCheck is how often the domain functions check the context (which
// stops the evaluation when its context is done) while walking a list.
const loopCheck = 1024

// checkEvery is called with the index of each element of a list a domain
// function walks; every loopCheck elements it stops the evaluation (by
// panicking with cel-go's cancellation error) once the evaluation's context
// is done. A nil frame (the plain bindings, used without the decorator)
// checks nothing.
func checkEvery(frame *interpreter.ExecutionFrame, i int) {
	if frame != nil && i%loopCheck == loopCheck-1 {
		checkContext(frame)
	}
}

// eachMessage calls visit with every element of the list v, which must hold
// messages of type T. It reports a list or an element of another type.
func eachMessage[T proto.Message](chk *interpreter.ExecutionFrame, v ref.Val, visit func(T)) *funcError {
	if fl, ok := v.(*factList[T]); ok {
		for i, t := range fl.items {
			checkEvery(chk, i)
			visit(t)
		}
		return nil
	}
	var zero T
	want := zero.ProtoReflect().Descriptor().FullName()
	if l, ok := v.Value().(protoreflect.List); ok {
		for i := range l.Len() {
			checkEvery(chk, i)
			e := l.Get(i)
			m, ok := e.Interface().(protoreflect.Message)
			if !ok {
				return notA(want, i)
			}
			t, ok := asMessage[T](m.Interface())
			if !ok {
				return notA(want, i)
			}
			visit(t)
		}
		return nil
	}
	l, ok := v.(traits.Lister)
	if !ok {
		return &funcError{en: fmt.Sprintf("want a list of %s, got %s", want, v.Type().TypeName()),
			zh: fmt.Sprintf("参数应为 %s 的列表，实际为 %s", want, v.Type().TypeName())}
	}
	i := 0
	for it := l.Iterator(); it.HasNext() == types.True; i++ {
		checkEvery(chk, i)
		t, ok := asMessage[T](it.Next().Value())
		if !ok {
			return notA(want, i)
		}
		visit(t)
	}
	return nil
}

// asMessage returns v as a T. Messages built in a rule (e.g.
// Period{year: 2026}) are dynamic messages of the same type; they are copied
// into a T.
func asMessage[T proto.Message](v any) (T, bool) {
	if t, ok := v.(T); ok {
		return t, true
	}
	var zero T
	m, ok := v.(proto.Message)
	if !ok || m == nil || m.ProtoReflect().Descriptor().FullName() != zero.ProtoReflect().Descriptor().FullName() {
		return zero, false
	}
	b, err := proto.Marshal(m)
	if err != nil {
		return zero, false
	}
	t := zero.ProtoReflect().New().Interface().(T)
	if err := proto.Unmarshal(b, t); err != nil {
		return zero, false
	}
	return t, true
}

func notA(want protoreflect.FullName, i int) *funcError {
	return &funcError{en: fmt.Sprintf("element %d is not a %s", i, want),
		zh: fmt.Sprintf("第 %d 个元素不是 %s", i+1, want)}
}

// weight is an assignment's weight: its weight field when that is a positive
// finite number, else 1.
func weight(a *zerenv1.Assignment) float64 {
	w := a.GetWeight()
	if w > 0 && !math.IsInf(w, 1) {
		return w
	}
	return 1
}

// isMet reports whether an assignment meets its target: its status is DONE,
// its completed_at is set, or its actual value meets the target per its
// comparison (UNSPECIFIED is read as AT_LEAST; DONE means actual ≥ 1).
func isMet(a *zerenv1.Assignment) bool {
	if a.GetStatus() == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE || a.GetCompletedAt() != nil {
		return true
	}
	actual, target := a.GetActual(), a.GetTarget()
	switch a.GetComparison() {
	case zerenv1.Comparison_COMPARISON_AT_MOST:
		return actual <= target
	case zerenv1.Comparison_COMPARISON_EQUAL:
		return math.Abs(actual-target) <= equalTolerance*max(1, math.Abs(target))
	case zerenv1.Comparison_COMPARISON_DONE:
		return actual >= 1
	default:
		return actual >= target
	}
}

func retired(a *zerenv1.Assignment) bool {
	return a.GetStatus() == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED
}

func completionRate(chk *interpreter.ExecutionFrame, v ref.Val) ref.Val {
	var total, met float64
	err := eachMessage(chk, v, func(a *zerenv1.Assignment) {
		if retired(a) {
			return
		}
		w := weight(a)
		total += w
		if isMet(a) {
			met += w
		}
	})
	if err != nil {
		return errVal(fnCompletionRate, err)
	}
	if total == 0 {
		return errNoData(fnCompletionRate, "no assignment to rate (retired ones are left out)", "没有可计算完成率的分解任务（已撤销的不计）")
	}
	return types.Double(met / total)
}

func timestampArg(fn string, v ref.Val) (types.Timestamp, ref.Val) {
	t, ok := v.(types.Timestamp)
	if !ok {
		return types.Timestamp{}, errVal(fn, &funcError{
			en: "want a timestamp, got " + v.Type().TypeName(),
			zh: "参数应为时间（timestamp），实际为 " + v.Type().TypeName()})
	}
	return t, nil
}

func onTimeRate(chk *interpreter.ExecutionFrame, list, nowVal ref.Val) ref.Val {
	now, bad := timestampArg(fnOnTimeRate, nowVal)
	if bad != nil {
		return bad
	}
	var total, onTime float64
	err := eachMessage(chk, list, func(a *zerenv1.Assignment) {
		if retired(a) || a.GetDue() == nil {
			return
		}
		due := a.GetDue().AsTime()
		if !due.Before(now.Time) {
			return
		}
		w := weight(a)
		total += w
		if done := a.GetCompletedAt(); done != nil && !done.AsTime().After(due) {
			onTime += w
		}
	})
	if err != nil {
		return errVal(fnOnTimeRate, err)
	}
	if total == 0 {
		return errNoData(fnOnTimeRate, "no assignment with a due date before now", "没有已到期的分解任务")
	}
	return types.Double(onTime / total)
}

func overdueCount(chk *interpreter.ExecutionFrame, list, nowVal ref.Val) ref.Val {
	now, bad := timestampArg(fnOverdueCount, nowVal)
	if bad != nil {
		return bad
	}
	var n int64
	err := eachMessage(chk, list, func(a *zerenv1.Assignment) {
		if retired(a) || a.GetDue() == nil || !a.GetDue().AsTime().Before(now.Time) || isMet(a) {
			return
		}
		n++
	})
	if err != nil {
		return errVal(fnOverdueCount, err)
	}
	return types.Int(n)
}

func countOpenCases(chk *interpreter.ExecutionFrame, v ref.Val) ref.Val {
	var n int64
	err := eachMessage(chk, v, func(c *zerenv1.SupervisionCase) {
		switch c.GetState() {
		case zerenv1.CaseState_CASE_STATE_VERIFIED, zerenv1.CaseState_CASE_STATE_CLOSED:
		default:
			n++
		}
	})
	if err != nil {
		return errVal(fnCountOpenCases, err)
	}
	return types.Int(n)
}

// domainLoops are the domain functions that walk a list, by overload: the
// decorator runs them with a check of the evaluation's context.
var domainLoops = map[string]func(*interpreter.ExecutionFrame, []ref.Val) ref.Val{
	"completion_rate_list_assignment":         func(c *interpreter.ExecutionFrame, a []ref.Val) ref.Val { return completionRate(c, a[0]) },
	"on_time_rate_list_assignment_timestamp":  func(c *interpreter.ExecutionFrame, a []ref.Val) ref.Val { return onTimeRate(c, a[0], a[1]) },
	"overdue_count_list_assignment_timestamp": func(c *interpreter.ExecutionFrame, a []ref.Val) ref.Val { return overdueCount(c, a[0], a[1]) },
	"sum_list_double":                         func(c *interpreter.ExecutionFrame, a []ref.Val) ref.Val { return sumDouble(c, a[0]) },
	"sum_list_int":                            func(c *interpreter.ExecutionFrame, a []ref.Val) ref.Val { return sumInt(c, a[0]) },
	"avg_list_double":                         func(c *interpreter.ExecutionFrame, a []ref.Val) ref.Val { return avg(c, a[0]) },
	"avg_list_int":                            func(c *interpreter.ExecutionFrame, a []ref.Val) ref.Val { return avg(c, a[0]) },
	"count_open_cases_list_case":              func(c *interpreter.ExecutionFrame, a []ref.Val) ref.Val { return countOpenCases(c, a[0]) },
}

// eachNumber calls visit with every element of the list v as a float64.
func eachNumber(chk *interpreter.ExecutionFrame, fn string, v ref.Val, visit func(float64)) ref.Val {
	l, ok := v.(traits.Lister)
	if !ok {
		return errVal(fn, &funcError{en: "want a list of numbers, got " + v.Type().TypeName(),
			zh: "参数应为数值列表，实际为 " + v.Type().TypeName()})
	}
	i := 0
	for it := l.Iterator(); it.HasNext() == types.True; i++ {
		checkEvery(chk, i)
		switch e := it.Next().(type) {
		case types.Double:
			visit(float64(e))
		case types.Int:
			visit(float64(e))
		case types.Uint:
			visit(float64(e))
		default:
			return errVal(fn, &funcError{en: fmt.Sprintf("element %d is not a number", i),
				zh: fmt.Sprintf("第 %d 个元素不是数值", i+1)})
		}
	}
	return nil
}

func sumDouble(chk *interpreter.ExecutionFrame, v ref.Val) ref.Val {
	var s float64
	if err := eachNumber(chk, fnSum, v, func(x float64) { s += x }); err != nil {
		return err
	}
	return types.Double(s)
}

func sumInt(chk *interpreter.ExecutionFrame, v ref.Val) ref.Val {
	l, ok := v.(traits.Lister)
	if !ok {
		return sumDouble(chk, v)
	}
	var s int64
	for i, it := 0, l.Iterator(); it.HasNext() == types.True; i++ {
		checkEvery(chk, i)
		e, ok := it.Next().(types.Int)
		if !ok {
			return sumDouble(chk, v)
		}
		next := s + int64(e)
		if (e > 0 && next < s) || (e < 0 && next > s) {
			return errVal(fnSum, &funcError{en: "integer overflow", zh: "整数溢出"})
		}
		s = next
	}
	return types.Int(s)
}

func avg(chk *interpreter.ExecutionFrame, v ref.Val) ref.Val {
	var s float64
	var n int
	if err := eachNumber(chk, fnAvg, v, func(x float64) { s += x; n++ }); err != nil {
		return err
	}
	if n == 0 {
		return types.Double(0)
	}
	return types.Double(s / float64(n))
}

func clamp(args ...ref.Val) ref.Val {
	if len(args) != 3 {
		return types.NoSuchOverloadErr()
	}
	var f [3]float64
	for i, a := range args {
		d, ok := a.(types.Double)
		if !ok {
			return errVal(fnClamp, &funcError{en: "want double arguments", zh: "参数应为小数（double）"})
		}
		if math.IsNaN(float64(d)) {
			return errVal(fnClamp, &funcError{en: fmt.Sprintf("argument %d is NaN", i+1),
				zh: fmt.Sprintf("第 %d 个参数不是有效数值（NaN），常见原因是 0.0/0.0", i+1)})
		}
		f[i] = float64(d)
	}
	x, lo, hi := f[0], f[1], f[2]
	if lo > hi {
		return errVal(fnClamp, &funcError{en: fmt.Sprintf("lower bound %g is above upper bound %g", lo, hi),
			zh: fmt.Sprintf("下限 %g 大于上限 %g", lo, hi)})
	}
	return types.Double(min(max(x, lo), hi))
}

func periodArg(fn string, v ref.Val) (*zerenv1.Period, ref.Val) {
	p, ok := asMessage[*zerenv1.Period](v.Value())
	if !ok {
		return nil, errVal(fn, &funcError{en: "want a zeren.v1.Period, got " + v.Type().TypeName(),
			zh: "参数应为期间（zeren.v1.Period），实际为 " + v.Type().TypeName()})
	}
	return p, nil
}

func (c *config) periodStart(v ref.Val) ref.Val {
	p, bad := periodArg(fnPeriodStart, v)
	if bad != nil {
		return bad
	}
	start, _, err := periodBounds(p, c.location)
	if err != nil {
		return errVal(fnPeriodStart, err)
	}
	return types.Timestamp{Time: start}
}

func (c *config) periodEnd(v ref.Val) ref.Val {
	p, bad := periodArg(fnPeriodEnd, v)
	if bad != nil {
		return bad
	}
	_, end, err := periodBounds(p, c.location)
	if err != nil {
		return errVal(fnPeriodEnd, err)
	}
	return types.Timestamp{Time: end}
}

func (c *config) workingDaysBetween(from, to ref.Val) ref.Val {
	a, bad := timestampArg(fnWorkingDaysBetween, from)
	if bad != nil {
		return bad
	}
	b, bad := timestampArg(fnWorkingDaysBetween, to)
	if bad != nil {
		return bad
	}
	return types.Int(c.days.between(a.Time, b.Time))
}

func (c *config) isWorkingDay(v ref.Val) ref.Val {
	t, bad := timestampArg(fnIsWorkingDay, v)
	if bad != nil {
		return bad
	}
	return types.Bool(c.days.isWorkingDay(t.Time))
}

// noDataError marks cel-go's error for an absent map key as [ErrNoData].
type noDataError struct{ err error }

func (e noDataError) Error() string   { return e.err.Error() }
func (e noDataError) Unwrap() []error { return []error{ErrNoData, e.err} }
