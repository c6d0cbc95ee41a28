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

// NotZerenError is a database that is not a Zeren store, refused by a
// read-only open ([WithReadOnly]): an unrelated or empty SQLite file, or a
// PostgreSQL schema without Zeren's tables. Nothing was written to it. Zh
// is the message in Chinese, En in English.
type NotZerenError struct {
	Target string // the path, or the PostgreSQL DSN without its password
	Zh, En string // why, e.g. "没有审计日志表" / "it has no audit table"
	Err    error  // the database's error, if any
}

func (e *NotZerenError) Error() string {
	return fmt.Sprintf("store: %s is not a Zeren database: %s; it was opened read-only and left unchanged", e.Target, e.En)
}

// Unwrap returns the database's error, if any.
func (e *NotZerenError) Unwrap() error { return e.Err }

// zerenTables are the tables every Zeren database has, from migration 1.
var zerenTables = []string{"migrations", "records", "audit", "audit_head"}

// checkSchema tells whether the database behind b is a Zeren store this
// build can read, without writing anything, and returns its schema
// version.
func checkSchema(ctx context.Context, b backend, target string) (int, error) {
	ms, err := migrations(b.dialect().name)
	if err != nil {
		return 0, err
	}
	notZeren := func(zh, en string, err error) error {
		return &NotZerenError{Target: target, Zh: zh, En: en, Err: err}
	}
	version := 0
	err = b.view(ctx, func(tx querier) error {
		for _, t := range zerenTables {
			var n int64
			if err := tx.queryRow(ctx, b.dialect().tableExists, t).Scan(&n); err != nil {
				return notZeren("无法读取其表目录", "its catalogue cannot be read", err)
			}
			if n == 0 {
				return notZeren("没有 "+t+" 表", "it has no "+t+" table", nil)
			}
		}
		rs, err := tx.query(ctx, "SELECT version, name FROM migrations ORDER BY version")
		if err != nil {
			return notZeren("无法读取其迁移记录", "its migrations cannot be read", err)
		}
		defer rs.Close()
		for rs.Next() {
			var v int64
			var name string
			if err := rs.Scan(&v, &name); err != nil {
				return err
			}
			switch {
			case v != int64(version+1):
				return notZeren(fmt.Sprintf("迁移记录缺少第 %d 号", version+1), fmt.Sprintf("migration %d is missing from its migrations", version+1), nil)
			case int(v) > len(ms):
				return fmt.Errorf("the database schema is at version %d, newer than this build's %d: use a newer zeren", v, len(ms))
			case ms[v-1].name != name:
				return notZeren(fmt.Sprintf("第 %d 号迁移名为 %q，与本程序的 %q 不符", v, name, ms[v-1].name),
					fmt.Sprintf("migration %d is recorded as %q but this build calls it %q", v, name, ms[v-1].name), nil)
			}
			version = int(v)
		}
		if err := rs.Err(); err != nil {
			return err
		}
		if version == 0 {
			return notZeren("迁移记录为空", "its migrations table is empty", nil)
		}
		return nil
	})
	return version, err
}
