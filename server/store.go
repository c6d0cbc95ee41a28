package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Document kinds the server keeps.
const (
	KindFramework  = "framework"
	KindStructure  = "structure"
	KindPlan       = "plan"
	KindAssignment = "assignment"
	KindCase       = "case"
	KindSystem     = "indicator_system"
	KindResult     = "result"
	KindProposal   = "proposal"
)

// ErrNotFound is returned by a Store for a record it does not hold.
var ErrNotFound = errors.New("record not found")

// ErrConflict is returned by a Store when a change expected another version.
var ErrConflict = errors.New("version conflict")

// Record is one stored document: a zeren.v1 message, marshalled
// deterministically, under a kind and an id.
type Record struct {
	// Kind is one of the Kind constants.
	Kind string
	// ID is the document's id.
	ID string
	// Scope is the organisation the document belongs to, for subtree
	// authorisation ("" for documents everyone in the locality may read).
	Scope string
	// Version increments with every change; 0 for a record not yet stored.
	Version int64
	// Data is the marshalled message; nil in a Change means delete.
	Data []byte
}

// Change is one put or delete in an atomic Apply.
type Change struct {
	// Record to write; Data nil deletes it.
	Record Record
	// ExpectVersion, when not -1, must equal the stored version (0: absent).
	ExpectVersion int64
}

// Store keeps the server's documents. Implementations must apply a batch of
// changes atomically, record who made them (an audit trail), and be safe for
// concurrent use. The server ships a memory store; zerend adds SQLite and
// PostgreSQL stores.
type Store interface {
	// Get returns a record or ErrNotFound.
	Get(ctx context.Context, kind, id string) (Record, error)
	// List returns up to limit records of a kind with ids after `after`, in
	// id order.
	List(ctx context.Context, kind, after string, limit int) ([]Record, error)
	// Apply writes every change or none, as actor.
	Apply(ctx context.Context, actor string, changes []Change) error
}

// MemoryStore is a Store in memory, for embedding in a process that keeps
// its own database and for tests. It is safe for concurrent use.
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

// List implements Store.
func (m *MemoryStore) List(_ context.Context, kind, after string, limit int) ([]Record, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []Record
	for id, r := range m.docs[kind] {
		if id > after {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b Record) int { return cmp.Compare(a.ID, b.ID) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Apply implements Store.
func (m *MemoryStore) Apply(_ context.Context, actor string, changes []Change) error {
	if strings.TrimSpace(actor) == "" {
		return errors.New("apply: actor is empty")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range changes {
		cur, ok := m.docs[c.Record.Kind][c.Record.ID]
		if c.ExpectVersion >= 0 && ((ok && cur.Version != c.ExpectVersion) || (!ok && c.ExpectVersion != 0)) {
			return fmt.Errorf("%s %q: %w", c.Record.Kind, c.Record.ID, ErrConflict)
		}
	}
	for _, c := range changes {
		kind := m.docs[c.Record.Kind]
		if kind == nil {
			kind = map[string]Record{}
			m.docs[c.Record.Kind] = kind
		}
		if c.Record.Data == nil {
			delete(kind, c.Record.ID)
			continue
		}
		r := c.Record
		r.Version = kind[r.ID].Version + 1
		kind[r.ID] = r
	}
	return nil
}
