package store

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// As many read transactions as the pool has connections, each meeting a
// query text not prepared yet, finish: preparing takes a connection, and
// each transaction holds one, so preparing inside them waited forever.
func TestReadTransactionsDoNotWaitForEachOther(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "z.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	b := db.b.(*sqliteBackend)
	n := max(4, runtime.GOMAXPROCS(0)) // the readers' pool
	var holding sync.WaitGroup
	holding.Add(n)
	done := make(chan error, n)
	for i := range n {
		go func() {
			done <- b.view(ctx, func(q querier) error {
				holding.Done()
				holding.Wait() // every connection of the pool is held
				var x int
				return q.queryRow(ctx, fmt.Sprintf("SELECT %d", i)).Scan(&x)
			})
		}()
	}
	for range n {
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(20 * time.Second):
			t.Fatal("read transactions wait for each other's connections")
		}
	}
	// The texts are prepared once the transactions are over.
	_, ok := b.stmts.Load("SELECT 0")
	require.True(t, ok)
}
