package cel

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"
	"unicode/utf8"

	celgo "cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/interpreter"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Kind is the kind of result a rule must yield, checked at compile time.
type Kind int

// Rule kinds.
const (
	// KindNumber: a number, e.g. an indicator's points or an adjustment
	// (加分/扣分). The rule's type must be double or int; an int is converted
	// to a double. NaN and infinities fail with [ErrOutOfRange].
	KindNumber Kind = iota + 1
	// KindRatio: a number in [0, 1], e.g. an indicator's share of its
	// maximum points. Typed as KindNumber; a value outside [0, 1] fails with
	// [ErrOutOfRange] (use clamp(x, 0.0, 1.0) to bound it).
	KindRatio
	// KindBool: a condition (bool), e.g. a veto (一票否决), an
	// accountability trigger or a modifier.
	KindBool
)

// String returns the kind's name.
func (k Kind) String() string {
	switch k {
	case KindNumber:
		return "number"
	case KindRatio:
		return "ratio"
	case KindBool:
		return "bool"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

func (k Kind) zh() string {
	switch k {
	case KindNumber:
		return "数值型规则（计分、加减分）的结果应为数值（小数或整数）"
	case KindRatio:
		return "比例型规则（得分率）的结果应为 0 到 1 之间的数值"
	case KindBool:
		return "条件型规则（否决、触发、修正条件）的结果应为真假值（bool）"
	}
	return "未知的规则类型"
}

// CompileOption configures one [Env.Compile].
type CompileOption interface {
	applyCompile(*Program)
}

type ruleIDOption string

func (o ruleIDOption) applyCompile(p *Program) { p.ruleID = string(o) }

// WithRuleID names the rule (an indicator, adjustment, veto or trigger id) in
// its errors. The default is no name.
func WithRuleID(id string) CompileOption { return ruleIDOption(id) }

// Program is a compiled rule. Compile once with [Env.Compile], evaluate many
// times; a Program is immutable and safe for concurrent use.
type Program struct {
	env      *Env
	prg      celgo.Program
	kind     Kind
	ruleID   string
	src      string
	info     *celast.SourceInfo
	ast      *celast.AST // the checked expression
	inputs   []inputPath
	filters  []filterTrace
	min, max uint64
	native   *nativeProgram // the rule compiled to Go, or nil (see native.go)

	trackOnce sync.Once
	trackPrg  celgo.Program // prg with state tracking, for traces (see tracked)
}

// Compile parses and type-checks a rule of the given kind and prepares it for
// evaluation. Every problem found is reported in one [*CompileError]: syntax
// and type errors with their positions, a result type that does not fit kind,
// a source over the size or nesting limit, and a worst-case cost estimate
// (with facts as large as the size hints) over the cost limit.
func (e *Env) Compile(src string, kind Kind, opts ...CompileOption) (*Program, error) {
	p := &Program{env: e, kind: kind, src: src}
	for _, o := range opts {
		if o != nil {
			o.applyCompile(p)
		}
	}
	fail := func(issues ...Issue) error { return &CompileError{RuleID: p.ruleID, Issues: issues} }
	if kind < KindNumber || kind > KindBool {
		return nil, fail(Issue{Line: 1, Column: 1, Code: CodeOther,
			Message: fmt.Sprintf("unknown rule kind %d", int(kind)), MessageZh: fmt.Sprintf("未知的规则类型 %d", int(kind))})
	}
	if n := len(src); n > e.cfg.maxSourceBytes {
		return nil, fail(Issue{Line: 1, Column: 1, Code: CodeTooLarge,
			Message:   fmt.Sprintf("the rule is %d bytes long, more than the limit of %d", n, e.cfg.maxSourceBytes),
			MessageZh: fmt.Sprintf("规则过长：%d 字节，上限 %d 字节，请拆分或简化规则", n, e.cfg.maxSourceBytes)})
	}
	if !utf8.ValidString(src) {
		return nil, fail(Issue{Line: 1, Column: 1, Code: CodeSyntax,
			Message: "the rule is not valid UTF-8 text", MessageZh: "规则含有无效字符（不是有效的 UTF-8 文本）"})
	}
	parsed, iss := e.cel.Parse(src)
	if iss.Err() != nil {
		return nil, fail(e.issues(src, iss, nil)...)
	}
	e.check.Lock()
	checked, iss := e.cel.Check(parsed)
	e.check.Unlock()
	if iss.Err() != nil {
		return nil, fail(e.issues(src, iss, parsed.NativeRep())...)
	}
	var issues []Issue
	if i, ok := checkResultType(checked.OutputType(), kind); !ok {
		issues = append(issues, i)
	}
	regexIssues := e.checkRegexes(checked.NativeRep())
	issues = append(issues, regexIssues...)
	if deep := e.checkBindNesting(checked.NativeRep()); len(deep) > 0 {
		// The cost estimate would take exponential time.
		return nil, fail(append(issues, deep...)...)
	}
	est, err := e.cel.EstimateCost(checked, e.estimator)
	switch {
	case len(regexIssues) > 0:
		// The estimate prices a bad pattern at the limit; its cost is not
		// a separate problem.
	case err != nil:
		issues = append(issues, Issue{Line: 1, Column: 1, Code: CodeCost,
			Message:   "the rule's cost cannot be estimated: " + err.Error(),
			MessageZh: "无法估算规则的计算量：" + err.Error()})
	case est.Max > e.cfg.costLimit:
		issues = append(issues, e.costIssue(est.Max))
	}
	if len(issues) > 0 {
		return nil, fail(issues...)
	}
	prg, err := e.cel.Program(checked)
	if err != nil {
		return nil, fail(Issue{Line: 1, Column: 1, Code: CodeOther,
			Message: err.Error(), MessageZh: "规则无法执行：" + err.Error()})
	}
	native := checked.NativeRep()
	p.prg, p.info, p.ast = prg, native.SourceInfo(), native
	var traced map[int64]bool
	p.filters, traced = e.compileFilters(native)
	p.inputs = collectInputs(native, traced)
	p.min, p.max = est.Min, est.Max
	p.native = e.compileNative(native)
	return p, nil
}

func (e *Env) costIssue(estimate uint64) Issue {
	s := e.cfg.sizes
	shown := fmt.Sprint(estimate)
	if estimate == math.MaxUint64 {
		shown = "unbounded"
	}
	shownZh := shown
	if estimate == math.MaxUint64 {
		shownZh = "无上限"
	}
	return Issue{Line: 1, Column: 1, Code: CodeCost,
		Message: fmt.Sprintf("the rule's worst-case cost %s exceeds the limit of %d per evaluation "+
			"(estimated for %d assignments, %d findings, %d cases, %d organisations, %d metrics); "+
			"avoid nesting one loop over a list inside another",
			shown, e.cfg.costLimit, s.Assignments, s.Findings, s.Cases, s.Organizations, s.Metrics),
		MessageZh: fmt.Sprintf("规则在最坏情况下的计算量（%s）超过单次上限 %d（按 %d 条分解任务、%d 条督查发现、%d 件督办、%d 个党组织、%d 项指标估算）；"+
			"请避免在对列表的遍历中再嵌套遍历",
			shownZh, e.cfg.costLimit, s.Assignments, s.Findings, s.Cases, s.Organizations, s.Metrics),
	}
}

// checkResultType checks that a rule's output type fits its kind.
func checkResultType(out *celgo.Type, kind Kind) (Issue, bool) {
	switch k := out.Kind(); {
	case kind == KindBool && k == types.BoolKind:
		return Issue{}, true
	case kind != KindBool && (k == types.DoubleKind || k == types.IntKind || k == types.UintKind):
		return Issue{}, true
	case k == types.DynKind:
		conv := "double(...)"
		if kind == KindBool {
			conv = "bool(...)"
		}
		return Issue{Line: 1, Column: 1, Code: CodeResultType,
			Message:   fmt.Sprintf("the type of the rule's result cannot be told at compile time (dyn); a %s rule must yield a %s: convert it with %s", kind, kindType(kind), conv),
			MessageZh: fmt.Sprintf("%s；此规则的结果类型在保存时无法确定（dyn），请用 %s 明确转换", kind.zh(), conv)}, false
	default:
		return Issue{Line: 1, Column: 1, Code: CodeResultType,
			Message:   fmt.Sprintf("a %s rule must yield a %s, but this one yields %s", kind, kindType(kind), celgo.FormatCELType(out)),
			MessageZh: fmt.Sprintf("%s，此规则的结果却是 %s", kind.zh(), celgo.FormatCELType(out))}, false
	}
}

func kindType(k Kind) string {
	if k == KindBool {
		return "bool"
	}
	return "number (double or int)"
}

// Kind returns the kind the rule was compiled for.
func (p *Program) Kind() Kind { return p.kind }

// RuleID returns the rule's id given with [WithRuleID].
func (p *Program) RuleID() string { return p.ruleID }

// Source returns the rule's source text.
func (p *Program) Source() string { return p.src }

// EstimatedCost returns the static cost estimate of one evaluation with facts
// within the size hints: the least and the worst case.
func (p *Program) EstimatedCost() (lo, hi uint64) { return p.min, p.max }

// Value is the outcome of one evaluation.
type Value struct {
	// Number is the result of a KindNumber or KindRatio rule.
	Number float64
	// Bool is the result of a KindBool rule.
	Bool bool
	// Cost is the evaluation's actual cost, as charged to a [Budget].
	Cost uint64
	// Inputs are the facts the rule read, sorted by path, when the
	// evaluation was given [WithTrace] (also when it failed, to show the
	// data behind the failure); nil otherwise.
	Inputs []*zerenv1.Input
}

// EvalOption configures one [Program.Eval].
type EvalOption interface {
	applyEval(*evalConfig)
}

type evalConfig struct {
	result  *zerenv1.Result
	person  *zerenv1.PersonOutcome
	budget  *Budget
	limiter *Limiter
	trace   bool
}

type resultOption struct{ r *zerenv1.Result }

func (o resultOption) applyEval(c *evalConfig) { c.result = o.r }

// WithResult binds the variable result to the unit's assessment result, for
// accountability triggers and adjustments that need it. The default is an
// empty zeren.v1.Result.
func WithResult(r *zerenv1.Result) EvalOption { return resultOption{r} }

type personOption struct{ p *zerenv1.PersonOutcome }

func (o personOption) applyEval(c *evalConfig) { c.person = o.p }

// WithPerson binds the variable person to a person's outcome, for the
// eligibility rules of 评先评优 and 干部考核 (package people). The default is
// an empty zeren.v1.PersonOutcome.
func WithPerson(p *zerenv1.PersonOutcome) EvalOption { return personOption{p} }

type budgetOption struct{ b *Budget }

func (o budgetOption) applyEval(c *evalConfig) { c.budget = o.b }

// WithBudget charges the evaluation to a run's budget and refuses it with
// [ErrBudgetExhausted] when the budget is spent. The default is no budget
// beyond the per-evaluation cost limit.
func WithBudget(b *Budget) EvalOption { return budgetOption{b} }

type limiterOption struct{ l *Limiter }

func (o limiterOption) applyEval(c *evalConfig) { c.limiter = o.l }

// WithLimiter makes the evaluation take one of the limiter's slots for as
// long as it runs; when none is free it fails at once with [ErrBusy] rather
// than queue behind work the caller may have abandoned. Give every
// evaluation made for one caller the same limiter (see [Limiters]). The
// default is no limit.
func WithLimiter(l *Limiter) EvalOption { return limiterOption{l} }

type traceOption struct{}

func (traceOption) applyEval(c *evalConfig) { c.trace = true }

// WithTrace fills [Value.Inputs] with the facts the rule read, for the
// derivation of a score (计分依据). It is off by default because rendering
// the inputs costs more than evaluating a typical indicator.
func WithTrace() EvalOption { return traceOption{} }

// Eval evaluates the rule against one unit's facts (nil reads as empty
// facts). It fails with an [*EvalError] whose Err matches [ErrCostLimit],
// [ErrBudgetExhausted], [ErrBusy], [ErrOutOfRange], [ErrNoData], context.Canceled or
// context.DeadlineExceeded where one applies. A Program may be evaluated from
// many goroutines at once.
func (p *Program) Eval(ctx context.Context, facts *zerenv1.UnitFacts, opts ...EvalOption) (Value, error) {
	// One allocation holds the options and, for a native program, its
	// evaluation state.
	st := &evalState{}
	c := &st.c
	for _, o := range opts {
		if o != nil {
			o.applyEval(c)
		}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if ctx.Err() != nil {
		return Value{}, p.contextError(ctx)
	}
	if c.budget != nil && c.budget.Exhausted() {
		return Value{}, &EvalError{RuleID: p.ruleID, Err: ErrBudgetExhausted,
			Message:   fmt.Sprintf("the run's cost budget of %d is spent", c.budget.Limit()),
			MessageZh: fmt.Sprintf("本次运行的计算预算（%d）已用完，规则未执行", c.budget.Limit())}
	}
	if facts == nil {
		facts = &zerenv1.UnitFacts{}
	}
	if c.limiter != nil {
		release, ok := c.limiter.TryAcquire()
		if !ok {
			return Value{}, &EvalError{RuleID: p.ruleID, Err: ErrBusy,
				Message:   fmt.Sprintf("the caller already runs %d evaluations, the most allowed at once", c.limiter.Limit()),
				MessageZh: fmt.Sprintf("同一调用方同时进行的规则计算已达上限（%d 个），请稍后再试", c.limiter.Limit())}
		}
		defer release()
	}
	if p.native != nil {
		return p.evalNative(ctx, facts, c, &st.n)
	}
	act := &activation{env: p.env, ctx: ctx, facts: facts, result: c.result, person: c.person}
	prg := p.prg
	if c.trace && len(p.filters) > 0 {
		prg = p.tracked()
	}
	out, det, err := prg.ContextEval(ctx, act)
	var v Value
	if det != nil && det.ActualCost() != nil {
		v.Cost = *det.ActualCost()
	}
	if c.budget != nil {
		c.budget.charge(v.Cost)
	}
	if c.trace {
		var st celState
		if det != nil {
			st.st = det.State()
		}
		v.Inputs = p.renderInputs(facts, c.result, c.person, st)
	}
	if err != nil {
		return v, p.evalError(ctx, err)
	}
	if err := p.convert(out, &v); err != nil {
		return v, err
	}
	return v, nil
}

// convert checks the output against the rule's kind and stores it in v.
func (p *Program) convert(out any, v *Value) error {
	if p.kind == KindBool {
		b, ok := out.(types.Bool)
		if !ok {
			return p.resultTypeError(out)
		}
		v.Bool = bool(b)
		return nil
	}
	switch n := out.(type) {
	case types.Double:
		v.Number = float64(n)
	case types.Int:
		v.Number = float64(n)
	case types.Uint:
		v.Number = float64(n)
	default:
		return p.resultTypeError(out)
	}
	x := v.Number
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return &EvalError{RuleID: p.ruleID, Err: ErrOutOfRange,
			Message:   fmt.Sprintf("the rule yields %v, not a finite number (often a division by zero)", x),
			MessageZh: fmt.Sprintf("规则结果为 %v，不是有效数值（常见原因是除数为零）", x)}
	}
	if p.kind == KindRatio && (x < 0 || x > 1) {
		return &EvalError{RuleID: p.ruleID, Err: ErrOutOfRange,
			Message:   fmt.Sprintf("a ratio rule must yield a value in [0, 1], got %g (bound it with clamp(x, 0.0, 1.0))", x),
			MessageZh: fmt.Sprintf("比例型规则的结果应在 0 到 1 之间，实际为 %g（可用 clamp(x, 0.0, 1.0) 限定）", x)}
	}
	return nil
}

func (p *Program) resultTypeError(out any) error {
	return &EvalError{RuleID: p.ruleID, Err: ErrResultType,
		Message:   fmt.Sprintf("a %s rule must yield a %s, got %T", p.kind, kindType(p.kind), out),
		MessageZh: fmt.Sprintf("%s，实际结果类型为 %T", p.kind.zh(), out)}
}

func (p *Program) contextError(ctx context.Context) error {
	cause := context.Cause(ctx)
	e := &EvalError{RuleID: p.ruleID, Err: cause, Message: "evaluation stopped: " + cause.Error(),
		MessageZh: "规则计算已被取消"}
	if errors.Is(cause, context.DeadlineExceeded) {
		e.Message = "evaluation stopped: the time limit was reached (" + cause.Error() + ")"
		e.MessageZh = "规则计算超时，已中止"
	}
	return e
}

// evalError converts a failed evaluation into an *EvalError.
func (p *Program) evalError(ctx context.Context, err error) error {
	var cancelled interpreter.EvalCancelledError
	if errors.As(err, &cancelled) && cancelled.Cause == interpreter.ContextCancelled && ctx.Err() != nil {
		return p.contextError(ctx)
	}
	if errors.As(err, &cancelled) && cancelled.Cause == interpreter.CostLimitExceeded {
		limit := p.env.cfg.costLimit
		return &EvalError{RuleID: p.ruleID, Err: ErrCostLimit,
			Message:   fmt.Sprintf("the evaluation exceeded the cost limit of %d and was stopped", limit),
			MessageZh: fmt.Sprintf("规则计算量超过单次上限 %d，已中止；请检查数据规模或简化规则", limit)}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		(ctx.Err() != nil && errors.Is(err, interpreter.InterruptError{})) {
		return p.contextError(ctx)
	}
	e := &EvalError{RuleID: p.ruleID, Err: err, Message: err.Error()}
	if reNoSuchKey.MatchString(err.Error()) {
		// An absent map key, e.g. a metric the OA did not supply.
		e.Err = noDataError{err}
	}
	var node interface{ NodeID() int64 }
	if errors.As(err, &node) && node.NodeID() != 0 && p.info != nil {
		if loc := p.info.GetStartLocation(node.NodeID()); loc.Line() > 0 {
			e.Line, e.Column = loc.Line(), loc.Column()+1
		}
	}
	var fe *funcError
	if errors.As(err, &fe) {
		e.MessageZh = fe.zh
	} else {
		e.MessageZh = evalMessageZh(err.Error())
	}
	return e
}

// activation resolves the rule's variables from one unit's facts.
type activation struct {
	env    *Env
	ctx    context.Context // resolved as contextName, for checkContext
	facts  *zerenv1.UnitFacts
	result *zerenv1.Result
	person *zerenv1.PersonOutcome
}

// ResolveName implements interpreter.Activation.
func (a *activation) ResolveName(name string) (any, bool) {
	switch name {
	case varFacts:
		return a.facts, true
	case varResult:
		if a.result == nil {
			return &zerenv1.Result{}, true
		}
		return a.result, true
	case varPerson:
		if a.person == nil {
			return &zerenv1.PersonOutcome{}, true
		}
		return a.person, true
	case varMetrics:
		return a.facts.GetMetrics(), true
	case varNow:
		if a.facts.GetNow() == nil {
			return types.Timestamp{Time: time.Unix(0, 0).UTC()}, true
		}
		return a.facts.GetNow(), true
	case varPeriod:
		if a.facts.GetPeriod() == nil {
			return &zerenv1.Period{}, true
		}
		return a.facts.GetPeriod(), true
	case varAssignments, varFindings, varCases:
		return factsList(a.env.adapter, a.facts, name), true
	case contextName:
		return a.ctx, true
	}
	return nil, false
}

// Parent implements interpreter.Activation.
func (a *activation) Parent() interpreter.Activation { return nil }
