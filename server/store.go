package server

import (
	"cmp"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Document kinds the server keeps, with the id and scope of their records
// and the zeren.v1 message each holds.
const (
	// KindFramework: a Framework under its id.
	KindFramework = "framework"
	// KindStructure: the Structure, under "current".
	KindStructure = "structure"
	// KindPlan: a Plan under its id.
	KindPlan = "plan"
	// KindPlanYear: under a year ("2026"), a Plan holding only the id and
	// year of that year's plan (a year has one plan).
	KindPlanYear = "plan_year"
	// KindAssignment: an Assignment under "<year>/<assignment id>", scoped
	// to its organisation; retired ones are kept.
	KindAssignment = "assignment"
	// KindCase: a SupervisionCase under its id, scoped to its organisation.
	KindCase = "case"
	// KindFinding: a Finding under its id, scoped to its organisation.
	KindFinding = "finding"
	// KindInspectionPlan: a year's InspectionPlan under the year.
	KindInspectionPlan = "inspection_plan"
	// KindSystem: a PutIndicatorSystemRequest (the indicator system and
	// its triggers) under the system's id.
	KindSystem = "indicator_system"
	// KindRun: a RunAssessmentResponse under the run id
	// ("<system id>/<period label>").
	KindRun = "run"
	// KindRunSystem: the PutIndicatorSystemRequest a run scored with, under
	// "<run id>/<generation>".
	KindRunSystem = "run_system"
	// KindResult: a Result under "<run id>/<generation>/<position>/<unit
	// id>" (position in rank order, zero-padded), scoped to the unit's top
	// organisation.
	KindResult = "result"
	// KindFacts: the UnitFacts a result was computed from, under "<run
	// id>/<generation>/<unit id>", scoped like the result.
	KindFacts = "facts"
	// KindReview: the Review (述职评议 ballots) of a unit in a run, keyed and
	// scoped like its facts.
	KindReview = "review"
	// KindProposal: a Proposal under its id, scoped to the organisation it
	// addresses.
	KindProposal = "proposal"
)

// ErrNotFound is returned by a Store for a record it does not hold.
var ErrNotFound = errors.New("record not found")

// ErrConflict is returned by a Store when a change expected another version.
var ErrConflict = errors.New("version conflict")

// ExpectAbsent in Change.ExpectVersion requires that the record not exist.
const ExpectAbsent = -1

// Record is one stored document: a zeren.v1 message, marshalled
// deterministically, under a kind and an id.
type Record struct {
	// Kind is one of the Kind constants.
	Kind string
	// ID is the document's id.
	ID string
	// Scope is the organisation the document belongs to, for subtree
	// authorisation ("" for documents of the whole locality).
	Scope string
	// Version increments with every change.
	Version int64
	// Data is the marshalled message.
	Data []byte
}

// Change is one put or delete in an atomic Apply.
type Change struct {
	// Kind, ID and Scope name the record.
	Kind, ID, Scope string
	// Data is the new content; nil deletes the record.
	Data []byte
	// ExpectVersion: 0 writes unconditionally, > 0 requires that version,
	// ExpectAbsent requires that the record not exist.
	ExpectVersion int64
}

// ListQuery selects records of one kind.
type ListQuery struct {
	// Prefix keeps ids that start with it.
	Prefix string
	// Scopes keeps records whose scope is listed; nil keeps all.
	Scopes []string
	// PageSize is at most 1000; 0 means 100.
	PageSize int
	// PageToken continues a previous List.
	PageToken string
}

// Page is one page of a List, in id order.
type Page struct {
	Records       []Record
	NextPageToken string
}

// Store keeps the server's documents. Implementations apply a batch of
// changes atomically, record who made them (an audit trail) and are safe for
// concurrent use. The server ships MemoryStore; zerend adds SQLite and
// PostgreSQL stores with a hash-chained audit log.
type Store interface {
	// Get returns a record or an error wrapping ErrNotFound.
	Get(ctx context.Context, kind, id string) (Record, error)
	// List returns a page of records of a kind, in id order.
	List(ctx context.Context, kind string, q ListQuery) (Page, error)
	// Apply writes every change or none, as actor. A failed expectation
	// wraps ErrConflict.
	Apply(ctx context.Context, actor string, changes []Change) error
}

// Versioner is implemented by stores that can report a record's version
// without reading its data. The server uses it to keep its built hierarchy
// while the structure has not changed, instead of reading and decoding a
// province's structure on every call.
type Versioner interface {
	// Version returns the record's version or an error wrapping ErrNotFound.
	Version(ctx context.Context, kind, id string) (int64, error)
	// Versions returns the versions of several records, read at once, 0
	// for one that is missing: the structure's and its framework's, asked
	// before every call, in one read.
	Versions(ctx context.Context, keys ...Key) ([]int64, error)
}

// Key names a record.
type Key struct{ Kind, ID string }

// MemoryStore is a Store in memory, for embedding in a process that keeps
// its own database and for tests. It keeps no audit trail. It is safe for
// concurrent use.
type MemoryStore struct {
	mu   sync.RWMutex
	docs map[string]map[string]Record
}

// NewMemoryStore returns an empty memory store.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{docs: map[string]map[string]Record{}}
}

// Get implements Store.
func (m *MemoryStore) Get(_ context.Context, kind, id string) (Record, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	r, ok := m.docs[kind][id]
	if !ok {
		return Record{}, fmt.Errorf("%s %q: %w", kind, id, ErrNotFound)
	}
	return r, nil
}

// Version implements Versioner.
func (m *MemoryStore) Version(ctx context.Context, kind, id string) (int64, error) {
	r, err := m.Get(ctx, kind, id)
	return r.Version, err
}

// Versions implements Versioner.
func (m *MemoryStore) Versions(ctx context.Context, keys ...Key) ([]int64, error) {
	out := make([]int64, len(keys))
	for i, k := range keys {
		r, err := m.Get(ctx, k.Kind, k.ID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		out[i] = r.Version
	}
	return out, nil
}

// List implements Store.
func (m *MemoryStore) List(_ context.Context, kind string, q ListQuery) (Page, error) {
	size := q.PageSize
	if size <= 0 {
		size = 100
	}
	size = min(size, 1000)
	after := ""
	if q.PageToken != "" {
		b, err := base64.RawURLEncoding.DecodeString(q.PageToken)
		if err != nil {
			return Page{}, fmt.Errorf("page token: %w", err)
		}
		after = string(b)
	}
	m.mu.RLock()
	var out []Record
	for id, r := range m.docs[kind] {
		if id > after && strings.HasPrefix(id, q.Prefix) && (q.Scopes == nil || slices.Contains(q.Scopes, r.Scope)) {
			out = append(out, r)
		}
	}
	m.mu.RUnlock()
	slices.SortFunc(out, func(a, b Record) int { return cmp.Compare(a.ID, b.ID) })
	var p Page
	if len(out) > size {
		out = out[:size]
		p.NextPageToken = base64.RawURLEncoding.EncodeToString([]byte(out[size-1].ID))
	}
	p.Records = out
	return p, nil
}

// Apply implements Store.
func (m *MemoryStore) Apply(_ context.Context, actor string, changes []Change) error {
	if strings.TrimSpace(actor) == "" {
		return errors.New("apply: actor is empty")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range changes {
		cur, ok := m.docs[c.Kind][c.ID]
		switch {
		case c.ExpectVersion == ExpectAbsent && ok,
			c.ExpectVersion > 0 && (!ok || cur.Version != c.ExpectVersion):
			return fmt.Errorf("%s %q: %w", c.Kind, c.ID, ErrConflict)
		}
	}
	for _, c := range changes {
		kind := m.docs[c.Kind]
		if kind == nil {
			kind = map[string]Record{}
			m.docs[c.Kind] = kind
		}
		if c.Data == nil {
			delete(kind, c.ID)
			continue
		}
		kind[c.ID] = Record{Kind: c.Kind, ID: c.ID, Scope: c.Scope, Version: kind[c.ID].Version + 1, Data: c.Data}
	}
	return nil
}
