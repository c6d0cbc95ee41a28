package checklist

import (
	"github.com/zerenlab/zeren/internal/codec"
	"github.com/zerenlab/zeren/problem"
)

// DecodeError reports a plan document that is not valid JSON or text format
// for zeren.v1.Plan, or is larger than [MaxDocumentSize]. Its Err carries the
// decoder's position and Path the JSON field at fault. Recover it with
// errors.As.
type DecodeError = codec.DecodeError

// MaxDocumentSize is the largest document [ParsePlan] accepts.
const MaxDocumentSize = codec.MaxDocumentSize

// ProblemKind classifies a problem found in a plan or in progress records.
// It is the library's one kind of validation problem, shared with package
// responsibility.
type ProblemKind = problem.Code

// The problems [NewPlan], [Record] and [Rebind] report.
const (
	// ProblemMissingField: a required field is empty.
	ProblemMissingField = problem.MissingField
	// ProblemDuplicateID: two records of one kind share an id.
	ProblemDuplicateID = problem.DuplicateID
	// ProblemDanglingReference: a reference names a record that does not
	// exist (a problem, a post kind, a level, a unit, an assignment …).
	ProblemDanglingReference = problem.DanglingReference
	// ProblemInvalidValue: an enum, number or id out of its range.
	ProblemInvalidValue = problem.InvalidValue
	// ProblemEmptyScope: a task's scope resolves to no organisation that has
	// a post of the task's owner kind, so nobody would carry it.
	ProblemEmptyScope = problem.EmptyScope
	// ProblemOutsideYear: a deadline outside the plan's year.
	ProblemOutsideYear = problem.OutsideYear
	// ProblemConflict: fields that do not fit together (a DONE measure with
	// a target other than 1, a decimal target split into whole numbers, a
	// progress record on a retired assignment …).
	ProblemConflict = problem.Conflict
)

// Problem is one thing wrong with the input, naming the record by kind
// ("plan", "problem", "task", "responsibility entry", "progress record",
// "assignment"), id and human name (a task's number and title), and the
// field, dotted into sub-messages (e.g. "measure.target"). It renders as
// `task "T23" (落实“第一议题”制度): measure.target: …`.
type Problem = problem.Problem

// ValidationError lists every problem found in the input, in input order.
// [NewPlan] and [Validate] return it for a plan; [Record] and [Rebind] for
// the records or assignments they could not apply. It is the same type as
// responsibility.ValidationError.
type ValidationError = problem.ValidationError

// problems collects Problems.
type problems = problem.List

func problemsErr(ps problems) error { return problem.New("checklist", ps) }

// recordID names a record by id, or by its position when the id is empty.
func recordID(id string, i int) string { return problem.RecordID(id, i) }
