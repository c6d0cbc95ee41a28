package cel

import (
	"context"
	"strings"

	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
)

// contextName is the name under which an evaluation's activation hands its
// context to the calls that check it. It is not a CEL identifier (it starts
// with '@'), so no rule can name it.
const contextName = "@zeren.context"

// checkContext stops the evaluation at once when its context is done. It is
// called before every call that can take long (see guardedOverloads), in
// addition to cel-go's checks between comprehension iterations.
func checkContext(frame *interpreter.ExecutionFrame) {
	v, ok := frame.ResolveName(contextName)
	if !ok {
		return
	}
	ctx, ok := v.(context.Context)
	if !ok || ctx.Err() == nil {
		return
	}
	panic(interpreter.EvalCancelledError{Cause: interpreter.ContextCancelled,
		Message: "operation cancelled: " + context.Cause(ctx).Error()})
}

// guardedOverloads are the calls of cel-go's string and list functions
// whose work grows with their arguments (scans, copies) and that are not
// pre-charged. Each is preceded by a check of the context, so an evaluation
// whose deadline has passed does not start another one. matches, the
// pre-charged calls (preCosts) and the domain functions that walk a list
// (domainLoops, which also check every loopCheck elements) are planned by
// their own nodes, which check it too.
var guardedOverloads = map[string]bool{
	// strings extension
	"string_replace_string_string":     true,
	"string_replace_string_string_int": true,
	"string_split_string":              true,
	"string_split_string_int":          true,
	"list_join":                        true,
	"list_join_string":                 true,
	"string_format":                    true,
	"string_lower_ascii":               true,
	"string_upper_ascii":               true,
	"string_reverse":                   true,
	"string_index_of_string":           true,
	"string_index_of_string_int":       true,
	"string_last_index_of_string":      true,
	"string_last_index_of_string_int":  true,
	"strings_quote":                    true,
	// standard library (string and list concatenation are left out: the
	// map and filter macros concatenate on every iteration, where cel-go
	// already checks the context)
	"contains_string": true,
	// lists and sets extensions
	"list_distinct":             true,
	"list_flatten":              true,
	"list_flatten_int":          true,
	"lists_range":               true,
	"list_sets_contains_list":   true,
	"list_sets_equivalent_list": true,
	"list_sets_intersects_list": true,
}

// isGuarded reports whether a call is preceded by a context check.
func isGuarded(overload string) bool {
	if guardedOverloads[overload] {
		return true
	}
	// list_<type>_sort and list_<type>_sortByAssociatedKeys, one per
	// orderable element type.
	return strings.HasPrefix(overload, "list_") &&
		(strings.HasSuffix(overload, "_sort") || strings.HasSuffix(overload, "_sortByAssociatedKeys"))
}

// guardedCall checks the context before a call.
type guardedCall struct {
	interpreter.InterpretableCall
}

// Exec implements interpreter.InterpretableV2.
func (g guardedCall) Exec(frame *interpreter.ExecutionFrame) ref.Val {
	checkContext(frame)
	return g.InterpretableCall.Exec(frame)
}

// Eval implements interpreter.Interpretable.
func (g guardedCall) Eval(act interpreter.Activation) ref.Val {
	return interpreter.EvalActivation(act, g.Exec)
}

// decorate replaces cel-go's matches with matchCall and puts a context check
// before every guarded call.
func (c *config) decorate(i interpreter.InterpretableV2) (interpreter.InterpretableV2, error) {
	call, ok := i.(interpreter.InterpretableCall)
	if !ok {
		return i, nil
	}
	switch id := call.OverloadID(); {
	case call.Function() == fnMatches || id == "matches" || id == "matches_string":
		// By name too, should a call be planned without an
		// overload id.
		return c.newMatchCall(call)
	case domainLoops[id] != nil:
		return domainLoop(call, domainLoops[id]), nil
	case c.impls[id] != nil:
		return preCharged(call, c.impls[id]), nil
	case isGuarded(id):
		return guardedCall{call}, nil
	}
	return i, nil
}
