package storetest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

// assertLinear checks that the log is entries 1…n with each one chained to
// the one before, and that it verifies.
func assertLinear(t testing.TB, s store.Store, n int) {
	t.Helper()
	es := allAudit(t, s)
	require.Len(t, es, n)
	for i, e := range es {
		require.Equal(t, uint64(i+1), e.Seq)
		if i > 0 {
			require.Equal(t, es[i-1].Hash, e.PrevHash, "entry %d", e.Seq)
		}
	}
	rep := assertVerifies(t, s)
	assert.Equal(t, uint64(n), rep.Entries)
}

// writeConcurrently runs workers goroutines, each making rounds applies of
// two puts to ids of its own, spread over stores.
func writeConcurrently(t testing.TB, stores []store.Store, workers, rounds int) {
	t.Helper()
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds)
	for w := range workers {
		s := stores[w%len(stores)]
		wg.Go(func() {
			for r := range rounds {
				id := fmt.Sprintf("w%d-r%03d", w, r)
				_, err := s.Apply(ctx, fmt.Sprintf("worker %d", w), []store.Change{
					put(store.KindAssignment, id, "org-"+strconv.Itoa(w), "progress "+id),
					put(store.KindPlan, id, "org-"+strconv.Itoa(w), "plan "+id),
				})
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func testConcurrency(t *testing.T, h Harness) {
	ctx := context.Background()

	t.Run("8 goroutines applying at once keep one linear chain", func(t *testing.T) {
		s := open(t, h)
		writeConcurrently(t, []store.Store{s}, 8, 20)
		assertLinear(t, s, 8*20*2)
	})

	t.Run("8 goroutines incrementing one record with expected versions lose no update", func(t *testing.T) {
		s := open(t, h)
		apply(t, s, put(store.KindCase, "counter", "", "0"))
		const workers, increments = 8, 10
		var wg sync.WaitGroup
		var mu sync.Mutex
		conflicts := 0
		for w := range workers {
			wg.Go(func() {
				for done := 0; done < increments; {
					cur, err := s.Get(ctx, store.KindCase, "counter")
					if !assert.NoError(t, err) {
						return
					}
					n, _ := strconv.Atoi(string(cur.Data))
					_, err = s.Apply(ctx, fmt.Sprintf("worker %d", w), []store.Change{{
						Op: store.OpPut, Kind: store.KindCase, ID: "counter",
						Data: []byte(strconv.Itoa(n + 1)), ExpectVersion: cur.Version,
					}})
					switch {
					case errors.Is(err, store.ErrConflict):
						mu.Lock()
						conflicts++
						mu.Unlock()
					case assert.NoError(t, err):
						done++
					default:
						return
					}
				}
			})
		}
		wg.Wait()
		got, err := s.Get(ctx, store.KindCase, "counter")
		require.NoError(t, err)
		assert.Equal(t, strconv.Itoa(workers*increments), string(got.Data))
		assert.Equal(t, int64(1+workers*increments), got.Version)
		assertLinear(t, s, 1+workers*increments)
		t.Logf("%d conflicts retried", conflicts)
	})

	t.Run("two handles on one database keep one linear chain", func(t *testing.T) {
		s := open(t, h)
		var c Clock
		other, err := h.Reopen(t, s, store.WithClock(c.Now))
		require.NoError(t, err)
		writeConcurrently(t, []store.Store{s, other}, 8, 10)
		assertLinear(t, s, 8*10*2)
		assertLinear(t, other, 8*10*2)
	})
}

type versioned interface {
	SchemaVersion(ctx context.Context) (int, error)
}

func testSchema(t *testing.T, h Harness) {
	ctx := context.Background()

	t.Run("a new database is migrated, and reopening it migrates nothing and keeps everything", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		v, ok := s.(versioned)
		require.True(t, ok, "the store does not report its schema version")
		version, err := v.SchemaVersion(ctx)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, version, 1)
		rec := apply(t, s, put(store.KindPlan, "p", "org-1", "kept"))[0]
		before := snapshot(t, s)
		require.NoError(t, s.Close())

		again, err := h.Reopen(t, s)
		require.NoError(t, err)
		got, err := again.(versioned).SchemaVersion(ctx)
		require.NoError(t, err)
		assert.Equal(t, version, got)
		assertUnchanged(t, again, before)
		read, err := again.Get(ctx, store.KindPlan, "p")
		require.NoError(t, err)
		assert.Equal(t, rec, read)
		// And writing goes on from the head the first handle left.
		apply(t, again, put(store.KindPlan, "q", "", "more"))
		assertLinear(t, again, 2)
	})

	t.Run("a database from a newer build is refused", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		require.NoError(t, h.Exec(t, s, "INSERT INTO migrations (version, name, applied_at) VALUES (999, '0999_future', 0)"))
		_, err := h.Reopen(t, s)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "version 999, newer than this build's")
	})

	t.Run("a database whose migrations have other names is refused", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		require.NoError(t, h.Exec(t, s, "UPDATE migrations SET name = '0001_forked' WHERE version = 1"))
		_, err := h.Reopen(t, s)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "another build")
	})
}
