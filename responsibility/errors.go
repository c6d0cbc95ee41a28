package responsibility

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotFound is wrapped by query errors for an id the hierarchy does not
// know. Recover it with errors.Is.
var ErrNotFound = errors.New("not found")

// ProblemKind classifies a validation problem.
type ProblemKind int

// The validation problems New reports.
const (
	// ProblemMissingField: a required field is empty.
	ProblemMissingField ProblemKind = iota + 1
	// ProblemDuplicateID: two records of one kind share an id.
	ProblemDuplicateID
	// ProblemDanglingReference: a reference names a record that does not exist.
	ProblemDanglingReference
	// ProblemCycle: organisations (or framework levels) are their own ancestors.
	ProblemCycle
	// ProblemWrongLevel: a post kind at an organisation of another level, or an
	// organisation whose parent is at a level its own level does not allow.
	ProblemWrongLevel
	// ProblemOverlap: overlapping appointments to a single-holder post, or two
	// posts of a single-holder kind at one organisation.
	ProblemOverlap
	// ProblemBadInterval: an appointment that ends before (or when) it starts.
	ProblemBadInterval
	// ProblemFrameworkMismatch: the structure names another framework.
	ProblemFrameworkMismatch
	// ProblemInvalidValue: an enum or number out of its range.
	ProblemInvalidValue
)

var problemKindNames = map[ProblemKind]string{
	ProblemMissingField:      "missing field",
	ProblemDuplicateID:       "duplicate id",
	ProblemDanglingReference: "dangling reference",
	ProblemCycle:             "cycle",
	ProblemWrongLevel:        "wrong level",
	ProblemOverlap:           "overlap",
	ProblemBadInterval:       "bad interval",
	ProblemFrameworkMismatch: "framework mismatch",
	ProblemInvalidValue:      "invalid value",
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
	// Record is the kind of record: "organization", "post", "appointment", …
	Record string
	// ID is the record's id (or its position, "#3", when the id is empty).
	ID string
	// Name is the record's human name, when it has one.
	Name string
	// Field is the field at fault, as spelt in the schema (e.g. "parent_id").
	Field string
	// Message says what is wrong, in an administrator's terms.
	Message string
}

// String renders the problem as `organization "b1" (第一支部): parent_id: …`.
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

// ValidationError is returned by New with every problem found in the
// framework and the structure, in input order.
type ValidationError struct {
	Problems []Problem
}

// Error lists the problems, one per line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "responsibility: %d problem(s) in the input", len(e.Problems))
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

func notFound(record, id string) error {
	return fmt.Errorf("%s %q: %w", record, id, ErrNotFound)
}
