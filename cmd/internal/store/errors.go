package store

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Sentinel errors for errors.Is. The errors returned carry more: recover
// them with errors.As as *[ValidationError], *[NotFoundError] and
// *[ConflictError].
var (
	ErrInvalid  = errors.New("invalid input")
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("version conflict")
)

// Problem is one thing wrong with the input of a call.
type Problem struct {
	// Change is the position of the change in an Apply's changes, counting
	// from 0, or -1 when the problem is not about one change.
	Change int
	// Kind and ID name the record as given, which may be malformed or
	// hostile: print them quoted, as String does.
	Kind Kind
	ID   string
	// Field is the offending field: "op", "kind", "id", "scope", "data",
	// "expect_version", "actor", "changes", "prefix", "scopes",
	// "page_size", "page_token", "limit".
	Field   string
	Message string
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Change >= 0 {
		fmt.Fprintf(&b, "change %d", p.Change)
	}
	if p.ID != "" {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		if p.Change >= 0 {
			b.WriteString("(")
		}
		b.WriteString(kindLabel(p.Kind) + " " + quote(p.ID))
		if p.Change >= 0 {
			b.WriteString(")")
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(p.Field + ": " + p.Message)
	return b.String()
}

// ValidationError reports every problem found in a call's input; nothing
// was read or written. errors.Is(err, [ErrInvalid]) holds.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	if len(e.Problems) == 1 {
		return "store: " + e.Problems[0].String()
	}
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return fmt.Sprintf("store: %d problems: %s", len(e.Problems), strings.Join(parts, "; "))
}

// Unwrap returns [ErrInvalid].
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// NotFoundError is a record that does not exist. errors.Is(err,
// [ErrNotFound]) holds.
type NotFoundError struct {
	Change int // position in an Apply's changes; -1 for Get
	Kind   Kind
	ID     string
}

func (e *NotFoundError) Error() string {
	return "store: " + where(e.Change) + kindLabel(e.Kind) + " " + quote(e.ID) + ": not found"
}

// Unwrap returns [ErrNotFound].
func (e *NotFoundError) Unwrap() error { return ErrNotFound }

// ConflictError is a change whose expected version did not hold: someone
// else changed the record first. errors.Is(err, [ErrConflict]) holds.
type ConflictError struct {
	Change int // position in the Apply's changes
	Kind   Kind
	ID     string
	// Expected is the change's ExpectVersion ([ExpectAbsent] for none);
	// Actual is the record's version, 0 when it does not exist.
	Expected, Actual int64
}

func (e *ConflictError) Error() string {
	want := "version " + strconv.FormatInt(e.Expected, 10)
	if e.Expected == ExpectAbsent {
		want = "no record"
	}
	got := "version " + strconv.FormatInt(e.Actual, 10)
	if e.Actual == 0 {
		got = "none"
	}
	return "store: " + where(e.Change) + kindLabel(e.Kind) + " " + quote(e.ID) +
		": version conflict: expected " + want + ", found " + got
}

// Unwrap returns [ErrConflict].
func (e *ConflictError) Unwrap() error { return ErrConflict }

func where(change int) string {
	if change < 0 {
		return ""
	}
	return "change " + strconv.Itoa(change) + ": "
}

func kindLabel(k Kind) string {
	if k == "" {
		return "record"
	}
	if validKind(k) {
		return string(k)
	}
	return "kind " + quote(string(k))
}

// quote quotes s for an error message, cut to 64 bytes so that a hostile
// id cannot flood a log.
func quote(s string) string {
	const max = 64
	if len(s) <= max {
		return strconv.Quote(s)
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + fmt.Sprintf("…(%d bytes)", len(s))
}

func uitoa(u uint64) string { return strconv.FormatUint(u, 10) }
