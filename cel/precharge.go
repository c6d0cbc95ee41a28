package cel

import (
	"math/bits"
	"strings"

	celgo "cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/functions"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/interpreter"
)

// cel-go charges a call after it has run, from its arguments and result.
// That bounds a function whose work is linear in values already paid for,
// but not one whose work or result grows faster than its arguments: a
// replace that multiplies a string, a distinct that compares every pair. For
// those, the work is computed from the arguments and charged before the
// call runs (as for matches), so the cost limit stops the call instead of
// accounting for it afterwards. The charge comes on top of cel-go's own.
//
// preCosts maps each such overload to its worst-case work, in cost units.
var preCosts = map[string]func(args []ref.Val) uint64{
	// <string>.replace(old, new[, n]): the result's length.
	"string_replace_string_string":     replaceCost,
	"string_replace_string_string_int": replaceCost,
	// <list(string)>.join([sep]): the result's length.
	"list_join":        joinCost,
	"list_join_string": joinCost,
	// <list>.distinct(): every pair compared.
	"list_distinct": func(args []ref.Val) uint64 {
		n := listLen(args, 0)
		return n * n / 2
	},
	// sets.contains / equivalent / intersects: every element of one list
	// against every element of the other.
	"list_sets_contains_list":   pairCost,
	"list_sets_equivalent_list": func(args []ref.Val) uint64 { return 2 * pairCost(args) },
	"list_sets_intersects_list": pairCost,
	// <string>.split(sep[, n]): one string per piece.
	"string_split_string":     splitCost,
	"string_split_string_int": splitCost,
	// lists.range(n): n integers.
	"lists_range": func(args []ref.Val) uint64 {
		if len(args) == 1 {
			if n, ok := args[0].(types.Int); ok && n > 0 {
				return uint64(n)
			}
		}
		return 0
	},
}

// stringCost is cel-go's charge for reading or writing n bytes of a string.
func stringCost(n uint64) uint64 { return n / 10 }

func replaceCost(args []ref.Val) uint64 {
	if len(args) < 3 {
		return 0
	}
	s, ok1 := args[0].(types.String)
	old, ok2 := args[1].(types.String)
	repl, ok3 := args[2].(types.String)
	if !ok1 || !ok2 || !ok3 {
		return 0
	}
	var count uint64
	if old == "" {
		// Go inserts the replacement around every character.
		count = uint64(len(s)) + 1
	} else {
		count = uint64(strings.Count(string(s), string(old)))
	}
	if len(args) == 4 {
		if n, ok := args[3].(types.Int); ok && n >= 0 && uint64(n) < count {
			count = uint64(n)
		}
	}
	growth := uint64(0)
	if len(repl) > len(old) {
		growth = uint64(len(repl) - len(old))
	}
	return stringCost(uint64(len(s)) + count*growth)
}

func joinCost(args []ref.Val) uint64 {
	l, ok := args[0].(traits.Lister)
	if !ok {
		return 0
	}
	var total, n uint64
	for it := l.Iterator(); it.HasNext() == types.True; n++ {
		if s, ok := it.Next().(types.String); ok {
			total += uint64(len(s))
		}
	}
	if len(args) == 2 && n > 1 {
		if sep, ok := args[1].(types.String); ok {
			total += (n - 1) * uint64(len(sep))
		}
	}
	return stringCost(total)
}

func splitCost(args []ref.Val) uint64 {
	if len(args) < 2 {
		return 0
	}
	s, ok1 := args[0].(types.String)
	sep, ok2 := args[1].(types.String)
	if !ok1 || !ok2 {
		return 0
	}
	pieces := uint64(len(s)) + 1
	if sep != "" {
		pieces = uint64(strings.Count(string(s), string(sep))) + 1
	}
	return pieces + stringCost(uint64(len(s)))
}

// sortCost is n·log2(n) comparisons for <list>.sort() and the sortBy
// macro's @sortByAssociatedKeys.
func sortCost(args []ref.Val) uint64 {
	n := listLen(args, 0)
	return n * uint64(bits.Len64(n))
}

// preCostOf returns the worst-case work of an overload, or nil.
func preCostOf(overload string) func([]ref.Val) uint64 {
	if f, ok := preCosts[overload]; ok {
		return f
	}
	if strings.HasPrefix(overload, "list_") &&
		(strings.HasSuffix(overload, "_sort") || strings.HasSuffix(overload, "_sortByAssociatedKeys")) {
		return sortCost
	}
	return nil
}

func pairCost(args []ref.Val) uint64 { return listLen(args, 0) * listLen(args, 1) }

func listLen(args []ref.Val, i int) uint64 {
	if i >= len(args) {
		return 0
	}
	l, ok := args[i].(traits.Sizer)
	if !ok {
		return 0
	}
	if n, ok := l.Size().(types.Int); ok && n > 0 {
		return uint64(n)
	}
	return 0
}

// bindPreCharged finds the implementations of the preCosts overloads in the
// environment, for chargedCall to call.
func bindPreCharged(env *celgo.Env) map[string]*functions.Overload {
	impls := map[string]*functions.Overload{}
	for _, fn := range env.Functions() {
		bindings, err := fn.Bindings()
		if err != nil {
			continue
		}
		for _, o := range bindings {
			if preCostOf(o.Operator) != nil {
				impls[o.Operator] = o
			}
		}
	}
	return impls
}

// chargedCall checks the context, evaluates the arguments, charges the
// call's worst-case work (when it has a cost function) and only then runs it.
type chargedCall struct {
	interpreter.InterpretableCall
	cost func([]ref.Val) uint64 // nil: nothing charged beforehand
	run  func(*interpreter.ExecutionFrame, []ref.Val) ref.Val
}

// preCharged plans a call of a preCosts overload.
func preCharged(call interpreter.InterpretableCall, impl *functions.Overload) *chargedCall {
	return &chargedCall{InterpretableCall: call, cost: preCostOf(call.OverloadID()),
		run: func(_ *interpreter.ExecutionFrame, vals []ref.Val) ref.Val {
			switch {
			case len(vals) == 1 && impl.Unary != nil:
				return impl.Unary(vals[0])
			case len(vals) == 2 && impl.Binary != nil:
				return impl.Binary(vals[0], vals[1])
			case impl.Function != nil:
				return impl.Function(vals...)
			}
			return types.NewErr("no such overload: %s", call.Function())
		}}
}

// domainLoop plans a call of a domain function that walks a list, with a
// check of the context every loopCheck elements.
func domainLoop(call interpreter.InterpretableCall, fn func(*interpreter.ExecutionFrame, []ref.Val) ref.Val) *chargedCall {
	return &chargedCall{InterpretableCall: call, run: fn}
}

// Exec implements interpreter.InterpretableV2.
func (c *chargedCall) Exec(frame *interpreter.ExecutionFrame) ref.Val {
	checkContext(frame)
	args := c.Args()
	vals := make([]ref.Val, len(args))
	for i, a := range args {
		v := a.Exec(frame)
		if types.IsUnknownOrError(v) {
			return v
		}
		vals[i] = v
	}
	costs := frame.CostTracker()
	if costs != nil && c.cost != nil {
		if pre := c.cost(vals); pre > 0 {
			costs.EvalUnary(frame, c.ID(), preCharge{}, types.Int(min(pre, 1<<62)), types.False)
		}
	}
	res := types.LabelErrNode(c.ID(), c.run(frame, vals))
	if costs != nil {
		costs.EvalVarArgs(frame, c.ID(), c, vals, res)
	}
	return res
}

// Eval implements interpreter.Interpretable.
func (c *chargedCall) Eval(act interpreter.Activation) ref.Val {
	return interpreter.EvalActivation(act, c.Exec)
}
