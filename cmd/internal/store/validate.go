package store

import (
	"encoding/base64"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what the store accepts. Input past them is rejected with a
// *[ValidationError] before the database is touched.
const (
	MaxKindBytes    = 64
	MaxIDBytes      = 256
	MaxScopeBytes   = 256
	MaxActorBytes   = 256
	MaxDataBytes    = 32 << 20 // one record's data
	MaxChanges      = 10000    // changes in one Apply
	MaxApplyBytes   = 64 << 20 // data of all changes in one Apply
	MaxScopes       = 10000    // scopes in one ListQuery
	DefaultPageSize = 100
	MaxPageSize     = 1000
	MaxPageBytes    = 16 << 20 // data in one page of List or Audit
)

func validKind(k Kind) bool {
	if len(k) == 0 || len(k) > MaxKindBytes || k[0] < 'a' || k[0] > 'z' {
		return false
	}
	for i := 1; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// textProblem says what is wrong with an id, scope or actor, or "" when
// nothing is: it must be valid UTF-8 of at most max bytes, without control,
// format (such as bidirectional overrides), private-use or line-separator
// characters, and without leading or trailing white space.
func textProblem(s string, max int) string {
	if strings.TrimSpace(s) != s && len(s) <= max && utf8.ValidString(s) {
		return "has leading or trailing white space"
	}
	return charProblem(s, max)
}

// charProblem is textProblem without the white-space rule, for prefixes.
func charProblem(s string, max int) string {
	switch {
	case len(s) > max:
		return fmt.Sprintf("is %d bytes, more than the %d allowed", len(s), max)
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	}
	for i, r := range s {
		if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs, unicode.Zl, unicode.Zp) {
			return fmt.Sprintf("has the character %U at byte %d; control and format characters are not allowed", r, i)
		}
	}
	return ""
}

type problems []Problem

func (ps *problems) add(change int, kind Kind, id, field, msg string) {
	*ps = append(*ps, Problem{Change: change, Kind: kind, ID: id, Field: field, Message: msg})
}

func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return &ValidationError{Problems: ps}
}

func (ps *problems) key(change int, kind Kind, id string) {
	if !validKind(kind) {
		msg := "must be 1 to 64 bytes of a-z, 0-9 and _, starting with a letter"
		if kind == "" {
			msg = "is required"
		}
		ps.add(change, kind, id, "kind", msg)
	}
	if id == "" {
		ps.add(change, kind, id, "id", "is required")
	} else if msg := textProblem(id, MaxIDBytes); msg != "" {
		ps.add(change, kind, id, "id", msg)
	}
}

func validateKey(kind Kind, id string) error {
	var ps problems
	ps.key(-1, kind, id)
	return ps.err()
}

func validateApply(actor string, changes []Change) error {
	var ps problems
	if actor == "" {
		ps.add(-1, "", "", "actor", "is required")
	} else if msg := textProblem(actor, MaxActorBytes); msg != "" {
		ps.add(-1, "", "", "actor", msg)
	}
	switch {
	case len(changes) == 0:
		ps.add(-1, "", "", "changes", "at least one change is required")
	case len(changes) > MaxChanges:
		ps.add(-1, "", "", "changes", fmt.Sprintf("%d changes, more than the %d allowed in one apply", len(changes), MaxChanges))
		return ps.err() // do not walk a hostile number of changes
	}
	total := 0
	for i, c := range changes {
		kind, id := c.Kind, c.ID
		ps.key(i, kind, id)
		if msg := textProblem(c.Scope, MaxScopeBytes); msg != "" {
			ps.add(i, kind, id, "scope", msg)
		}
		if c.ExpectVersion < ExpectAbsent {
			ps.add(i, kind, id, "expect_version", fmt.Sprintf("is %d; use 0, a version, or ExpectAbsent (-1)", c.ExpectVersion))
		}
		switch c.Op {
		case OpPut:
			if len(c.Data) > MaxDataBytes {
				ps.add(i, kind, id, "data", fmt.Sprintf("is %d bytes, more than the %d allowed", len(c.Data), MaxDataBytes))
			}
			total += len(c.Data)
		case OpDelete:
			if len(c.Data) > 0 {
				ps.add(i, kind, id, "data", "must be empty for a delete")
			}
			if c.Scope != "" {
				ps.add(i, kind, id, "scope", "must be empty for a delete")
			}
			if c.ExpectVersion == ExpectAbsent {
				ps.add(i, kind, id, "expect_version", "a delete cannot expect the record to be absent")
			}
		case "":
			ps.add(i, kind, id, "op", "is required: put or delete")
		default:
			ps.add(i, kind, id, "op", fmt.Sprintf("is %s; use put or delete", quote(string(c.Op))))
		}
	}
	if total > MaxApplyBytes {
		ps.add(-1, "", "", "changes", fmt.Sprintf("carry %d bytes of data, more than the %d allowed in one apply", total, MaxApplyBytes))
	}
	return ps.err()
}

// listArgs is a validated ListQuery.
type listArgs struct {
	after    string // exclusive lower bound from the page token
	hasAfter bool
	prefix   string
	upper    string // exclusive upper bound for the prefix
	hasUpper bool
	scopes   []string
	filter   bool // scopes given
	size     int
}

func validateList(kind Kind, q ListQuery) (listArgs, error) {
	var ps problems
	a := listArgs{prefix: q.Prefix, scopes: q.Scopes, filter: q.Scopes != nil}
	if !validKind(kind) {
		ps.add(-1, kind, "", "kind", "must be 1 to 64 bytes of a-z, 0-9 and _, starting with a letter")
	}
	if q.Prefix != "" {
		if msg := charProblem(q.Prefix, MaxIDBytes); msg != "" {
			ps.add(-1, kind, "", "prefix", msg)
		} else {
			a.upper, a.hasUpper = prefixEnd(q.Prefix)
		}
	}
	if len(q.Scopes) > MaxScopes {
		ps.add(-1, kind, "", "scopes", fmt.Sprintf("has %d scopes, more than the %d allowed", len(q.Scopes), MaxScopes))
	} else {
		for i, s := range q.Scopes {
			if msg := textProblem(s, MaxScopeBytes); msg != "" {
				ps.add(-1, kind, "", "scopes", fmt.Sprintf("scope %d %s", i, msg))
				break
			}
		}
	}
	switch {
	case q.PageSize < 0:
		ps.add(-1, kind, "", "page_size", fmt.Sprintf("is %d; it must not be negative", q.PageSize))
	case q.PageSize == 0:
		a.size = DefaultPageSize
	default:
		a.size = min(q.PageSize, MaxPageSize)
	}
	if q.PageToken != "" {
		after, ok := decodeToken(q.PageToken)
		if !ok {
			ps.add(-1, kind, "", "page_token", "is not a token this store issued")
		}
		a.after, a.hasAfter = after, ok
	}
	return a, ps.err()
}

func auditLimit(limit int) (int, error) {
	switch {
	case limit < 0:
		var ps problems
		ps.add(-1, "", "", "limit", fmt.Sprintf("is %d; it must not be negative", limit))
		return 0, ps.err()
	case limit == 0:
		return DefaultPageSize, nil
	default:
		return min(limit, MaxPageSize), nil
	}
}

// prefixEnd returns the smallest string greater than every string that
// starts with prefix, in byte order (which for UTF-8 is code point order):
// the prefix with its last code point incremented, after dropping trailing
// U+10FFFF. ok is false when there is no such bound.
func prefixEnd(prefix string) (end string, ok bool) {
	rs := []rune(prefix)
	for len(rs) > 0 {
		last := rs[len(rs)-1]
		if last == unicode.MaxRune {
			rs = rs[:len(rs)-1]
			continue
		}
		last++
		if last >= 0xD800 && last <= 0xDFFF { // skip the surrogates
			last = 0xE000
		}
		rs[len(rs)-1] = last
		return string(rs), true
	}
	return "", false
}

const tokenPrefix = "z1."

func encodeToken(after string) string {
	return tokenPrefix + base64.RawURLEncoding.EncodeToString([]byte(after))
}

func decodeToken(tok string) (string, bool) {
	rest, ok := strings.CutPrefix(tok, tokenPrefix)
	if !ok || len(rest) > base64.RawURLEncoding.EncodedLen(MaxIDBytes) {
		return "", false
	}
	b, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil || len(b) == 0 || textProblem(string(b), MaxIDBytes) != "" {
		return "", false
	}
	return string(b), true
}
