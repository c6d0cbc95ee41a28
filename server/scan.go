package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/responsibility"
)

// idProblem says what is wrong with an id a caller chose, or "" when
// nothing is: the stores' rules (valid UTF-8 without control or format
// characters, no surrounding white space), at most maxIDBytes and, since
// the server composes keys with "/", no slash.
func idProblem(id string) string {
	if strings.Contains(id, "/") {
		return `contains "/"`
	}
	return textProblem(id, maxIDBytes)
}

// keyProblem is idProblem for a key the server composed: slashes allowed,
// up to the stores' 256 bytes.
func keyProblem(key string) string { return textProblem(key, 256) }

func textProblem(s string, max int) string {
	switch {
	case s == "":
		return "is empty"
	case len(s) > max:
		return fmt.Sprintf("is %d bytes, more than the %d allowed", len(s), max)
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	case strings.TrimSpace(s) != s:
		return "has leading or trailing white space"
	}
	for i, r := range s {
		if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs, unicode.Zl, unicode.Zp) {
			return fmt.Sprintf("has the character %U at byte %d; control and format characters are not allowed", r, i)
		}
	}
	return ""
}

// checkID reports an id that idProblem rejects as a bad request field.
func checkID(field, id string) error {
	if p := idProblem(id); p != "" {
		return invalid(field, errors.New(p))
	}
	return nil
}

// checkText reports a remark that is too long or not UTF-8.
func checkText(field, s string) error {
	switch {
	case len(s) > maxNoteBytes:
		return invalid(field, fmt.Errorf("is %d bytes, more than the %d allowed", len(s), maxNoteBytes))
	case !utf8.ValidString(s):
		return invalid(field, errors.New("is not valid UTF-8"))
	}
	return nil
}

// checkLen rejects a list longer than max before any work.
func checkLen(field string, n, max int) error {
	if n > max {
		return invalid(field, fmt.Errorf("holds %d items, more than the %d allowed", n, max))
	}
	return nil
}

// visibility is the set of organisations a read may return: nil means
// every organisation (the 机关工委 asking about everything).
type visibility struct {
	all  bool
	orgs map[string]bool
	list []string
}

// sees reports whether a record scoped to an organisation is visible.
func (v visibility) sees(scope string) bool { return v.all || v.orgs[scope] }

// query returns the Scopes of a ListQuery: nil for all, the list when it
// is small enough for the store, else nil and the caller filters with sees.
func (v visibility) query() []string {
	if v.all || len(v.list) > maxScopes {
		return nil
	}
	return v.list
}

// visible returns what a caller may read under orgID (its root when
// empty): the organisation's subtree, which must lie in the caller's.
func visible(ctx context.Context, h *responsibility.Hierarchy, orgID string) (visibility, error) {
	p, _ := PrincipalFrom(ctx)
	if orgID == "" {
		if p.All() {
			return visibility{all: true}, nil
		}
		orgID = p.Root
	} else if err := inScope(ctx, h, orgID); err != nil {
		return visibility{}, err
	}
	v := visibility{orgs: map[string]bool{}, list: []string{}}
	sub, err := h.Subtree(orgID)
	if err != nil {
		// The caller's root is no longer in the structure: it sees nothing.
		return v, nil
	}
	for _, o := range sub {
		v.orgs[o.GetId()] = true
		v.list = append(v.list, o.GetId())
	}
	return v, nil
}

// cursor is the page token the server issues: the store's token of the
// page being read, how many of its records were already returned, and a
// fingerprint of the query so that a token is not reused with other
// filters.
type cursor struct {
	T string `json:"t,omitempty"`
	S int    `json:"s,omitempty"`
	F string `json:"f"`
}

func fingerprint(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:6])
}

func (s *Server) decodeCursor(ctx context.Context, tok, fp string) (cursor, error) {
	if tok == "" {
		return cursor{F: fp}, nil
	}
	raw, err := s.tokens.open(ctx, fp, tok)
	if err != nil {
		return cursor{}, err
	}
	var c cursor
	if err := json.Unmarshal(raw, &c); err != nil || c.F != fp || c.S < 0 || c.S > storePage {
		return cursor{}, badToken()
	}
	return c, nil
}

func (s *Server) encodeCursor(ctx context.Context, c cursor) string {
	b, _ := json.Marshal(c)
	return s.tokens.seal(ctx, c.F, b)
}

// scan returns up to size records of a kind under a prefix that the
// visibility admits and keep accepts, from a page token, and the token of
// the next page ("" at the end). fp fingerprints the query's filters.
func (s *Server) scan(ctx context.Context, kind, prefix string, v visibility, size int, tok, fp string,
	keep func(Record) (bool, error)) ([]Record, string, error) {
	c, err := s.decodeCursor(ctx, tok, fp)
	if err != nil {
		return nil, "", err
	}
	var out []Record
	for {
		page, err := s.store.List(ctx, kind, ListQuery{Prefix: prefix, Scopes: v.query(), PageSize: storePage, PageToken: c.T})
		if err != nil {
			if c.T != "" {
				return nil, "", invalid("page_token", fmt.Errorf("is not a token this server issued: %w", err))
			}
			return nil, "", err
		}
		for i := min(c.S, len(page.Records)); i < len(page.Records); i++ {
			r := page.Records[i]
			if !v.sees(r.Scope) {
				continue
			}
			if keep != nil {
				ok, err := keep(r)
				if err != nil {
					return nil, "", err
				}
				if !ok {
					continue
				}
			}
			out = append(out, r)
			if len(out) == size {
				switch {
				case i+1 < len(page.Records):
					return out, s.encodeCursor(ctx, cursor{T: c.T, S: i + 1, F: fp}), nil
				case page.NextPageToken != "":
					return out, s.encodeCursor(ctx, cursor{T: page.NextPageToken, F: fp}), nil
				}
				return out, "", nil
			}
		}
		if page.NextPageToken == "" {
			return out, "", nil
		}
		if err := ctx.Err(); err != nil {
			return nil, "", err
		}
		c = cursor{T: page.NextPageToken, F: fp}
	}
}

// each calls fn for every record of a kind under a prefix that the
// visibility admits, page by page.
func (s *Server) each(ctx context.Context, kind, prefix string, v visibility, fn func(Record) error) error {
	tok := ""
	for {
		page, err := s.store.List(ctx, kind, ListQuery{Prefix: prefix, Scopes: v.query(), PageSize: storePage, PageToken: tok})
		if err != nil {
			return err
		}
		for _, r := range page.Records {
			if v.sees(r.Scope) {
				if err := fn(r); err != nil {
					return err
				}
			}
		}
		if page.NextPageToken == "" {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		tok = page.NextPageToken
	}
}

// eachIn calls fn for every record of a kind under a prefix whose scope
// is one of scopes, a scope at a time in the order given, each scope's in
// id order. A store reads one scope's records straight from its (kind,
// scope, id) index, where a list of many scopes in id order walks the
// whole kind under the prefix: a batch of a province's units reading their
// assignments would read the year's for every batch.
func (s *Server) eachIn(ctx context.Context, kind, prefix string, scopes []string, fn func(Record) error) error {
	for _, sc := range scopes {
		if err := s.each(ctx, kind, prefix, visibility{orgs: map[string]bool{sc: true}, list: []string{sc}}, fn); err != nil {
			return err
		}
	}
	return nil
}

// loadAll unmarshals every record of a kind under a prefix into messages
// made by mk, with their store versions.
func loadAll[M proto.Message](ctx context.Context, s *Server, kind, prefix string, v visibility, mk func() M) ([]M, []Record, error) {
	return collect(kind, mk, func(fn func(Record) error) error { return s.each(ctx, kind, prefix, v, fn) })
}

// loadIn is loadAll for the records of some scopes, read scope by scope
// (see eachIn), in the order of the scopes. Many scopes are read in two
// halves at once, so that decoding one half overlaps reading the other.
func loadIn[M proto.Message](ctx context.Context, s *Server, kind, prefix string, scopes []string, mk func() M) ([]M, []Record, error) {
	read := func(scopes []string) ([]M, []Record, error) {
		return collect(kind, mk, func(fn func(Record) error) error { return s.eachIn(ctx, kind, prefix, scopes, fn) })
	}
	if len(scopes) < 8 {
		return read(scopes)
	}
	half := len(scopes) / 2
	var (
		wg         sync.WaitGroup
		second     []M
		secondRecs []Record
		secondErr  error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		second, secondRecs, secondErr = read(scopes[half:])
	}()
	ms, rs, err := read(scopes[:half])
	wg.Wait()
	if err != nil {
		return nil, nil, err
	}
	if secondErr != nil {
		return nil, nil, secondErr
	}
	return append(ms, second...), append(rs, secondRecs...), nil
}

// collect unmarshals the records a walk yields, keeping their versions.
func collect[M proto.Message](kind string, mk func() M, walk func(func(Record) error) error) ([]M, []Record, error) {
	var ms []M
	var rs []Record
	err := walk(func(r Record) error {
		m := mk()
		if err := proto.Unmarshal(r.Data, m); err != nil {
			return fmt.Errorf("stored %s %q is corrupt: %w", kind, r.ID, err)
		}
		ms = append(ms, m)
		r.Data = nil
		rs = append(rs, r)
		return nil
	})
	return ms, rs, err
}

// marshal encodes a message for the store, deterministically.
func marshal(m proto.Message) ([]byte, error) {
	return proto.MarshalOptions{Deterministic: true}.Marshal(m)
}

// apply writes changes in batches of at most maxBatch, as the caller. Each
// batch is atomic; a call that needs more than one batch says so in its
// documentation.
func (s *Server) apply(ctx context.Context, changes []Change) error {
	p, _ := PrincipalFrom(ctx)
	for len(changes) > 0 {
		n := min(len(changes), s.applyBatch)
		if err := s.store.Apply(ctx, p.Subject, changes[:n]); err != nil {
			return err
		}
		changes = changes[n:]
	}
	return nil
}

// listQuery is what a List call asks: the records of one kind under a
// prefix, in the subtree of an organisation (default: the caller's root),
// one page, with fp fingerprinting its filters for the page token.
type listQuery struct {
	kind, prefix, orgID, token, fp string
	size                           int32
}

// listVisible pages through the decoded messages of a kind that the caller
// sees and that match accepts (nil accepts all).
func listVisible[T proto.Message](ctx context.Context, s *Server, q listQuery, newT func() T, match func(T) bool) ([]T, string, error) {
	size, err := pageSize(q.size)
	if err != nil {
		return nil, "", err
	}
	h, err := s.hierarchy(ctx)
	if err != nil {
		return nil, "", toConnect(err)
	}
	v, err := visible(ctx, h, q.orgID)
	if err != nil {
		return nil, "", err
	}
	decode := func(r Record) (T, error) {
		m := newT()
		if err := proto.Unmarshal(r.Data, m); err != nil {
			return m, fmt.Errorf("stored %s %q is corrupt: %w", q.kind, r.ID, err)
		}
		return m, nil
	}
	var keep func(Record) (bool, error)
	if match != nil {
		keep = func(r Record) (bool, error) {
			m, err := decode(r)
			return err == nil && match(m), err
		}
	}
	recs, next, err := s.scan(ctx, q.kind, q.prefix, v, size, q.token, q.fp, keep)
	if err != nil {
		return nil, "", toConnect(err)
	}
	out := make([]T, 0, len(recs))
	for _, r := range recs {
		m, err := decode(r)
		if err != nil {
			return nil, "", toConnect(err)
		}
		out = append(out, m)
	}
	return out, next, nil
}
