package checklist

import (
	"fmt"
	"strings"

	"github.com/zerenlab/zeren/internal/codec"
)

// DecodeError reports a plan document that is not valid JSON or text format
// for zeren.v1.Plan, or is larger than [MaxDocumentSize]. Its Err carries the
// decoder's position and Path the JSON field at fault. Recover it with
// errors.As.
type DecodeError = codec.DecodeError

// MaxDocumentSize is the largest document [ParsePlan] accepts.
const MaxDocumentSize = codec.MaxDocumentSize

// ProblemKind classifies a problem found in a plan or in progress records.
type ProblemKind int

// The problems [NewPlan], [Record] and [Rebind] report.
const (
	// ProblemMissingField: a required field is empty.
	ProblemMissingField ProblemKind = iota + 1
	// ProblemDuplicateID: two records of one kind share an id.
	ProblemDuplicateID
	// ProblemDanglingReference: a reference names a record that does not
	// exist (a problem, a post kind, a level, a unit, an assignment …).
	ProblemDanglingReference
	// ProblemInvalidValue: an enum, number or id out of its range.
	ProblemInvalidValue
	// ProblemEmptyScope: a task's scope resolves to no organisation that has
	// a post of the task's owner kind, so nobody would carry it.
	ProblemEmptyScope
	// ProblemOutsideYear: a deadline outside the plan's year.
	ProblemOutsideYear
	// ProblemConflict: fields that do not fit together (a DONE measure with
	// a target other than 1, a decimal target split into whole numbers, a
	// progress record on a retired assignment …).
	ProblemConflict
)

var problemKindNames = map[ProblemKind]string{
	ProblemMissingField:      "missing field",
	ProblemDuplicateID:       "duplicate id",
	ProblemDanglingReference: "dangling reference",
	ProblemInvalidValue:      "invalid value",
	ProblemEmptyScope:        "empty scope",
	ProblemOutsideYear:       "outside year",
	ProblemConflict:          "conflict",
}

// String returns the kind's English name.
func (k ProblemKind) String() string {
	if s, ok := problemKindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("ProblemKind(%d)", int(k))
}

// Problem is one thing wrong with the input, naming the record by kind, id
// and human name, and the field.
type Problem struct {
	// Kind classifies the problem.
	Kind ProblemKind
	// Record is the kind of record: "plan", "problem", "task",
	// "responsibility entry", "progress record", "assignment".
	Record string
	// ID is the record's id (or its position, "#3", when the id is empty).
	ID string
	// Name is the record's human name (a task's number and title), when it
	// has one.
	Name string
	// Field is the field at fault as spelt in the schema, dotted into
	// sub-messages (e.g. "measure.target").
	Field string
	// Message says what is wrong, in an administrator's terms.
	Message string
}

// String renders the problem as
// `task "T23" (落实“第一议题”制度): measure.target: …`.
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
// [NewPlan] and [Validate] return it for a plan; [Record] and [Rebind] for
// the records or assignments they could not apply.
type ValidationError struct {
	// Problems, in input order.
	Problems []Problem
}

// Error lists the problems, one per line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "checklist: %d problem(s) in the input", len(e.Problems))
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

// problems collects Problems.
type problems []Problem

func (ps *problems) add(kind ProblemKind, record, id, name, field, format string, args ...any) {
	*ps = append(*ps, Problem{
		Kind: kind, Record: record, ID: id, Name: name, Field: field,
		Message: fmt.Sprintf(format, args...),
	})
}

func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return &ValidationError{Problems: ps}
}

// recordID names a record by id, or by its position when the id is empty.
func recordID(id string, i int) string {
	if id == "" {
		return fmt.Sprintf("#%d", i+1)
	}
	return id
}
