package store

import (
	"context"
	"fmt"
)

// Target returns the path or DSN s was opened with.
func Target(s Store) string { return s.(*DB).target }

// ExecRaw runs one statement, with ? placeholders, directly on the database
// behind s, in a transaction of its own.
func ExecRaw(ctx context.Context, s Store, query string, args ...any) error {
	db := s.(*DB)
	return db.b.update(ctx, func(tx querier) error { return tx.exec(ctx, query, args...) })
}

// Unguard drops the triggers that keep the audit log append-only.
func Unguard(ctx context.Context, s Store) error {
	db := s.(*DB)
	var stmts []string
	switch db.d.name {
	case "sqlite":
		stmts = []string{"DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_no_delete"}
	case "postgres":
		stmts = []string{"DROP TRIGGER IF EXISTS audit_no_change ON audit", "DROP TRIGGER IF EXISTS audit_no_truncate ON audit"}
	default:
		return fmt.Errorf("unknown backend %q", db.d.name)
	}
	for _, q := range stmts {
		if err := ExecRaw(ctx, s, q); err != nil {
			return err
		}
	}
	return nil
}

// Reguard creates the append-only triggers again, as migration 1 did: what
// someone who dropped them to rewrite the log does to cover it.
func Reguard(ctx context.Context, s Store) error {
	db := s.(*DB)
	var stmts []string
	switch db.d.name {
	case "sqlite":
		for _, name := range []string{"audit_no_update", "audit_no_delete"} {
			stmts = append(stmts, sqliteGuards[name])
		}
	case "postgres":
		stmts = []string{
			"CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
			"CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()",
		}
	default:
		return fmt.Errorf("unknown backend %q", db.d.name)
	}
	for _, q := range stmts {
		if err := ExecRaw(ctx, s, q); err != nil {
			return err
		}
	}
	return nil
}

// CountRaw runs a count(*) query with ? placeholders on the database
// behind s.
func CountRaw(ctx context.Context, s Store, query string, args ...any) (int64, error) {
	var n int64
	err := s.(*DB).b.reader().queryRow(ctx, query, args...).Scan(&n)
	return n, err
}

// ListPlan returns SQLite's query plan (EXPLAIN QUERY PLAN, one detail a
// line) for the page query of a List.
func ListPlan(ctx context.Context, s Store, kind Kind, q ListQuery) (string, error) {
	db := s.(*DB)
	a, err := validateList(kind, q)
	if err != nil {
		return "", err
	}
	from, cond, args := db.listWhere(kind, a)
	var plan string
	err = db.b.view(ctx, func(tx querier) error {
		rs, err := tx.query(ctx, "EXPLAIN QUERY PLAN SELECT id FROM "+from+" WHERE "+cond+" ORDER BY id LIMIT ?", append(args, a.size+1)...)
		if err != nil {
			return err
		}
		defer rs.Close()
		for rs.Next() {
			var id, parent, unused int
			var detail string
			if err := rs.Scan(&id, &parent, &unused, &detail); err != nil {
				return err
			}
			plan += detail + "\n"
		}
		return rs.Err()
	})
	return plan, err
}

// Stepwise makes Apply on s read and write statement by statement, as it
// did before it was pipelined on PostgreSQL: the baseline of
// BenchmarkApplyPipeline and of the tests that compare the two.
func Stepwise(s Store) { s.(*DB).stepwise = true }

// RowsRaw runs a query with ? placeholders on the database behind s and
// returns each row of its cols columns as text.
func RowsRaw(ctx context.Context, s Store, cols int, query string, args ...any) ([]string, error) {
	rs, err := s.(*DB).b.reader().query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []string
	for rs.Next() {
		vals := make([]any, cols)
		ptrs := make([]any, cols)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprint(vals...))
	}
	return out, rs.Err()
}
