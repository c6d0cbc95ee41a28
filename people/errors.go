package people

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotFound is wrapped by errors about a person, post or record the
// hierarchy or the inputs do not hold.
var ErrNotFound = errors.New("not found")

// Problem is one thing wrong with a review plan, a review, an eligibility
// rule or a talk, named in the administrator's terms, Chinese first.
type Problem struct {
	// Kind is the kind of record: "review plan", "review scheme",
	// "review", "ballot", "eligibility rule", "talk" or "commitment".
	Kind string
	// Path locates the record in its input, e.g. "reviews[3]".
	Path string
	// ID is the record's id, when it has one.
	ID string
	// Name is the record's display name, when it has one.
	Name string
	// Field is the field at fault, e.g. "person_id".
	Field string
	// Line and Column locate a problem inside a rule's condition, 1-based;
	// 0 otherwise.
	Line, Column int
	// MessageZh is the Chinese message.
	MessageZh string
	// Message is the English message.
	Message string
	// Err is the cause, when there is one (a [*cel.CompileError]).
	Err error
}

// kindZh names each kind of record in Chinese.
var kindZh = map[string]string{
	"review plan":      "述职评议方案",
	"review scheme":    "评议方案",
	"review":           "述职评议",
	"ballot":           "评议票",
	"eligibility rule": "资格规则",
	"talk":             "谈话记录",
	"commitment":       "整改承诺",
}

func (p Problem) where(kind, lineFmt string) string {
	var b strings.Builder
	b.WriteString(kind)
	switch {
	case p.ID != "":
		fmt.Fprintf(&b, " %q", p.ID)
	case p.Path != "":
		b.WriteString(" " + p.Path)
	}
	if p.Name != "" {
		b.WriteString(" (" + p.Name + ")")
	}
	if p.Field != "" {
		b.WriteString(": " + p.Field)
	}
	if p.Line > 0 {
		fmt.Fprintf(&b, lineFmt, p.Line, p.Column)
	}
	return b.String()
}

// String renders the problem in English.
func (p Problem) String() string { return p.where(p.Kind, ": line %d, column %d") + ": " + p.Message }

// Zh renders the problem in Chinese.
func (p Problem) Zh() string {
	msg := p.MessageZh
	if msg == "" {
		msg = p.Message
	}
	kind := kindZh[p.Kind]
	if kind == "" {
		kind = p.Kind
	}
	return p.where(kind, "：第%d行第%d列") + "：" + msg
}

// ValidationError reports every problem found at once.
type ValidationError struct {
	// Problems in input order.
	Problems []Problem
}

// Error renders every problem in English, one per line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "people: %d problem(s):", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

// Zh renders every problem in Chinese, one per line.
func (e *ValidationError) Zh() string {
	var b strings.Builder
	fmt.Fprintf(&b, "有 %d 处问题：", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.Zh())
	}
	return b.String()
}

// Unwrap returns the causes of the problems, so that errors.As finds a
// [*cel.CompileError].
func (e *ValidationError) Unwrap() []error {
	var errs []error
	for _, p := range e.Problems {
		if p.Err != nil {
			errs = append(errs, p.Err)
		}
	}
	return errs
}

func errOf(ps []Problem) error {
	if len(ps) == 0 {
		return nil
	}
	return &ValidationError{Problems: ps}
}
