package responsibility

import (
	"errors"
	"fmt"

	"github.com/zerenlab/zeren/problem"
)

// ErrNotFound is wrapped by query errors for an id the hierarchy does not
// know. Recover it with errors.Is.
var ErrNotFound = errors.New("not found")

// ProblemKind classifies a validation problem. It is the library's one kind
// of validation problem, shared with package checklist.
type ProblemKind = problem.Code

// The validation problems New reports.
const (
	// ProblemMissingField: a required field is empty.
	ProblemMissingField = problem.MissingField
	// ProblemDuplicateID: two records of one kind share an id.
	ProblemDuplicateID = problem.DuplicateID
	// ProblemDanglingReference: a reference names a record that does not exist.
	ProblemDanglingReference = problem.DanglingReference
	// ProblemCycle: organisations (or framework levels) are their own ancestors.
	ProblemCycle = problem.Cycle
	// ProblemWrongLevel: a post kind at an organisation of another level, or an
	// organisation whose parent is at a level its own level does not allow.
	ProblemWrongLevel = problem.WrongLevel
	// ProblemOverlap: overlapping appointments to a single-holder post, or two
	// posts of a single-holder kind at one organisation.
	ProblemOverlap = problem.Overlap
	// ProblemBadInterval: an appointment that ends before (or when) it starts.
	ProblemBadInterval = problem.BadInterval
	// ProblemFrameworkMismatch: the structure names another framework.
	ProblemFrameworkMismatch = problem.FrameworkMismatch
	// ProblemInvalidValue: an enum or number out of its range.
	ProblemInvalidValue = problem.InvalidValue
)

// Problem is one thing wrong with the input, naming the record by kind
// ("organization", "post", "appointment", …), id (or its position, "#3",
// when the id is empty) and human name, and the field as spelt in the
// schema. It renders as `organization "b1" (第一支部): parent_id: …`.
type Problem = problem.Problem

// ValidationError is returned by New with every problem found in the
// framework and the structure, in input order. It is the same type as
// checklist.ValidationError.
type ValidationError = problem.ValidationError

func notFound(record, id string) error {
	return fmt.Errorf("%s %q: %w", record, id, ErrNotFound)
}
