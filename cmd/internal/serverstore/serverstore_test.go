package serverstore_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/server"

	"github.com/zerenlab/zeren/cmd/internal/serverstore"
	"github.com/zerenlab/zeren/cmd/internal/store"
	"github.com/zerenlab/zeren/cmd/internal/testdb"
)

// The server's own store, MemoryStore, is the reference: every expectation
// below holds for it, and the adapter must meet them on both databases.
func TestConformance(t *testing.T) {
	t.Parallel()
	impls := []struct {
		name string
		open func(t *testing.T) server.Store
	}{
		{"memory (reference)", func(*testing.T) server.Store { return server.NewMemoryStore() }},
		{"sqlite", func(t *testing.T) server.Store { return open(t, testdb.SQLite(t)) }},
		{"postgres", func(t *testing.T) server.Store { return open(t, testdb.Postgres(t)) }},
	}
	for _, impl := range impls {
		t.Run(impl.name, func(t *testing.T) {
			t.Parallel()
			for _, c := range conformance {
				t.Run(c.name, func(t *testing.T) { c.run(t, impl.open(t)) })
			}
		})
	}
}

func open(t *testing.T, target string) *serverstore.Store {
	t.Helper()
	db, err := store.Open(context.Background(), target)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return serverstore.New(db)
}

var conformance = []struct {
	name string
	run  func(t *testing.T, s server.Store)
}{
	{"a put creates a record at version 1 and each put adds one", func(t *testing.T, s server.Store) {
		ctx := context.Background()
		require.NoError(t, s.Apply(ctx, "tester", []server.Change{{Kind: server.KindPlan, ID: "2026", Scope: "czj-pg", Data: []byte("a")}}))
		r, err := s.Get(ctx, server.KindPlan, "2026")
		require.NoError(t, err)
		assert.Equal(t, server.Record{Kind: server.KindPlan, ID: "2026", Scope: "czj-pg", Version: 1, Data: []byte("a")}, r)
		require.NoError(t, s.Apply(ctx, "tester", []server.Change{{Kind: server.KindPlan, ID: "2026", Scope: "fgw-pg", Data: []byte("b")}}))
		r, err = s.Get(ctx, server.KindPlan, "2026")
		require.NoError(t, err)
		assert.Equal(t, int64(2), r.Version)
		assert.Equal(t, "fgw-pg", r.Scope)
		assert.Equal(t, []byte("b"), r.Data)
	}},
	{"a missing record is ErrNotFound", func(t *testing.T, s server.Store) {
		_, err := s.Get(context.Background(), server.KindPlan, "nope")
		assert.ErrorIs(t, err, server.ErrNotFound)
	}},
	{"a failed expectation is ErrConflict and the batch applies nothing", func(t *testing.T, s server.Store) {
		ctx := context.Background()
		seed(t, s, 5)
		require.ErrorIs(t, s.Apply(ctx, "tester", []server.Change{
			{Kind: server.KindPlan, ID: "new", Data: []byte{9}},
			{Kind: server.KindPlan, ID: "p1", Data: []byte{9}, ExpectVersion: server.ExpectAbsent},
		}), server.ErrConflict)
		_, err := s.Get(ctx, server.KindPlan, "new")
		require.ErrorIs(t, err, server.ErrNotFound, "a failed batch applies nothing")
		require.ErrorIs(t, s.Apply(ctx, "tester", []server.Change{{Kind: server.KindPlan, ID: "p1", Data: []byte{1}, ExpectVersion: 2}}), server.ErrConflict)
		require.ErrorIs(t, s.Apply(ctx, "tester", []server.Change{{Kind: server.KindPlan, ID: "p9", Data: []byte{1}, ExpectVersion: 1}}), server.ErrConflict,
			"expecting a version of a missing record")
		require.NoError(t, s.Apply(ctx, "tester", []server.Change{{Kind: server.KindPlan, ID: "p1", Scope: "s1", Data: []byte{7}, ExpectVersion: 1}}))
		r, err := s.Get(ctx, server.KindPlan, "p1")
		require.NoError(t, err)
		assert.Equal(t, int64(2), r.Version)
		require.NoError(t, s.Apply(ctx, "tester", []server.Change{{Kind: server.KindPlan, ID: "fresh", Data: []byte{1}, ExpectVersion: server.ExpectAbsent}}))
	}},
	{"an empty actor is refused", func(t *testing.T, s server.Store) {
		require.Error(t, s.Apply(context.Background(), " ", nil))
		require.Error(t, s.Apply(context.Background(), "", []server.Change{{Kind: server.KindPlan, ID: "x", Data: []byte{1}}}))
	}},
	{"an empty batch is a no-op", func(t *testing.T, s server.Store) {
		require.NoError(t, s.Apply(context.Background(), "tester", nil))
	}},
	{"list pages in id order, filters by prefix and scope", func(t *testing.T, s server.Store) {
		ctx := context.Background()
		seed(t, s, 5)
		page, err := s.List(ctx, server.KindPlan, server.ListQuery{PageSize: 2})
		require.NoError(t, err)
		assert.Equal(t, []string{"p0", "p1"}, ids(page.Records))
		page, err = s.List(ctx, server.KindPlan, server.ListQuery{PageSize: 2, PageToken: page.NextPageToken})
		require.NoError(t, err)
		assert.Equal(t, []string{"p2", "p3"}, ids(page.Records))
		page, err = s.List(ctx, server.KindPlan, server.ListQuery{PageSize: 2, PageToken: page.NextPageToken})
		require.NoError(t, err)
		assert.Equal(t, []string{"p4"}, ids(page.Records))
		assert.Empty(t, page.NextPageToken)
		page, err = s.List(ctx, server.KindPlan, server.ListQuery{Scopes: []string{"s1"}})
		require.NoError(t, err)
		assert.Equal(t, []string{"p1", "p3"}, ids(page.Records))
		assert.Empty(t, page.NextPageToken)
		page, err = s.List(ctx, server.KindPlan, server.ListQuery{Scopes: []string{}})
		require.NoError(t, err)
		assert.Empty(t, page.Records, "an empty, non-nil scope list matches nothing")
		page, err = s.List(ctx, server.KindPlan, server.ListQuery{Prefix: "p4"})
		require.NoError(t, err)
		assert.Equal(t, []string{"p4"}, ids(page.Records))
		page, err = s.List(ctx, server.KindCase, server.ListQuery{})
		require.NoError(t, err)
		assert.Empty(t, page.Records, "another kind")
		page, err = s.List(ctx, server.KindPlan, server.ListQuery{PageSize: 5000})
		require.NoError(t, err)
		assert.Len(t, page.Records, 5, "a page size over the maximum is lowered, not refused")
	}},
	{"list without a page size returns 100 records and a token", func(t *testing.T, s server.Store) {
		ctx := context.Background()
		seed(t, s, 150)
		page, err := s.List(ctx, server.KindPlan, server.ListQuery{})
		require.NoError(t, err)
		assert.Len(t, page.Records, 100)
		require.NotEmpty(t, page.NextPageToken)
		page, err = s.List(ctx, server.KindPlan, server.ListQuery{PageToken: page.NextPageToken})
		require.NoError(t, err)
		assert.Len(t, page.Records, 50)
		assert.Empty(t, page.NextPageToken)
	}},
	{"a nil Data deletes; deleting a missing record is a no-op", func(t *testing.T, s server.Store) {
		ctx := context.Background()
		seed(t, s, 5)
		require.NoError(t, s.Apply(ctx, "tester", []server.Change{{Kind: server.KindPlan, ID: "p4"}}))
		_, err := s.Get(ctx, server.KindPlan, "p4")
		assert.ErrorIs(t, err, server.ErrNotFound)
		require.NoError(t, s.Apply(ctx, "tester", []server.Change{
			{Kind: server.KindPlan, ID: "gone"},
			{Kind: server.KindPlan, ID: "p3"},
			{Kind: server.KindPlan, ID: "also-gone"},
			{Kind: server.KindPlan, ID: "p9", Data: []byte{9}},
		}))
		_, err = s.Get(ctx, server.KindPlan, "p3")
		assert.ErrorIs(t, err, server.ErrNotFound)
		r, err := s.Get(ctx, server.KindPlan, "p9")
		require.NoError(t, err)
		assert.Equal(t, []byte{9}, r.Data)
		require.NoError(t, s.Apply(ctx, "tester", []server.Change{{Kind: server.KindPlan, ID: "p9"}, {Kind: server.KindPlan, ID: "p9", Data: []byte{1}}}),
			"delete then create in one batch")
		r, err = s.Get(ctx, server.KindPlan, "p9")
		require.NoError(t, err)
		assert.Equal(t, int64(1), r.Version, "a record deleted and created again starts at 1")
	}},
	{"a delete with an expected version conflicts when it does not hold", func(t *testing.T, s server.Store) {
		ctx := context.Background()
		seed(t, s, 2)
		require.ErrorIs(t, s.Apply(ctx, "tester", []server.Change{{Kind: server.KindPlan, ID: "p0", ExpectVersion: 3}}), server.ErrConflict)
		require.ErrorIs(t, s.Apply(ctx, "tester", []server.Change{{Kind: server.KindPlan, ID: "nope", ExpectVersion: 1}}), server.ErrConflict)
		require.NoError(t, s.Apply(ctx, "tester", []server.Change{{Kind: server.KindPlan, ID: "p0", ExpectVersion: 1}}))
	}},
	{"concurrent conditional writers: exactly one wins each round", func(t *testing.T, s server.Store) {
		ctx := context.Background()
		require.NoError(t, s.Apply(ctx, "tester", []server.Change{{Kind: server.KindPlan, ID: "c", Data: []byte{0}}}))
		for round := range 5 {
			var wg sync.WaitGroup
			var mu sync.Mutex
			wins := 0
			for w := range 4 {
				wg.Go(func() {
					err := s.Apply(ctx, fmt.Sprintf("w%d", w), []server.Change{{Kind: server.KindPlan, ID: "c", Data: []byte{byte(w)}, ExpectVersion: int64(round + 1)}})
					if err == nil {
						mu.Lock()
						wins++
						mu.Unlock()
					} else {
						assert.ErrorIs(t, err, server.ErrConflict)
					}
				})
			}
			wg.Wait()
			assert.Equal(t, 1, wins, "round %d", round)
		}
	}},
}

func seed(t *testing.T, s server.Store, n int) {
	t.Helper()
	var changes []server.Change
	for i := range n {
		changes = append(changes, server.Change{Kind: server.KindPlan, ID: fmt.Sprintf("p%d", i), Scope: fmt.Sprintf("s%d", i%2), Data: []byte{byte(i)}})
	}
	require.NoError(t, s.Apply(context.Background(), "tester", changes))
}

func ids(rs []server.Record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// What only a real database checks: the store's input limits reach the
// caller as INVALID_ARGUMENT naming the record and field, and the store's
// own error types stay reachable.
func TestErrors(t *testing.T) {
	t.Parallel()
	for _, target := range []struct {
		name string
		new  func(testing.TB) string
	}{{"sqlite", testdb.SQLite}, {"postgres", testdb.Postgres}} {
		t.Run(target.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := open(t, target.new(t))

			_, err := s.Get(ctx, server.KindAssignment, "bad\x00id")
			var ce *connect.Error
			require.ErrorAs(t, err, &ce, "a malformed id")
			assert.Equal(t, connect.CodeInvalidArgument, ce.Code())
			var vs []*zerenv1.ValidationProblem
			for _, d := range ce.Details() {
				v, derr := d.Value()
				require.NoError(t, derr)
				vs = append(vs, v.(*zerenv1.ValidationProblem))
			}
			require.NotEmpty(t, vs)
			assert.Equal(t, "id", vs[0].GetField())
			assert.ErrorIs(t, err, store.ErrInvalid)

			err = s.Apply(ctx, "tester", []server.Change{
				{Kind: server.KindPlan, ID: "ok", Data: []byte{1}},
				{Kind: server.KindPlan, ID: strings.Repeat("x", store.MaxIDBytes+1), Data: []byte{1}},
			})
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, connect.CodeInvalidArgument, ce.Code())
			_, err = s.Get(ctx, server.KindPlan, "ok")
			assert.ErrorIs(t, err, server.ErrNotFound, "nothing of a refused batch is written")

			require.NoError(t, s.Apply(ctx, "tester", []server.Change{{Kind: server.KindPlan, ID: "ok", Data: []byte{1}}}))
			err = s.Apply(ctx, "tester", []server.Change{
				{Kind: server.KindPlan, ID: "gone"}, // dropped: already absent
				{Kind: server.KindPlan, ID: "ok", Data: []byte{2}, ExpectVersion: 7},
			})
			var conflict *store.ConflictError
			require.ErrorAs(t, err, &conflict)
			assert.Equal(t, 1, conflict.Change, "positions refer to the caller's changes")
			assert.Equal(t, int64(1), conflict.Actual)
			assert.True(t, errors.Is(err, server.ErrConflict))
			assert.Equal(t, conflict.Error(), err.Error(), "the message is the store's own")
		})
	}
}

// TestVersion: the server checks versions on every call to keep its built
// hierarchy; the stores answer without reading the data.
func TestVersion(t *testing.T) {
	for _, target := range []struct {
		name string
		new  func(testing.TB) string
	}{{"sqlite", testdb.SQLite}, {"postgres", testdb.Postgres}} {
		t.Run(target.name, func(t *testing.T) {
			s := open(t, target.new(t))
			ctx := context.Background()
			_, err := s.Version(ctx, server.KindStructure, "current")
			require.ErrorIs(t, err, server.ErrNotFound)
			for want := int64(1); want <= 2; want++ {
				require.NoError(t, s.Apply(ctx, "tester", []server.Change{{Kind: server.KindStructure, ID: "current", Data: []byte{byte(want)}}}))
				v, err := s.Version(ctx, server.KindStructure, "current")
				require.NoError(t, err)
				assert.Equal(t, want, v)
			}
		})
	}
}
