package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// querier runs SQL written with ? placeholders, on either database.
type querier interface {
	exec(ctx context.Context, query string, args ...any) error
	queryRow(ctx context.Context, query string, args ...any) scanner
	query(ctx context.Context, query string, args ...any) (rows, error)
}

type scanner interface {
	Scan(dest ...any) error
}

type rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// backend is what differs between SQLite and PostgreSQL: connections,
// transactions and a few pieces of SQL.
type backend interface {
	// reader runs single-statement reads.
	reader() querier
	// view runs fn in a read-only transaction over one snapshot.
	view(ctx context.Context, fn func(querier) error) error
	// update runs fn in a read-write transaction, committed when fn
	// returns nil and rolled back otherwise. Writers serialise on the audit
	// head row (see lockHead).
	update(ctx context.Context, fn func(querier) error) error
	dialect() *dialect
	close() error
}

type dialect struct {
	name string
	// lockHead reads the audit head and, on PostgreSQL, locks it until the
	// transaction ends; SQLite's BEGIN IMMEDIATE already holds the lock.
	lockHead string
	// length of a blob in bytes, without reading it.
	length string
	// scopeIn matches scope against one parameter holding a list.
	scopeIn  string
	scopeArg func([]string) any
	// scopeIndex, when set, follows "records" in a list's FROM clause to
	// make the planner read a scope filter of at most maxIndexedScopes
	// scopes through the (kind, scope, id) index (SQLite, which keeps no
	// statistics unless ANALYZE runs, otherwise walks the whole kind by id
	// and filters: every record of a year to list one unit's).
	scopeIndex string
	// tableExists counts the tables of the current schema named by its
	// one parameter.
	tableExists string
	// migrationLock, when set, is run first in the migration transaction.
	migrationLock string
}

// errReadOnly is what writing through a store opened WithReadOnly returns.
var errReadOnly = errors.New("the store was opened read-only")

func isNoRows(err error) bool {
	return errors.Is(err, sql.ErrNoRows) || errors.Is(err, pgx.ErrNoRows)
}

// sqlQuerier adapts database/sql (SQLite).
type sqlQuerier struct {
	q interface {
		ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
		QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	}
}

func (s sqlQuerier) exec(ctx context.Context, query string, args ...any) error {
	_, err := s.q.ExecContext(ctx, query, args...)
	return err
}

func (s sqlQuerier) queryRow(ctx context.Context, query string, args ...any) scanner {
	return s.q.QueryRowContext(ctx, query, args...)
}

func (s sqlQuerier) query(ctx context.Context, query string, args ...any) (rows, error) {
	r, err := s.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{r}, nil
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { _ = r.Rows.Close() }

// pgxQuerier adapts pgx (PostgreSQL), rewriting ? placeholders as $n.
type pgxQuerier struct {
	q interface {
		Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
		Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
		QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	}
}

func (p pgxQuerier) exec(ctx context.Context, query string, args ...any) error {
	_, err := p.q.Exec(ctx, rebind(query), args...)
	return err
}

func (p pgxQuerier) queryRow(ctx context.Context, query string, args ...any) scanner {
	return p.q.QueryRow(ctx, rebind(query), args...)
}

func (p pgxQuerier) query(ctx context.Context, query string, args ...any) (rows, error) {
	return p.q.Query(ctx, rebind(query), args...)
}

// rebind turns the ? placeholders of our SQL into PostgreSQL's $1, $2…
// Our statements hold no ? in literals or comments.
func rebind(q string) string {
	n := strings.Count(q, "?")
	if n == 0 {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 2*n)
	i := 0
	for _, c := range []byte(q) {
		if c == '?' {
			i++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(i))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
