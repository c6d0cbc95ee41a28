package cel

import (
	"context"
	"fmt"
	"math"
	"time"

	celgo "cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/interpreter"
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Evaluator names the way a [Program] is evaluated, for derivations and
// diagnostics (计分依据中注明计算方式).
type Evaluator string

// Evaluators.
const (
	// EvaluatorNative: the whole rule is compiled to Go (原生计算).
	EvaluatorNative Evaluator = "native"
	// EvaluatorMixed: the rule is compiled to Go except for some
	// sub-expressions that cel-go evaluates (原生计算，部分子表达式由 CEL 计算).
	EvaluatorMixed Evaluator = "native+cel"
	// EvaluatorCEL: cel-go evaluates the whole rule (CEL 解释执行).
	EvaluatorCEL Evaluator = "cel"
)

type celOnlyOption bool

func (o celOnlyOption) applyOption(c *config) { c.celOnly = bool(o) }

// WithCELOnly makes every rule of the environment evaluate with cel-go, never
// with the native evaluator, for comparison and as a fallback should the two
// ever differ. The default is the native evaluator wherever a rule's shape
// is supported (see the package doc, "Native evaluation").
func WithCELOnly() Option { return celOnlyOption(true) }

// Evaluator reports how the rule is evaluated.
func (p *Program) Evaluator() Evaluator {
	switch {
	case p.native == nil:
		return EvaluatorCEL
	case p.native.subs > 0:
		return EvaluatorMixed
	}
	return EvaluatorNative
}

// nkind is the static type of a native expression.
type nkind uint8

const (
	nDouble nkind = iota + 1
	nInt
	nBool
	nTime
	nAssignments
	nFindings
	nCases
)

// nv is a native value; which field holds it follows from its nkind.
type nv struct {
	f float64
	i int64
	b bool
	// A list of the facts: one of the three, by the nkind (typed, so that
	// passing a list does not allocate).
	as []*zerenv1.Assignment
	fs []*zerenv1.Finding
	cs []*zerenv1.SupervisionCase
}

// nfn evaluates a native expression. A non-nil ref.Val is the error, a
// *types.Err labelled with its expression's id, exactly as cel-go's.
type nfn func(*nctx) (nv, ref.Val)

// nctx is the state of one native evaluation.
type nctx struct {
	ctx    context.Context
	env    *Env
	facts  *zerenv1.UnitFacts
	result *zerenv1.Result
	person *zerenv1.PersonOutcome
	now    time.Time
	cost   uint64
	limit  uint64
	trace  bool
	kept   []keptFilter // the filters' kept items, when tracing
	stop   ref.Val      // the cancellation or cost error that ended the evaluation
}

// evalState is one evaluation's options and native state, allocated
// together.
type evalState struct {
	c evalConfig
	n nctx
}

// keptFilter is what a traced filter (comprehension id) kept, the last
// time it ran.
type keptFilter struct {
	id int64
	v  nv
}

// keep records what filter id kept.
func (c *nctx) keep(id int64, v nv) {
	for i := range c.kept {
		if c.kept[i].id == id {
			c.kept[i].v = v
			return
		}
	}
	if c.kept == nil {
		c.kept = make([]keptFilter, 0, 2) // a rule has one or two filters
	}
	c.kept = append(c.kept, keptFilter{id, v})
}

// keptOf returns what filter id kept, if it ran.
func (c *nctx) keptOf(id int64) (nv, bool) {
	for i := range c.kept {
		if c.kept[i].id == id {
			return c.kept[i].v, true
		}
	}
	return nv{}, false
}

// errStop marks an evaluation stopped by its context or its cost limit; the
// cause is in nctx.stop.
var errStop = types.NewErr("evaluation stopped")

// charge adds n to the evaluation's cost and checks the limit and the
// context.
func (c *nctx) charge(n uint64) ref.Val {
	c.cost += n
	if c.cost > c.limit {
		c.stop = stopCost
		return errStop
	}
	if c.ctx.Err() != nil {
		c.stop = stopCtx
		return errStop
	}
	return nil
}

// every checks the context every 1,024 items of a scan, as the cel-go
// domain functions do, so that a long list is cancelled inside the loop.
func (c *nctx) every(i int) ref.Val {
	if i&1023 == 1023 && c.ctx.Err() != nil {
		c.stop = stopCtx
		return errStop
	}
	return nil
}

var (
	stopCost = types.NewErr("cost")
	stopCtx  = types.NewErr("context")
)

// nativeProgram is a rule compiled to Go closures.
type nativeProgram struct {
	root    nfn
	kind    nkind
	filters map[int64]nfn // every filter outside a comprehension, by id, for traces
	subs    int           // sub-expressions left to cel-go
	reads   bool          // whether the rule reads a variable
	nodes   uint64        // the static part of the cost
	max     uint64        // the worst-case cost with facts within the size hints
}

// ncomp compiles one checked rule.
type ncomp struct {
	e       *Env
	a       *celast.AST
	filters map[int64]nfn
	subs    int
	reads   bool
	nodes   uint64
	max     uint64 // per-list-element part of the worst case
}

// compileNative compiles the checked rule to Go, or returns nil when its
// shape is not supported (or when the environment asks for CEL only).
func (e *Env) compileNative(a *celast.AST) *nativeProgram {
	if e.cfg.celOnly {
		return nil
	}
	c := &ncomp{e: e, a: a, filters: map[int64]nfn{}}
	root, k, ok := c.expr(a.Expr(), true)
	if !ok || k == nTime || k >= nAssignments {
		return nil
	}
	return &nativeProgram{root: root, kind: k, filters: c.filters, subs: c.subs, nodes: c.nodes, reads: c.reads,
		max: c.nodes + c.max}
}

func (c *ncomp) literal(x celast.Expr) (ref.Val, bool) {
	if r := c.a.ReferenceMap()[x.ID()]; r != nil && r.Value != nil {
		return r.Value, true
	}
	if x.Kind() == celast.LiteralKind {
		return x.AsLiteral(), true
	}
	return nil, false
}

// listSize is the size hint of a list kind.
func (c *ncomp) listSize(k nkind) uint64 {
	s := c.e.cfg.sizes
	switch k {
	case nAssignments:
		return uint64(s.Assignments)
	case nFindings:
		return uint64(s.Findings)
	case nCases:
		return uint64(s.Cases)
	}
	return 0
}

// expr compiles x. root is true for the rule's whole expression, which is
// never left to cel-go (the rule is then not native at all).
func (c *ncomp) expr(x celast.Expr, root bool) (nfn, nkind, bool) {
	c.nodes++
	if v, ok := c.literal(x); ok {
		switch v := v.(type) {
		case types.Double:
			r := nv{f: float64(v)}
			return func(*nctx) (nv, ref.Val) { return r, nil }, nDouble, true
		case types.Int:
			r := nv{i: int64(v)}
			return func(*nctx) (nv, ref.Val) { return r, nil }, nInt, true
		case types.Bool:
			r := nv{b: bool(v)}
			return func(*nctx) (nv, ref.Val) { return r, nil }, nBool, true
		}
		return c.sub(x, root)
	}
	switch x.Kind() {
	case celast.IdentKind:
		if f, k, ok := c.variable(x.AsIdent()); ok {
			return f, k, true
		}
	case celast.SelectKind:
		s := x.AsSelect()
		if !s.IsTestOnly() && s.Operand().Kind() == celast.IdentKind && s.Operand().AsIdent() == varFacts {
			if f, k, ok := c.variable(s.FieldName()); ok {
				return f, k, true
			}
			if s.FieldName() == "business_score" {
				c.reads = true
				return func(n *nctx) (nv, ref.Val) { return nv{f: n.facts.GetBusinessScore()}, nil }, nDouble, true
			}
		}
	case celast.CallKind:
		if f, k, ok := c.call(x); ok {
			return f, k, true
		}
	case celast.ComprehensionKind:
		if f, k, ok := c.comprehension(x); ok {
			return f, k, true
		}
	}
	return c.sub(x, root)
}

// variable compiles a variable or a field of facts of the same name.
func (c *ncomp) variable(name string) (nfn, nkind, bool) {
	c.reads = true
	switch name {
	case varNow:
		return func(*nctx) (nv, ref.Val) { return nv{}, nil }, nTime, true
	case varAssignments:
		return func(n *nctx) (nv, ref.Val) { return nv{as: n.facts.GetAssignments()}, nil }, nAssignments, true
	case varFindings:
		return func(n *nctx) (nv, ref.Val) { return nv{fs: n.facts.GetFindings()}, nil }, nFindings, true
	case varCases:
		return func(n *nctx) (nv, ref.Val) { return nv{cs: n.facts.GetCases()}, nil }, nCases, true
	}
	return nil, 0, false
}

// sub leaves x to cel-go: it is compiled on its own from the checked rule,
// so that its errors carry the same expression ids as in the whole rule.
func (c *ncomp) sub(x celast.Expr, root bool) (nfn, nkind, bool) {
	if root {
		return nil, 0, false
	}
	var k nkind
	switch c.a.GetType(x.ID()).Kind() {
	case types.DoubleKind:
		k = nDouble
	case types.IntKind:
		k = nInt
	case types.BoolKind:
		k = nBool
	default:
		return nil, 0, false
	}
	sub := celast.NewCheckedAST(celast.NewAST(x, c.a.SourceInfo()), c.a.TypeMap(), c.a.ReferenceMap())
	pb, err := celast.ToProto(sub)
	if err != nil {
		return nil, 0, false
	}
	prg, err := c.e.cel.Program(celgo.CheckedExprToAst(pb))
	if err != nil {
		return nil, 0, false
	}
	c.subs++
	est, err := c.e.cel.EstimateCost(celgo.CheckedExprToAst(pb), c.e.estimator)
	if err != nil || est.Max > c.e.cfg.costLimit {
		return nil, 0, false
	}
	c.max += est.Max
	return func(n *nctx) (nv, ref.Val) {
		out, det, err := prg.ContextEval(n.ctx, &activation{env: n.env, ctx: n.ctx, facts: n.facts, result: n.result, person: n.person})
		if det != nil && det.ActualCost() != nil {
			if e := n.charge(*det.ActualCost()); e != nil {
				return nv{}, e
			}
		}
		if err != nil {
			if v, ok := err.(*types.Err); ok {
				return nv{}, v
			}
			var cancelled interpreter.EvalCancelledError
			if asCancelled(err, &cancelled) && cancelled.Cause == interpreter.CostLimitExceeded {
				n.stop = stopCost
			} else {
				n.stop = stopCtx
			}
			return nv{}, errStop
		}
		switch v := out.(type) {
		case types.Double:
			return nv{f: float64(v)}, nil
		case types.Int:
			return nv{i: int64(v)}, nil
		case types.Bool:
			return nv{b: bool(v)}, nil
		}
		return nv{}, types.MaybeNoSuchOverloadErr(out)
	}, k, true
}

func asCancelled(err error, target *interpreter.EvalCancelledError) bool {
	e, ok := err.(interpreter.EvalCancelledError)
	if ok {
		*target = e
	}
	return ok
}

// box converts a native number or bool to a CEL value, for the operators
// whose exact semantics (errors, mixed types) are cel-go's own.
func box(v nv, k nkind) ref.Val {
	switch k {
	case nDouble:
		return types.Double(v.f)
	case nInt:
		return types.Int(v.i)
	}
	return types.Bool(v.b)
}

func unbox(v ref.Val) (nv, ref.Val) {
	switch v := v.(type) {
	case types.Double:
		return nv{f: float64(v)}, nil
	case types.Int:
		return nv{i: int64(v)}, nil
	case types.Bool:
		return nv{b: bool(v)}, nil
	}
	return nv{}, types.MaybeNoSuchOverloadErr(v)
}

func isNumber(k nkind) bool { return k == nDouble || k == nInt }

// call compiles the operators and functions of the supported shapes.
func (c *ncomp) call(x celast.Expr) (nfn, nkind, bool) {
	call := x.AsCall()
	id := x.ID()
	args := call.Args()
	fn := call.FunctionName()
	if call.IsMemberFunction() {
		switch {
		case fn == "size" && len(args) == 0:
			return c.size(call.Target())
		case fn == "orValue" && len(args) == 1:
			return c.orValue(id, call.Target(), args[0])
		}
		return nil, 0, false
	}
	switch fn {
	case operators.LogicalNot:
		a, k, ok := c.expr(args[0], false)
		if !ok || k != nBool {
			return nil, 0, false
		}
		return func(n *nctx) (nv, ref.Val) {
			v, err := a(n)
			if err != nil {
				return v, err
			}
			return nv{b: !v.b}, nil
		}, nBool, true
	case operators.LogicalAnd, operators.LogicalOr:
		return c.logical(id, fn == operators.LogicalAnd, args)
	case operators.Conditional:
		return c.conditional(args)
	case operators.Negate:
		a, k, ok := c.expr(args[0], false)
		if !ok || !isNumber(k) {
			return nil, 0, false
		}
		if k == nDouble {
			return func(n *nctx) (nv, ref.Val) {
				v, err := a(n)
				return nv{f: -v.f}, err
			}, nDouble, true
		}
		return func(n *nctx) (nv, ref.Val) {
			v, err := a(n)
			if err != nil {
				return v, err
			}
			return unbox(types.LabelErrNode(id, types.Int(v.i).Negate()))
		}, nInt, true
	case operators.Add, operators.Subtract, operators.Multiply, operators.Divide, operators.Modulo:
		return c.arithmetic(id, fn, args)
	case operators.Equals, operators.NotEquals, operators.Less, operators.LessEquals, operators.Greater, operators.GreaterEquals:
		return c.compare(id, fn, args)
	case "size":
		if len(args) == 1 {
			return c.size(args[0])
		}
	case "double":
		a, k, ok := c.expr(args[0], false)
		switch {
		case !ok:
		case k == nDouble:
			return a, nDouble, true
		case k == nInt:
			return func(n *nctx) (nv, ref.Val) {
				v, err := a(n)
				return nv{f: float64(v.i)}, err
			}, nDouble, true
		}
	case fnClamp:
		return c.clamp(id, args)
	case fnCompletionRate, fnOnTimeRate, fnOverdueCount, fnCountOpenCases:
		return c.domain(id, fn, args)
	}
	return nil, 0, false
}

func (c *ncomp) logical(id int64, and bool, args []celast.Expr) (nfn, nkind, bool) {
	if len(args) != 2 {
		return nil, 0, false
	}
	l, lk, ok1 := c.expr(args[0], false)
	r, rk, ok2 := c.expr(args[1], false)
	if !ok1 || !ok2 || lk != nBool || rk != nBool {
		return nil, 0, false
	}
	// cel-go's && and || are commutative over errors: a false (true) term
	// decides, else the first error, labelled with the operator's id if it
	// has none.
	return func(n *nctx) (nv, ref.Val) {
		lv, lerr := l(n)
		if lerr == nil && lv.b != and {
			return lv, nil
		}
		if lerr == errStop {
			return nv{}, lerr
		}
		rv, rerr := r(n)
		if rerr == nil && rv.b != and {
			return rv, nil
		}
		if lerr != nil {
			return nv{}, types.LabelErrNode(id, lerr)
		}
		if rerr != nil {
			if rerr == errStop {
				return nv{}, rerr
			}
			return nv{}, types.LabelErrNode(id, rerr)
		}
		return nv{b: and}, nil
	}, nBool, true
}

func (c *ncomp) conditional(args []celast.Expr) (nfn, nkind, bool) {
	cond, ck, ok1 := c.expr(args[0], false)
	t, tk, ok2 := c.expr(args[1], false)
	f, fk, ok3 := c.expr(args[2], false)
	if !ok1 || !ok2 || !ok3 || ck != nBool || tk != fk || (tk != nDouble && tk != nInt && tk != nBool) {
		return nil, 0, false
	}
	return func(n *nctx) (nv, ref.Val) {
		v, err := cond(n)
		if err != nil {
			return v, err
		}
		if v.b {
			return t(n)
		}
		return f(n)
	}, tk, true
}

func (c *ncomp) arithmetic(id int64, fn string, args []celast.Expr) (nfn, nkind, bool) {
	l, lk, ok1 := c.expr(args[0], false)
	r, rk, ok2 := c.expr(args[1], false)
	if !ok1 || !ok2 || lk != rk || !isNumber(lk) || (lk == nDouble && fn == operators.Modulo) {
		return nil, 0, false
	}
	if lk == nDouble {
		var op func(a, b float64) float64
		switch fn {
		case operators.Add:
			op = func(a, b float64) float64 { return a + b }
		case operators.Subtract:
			op = func(a, b float64) float64 { return a - b }
		case operators.Multiply:
			op = func(a, b float64) float64 { return a * b }
		default:
			op = func(a, b float64) float64 { return a / b }
		}
		return func(n *nctx) (nv, ref.Val) {
			a, err := l(n)
			if err != nil {
				return a, err
			}
			b, err := r(n)
			if err != nil {
				return b, err
			}
			return nv{f: op(a.f, b.f)}, nil
		}, nDouble, true
	}
	// Integers: cel-go's own operations, for their overflow and
	// division-by-zero errors.
	var op func(a, b types.Int) ref.Val
	switch fn {
	case operators.Add:
		op = func(a, b types.Int) ref.Val { return a.Add(b) }
	case operators.Subtract:
		op = func(a, b types.Int) ref.Val { return a.Subtract(b) }
	case operators.Multiply:
		op = func(a, b types.Int) ref.Val { return a.Multiply(b) }
	case operators.Divide:
		op = func(a, b types.Int) ref.Val { return a.Divide(b) }
	default:
		op = func(a, b types.Int) ref.Val { return a.Modulo(b) }
	}
	return func(n *nctx) (nv, ref.Val) {
		a, err := l(n)
		if err != nil {
			return a, err
		}
		b, err := r(n)
		if err != nil {
			return b, err
		}
		return unbox(types.LabelErrNode(id, op(types.Int(a.i), types.Int(b.i))))
	}, nInt, true
}

func (c *ncomp) compare(id int64, fn string, args []celast.Expr) (nfn, nkind, bool) {
	l, lk, ok1 := c.expr(args[0], false)
	r, rk, ok2 := c.expr(args[1], false)
	if !ok1 || !ok2 {
		return nil, 0, false
	}
	if !(isNumber(lk) && isNumber(rk)) && !(lk == nBool && rk == nBool) {
		return nil, 0, false
	}
	eval := func(n *nctx) (ref.Val, ref.Val, ref.Val) {
		a, err := l(n)
		if err != nil {
			return nil, nil, err
		}
		b, err := r(n)
		if err != nil {
			return nil, nil, err
		}
		return box(a, lk), box(b, rk), nil
	}
	if lk == nDouble && rk == nDouble && (fn == operators.Equals || fn == operators.NotEquals) {
		ne := fn == operators.NotEquals
		return func(n *nctx) (nv, ref.Val) {
			a, err := l(n)
			if err != nil {
				return a, err
			}
			b, err := r(n)
			if err != nil {
				return b, err
			}
			return nv{b: (a.f == b.f) != ne}, nil
		}, nBool, true
	}
	return func(n *nctx) (nv, ref.Val) {
		a, b, err := eval(n)
		if err != nil {
			return nv{}, err
		}
		var out ref.Val
		switch fn {
		case operators.Equals:
			out = a.Equal(b)
		case operators.NotEquals:
			out = a.Equal(b)
			if e, ok := out.(types.Bool); ok {
				out = !e
			}
		default:
			// As cel-go's standard library: NaN is never ordered.
			if (lk == nDouble && math.IsNaN(float64(a.(types.Double)))) || (rk == nDouble && math.IsNaN(float64(b.(types.Double)))) {
				out = types.False
				break
			}
			cmp := a.(traits.Comparer).Compare(b)
			switch cmp {
			case types.IntNegOne:
				out = types.Bool(fn == operators.Less || fn == operators.LessEquals)
			case types.IntZero:
				out = types.Bool(fn == operators.LessEquals || fn == operators.GreaterEquals)
			case types.IntOne:
				out = types.Bool(fn == operators.Greater || fn == operators.GreaterEquals)
			default:
				out = cmp
			}
		}
		return unbox(types.LabelErrNode(id, out))
	}, nBool, true
}

// size compiles size(list) over a list of the facts.
func (c *ncomp) size(target celast.Expr) (nfn, nkind, bool) {
	l, k, ok := c.expr(target, false)
	if !ok || k < nAssignments {
		return nil, 0, false
	}
	return func(n *nctx) (nv, ref.Val) {
		v, err := l(n)
		if err != nil {
			return v, err
		}
		return nv{i: int64(nvLen(v))}, nil
	}, nInt, true
}

func nvLen(v nv) int { return len(v.as) + len(v.fs) + len(v.cs) }

// orValue compiles metrics[?"k"].orValue(x) and facts.metrics[?"k"].orValue(x).
func (c *ncomp) orValue(id int64, target, dflt celast.Expr) (nfn, nkind, bool) {
	if target.Kind() != celast.CallKind {
		return nil, 0, false
	}
	opt := target.AsCall()
	if opt.FunctionName() != operators.OptIndex || len(opt.Args()) != 2 {
		return nil, 0, false
	}
	m := opt.Args()[0]
	isMetrics := (m.Kind() == celast.IdentKind && m.AsIdent() == varMetrics) ||
		(m.Kind() == celast.SelectKind && !m.AsSelect().IsTestOnly() && m.AsSelect().FieldName() == "metrics" &&
			m.AsSelect().Operand().Kind() == celast.IdentKind && m.AsSelect().Operand().AsIdent() == varFacts)
	key, ok := c.literal(opt.Args()[1])
	if !isMetrics || !ok {
		return nil, 0, false
	}
	k, ok := key.(types.String)
	if !ok {
		return nil, 0, false
	}
	d, dk, ok := c.expr(dflt, false)
	if !ok || dk != nDouble {
		return nil, 0, false
	}
	c.nodes += 3
	c.reads = true
	name := string(k)
	return func(n *nctx) (nv, ref.Val) {
		v, present := n.facts.GetMetrics()[name]
		dv, err := d(n)
		if err != nil {
			return dv, err
		}
		if present {
			return nv{f: v}, nil
		}
		return dv, nil
	}, nDouble, true
}

func (c *ncomp) clamp(id int64, args []celast.Expr) (nfn, nkind, bool) {
	if len(args) != 3 {
		return nil, 0, false
	}
	var fs [3]nfn
	for i, a := range args {
		f, k, ok := c.expr(a, false)
		if !ok || k != nDouble {
			return nil, 0, false
		}
		fs[i] = f
	}
	return func(n *nctx) (nv, ref.Val) {
		var v [3]float64
		for i, f := range fs {
			x, err := f(n)
			if err != nil {
				return x, err
			}
			v[i] = x.f
		}
		x, lo, hi := v[0], v[1], v[2]
		if math.IsNaN(x) || math.IsNaN(lo) || math.IsNaN(hi) || lo > hi {
			return nv{}, types.LabelErrNode(id, clamp(types.Double(x), types.Double(lo), types.Double(hi)))
		}
		return nv{f: min(max(x, lo), hi)}, nil
	}, nDouble, true
}

// domain compiles the rate and count functions over the facts.
func (c *ncomp) domain(id int64, fn string, args []celast.Expr) (nfn, nkind, bool) {
	want := 1
	if fn == fnOnTimeRate || fn == fnOverdueCount {
		want = 2
		if k := args[1]; !(k.Kind() == celast.IdentKind && k.AsIdent() == varNow) &&
			!(k.Kind() == celast.SelectKind && !k.AsSelect().IsTestOnly() && k.AsSelect().FieldName() == varNow &&
				k.AsSelect().Operand().Kind() == celast.IdentKind && k.AsSelect().Operand().AsIdent() == varFacts) {
			return nil, 0, false
		}
	}
	if len(args) != want {
		return nil, 0, false
	}
	l, lk, ok := c.expr(args[0], false)
	if !ok {
		return nil, 0, false
	}
	if (fn == fnCountOpenCases) != (lk == nCases) || (fn != fnCountOpenCases && lk != nAssignments) {
		return nil, 0, false
	}
	c.max += c.listSize(lk)
	switch fn {
	case fnCountOpenCases:
		return func(n *nctx) (nv, ref.Val) {
			v, err := l(n)
			if err != nil {
				return v, err
			}
			cs := v.cs
			if err := n.charge(uint64(len(cs))); err != nil {
				return nv{}, err
			}
			var k int64
			for i, x := range cs {
				if err := n.every(i); err != nil {
					return nv{}, err
				}
				switch x.GetState() {
				case zerenv1.CaseState_CASE_STATE_VERIFIED, zerenv1.CaseState_CASE_STATE_CLOSED:
				default:
					k++
				}
			}
			return nv{i: k}, nil
		}, nInt, true
	case fnCompletionRate:
		return func(n *nctx) (nv, ref.Val) {
			v, err := l(n)
			if err != nil {
				return v, err
			}
			as := v.as
			if err := n.charge(uint64(len(as))); err != nil {
				return nv{}, err
			}
			var total, met float64
			for i, a := range as {
				if err := n.every(i); err != nil {
					return nv{}, err
				}
				if retired(a) {
					continue
				}
				w := weight(a)
				total += w
				if isMet(a) {
					met += w
				}
			}
			if total == 0 {
				return nv{}, types.LabelErrNode(id, completionRate(nil, types.NewDynamicList(types.DefaultTypeAdapter, []ref.Val{})))
			}
			return nv{f: met / total}, nil
		}, nDouble, true
	case fnOnTimeRate:
		return func(n *nctx) (nv, ref.Val) {
			v, err := l(n)
			if err != nil {
				return v, err
			}
			as := v.as
			if err := n.charge(uint64(len(as))); err != nil {
				return nv{}, err
			}
			var total, onTime float64
			for i, a := range as {
				if err := n.every(i); err != nil {
					return nv{}, err
				}
				if retired(a) || a.GetDue() == nil {
					continue
				}
				due := a.GetDue().AsTime()
				if !due.Before(n.now) {
					continue
				}
				w := weight(a)
				total += w
				if done := a.GetCompletedAt(); done != nil && !done.AsTime().After(due) {
					onTime += w
				}
			}
			if total == 0 {
				return nv{}, types.LabelErrNode(id, onTimeRate(nil, types.NewDynamicList(types.DefaultTypeAdapter, []ref.Val{}), types.Timestamp{Time: n.now}))
			}
			return nv{f: onTime / total}, nil
		}, nDouble, true
	default: // overdue_count
		return func(n *nctx) (nv, ref.Val) {
			v, err := l(n)
			if err != nil {
				return v, err
			}
			as := v.as
			if err := n.charge(uint64(len(as))); err != nil {
				return nv{}, err
			}
			var k int64
			for i, a := range as {
				if err := n.every(i); err != nil {
					return nv{}, err
				}
				if retired(a) || a.GetDue() == nil || !a.GetDue().AsTime().Before(n.now) || isMet(a) {
					continue
				}
				k++
			}
			return nv{i: k}, nil
		}, nInt, true
	}
}

// comprehension compiles list.filter(x, p), list.exists(x, p) and
// list.all(x, p) over a list of the facts, with a predicate of the shapes
// [ncomp.pred] supports (which cannot fail).
func (c *ncomp) comprehension(x celast.Expr) (nfn, nkind, bool) {
	cm := x.AsComprehension()
	if cm.HasIterVar2() {
		return nil, 0, false
	}
	l, lk, ok := c.expr(cm.IterRange(), false)
	if !ok || lk < nAssignments {
		return nil, 0, false
	}
	var desc proto.Message
	switch lk {
	case nAssignments:
		desc = &zerenv1.Assignment{}
	case nFindings:
		desc = &zerenv1.Finding{}
	default:
		desc = &zerenv1.SupervisionCase{}
	}
	predExpr, isFilter := filterPredicate(cm)
	exists := false
	if !isFilter {
		var ok bool
		predExpr, exists, ok = quantifier(cm)
		if !ok {
			return nil, 0, false
		}
	}
	p, atoms, ok := c.pred(predExpr, cm.IterVar(), desc)
	if !ok {
		return nil, 0, false
	}
	// One per item visited: never more than cel-go's cost of a step of the
	// macro (at least 4). A constant predicate costs nothing per item, as
	// cel-go folds it.
	per := uint64(1)
	if atoms == 0 {
		per = 0
	}
	c.max += per * c.listSize(lk)
	id := x.ID()
	if !isFilter {
		return func(n *nctx) (nv, ref.Val) {
			v, err := l(n)
			if err != nil {
				return v, err
			}
			found := false
			cost := uint64(0)
			forEach(v, func(m proto.Message) bool {
				cost += per
				if p(m) == exists {
					found = true
					return false
				}
				return true
			})
			if err := n.charge(cost); err != nil {
				return nv{}, err
			}
			return nv{b: found == exists}, nil
		}, nBool, true
	}
	f := func(n *nctx) (nv, ref.Val) {
		v, err := l(n)
		if err != nil {
			return v, err
		}
		if err := n.charge(per * uint64(nvLen(v))); err != nil {
			return nv{}, err
		}
		var out nv
		switch lk {
		case nAssignments:
			out.as = filterOf(v.as, p)
		case nFindings:
			out.fs = filterOf(v.fs, p)
		default:
			out.cs = filterOf(v.cs, p)
		}
		if n.trace {
			n.keep(id, out)
		}
		return out, nil
	}
	c.filters[id] = f
	return f, lk, true
}

func filterOf[T proto.Message](in []T, p func(proto.Message) bool) []T {
	var out []T
	for _, m := range in {
		if p(m) {
			out = append(out, m)
		}
	}
	return out
}

// forEach calls visit with every item of a list of the facts until it
// returns false.
func forEach(v nv, visit func(proto.Message) bool) {
	for _, m := range v.as {
		if !visit(m) {
			return
		}
	}
	for _, m := range v.fs {
		if !visit(m) {
			return
		}
	}
	for _, m := range v.cs {
		if !visit(m) {
			return
		}
	}
}

// quantifier reports whether c is the expansion of list.exists(x, p)
// (exists true) or list.all(x, p), and returns p.
func quantifier(c celast.ComprehensionExpr) (celast.Expr, bool, bool) {
	init, step, res := c.AccuInit(), c.LoopStep(), c.Result()
	if init.Kind() != celast.LiteralKind || res.Kind() != celast.IdentKind || res.AsIdent() != c.AccuVar() ||
		step.Kind() != celast.CallKind {
		return nil, false, false
	}
	b, ok := init.AsLiteral().(types.Bool)
	if !ok {
		return nil, false, false
	}
	s := step.AsCall()
	want := operators.LogicalAnd // all: true && p && ...
	if !b {
		want = operators.LogicalOr // exists: false || p || ...
	}
	if s.FunctionName() != want || len(s.Args()) != 2 || s.Args()[0].Kind() != celast.IdentKind ||
		s.Args()[0].AsIdent() != c.AccuVar() {
		return nil, false, false
	}
	return s.Args()[1], !bool(b), true
}

// evalNative evaluates the rule with its native program; the outcome, the
// errors and the trace are those of cel-go's evaluation.
func (p *Program) evalNative(ctx context.Context, facts *zerenv1.UnitFacts, c *evalConfig, n *nctx) (Value, error) {
	*n = nctx{ctx: ctx, env: p.env, facts: facts, result: c.result, person: c.person, limit: p.env.cfg.costLimit, trace: c.trace,
		now: time.Unix(0, 0).UTC()}
	if t := facts.GetNow(); t != nil {
		n.now = t.AsTime()
	}
	if p.native.subs == 0 && p.native.reads {
		n.cost = 1 // the rule; then the items scanned, as they are (see the package doc)
	}
	out, errVal := p.native.root(n)
	v := Value{Cost: n.cost}
	if c.budget != nil {
		c.budget.charge(v.Cost)
	}
	if c.trace {
		v.Inputs = p.renderInputs(facts, c.result, c.person, n)
	}
	switch {
	case errVal == errStop && n.stop == stopCost:
		return v, p.evalError(ctx, interpreter.EvalCancelledError{Cause: interpreter.CostLimitExceeded, Message: "operation cancelled: actual cost limit exceeded"})
	case errVal == errStop:
		return v, p.contextError(ctx)
	case errVal != nil:
		return v, p.evalError(ctx, errVal.(*types.Err))
	}
	if err := p.convert(box(out, p.native.kind), &v); err != nil {
		return v, err
	}
	return v, nil
}

// nativeFilter renders the items a traced filter kept, from the evaluation
// when it ran the filter, else by running it now.
func (p *Program) nativeFilter(n *nctx, id int64) (string, bool) {
	if p.native == nil || n == nil {
		return "", false
	}
	l, ok := n.keptOf(id)
	if !ok {
		f, ok := p.native.filters[id]
		if !ok {
			return "", false
		}
		trace := n.trace
		n.trace = false
		v, err := f(n)
		n.trace = trace
		if err != nil {
			return "", false
		}
		l = v
	}
	var items []proto.Message
	forEach(l, func(m proto.Message) bool { items = append(items, m); return true })
	return p.env.items(len(items), func(i int) string { return p.env.messageName(items[i].ProtoReflect()) }), true
}

// keptSource gives the items a traced filter kept during the evaluation, so
// that a trace need not evaluate the filter a second time.
type keptSource interface {
	filterValue(p *Program, id int64) (string, bool)
}

func (n *nctx) filterValue(p *Program, id int64) (string, bool) { return p.nativeFilter(n, id) }

// celState is the state cel-go tracked during a traced evaluation.
type celState struct{ st interpreter.EvalState }

func (s celState) filterValue(p *Program, id int64) (string, bool) {
	if s.st == nil {
		return "", false
	}
	v, ok := s.st.Value(id)
	if !ok {
		return "", false
	}
	l, ok := v.(traits.Lister)
	if !ok {
		return "", false
	}
	return p.env.items(int(l.Size().(types.Int)), func(i int) string {
		el := l.Get(types.Int(i))
		if m, ok := el.Value().(proto.Message); ok {
			return p.env.messageName(m.ProtoReflect())
		}
		return truncate(fmt.Sprint(el.Value()))
	}), true
}

// tracked returns the rule's cel-go program with state tracking, built on
// first use, for traced evaluations of a rule with filters: the filters'
// results are read from the state instead of evaluating them again.
func (p *Program) tracked() celgo.Program {
	p.trackOnce.Do(func() {
		pb, err := celast.ToProto(p.ast)
		if err != nil {
			return
		}
		p.trackPrg, _ = p.env.cel.Program(celgo.CheckedExprToAst(pb), celgo.EvalOptions(celgo.OptTrackState))
	})
	if p.trackPrg == nil {
		return p.prg
	}
	return p.trackPrg
}
