package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"
)

// The schema of each database, as numbered migrations: NNNN_name.sql, run
// in order, each once. Both databases have the same numbers.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the migrations of one database, checking that they
// are numbered 1, 2, 3… without gaps.
func migrations(dir string) ([]migration, error) {
	files, err := fs.Glob(migrationFS, path.Join("migrations", dir, "*.sql"))
	if err != nil {
		return nil, err
	}
	var ms []migration
	for i, f := range files { // fs.Glob sorts by name
		base := strings.TrimSuffix(path.Base(f), ".sql")
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v != i+1 {
			return nil, fmt.Errorf("store: migration %s: want number %04d", f, i+1)
		}
		b, err := migrationFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	return ms, nil
}

// migrate brings the schema up to date in one transaction: it creates the
// migrations table when missing, then runs every migration not recorded
// there. It refuses a database whose schema is newer than this build's, or
// whose recorded migrations have other names.
func migrate(ctx context.Context, b backend, dir string, now time.Time) error {
	ms, err := migrations(dir)
	if err != nil {
		return err
	}
	d := b.dialect()
	err = b.update(ctx, func(tx querier) error {
		if d.migrationLock != "" {
			if err := tx.exec(ctx, d.migrationLock); err != nil {
				return err
			}
		}
		if err := tx.exec(ctx, `CREATE TABLE IF NOT EXISTS migrations (
			version    integer PRIMARY KEY,
			name       text    NOT NULL,
			applied_at bigint  NOT NULL
		)`); err != nil {
			return err
		}
		rs, err := tx.query(ctx, "SELECT version, name FROM migrations ORDER BY version")
		if err != nil {
			return err
		}
		applied := map[int]string{}
		last := 0
		for rs.Next() {
			var v int64
			var name string
			if err := rs.Scan(&v, &name); err != nil {
				rs.Close()
				return err
			}
			applied[int(v)], last = name, int(v)
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
		if last > len(ms) {
			return fmt.Errorf("the database schema is at version %d, newer than this build's %d: run a newer zerend", last, len(ms))
		}
		for _, m := range ms {
			name, ok := applied[m.version]
			if ok {
				if name != m.name {
					return fmt.Errorf("migration %d is recorded as %q but this build calls it %q: the database comes from another build", m.version, name, m.name)
				}
				continue
			}
			if err := tx.exec(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if err := tx.exec(ctx, "INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.version, m.name, now.UnixNano()); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: migrate the %s schema: %w", d.name, err)
	}
	return nil
}

// SchemaVersion returns the number of the last migration applied to the
// database.
func (s *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int64
	if err := s.b.reader().queryRow(ctx, "SELECT COALESCE(max(version), 0) FROM migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("store: read the schema version: %w", err)
	}
	return int(v), nil
}
