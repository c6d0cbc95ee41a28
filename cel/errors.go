package cel

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Recover them with errors.Is from a [*CompileError] or an
// [*EvalError]. A cancelled or timed-out evaluation matches context.Canceled
// or context.DeadlineExceeded instead.
var (
	// ErrCostLimit: the rule's cost exceeds the per-evaluation limit, either
	// in the static worst-case estimate (a [*CompileError]) or while it ran
	// (an [*EvalError]).
	ErrCostLimit = errors.New("cost limit exceeded")
	// ErrBudgetExhausted: the run's [Budget] was spent before the evaluation.
	ErrBudgetExhausted = errors.New("cost budget exhausted")
	// ErrSourceLimit: the rule is longer or nests deeper than allowed.
	ErrSourceLimit = errors.New("rule too large")
	// ErrResultType: the rule's result has the wrong type for its [Kind].
	ErrResultType = errors.New("wrong result type")
	// ErrOutOfRange: a number rule yielded NaN or an infinity, or a ratio
	// rule a value outside [0, 1].
	ErrOutOfRange = errors.New("result out of range")
	// ErrRegex: a pattern of matches is not a string constant, does not
	// compile, or compiles to a program over the size limit.
	ErrRegex = errors.New("regular expression not allowed")
	// ErrBusy: the caller already runs as many evaluations as its
	// [Limiter] allows.
	ErrBusy = errors.New("too many concurrent evaluations")
)

// IssueCode classifies a compile issue.
type IssueCode int

// Issue codes.
const (
	CodeOther        IssueCode = iota // any other problem
	CodeSyntax                        // the rule does not parse
	CodeUndeclared                    // unknown variable or function name
	CodeUnknownField                  // unknown field of a message
	CodeNoOverload                    // operator or function applied to values of the wrong type
	CodeTypeMismatch                  // another type error
	CodeResultType                    // the result type does not fit the rule's kind
	CodeTooLarge                      // the source is longer than allowed
	CodeTooDeep                       // the expression nests deeper than allowed
	CodeCost                          // the static cost estimate exceeds the limit
	CodeRegex                         // a pattern of matches is not a constant, invalid or too large
)

// String returns the code's name, e.g. "undeclared".
func (c IssueCode) String() string {
	switch c {
	case CodeOther:
		return "other"
	case CodeSyntax:
		return "syntax"
	case CodeUndeclared:
		return "undeclared"
	case CodeUnknownField:
		return "unknown_field"
	case CodeNoOverload:
		return "no_overload"
	case CodeTypeMismatch:
		return "type_mismatch"
	case CodeResultType:
		return "result_type"
	case CodeTooLarge:
		return "too_large"
	case CodeTooDeep:
		return "too_deep"
	case CodeCost:
		return "cost"
	case CodeRegex:
		return "regex"
	}
	return fmt.Sprintf("IssueCode(%d)", int(c))
}

// Issue is one problem found in a rule at compile time.
type Issue struct {
	// Line and Column locate the problem, 1-based, in characters (Unicode
	// code points); 0 when unknown. Problems of the whole rule (size, result
	// type, cost) are placed at line 1, column 1.
	Line, Column int
	// Code classifies the problem.
	Code IssueCode
	// Message is the English message (cel-go's, for parse and type errors).
	Message string
	// MessageZh is a Chinese message an administrator can act on.
	MessageZh string
}

// String renders the issue with its position in English:
// "line 2, column 5: undefined field 'complete_rate'".
func (i Issue) String() string {
	if i.Line <= 0 {
		return i.Message
	}
	return fmt.Sprintf("line %d, column %d: %s", i.Line, i.Column, i.Message)
}

// Zh renders the issue with its position in Chinese:
// "第2行第5列：未定义的字段 'complete_rate'，是否要写 'completion_rate'？".
func (i Issue) Zh() string {
	if i.Line <= 0 {
		return i.MessageZh
	}
	return fmt.Sprintf("第%d行第%d列：%s", i.Line, i.Column, i.MessageZh)
}

// CompileError reports every problem found in a rule by [Env.Compile].
type CompileError struct {
	// RuleID is the rule's id, if given with [WithRuleID].
	RuleID string
	// Issues are the problems, in source order.
	Issues []Issue
}

// Error renders every issue with its position, in English.
func (e *CompileError) Error() string {
	var b strings.Builder
	b.WriteString("cel: compile")
	if e.RuleID != "" {
		fmt.Fprintf(&b, " rule %q", e.RuleID)
	}
	b.WriteString(":")
	for n, i := range e.Issues {
		if n > 0 {
			b.WriteString(";")
		}
		b.WriteString(" ")
		b.WriteString(i.String())
	}
	return b.String()
}

// Zh renders every issue with its position, in Chinese, one per line.
func (e *CompileError) Zh() string {
	lines := make([]string, len(e.Issues))
	for n, i := range e.Issues {
		lines[n] = i.Zh()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the sentinel errors matching the issues: [ErrCostLimit],
// [ErrSourceLimit], [ErrResultType], [ErrRegex].
func (e *CompileError) Unwrap() []error {
	var errs []error
	add := func(err error) {
		for _, have := range errs {
			if have == err {
				return
			}
		}
		errs = append(errs, err)
	}
	for _, i := range e.Issues {
		switch i.Code {
		case CodeCost:
			add(ErrCostLimit)
		case CodeTooLarge, CodeTooDeep:
			add(ErrSourceLimit)
		case CodeResultType:
			add(ErrResultType)
		case CodeRegex:
			add(ErrRegex)
		}
	}
	return errs
}

// EvalError reports a rule that failed while it was evaluated. "A rule
// evaluated to false" is a result, not an error.
type EvalError struct {
	// RuleID is the rule's id, if given with [WithRuleID].
	RuleID string
	// Line and Column locate the failing expression, 1-based; 0 when the
	// failure is not tied to one (cost limit, cancellation, result check).
	Line, Column int
	// Message is the English message.
	Message string
	// MessageZh is a Chinese message an administrator can act on.
	MessageZh string
	// Err is the cause: [ErrCostLimit], [ErrBudgetExhausted], [ErrBusy],
	// [ErrOutOfRange], [ErrResultType], the context's error, or cel-go's
	// error value.
	Err error
}

// Error renders the failure with its position, in English.
func (e *EvalError) Error() string {
	var b strings.Builder
	b.WriteString("cel: evaluate")
	if e.RuleID != "" {
		fmt.Fprintf(&b, " rule %q", e.RuleID)
	}
	b.WriteString(": ")
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d, column %d: ", e.Line, e.Column)
	}
	b.WriteString(e.Message)
	return b.String()
}

// Zh renders the failure with its position, in Chinese.
func (e *EvalError) Zh() string {
	if e.Line > 0 {
		return fmt.Sprintf("第%d行第%d列：%s", e.Line, e.Column, e.MessageZh)
	}
	return e.MessageZh
}

// Unwrap returns the cause.
func (e *EvalError) Unwrap() error { return e.Err }
