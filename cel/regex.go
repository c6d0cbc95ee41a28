package cel

import (
	"fmt"
	"regexp"
	"regexp/syntax"

	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
)

// Regular expressions. matches is the only function of the environment that
// takes a regular expression (cel-go's strings extension has none, and its
// regex extension is not enabled). Go's RE2 engine runs in time proportional
// to the size of the compiled program times the length of the input, and it
// cannot be interrupted, so both are bounded before a match starts:
//
//   - the pattern must be a string constant written in the rule, so that it
//     is known, checked and compiled when the rule is saved;
//   - its compiled program may have at most [DefaultMaxRegexProgram]
//     instructions (WithMaxRegexProgram);
//   - one call may do at most [DefaultMaxMatchWork] instruction-bytes of work
//     (program size × (input bytes + 1); WithMaxMatchWork), so a longer
//     input is an evaluation error, not a long match;
//   - every call is charged program size × (input bytes + 1) / 40 cost units
//     before it runs, both in the static estimate and at run time.
const (
	fnMatches = "matches"
	// overloadPreCharge is the pseudo-overload through which a match (and
	// every call in preCosts) is charged to the evaluation's cost tracker
	// before it runs.
	overloadPreCharge = "zeren_precharge"
	// regexCostDivisor converts instruction-bytes to cost units. Go's NFA
	// takes about 5 ns per instruction-byte in the worst case, so one unit
	// is about 200 ns; patterns with a literal prefix run much faster. The
	// divisor matches cel-go's own charge for matches (input/10 × pattern
	// bytes/4), so ordinary patterns cost what they did before.
	regexCostDivisor = 40
	// regexTotalFactor bounds the patterns of one rule together: their
	// programs may have at most this many times the per-pattern limit.
	regexTotalFactor = 4
)

// regexProgramSize returns the number of instructions of the RE2 program of
// pattern, as cel-go and Go's regexp compile it (Parse, Simplify, Compile).
// A pattern whose simplified form is already far over limit is refused
// without compiling it (compiling a 600,000-instruction program takes a
// tenth of a second); size is then 0 and over is true.
func regexProgramSize(pattern string, limit int) (size int, over bool, err error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return 0, false, err
	}
	simple := re.Simplify()
	if regexRoughSize(simple, 4*limit+16) > 4*limit+16 {
		return 0, true, nil
	}
	prog, err := syntax.Compile(simple)
	if err != nil {
		return 0, false, err
	}
	return len(prog.Inst), len(prog.Inst) > limit, nil
}

// regexRoughSize counts the nodes and literal runes of a simplified
// expression, stopping once past stop. A literal compiles to one instruction
// per rune and most other nodes to one or two, so the count is within a
// small factor of the program size (a concatenation compiles to none, a
// character class to one however many ranges it has); regexProgramSize
// compiles anything within four times the limit to count exactly.
func regexRoughSize(re *syntax.Regexp, stop int) int {
	n := 1
	if re.Op == syntax.OpLiteral {
		n += len(re.Rune)
	}
	for _, sub := range re.Sub {
		if n > stop {
			break
		}
		n += regexRoughSize(sub, stop-n)
	}
	return n
}

// checkRegexes reports every call of matches whose pattern is not a string
// constant, does not compile, or compiles to a program over the limit.
func (e *Env) checkRegexes(a *celast.AST) []Issue {
	var issues []Issue
	info := a.SourceInfo()
	at := func(id int64) (int, int) {
		if loc := info.GetStartLocation(id); loc.Line() > 0 {
			return loc.Line(), loc.Column() + 1
		}
		return 1, 1
	}
	// The patterns of one rule together may compile to at most
	// regexTotalFactor times the limit: each costs time to compile when the
	// rule is saved and when its program is built.
	total, totalLimit := 0, regexTotalFactor*e.cfg.maxRegexProgram
	root := celast.NavigateAST(a)
	for _, call := range celast.MatchDescendants(root, celast.FunctionMatcher(fnMatches)) {
		c := call.AsCall()
		idx := 1
		if c.IsMemberFunction() {
			idx = 0
		}
		args := c.Args()
		if len(args) <= idx {
			continue
		}
		arg := args[idx]
		line, col := at(arg.ID())
		pattern, ok := "", false
		if arg.Kind() == celast.LiteralKind {
			pattern, ok = arg.AsLiteral().Value().(string)
		}
		if !ok {
			issues = append(issues, Issue{Line: line, Column: col, Code: CodeRegex,
				Message:   "the pattern of matches must be a string constant written in the rule, e.g. s.matches('^整改')",
				MessageZh: "matches 的正则表达式必须是直接写在规则中的字符串常量，例如 s.matches('^整改')，不能由数据或计算得出"})
			continue
		}
		if total > totalLimit {
			continue // reported once
		}
		size, over, err := regexProgramSize(pattern, e.cfg.maxRegexProgram)
		total += size
		switch {
		case err != nil:
			issues = append(issues, Issue{Line: line, Column: col, Code: CodeRegex,
				Message:   "invalid regular expression: " + err.Error(),
				MessageZh: "正则表达式无效：" + err.Error()})
		case over:
			shown, shownZh := fmt.Sprint(size), fmt.Sprintf("编译后 %d 条指令", size)
			if size == 0 {
				shown, shownZh = "far more", "编译后的指令数远超上限"
			}
			issues = append(issues, Issue{Line: line, Column: col, Code: CodeRegex,
				Message: fmt.Sprintf("the regular expression compiles to %s instructions, more than the limit of %d; "+
					"simplify it (large repetition counts such as {1000} multiply its size)", shown, e.cfg.maxRegexProgram),
				MessageZh: fmt.Sprintf("正则表达式过于复杂：%s，上限 %d 条；请简化（{1000} 这类大的重复次数会成倍增加规模）",
					shownZh, e.cfg.maxRegexProgram)})
		case total > totalLimit:
			issues = append(issues, Issue{Line: line, Column: col, Code: CodeRegex,
				Message: fmt.Sprintf("the rule's regular expressions together compile to more than %d instructions; "+
					"use fewer or simpler patterns", totalLimit),
				MessageZh: fmt.Sprintf("规则中的正则表达式合计编译后超过 %d 条指令，请减少或简化", totalLimit)})
		}
	}
	return issues
}

// matchCall evaluates a call of matches (global or member form): it checks
// the context, bounds the work, charges it, and only then runs the match.
// It replaces cel-go's implementation, which compiles the pattern on every
// call and charges by the pattern's length after the match has run.
type matchCall struct {
	call interpreter.InterpretableCall
	cfg  *config
	re   *regexp.Regexp // compiled when the pattern is a constant
	size int            // program size of re
}

// ID implements interpreter.Interpretable.
func (m *matchCall) ID() int64 { return m.call.ID() }

// Function implements interpreter.InterpretableCall.
func (m *matchCall) Function() string { return m.call.Function() }

// OverloadID implements interpreter.InterpretableCall.
func (m *matchCall) OverloadID() string { return m.call.OverloadID() }

// Args implements interpreter.InterpretableCall.
func (m *matchCall) Args() []interpreter.InterpretableV2 { return m.call.Args() }

// Eval implements interpreter.Interpretable.
func (m *matchCall) Eval(act interpreter.Activation) ref.Val {
	return interpreter.EvalActivation(act, m.Exec)
}

// Exec implements interpreter.InterpretableV2.
func (m *matchCall) Exec(frame *interpreter.ExecutionFrame) ref.Val {
	checkContext(frame)
	args := m.call.Args()
	in := args[0].Exec(frame)
	if types.IsUnknownOrError(in) {
		return in
	}
	pat := args[1].Exec(frame)
	if types.IsUnknownOrError(pat) {
		return pat
	}
	s, ok1 := in.(types.String)
	p, ok2 := pat.(types.String)
	if !ok1 || !ok2 {
		return types.NewErrWithNodeID(m.ID(), "no such overload: matches")
	}
	re, size := m.re, m.size
	if re == nil {
		// Only an embedder that bypasses Env.Compile can get here: the
		// pattern is computed, so it is checked on every call.
		n, over, err := regexProgramSize(string(p), m.cfg.maxRegexProgram)
		if err == nil && over {
			err = fmt.Errorf("regex program size exceeds limit of %d", m.cfg.maxRegexProgram)
		}
		if err == nil {
			re, err = regexp.Compile(string(p))
		}
		if err != nil {
			return types.LabelErrNode(m.ID(), errVal(fnMatches, &funcError{en: err.Error(), zh: "正则表达式无效或过于复杂：" + err.Error()}))
		}
		size = n
	}
	work := uint64(size) * (uint64(len(s)) + 1)
	if work > m.cfg.maxMatchWork {
		longest := m.cfg.maxMatchWork/uint64(size) - 1
		return types.LabelErrNode(m.ID(), errVal(fnMatches, &funcError{
			en: fmt.Sprintf("the string is %d bytes long; with this %d-instruction pattern at most %d bytes may be matched", len(s), size, longest),
			zh: fmt.Sprintf("待匹配的文字过长：%d 字节；此正则表达式（%d 条指令）最多可匹配 %d 字节，请先截取（substring）或改用 contains", len(s), size, longest)}))
	}
	if costs := frame.CostTracker(); costs != nil {
		// Charged before the match runs, so that the cost limit stops a
		// match it cannot afford instead of accounting for it afterwards.
		costs.EvalUnary(frame, m.ID(), preCharge{}, types.Int(regexCost(work)), types.False)
	}
	return types.Bool(re.MatchString(string(s)))
}

// regexCost converts instruction-bytes of regex work to cost units.
func regexCost(work uint64) uint64 {
	return 1 + (work+regexCostDivisor-1)/regexCostDivisor
}

// regexWork is the pseudo-call that charges a match's work.
type preCharge struct{}

func (preCharge) Function() string   { return overloadPreCharge }
func (preCharge) OverloadID() string { return overloadPreCharge }

// preChargeCost is the cost tracker of preCharge: its argument is the cost.
func preChargeCost(args []ref.Val, _ ref.Val) *uint64 {
	var n uint64
	if len(args) == 1 {
		if i, ok := args[0].(types.Int); ok && i > 0 {
			n = uint64(i)
		}
	}
	return &n
}

// newMatchCall plans a call of matches. A constant pattern is compiled once,
// here; one over the program size limit fails the planning.
func (c *config) newMatchCall(call interpreter.InterpretableCall) (interpreter.InterpretableV2, error) {
	m := &matchCall{call: call, cfg: c}
	args := call.Args()
	if len(args) != 2 {
		return call, nil
	}
	if k, ok := args[1].(interpreter.InterpretableConst); ok {
		if p, ok := k.Value().(types.String); ok {
			size, over, err := regexProgramSize(string(p), c.maxRegexProgram)
			if err != nil {
				return nil, err
			}
			if over {
				return nil, fmt.Errorf("regex program size exceeds limit of %d", c.maxRegexProgram)
			}
			re, err := regexp.Compile(string(p))
			if err != nil {
				return nil, err
			}
			m.re, m.size = re, size
		}
	}
	return m, nil
}

// checkBindNesting reports cel.bind nested deeper than the limit. cel-go's
// cost estimator takes time exponential in the depth of nested cel.bind
// (about 2^n: 24 levels take seconds, 30 minutes), so the depth is checked
// before the estimate is made.
func (e *Env) checkBindNesting(a *celast.AST) []Issue {
	limit := e.cfg.maxBindNesting
	var deepest int
	var deepestID int64
	var walk func(x celast.NavigableExpr, depth int)
	walk = func(x celast.NavigableExpr, depth int) {
		if x.Kind() == celast.ComprehensionKind {
			r := x.AsComprehension().IterRange()
			if r.Kind() == celast.ListKind && r.AsList().Size() == 0 {
				depth++
				if depth > deepest {
					deepest, deepestID = depth, x.ID()
				}
			}
		}
		for _, c := range x.Children() {
			walk(c, depth)
		}
	}
	walk(celast.NavigateAST(a), 0)
	if deepest <= limit {
		return nil
	}
	line, col := 1, 1
	if loc := a.SourceInfo().GetStartLocation(deepestID); loc.Line() > 0 {
		line, col = loc.Line(), loc.Column()+1
	}
	return []Issue{{Line: line, Column: col, Code: CodeTooDeep,
		Message:   fmt.Sprintf("cel.bind is nested %d deep, more than the limit of %d; bind several values at one level or simplify the rule", deepest, limit),
		MessageZh: fmt.Sprintf("cel.bind 嵌套 %d 层，超过上限 %d 层；请在同一层绑定多个值或简化规则", deepest, limit)}}
}
