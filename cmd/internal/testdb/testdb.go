// Package testdb gives tests and benchmarks of the cmd module a database of
// their own: a fresh SQLite file, or a fresh schema in the PostgreSQL
// database named by ZEREN_TEST_POSTGRES_DSN (start one with
// cmd/scripts/start-postgres.sh), dropped when the test ends.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// PostgresDSNEnv names the environment variable with the DSN of the test
// database; PostgreSQL tests are skipped without it.
const PostgresDSNEnv = "ZEREN_TEST_POSTGRES_DSN"

// SQLite returns the path of a new SQLite file in a temporary directory.
func SQLite(tb testing.TB) string {
	return filepath.Join(tb.TempDir(), "zeren.db")
}

// Postgres returns a DSN whose search_path is a new schema of its own in
// the test database, dropped when the test ends, or skips the test when
// PostgresDSNEnv is not set.
func Postgres(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv(PostgresDSNEnv)
	if dsn == "" {
		tb.Skipf("PostgreSQL tests need %s; set it with: export %s=\"$(cmd/scripts/start-postgres.sh)\"", PostgresDSNEnv, PostgresDSNEnv)
	}
	ctx := context.Background()
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "test_" + hex.EncodeToString(b[:])
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatalf("connect to %s: %v", PostgresDSNEnv, err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		c, err := pgx.Connect(ctx, dsn)
		if err == nil {
			_, _ = c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
			_ = c.Close(ctx)
		}
	})
	return withSearchPath(tb, dsn, schema)
}

func withSearchPath(tb testing.TB, dsn, schema string) string {
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return dsn + " search_path=" + schema
	}
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatalf("parse %s: %v", PostgresDSNEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
