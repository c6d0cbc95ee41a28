package calendar

import (
	"strconv"
	"strings"
)

// Problem is one thing wrong with a calendar document.
type Problem struct {
	// Field is the field at fault with its index, e.g. "holidays[3]".
	Field string
	// Date is the date concerned as YYYY-MM-DD, when known.
	Date string
	// Message says what is wrong.
	Message string
}

// String renders the problem as `holidays[3] (2026-10-01): listed twice …`.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Field)
	if p.Date != "" {
		b.WriteString(" (" + p.Date + ")")
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// ValidationError is returned by [New] with every problem found in a
// calendar document, in input order (holidays first, then workdays).
type ValidationError struct {
	// Calendar is the calendar's id (or its name when the id is empty).
	Calendar string
	// Problems lists what is wrong.
	Problems []Problem
}

// Error lists the problems, one per line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("calendar")
	if e.Calendar != "" {
		b.WriteString(" " + strconv.Quote(e.Calendar))
	}
	b.WriteString(": " + itoa(int64(len(e.Problems))) + " problem(s)")
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

func (e *ValidationError) add(field, date, msg string) {
	e.Problems = append(e.Problems, Problem{Field: field, Date: date, Message: msg})
}

func fieldName(name string, i int) string { return name + "[" + itoa(int64(i)) + "]" }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
