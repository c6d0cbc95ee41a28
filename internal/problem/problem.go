// Package problem is the validation error of the library's loaders:
// responsibility and checklist report every problem of their input at once,
// each naming the record and the field, with this one type (re-exported by
// both under their own names).
package problem

import (
	"fmt"
	"strings"
)

// Kind classifies a problem.
type Kind int

// The kinds of problem.
const (
	// MissingField: a required field is empty.
	MissingField Kind = iota + 1
	// DuplicateID: two records of one kind share an id.
	DuplicateID
	// DanglingReference: a reference names a record that does not exist.
	DanglingReference
	// Cycle: records that are their own ancestors.
	Cycle
	// WrongLevel: a record placed on a level the framework does not allow.
	WrongLevel
	// Overlap: things that must not overlap do (appointments to a
	// single-holder post, two posts of a single-holder kind).
	Overlap
	// BadInterval: an interval that ends before (or when) it starts.
	BadInterval
	// FrameworkMismatch: a document names another framework.
	FrameworkMismatch
	// InvalidValue: an enum, number or id out of its range.
	InvalidValue
	// EmptyScope: a task's scope resolves to nobody who would carry it.
	EmptyScope
	// OutsideYear: a date outside the plan's year.
	OutsideYear
	// Conflict: fields that do not fit together.
	Conflict
)

var kindNames = map[Kind]string{
	MissingField:      "missing field",
	DuplicateID:       "duplicate id",
	DanglingReference: "dangling reference",
	Cycle:             "cycle",
	WrongLevel:        "wrong level",
	Overlap:           "overlap",
	BadInterval:       "bad interval",
	FrameworkMismatch: "framework mismatch",
	InvalidValue:      "invalid value",
	EmptyScope:        "empty scope",
	OutsideYear:       "outside year",
	Conflict:          "conflict",
}

// String returns the kind's English name.
func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("ProblemKind(%d)", int(k))
}

// Problem is one thing wrong with the input, naming the record by kind, id
// and human name, and the field.
type Problem struct {
	// Kind classifies the problem.
	Kind Kind
	// Record is the kind of record: "organization", "post", "task", …
	Record string
	// ID is the record's id (or its position, "#3", when the id is empty).
	ID string
	// Name is the record's human name, when it has one.
	Name string
	// Field is the field at fault as spelt in the schema, dotted into
	// sub-messages (e.g. "measure.target").
	Field string
	// Message says what is wrong, in an administrator's terms.
	Message string
}

// String renders the problem as `task "T23" (落实“第一议题”制度): measure.target: …`.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Record)
	fmt.Fprintf(&b, " %q", p.ID)
	if p.Name != "" {
		fmt.Fprintf(&b, " (%s)", p.Name)
	}
	b.WriteString(": ")
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// ValidationError lists every problem found in the input, in input order.
type ValidationError struct {
	// Problems, in input order.
	Problems []Problem
	source   string
}

// New returns the error for problems found by a package ("responsibility",
// "checklist"), or nil when there are none.
func New(source string, problems []Problem) error {
	if len(problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: problems, source: source}
}

// Error lists the problems, one per line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	src := e.source
	if src == "" {
		src = "zeren"
	}
	fmt.Fprintf(&b, "%s: %d problem(s) in the input", src, len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Is reports whether target is a *ValidationError, so that
// errors.Is(err, &ValidationError{}) works.
func (e *ValidationError) Is(target error) bool {
	_, ok := target.(*ValidationError)
	return ok
}

// List collects problems.
type List []Problem

// Add appends a problem with a formatted message.
func (l *List) Add(kind Kind, record, id, name, field, format string, args ...any) {
	*l = append(*l, Problem{Kind: kind, Record: record, ID: id, Name: name, Field: field, Message: fmt.Sprintf(format, args...)})
}

// RecordID names a record by id, or by its position when the id is empty.
func RecordID(id string, i int) string {
	if id == "" {
		return fmt.Sprintf("#%d", i+1)
	}
	return id
}
