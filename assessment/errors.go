package assessment

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with an indicator system (or with the units
// and reviews given to [Engine.Run]), named in the administrator's terms.
type Problem struct {
	// Kind is the kind of record: "system", "indicator", "bonus",
	// "deduction", "modifier", "veto", "grade scale", "grade", "review",
	// "rater group", "choice score", "unit" or "ballot".
	Kind string
	// Path locates the record in the system, e.g.
	// "indicators[0].children[1]" or "deductions[0].modifiers[1]".
	Path string
	// ID is the record's id, when it has one.
	ID string
	// Name is the record's display name, when it has one.
	Name string
	// Field is the field at fault, e.g. "formula" or "max_points".
	Field string
	// Line and Column locate a problem inside a formula, 1-based; 0 when
	// the problem is not inside a formula.
	Line, Column int
	// Message is the English message.
	Message string
	// MessageZh is the Chinese message.
	MessageZh string
	// Err is the cause, when there is one: a [*cel.CompileError] for a
	// formula that does not compile.
	Err error
}

// record renders the record the problem is about, e.g.
// `indicator "1.1" (落实“第一议题”制度)`.
func (p Problem) record() string {
	var b strings.Builder
	b.WriteString(p.Kind)
	switch {
	case p.ID != "":
		fmt.Fprintf(&b, " %q", p.ID)
	case p.Path != "":
		b.WriteString(" " + p.Path)
	}
	if p.Name != "" {
		b.WriteString(" (" + p.Name + ")")
	}
	return b.String()
}

func (p Problem) where(lineFmt string) string {
	var b strings.Builder
	b.WriteString(p.record())
	if p.Field != "" {
		b.WriteString(": " + p.Field)
	}
	if p.Line > 0 {
		fmt.Fprintf(&b, lineFmt, p.Line, p.Column)
	}
	return b.String()
}

// String renders the problem in English:
// `indicator "1.1" (落实“第一议题”制度): formula: line 1, column 5: undefined field 'complete_rate'`.
func (p Problem) String() string {
	return p.where(": line %d, column %d") + ": " + p.Message
}

// Zh renders the problem in Chinese.
func (p Problem) Zh() string {
	msg := p.MessageZh
	if msg == "" {
		msg = p.Message
	}
	return p.where("：第%d行第%d列") + "：" + msg
}

// ValidationError reports every problem found in an indicator system by
// [New], or in the units and reviews given to [Engine.Run].
type ValidationError struct {
	// Problems in the order of the system's fields.
	Problems []Problem
}

// Error renders every problem in English, one per line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "assessment: %d problem(s):", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

// Zh renders every problem in Chinese, one per line.
func (e *ValidationError) Zh() string {
	var b strings.Builder
	fmt.Fprintf(&b, "考核配置有 %d 处问题：", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.Zh())
	}
	return b.String()
}

// Unwrap returns the distinct causes of the problems, so that errors.As
// finds a [*cel.CompileError].
func (e *ValidationError) Unwrap() []error {
	var errs []error
	for _, p := range e.Problems {
		if p.Err != nil && (len(errs) == 0 || errs[len(errs)-1] != p.Err) {
			errs = append(errs, p.Err)
		}
	}
	return errs
}

// problems collects problems while validating.
type problems struct {
	list []Problem
}

func (ps *problems) add(p Problem) { ps.list = append(ps.list, p) }

func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	return &ValidationError{Problems: ps.list}
}
