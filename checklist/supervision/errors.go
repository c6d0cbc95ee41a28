package supervision

import (
	"strconv"
	"strings"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Problem is one thing wrong with an input, naming the record by kind and
// id, and the field.
type Problem struct {
	// Record is the kind of record: "policy", "unit", "plan", "case".
	Record string
	// ID is the record's id (or its position, "#3", when the id is empty).
	ID string
	// Field is the field at fault as spelt in the schema.
	Field string
	// Message says what is wrong.
	Message string
}

// String renders the problem as `unit "czj": id: listed twice`.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Record)
	if p.ID != "" {
		b.WriteString(" " + strconv.Quote(p.ID))
	}
	b.WriteString(": ")
	if p.Field != "" {
		b.WriteString(p.Field + ": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// ValidationError is returned by [Policy.Validate] and [PlanInspections]
// with every problem found, in input order.
type ValidationError struct {
	Problems []Problem
}

// Error lists the problems, one per line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("supervision: " + strconv.Itoa(len(e.Problems)) + " problem(s)")
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

func (e *ValidationError) add(record, id, field, msg string) {
	e.Problems = append(e.Problems, Problem{Record: record, ID: id, Field: field, Message: msg})
}

// TransitionError is returned by [Transition] for a change of state the
// rectification state machine does not allow.
type TransitionError struct {
	// CaseID is the case's id.
	CaseID string
	// From is the case's state; To the state asked for.
	From, To zerenv1.CaseState
}

// Error names the case and both states in Chinese and English, e.g.
// `case "DB-A-1": cannot go from 已立案 (OPEN) to 已验收 (VERIFIED); from 已立案
// (OPEN) it may go to 整改中 (RECTIFYING)`.
func (e *TransitionError) Error() string {
	var b strings.Builder
	b.WriteString("case " + strconv.Quote(e.CaseID) + ": cannot go from " + StateName(e.From) + " to " + StateName(e.To))
	next := Next(e.From)
	switch {
	case e.From == zerenv1.CaseState_CASE_STATE_CLOSED:
		b.WriteString("; a closed-out case (已办结销号) never changes again")
	case len(next) == 0:
		b.WriteString("; the state is not one of the rectification states")
	default:
		b.WriteString("; from " + StateName(e.From) + " it may go to ")
		for i, s := range next {
			if i > 0 {
				b.WriteString(" or ")
			}
			b.WriteString(StateName(s))
		}
	}
	return b.String()
}

// CaseError is returned by [OpenCase], [Transition] and [Extend] when the
// request does not fit the case: a missing field, an event dated before the
// case's last one, an extension of a closed case or to an earlier date.
type CaseError struct {
	// CaseID is the case's id ("" when the case is nil or has none).
	CaseID string
	// Op is what was asked: "open", "transition", "extend".
	Op string
	// Problems lists what is wrong, each in an administrator's terms.
	Problems []string
}

// Error renders `extend case "DB-A-1": …; …`.
func (e *CaseError) Error() string {
	return e.Op + " case " + strconv.Quote(e.CaseID) + ": " + strings.Join(e.Problems, "; ")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
