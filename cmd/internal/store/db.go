package store

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
)

// DB is a [Store] kept in SQLite ([OpenSQLite]) or PostgreSQL
// ([OpenPostgres]). It is safe for concurrent use.
type DB struct {
	b        backend
	d        *dialect
	clock    func() time.Time
	target   string     // the path or DSN it was opened with
	key      *AuditKey  // nil for an unkeyed store
	keyRec   *KeyRecord // the database's key record as of opening, if any
	readOnly bool
	schema   int // the schema version of a read-only store (not migrated)
	// stepwise makes Apply on PostgreSQL read and write statement by
	// statement, as SQLite does, instead of pipelined: the baseline of
	// BenchmarkApplyPipeline (set through export_test.go only).
	stepwise bool
}

var _ Store = (*DB)(nil)

// Open opens the store at target: a PostgreSQL URL (postgres://… or
// postgresql://…) with [OpenPostgres], anything else as an SQLite file path
// (an optional "sqlite:" prefix is dropped) with [OpenSQLite].
func Open(ctx context.Context, target string, opts ...Option) (*DB, error) {
	if strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://") {
		return OpenPostgres(ctx, target, opts...)
	}
	return OpenSQLite(ctx, strings.TrimPrefix(target, "sqlite:"), opts...)
}

// Backend names the database: "sqlite" or "postgres".
func (s *DB) Backend() string { return s.d.name }

// Close releases the database connections.
func (s *DB) Close() error { return s.b.close() }

func fromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }

const recordColumns = "id, scope, version, data, updated_at, updated_by"

func scanRecord(sc scanner, kind Kind) (Record, error) {
	r := Record{Kind: kind}
	var at int64
	if err := sc.Scan(&r.ID, &r.Scope, &r.Version, &r.Data, &at, &r.UpdatedBy); err != nil {
		return r, err
	}
	if r.Data == nil {
		r.Data = []byte{}
	}
	r.UpdatedAt = fromNanos(at)
	return r, nil
}

// Get implements [Store.Get].
func (s *DB) Get(ctx context.Context, kind Kind, id string) (Record, error) {
	if err := validateKey(kind, id); err != nil {
		return Record{}, err
	}
	r, err := scanRecord(s.b.reader().queryRow(ctx,
		"SELECT "+recordColumns+" FROM records WHERE kind = ? AND id = ?", string(kind), id), kind)
	if isNoRows(err) {
		return Record{}, &NotFoundError{Change: -1, Kind: kind, ID: id}
	}
	if err != nil {
		return Record{}, fmt.Errorf("store: get %s %s: %w", kind, quote(id), err)
	}
	return r, nil
}

// Version returns a record's version without reading its data, or a
// *NotFoundError. The server asks it on every call to know whether what it
// built from a record is still current.
func (s *DB) Version(ctx context.Context, kind Kind, id string) (int64, error) {
	if err := validateKey(kind, id); err != nil {
		return 0, err
	}
	var v int64
	err := s.b.reader().queryRow(ctx, "SELECT version FROM records WHERE kind = ? AND id = ?", string(kind), id).Scan(&v)
	if isNoRows(err) {
		return 0, &NotFoundError{Change: -1, Kind: kind, ID: id}
	}
	if err != nil {
		return 0, fmt.Errorf("store: version of %s %s: %w", kind, quote(id), err)
	}
	return v, nil
}

// KindID names a record.
type KindID struct {
	Kind Kind
	ID   string
}

// maxVersions is the most records one Versions call reads.
const maxVersions = 16

// Versions returns the versions of up to 16 records in one query, 0 for
// one that is missing: a server checking that the structure and its
// framework are unchanged before each call asks once, not twice.
func (s *DB) Versions(ctx context.Context, keys ...KindID) ([]int64, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	if len(keys) > maxVersions {
		return nil, fmt.Errorf("store: versions of %d records, more than the %d one read allows", len(keys), maxVersions)
	}
	var q strings.Builder
	q.WriteString("SELECT kind, id, version FROM records WHERE ")
	args := make([]any, 0, 2*len(keys))
	for i, k := range keys {
		if err := validateKey(k.Kind, k.ID); err != nil {
			return nil, err
		}
		if i > 0 {
			q.WriteString(" OR ")
		}
		q.WriteString("(kind = ? AND id = ?)")
		args = append(args, string(k.Kind), k.ID)
	}
	out := make([]int64, len(keys))
	rs, err := s.b.reader().query(ctx, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("store: versions: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var kind, id string
		var v int64
		if err := rs.Scan(&kind, &id, &v); err != nil {
			return nil, fmt.Errorf("store: versions: %w", err)
		}
		for i, k := range keys {
			if string(k.Kind) == kind && k.ID == id {
				out[i] = v
			}
		}
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("store: versions: %w", err)
	}
	return out, nil
}

// List implements [Store.List].
func (s *DB) List(ctx context.Context, kind Kind, q ListQuery) (Page, error) {
	a, err := validateList(kind, q)
	if err != nil {
		return Page{}, err
	}
	if a.filter && len(a.scopes) == 0 {
		return Page{}, nil
	}
	from, cond, args := s.listWhere(kind, a)

	var page Page
	err = s.b.view(ctx, func(tx querier) error {
		// One read in id order: a page holds at most size records and
		// MaxPageBytes of data (but at least one record). The record after
		// the page is read to know that more follow, and dropped: a list
		// reads at most one record more than it returns. (Cutting the page
		// first on (id, length) cost a second lookup of every row.)
		rs, err := tx.query(ctx, "SELECT "+recordColumns+" FROM "+from+" WHERE "+cond+" ORDER BY id LIMIT ?",
			append(args, a.size+1)...)
		if err != nil {
			return err
		}
		defer rs.Close()
		var total int64
		more := false
		for rs.Next() {
			r, err := scanRecord(rs, kind)
			if err != nil {
				return err
			}
			if n := len(page.Records); n == a.size || n > 0 && total+int64(len(r.Data)) > MaxPageBytes {
				more = true
				break
			}
			total += int64(len(r.Data))
			page.Records = append(page.Records, r)
		}
		if err := rs.Err(); err != nil {
			return err
		}
		if more {
			page.NextPageToken = encodeToken(page.Records[len(page.Records)-1].ID)
		}
		return nil
	})
	if err != nil {
		return Page{}, fmt.Errorf("store: list %s: %w", kind, err)
	}
	return page, nil
}

// maxIndexedScopes is the largest scope filter a list reads through the
// (kind, scope, id) index: a subtree's organisations, whose records are a
// small share of a kind. One scope is read in id order straight from the
// index; a few are merged with a sort of their records alone.
const maxIndexedScopes = 64

// listWhere returns the FROM clause, the WHERE condition and its arguments
// of a list.
func (s *DB) listWhere(kind Kind, a listArgs) (from, cond string, args []any) {
	from = "records"
	where := []string{"kind = ?"}
	args = []any{string(kind)}
	if a.hasAfter {
		where, args = append(where, "id > ?"), append(args, a.after)
	}
	if a.prefix != "" {
		where, args = append(where, "id >= ?"), append(args, a.prefix)
	}
	if a.hasUpper {
		where, args = append(where, "id < ?"), append(args, a.upper)
	}
	if a.filter {
		if len(a.scopes) == 1 {
			where, args = append(where, "scope = ?"), append(args, a.scopes[0])
		} else {
			where, args = append(where, s.d.scopeIn), append(args, s.d.scopeArg(a.scopes))
		}
		if s.d.scopeIndex != "" && len(a.scopes) <= maxIndexedScopes {
			from += " " + s.d.scopeIndex
		}
	}
	return from, strings.Join(where, " AND "), args
}

// cutPage reads (key, size) rows and returns the last key of a page of at
// most size rows and MaxPageBytes (but at least one row), how many rows it
// holds and whether more follow.
func cutPage[K any](ctx context.Context, tx querier, query string, args []any, size int) (last K, n int, more bool, err error) {
	rs, err := tx.query(ctx, query, args...)
	if err != nil {
		return last, 0, false, err
	}
	defer rs.Close()
	var total int64
	for rs.Next() {
		var key K
		var bytes int64
		if err := rs.Scan(&key, &bytes); err != nil {
			return last, 0, false, err
		}
		if n == size || n > 0 && total+bytes > MaxPageBytes {
			more = true
			break
		}
		n, total, last = n+1, total+bytes, key
	}
	return last, n, more, rs.Err()
}

const auditColumns = "seq, at, actor, kind, id, scope, action, version, before, after, prev_hash, hash"

func scanEntry(sc scanner) (AuditEntry, error) {
	var e AuditEntry
	var seq, at int64
	var kind, action string
	err := sc.Scan(&seq, &at, &e.Actor, &kind, &e.ID, &e.Scope, &action, &e.Version, &e.Before, &e.After, &e.PrevHash, &e.Hash)
	e.Seq, e.At, e.Kind, e.Action = uint64(seq), fromNanos(at), Kind(kind), Action(action)
	return e, err
}

// Audit implements [Store.Audit].
func (s *DB) Audit(ctx context.Context, after uint64, limit int) ([]AuditEntry, error) {
	limit, err := auditLimit(limit)
	if err != nil || after >= math.MaxInt64 {
		return nil, err
	}
	var out []AuditEntry
	err = s.b.view(ctx, func(tx querier) error {
		last, n, _, err := cutPage[int64](ctx, tx,
			"SELECT seq, COALESCE("+s.d.length+"(before), 0) + COALESCE("+s.d.length+"(after), 0) FROM audit WHERE seq > ? ORDER BY seq LIMIT ?",
			[]any{int64(after), limit + 1}, limit)
		if err != nil || n == 0 {
			return err
		}
		rs, err := tx.query(ctx, "SELECT "+auditColumns+" FROM audit WHERE seq > ? AND seq <= ? ORDER BY seq", int64(after), last)
		if err != nil {
			return err
		}
		defer rs.Close()
		out = make([]AuditEntry, 0, n)
		for rs.Next() {
			e, err := scanEntry(rs)
			if err != nil {
				return err
			}
			if e.Action != ActionCreate && e.Before == nil {
				e.Before = []byte{}
			}
			if e.Action != ActionDelete && e.After == nil {
				e.After = []byte{}
			}
			out = append(out, e)
		}
		return rs.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: read the audit log after entry %d: %w", after, err)
	}
	return out, nil
}
