// Package serverstore lets the zeren.v1 handler ([server.New]) keep its
// documents in zerend's databases: [Store] adapts a [store.Store] (SQLite or
// PostgreSQL, with the hash-chained audit log) to the [server.Store]
// interface.
//
// The mapping is direct — kinds, ids, scopes, versions and page tokens pass
// through — with three points of translation:
//
//   - A [server.Change] with nil Data is a delete ([store.OpDelete]). The
//     server's contract makes deleting a missing record without an expected
//     version a no-op, where the store reports it; Store drops such deletes
//     and applies the rest, so the batch stays all-or-nothing.
//   - Errors keep their store type (errors.As finds *[store.ConflictError]
//     and *[store.NotFoundError]) and also match [server.ErrConflict] and
//     [server.ErrNotFound], which the server maps to ABORTED and NOT_FOUND.
//   - Input the store rejects (a hostile id, an oversized document, …) is a
//     *[store.ValidationError]; Store returns it as a Connect
//     INVALID_ARGUMENT error with one zeren.v1.ValidationProblem detail per
//     problem, so a caller learns which record and field were wrong instead
//     of seeing an internal error.
package serverstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"connectrpc.com/connect"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/server"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

// Store is a [server.Store] over a [store.Store]. It is safe for concurrent
// use, as the store it wraps is. Closing the underlying store is the
// caller's business.
type Store struct {
	db store.Store
}

var (
	_ server.Store     = (*Store)(nil)
	_ server.Versioner = (*Store)(nil)
	_ server.RunLocker = (*Store)(nil)
)

// New returns the adapter over db.
func New(db store.Store) *Store { return &Store{db: db} }

// Get implements [server.Store].
func (s *Store) Get(ctx context.Context, kind, id string) (server.Record, error) {
	r, err := s.db.Get(ctx, store.Kind(kind), id)
	if err != nil {
		return server.Record{}, mapError(err)
	}
	return record(r), nil
}

// Version implements [server.Versioner] when the wrapped store can report
// versions (zerend's SQLite and PostgreSQL stores do); otherwise it reads
// the record.
func (s *Store) Version(ctx context.Context, kind, id string) (int64, error) {
	if v, ok := s.db.(interface {
		Version(context.Context, store.Kind, string) (int64, error)
	}); ok {
		n, err := v.Version(ctx, store.Kind(kind), id)
		return n, mapError(err)
	}
	r, err := s.Get(ctx, kind, id)
	return r.Version, err
}

// Versions implements [server.Versioner]: one read when the wrapped store
// can (zerend's can), else a Version a record.
func (s *Store) Versions(ctx context.Context, keys ...server.Key) ([]int64, error) {
	if v, ok := s.db.(interface {
		Versions(context.Context, ...store.KindID) ([]int64, error)
	}); ok {
		ks := make([]store.KindID, len(keys))
		for i, k := range keys {
			ks[i] = store.KindID{Kind: store.Kind(k.Kind), ID: k.ID}
		}
		out, err := v.Versions(ctx, ks...)
		return out, mapError(err)
	}
	out := make([]int64, len(keys))
	for i, k := range keys {
		n, err := s.Version(ctx, k.Kind, k.ID)
		if err != nil && !errors.Is(err, server.ErrNotFound) {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// LockRun implements [server.RunLocker]: on PostgreSQL the lock is held
// across every zerend sharing the database ([store.DB.LockName]); over a
// store that cannot lock across processes (SQLite, written by one process)
// unlock does nothing and the server's own lock serialises its callers.
func (s *Store) LockRun(ctx context.Context, key string) (unlock func(), err error) {
	if l, ok := s.db.(interface {
		LockName(context.Context, string) (func(), error)
	}); ok {
		return l.LockName(ctx, key)
	}
	return func() {}, nil
}

// List implements [server.Store].
func (s *Store) List(ctx context.Context, kind string, q server.ListQuery) (server.Page, error) {
	p, err := s.db.List(ctx, store.Kind(kind), store.ListQuery{
		Prefix: q.Prefix, Scopes: q.Scopes, PageSize: q.PageSize, PageToken: q.PageToken,
	})
	if err != nil {
		return server.Page{}, mapError(err)
	}
	out := server.Page{Records: make([]server.Record, len(p.Records)), NextPageToken: p.NextPageToken}
	for i, r := range p.Records {
		out.Records[i] = record(r)
	}
	return out, nil
}

// Apply implements [server.Store]. It makes every change or none, and the
// store appends one audit entry per change in the same transaction.
func (s *Store) Apply(ctx context.Context, actor string, changes []server.Change) error {
	if strings.TrimSpace(actor) == "" {
		return mapError(&store.ValidationError{Problems: []store.Problem{{Change: -1, Field: "actor", Message: "is empty"}}})
	}
	cs := make([]store.Change, len(changes))
	pos := make([]int, len(changes)) // cs[i] is changes[pos[i]]
	for i, c := range changes {
		cs[i] = store.Change{Op: store.OpPut, Kind: store.Kind(c.Kind), ID: c.ID, Scope: c.Scope, Data: c.Data, ExpectVersion: c.ExpectVersion}
		if c.Data == nil {
			cs[i].Op, cs[i].Scope = store.OpDelete, ""
		}
		pos[i] = i
	}
	// Each round drops one delete of a record that is already gone, so the
	// loop ends after at most len(changes) rounds.
	for {
		if len(cs) == 0 {
			return nil
		}
		_, err := s.db.Apply(ctx, actor, cs)
		var nf *store.NotFoundError
		if !errors.As(err, &nf) || nf.Change < 0 || nf.Change >= len(cs) ||
			cs[nf.Change].Op != store.OpDelete || cs[nf.Change].ExpectVersion != 0 {
			return mapError(renumber(err, pos))
		}
		cs = append(cs[:nf.Change], cs[nf.Change+1:]...)
		pos = append(pos[:nf.Change], pos[nf.Change+1:]...)
	}
}

func record(r store.Record) server.Record {
	return server.Record{Kind: string(r.Kind), ID: r.ID, Scope: r.Scope, Version: r.Version, Data: r.Data}
}

// renumber makes the change positions of a store error refer to the
// caller's changes after deletes were dropped.
func renumber(err error, pos []int) error {
	at := func(i int) int {
		if i >= 0 && i < len(pos) {
			return pos[i]
		}
		return i
	}
	var ve *store.ValidationError
	var ce *store.ConflictError
	var nf *store.NotFoundError
	switch {
	case errors.As(err, &ve):
		for i := range ve.Problems {
			ve.Problems[i].Change = at(ve.Problems[i].Change)
		}
	case errors.As(err, &ce):
		ce.Change = at(ce.Change)
	case errors.As(err, &nf):
		nf.Change = at(nf.Change)
	}
	return err
}

// mapped is a store error that also matches a server sentinel.
type mapped struct {
	err      error
	sentinel error
}

func (m *mapped) Error() string   { return m.err.Error() }
func (m *mapped) Unwrap() []error { return []error{m.err, m.sentinel} }

// mapError gives store errors the server's meaning.
func mapError(err error) error {
	var ve *store.ValidationError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNotFound):
		return &mapped{err, server.ErrNotFound}
	case errors.Is(err, store.ErrConflict):
		return &mapped{err, server.ErrConflict}
	case errors.As(err, &ve):
		ce := connect.NewError(connect.CodeInvalidArgument, err)
		for _, p := range ve.Problems {
			vp := &zerenv1.ValidationProblem{Record: string(p.Kind), Id: p.ID, Field: p.Field, Message: p.Message}
			if p.Kind == "" {
				vp.Record = "request"
			}
			if d, derr := connect.NewErrorDetail(vp); derr == nil {
				ce.AddDetail(d)
			}
		}
		return ce
	}
	return fmt.Errorf("store: %w", err)
}
