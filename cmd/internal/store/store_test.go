package store_test

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
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cmd/internal/store"
	"github.com/zerenlab/zeren/cmd/internal/store/storetest"
)

// postgresDSNEnv names the variable that holds the DSN of a PostgreSQL
// database the tests may use; scripts/start-postgres.sh prints one.
const postgresDSNEnv = "ZEREN_TEST_POSTGRES_DSN"

func TestSQLite(t *testing.T) {
	storetest.Run(t, harness(openSQLite))
}

func TestPostgres(t *testing.T) {
	storetest.Run(t, harness(openPostgres))
}

func harness(open func(t testing.TB, opts ...store.Option) store.Store) storetest.Harness {
	return storetest.Harness{
		Open: open,
		Reopen: func(t testing.TB, s store.Store, opts ...store.Option) (store.Store, error) {
			other, err := store.Open(context.Background(), store.Target(s), opts...)
			if err != nil {
				return nil, err
			}
			t.Cleanup(func() { _ = other.Close() })
			return other, nil
		},
		Exec: func(t testing.TB, s store.Store, query string, args ...any) error {
			return store.ExecRaw(context.Background(), s, query, args...)
		},
		Unguard: func(t testing.TB, s store.Store) {
			require.NoError(t, store.Unguard(context.Background(), s))
		},
		Reguard: func(t testing.TB, s store.Store) {
			require.NoError(t, store.Reguard(context.Background(), s))
		},
	}
}

// sqlitePath returns a fresh database path in the test's temporary folder.
func sqlitePath(t testing.TB) string {
	return filepath.Join(t.TempDir(), "zeren.db")
}

func openSQLite(t testing.TB, opts ...store.Option) store.Store {
	t.Helper()
	s, err := store.OpenSQLite(context.Background(), sqlitePath(t), opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// postgresTarget returns a DSN for a fresh schema of its own in the test
// database, dropped when the test ends, or skips the test when no database
// is configured.
func postgresTarget(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(postgresDSNEnv)
	if dsn == "" {
		t.Skipf("PostgreSQL tests need %s; set it with: export %s=\"$(cmd/scripts/start-postgres.sh)\"", postgresDSNEnv, postgresDSNEnv)
	}
	ctx := context.Background()
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "test_" + hex.EncodeToString(b[:])
	admin, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err, "connect to %s", postgresDSNEnv)
	defer admin.Close(ctx)
	_, err = admin.Exec(ctx, "CREATE SCHEMA "+schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, dsn)
		if err == nil {
			_, _ = c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
			_ = c.Close(ctx)
		}
	})
	return withSearchPath(t, dsn, schema)
}

func withSearchPath(t testing.TB, dsn, schema string) string {
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return dsn + " search_path=" + schema
	}
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func openPostgres(t testing.TB, opts ...store.Option) store.Store {
	t.Helper()
	s, err := store.OpenPostgres(context.Background(), postgresTarget(t), opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}
