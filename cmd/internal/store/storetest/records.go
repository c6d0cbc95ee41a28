package storetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

func testRecords(t *testing.T, h Harness) {
	ctx := context.Background()

	t.Run("a put creates version 1 and get returns it", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		rec := apply(t, s, put(store.KindPlan, "2026-市财政局", "org-czj", "计划 v1"))[0]
		assert.Equal(t, store.KindPlan, rec.Kind)
		assert.Equal(t, "2026-市财政局", rec.ID)
		assert.Equal(t, "org-czj", rec.Scope)
		assert.Equal(t, int64(1), rec.Version)
		assert.Equal(t, []byte("计划 v1"), rec.Data)
		assert.Equal(t, actor, rec.UpdatedBy)
		assert.True(t, rec.UpdatedAt.After(Start), "stamped by the store's clock")
		assert.Equal(t, "UTC", rec.UpdatedAt.Location().String())

		got, err := s.Get(ctx, store.KindPlan, "2026-市财政局")
		require.NoError(t, err)
		assert.Equal(t, rec, got)
	})

	t.Run("a second put replaces data and scope and increments the version", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		first := apply(t, s, put(store.KindPlan, "p", "org-1", "one"))[0]
		second := apply(t, s, put(store.KindPlan, "p", "org-2", "two"))[0]
		assert.Equal(t, int64(2), second.Version)
		assert.True(t, second.UpdatedAt.After(first.UpdatedAt))
		got, err := s.Get(ctx, store.KindPlan, "p")
		require.NoError(t, err)
		assert.Equal(t, second, got)
		assert.Equal(t, "org-2", got.Scope)
	})

	t.Run("empty data round-trips as empty, not nil", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		apply(t, s, store.Change{Op: store.OpPut, Kind: store.KindPlan, ID: "empty"})
		got, err := s.Get(ctx, store.KindPlan, "empty")
		require.NoError(t, err)
		assert.NotNil(t, got.Data)
		assert.Empty(t, got.Data)
	})

	t.Run("getting a missing record is a NotFoundError naming it", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		_, err := s.Get(ctx, store.KindPlan, "nope")
		require.ErrorIs(t, err, store.ErrNotFound)
		var nf *store.NotFoundError
		require.ErrorAs(t, err, &nf)
		assert.Equal(t, store.KindPlan, nf.Kind)
		assert.Equal(t, "nope", nf.ID)
		assert.Contains(t, err.Error(), `plan "nope": not found`)
	})

	t.Run("the same id under two kinds is two records", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		apply(t, s, put(store.KindPlan, "x", "", "plan"), put(store.KindAssignment, "x", "", "assignment"))
		p, err := s.Get(ctx, store.KindPlan, "x")
		require.NoError(t, err)
		a, err := s.Get(ctx, store.KindAssignment, "x")
		require.NoError(t, err)
		assert.Equal(t, "plan", string(p.Data))
		assert.Equal(t, "assignment", string(a.Data))
	})

	t.Run("a delete removes the record and returns the version it removed", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		apply(t, s, put(store.KindCase, "c-1", "org-1", "v1"))
		apply(t, s, put(store.KindCase, "c-1", "org-1", "v2"))
		rec := apply(t, s, del(store.KindCase, "c-1"))[0]
		assert.Equal(t, int64(2), rec.Version)
		assert.Equal(t, "org-1", rec.Scope)
		assert.Nil(t, rec.Data)
		_, err := s.Get(ctx, store.KindCase, "c-1")
		assert.ErrorIs(t, err, store.ErrNotFound)

		_, err = s.Apply(ctx, actor, []store.Change{del(store.KindCase, "c-1")})
		require.ErrorIs(t, err, store.ErrNotFound)
		var nf *store.NotFoundError
		require.ErrorAs(t, err, &nf)
		assert.Equal(t, 0, nf.Change)
		assert.Contains(t, err.Error(), `change 0: case "c-1": not found`)
	})

	t.Run("a deleted record can be created again from version 1", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		apply(t, s, put(store.KindPlan, "p", "", "a"), put(store.KindPlan, "p", "", "b"))
		apply(t, s, del(store.KindPlan, "p"))
		rec := apply(t, s, put(store.KindPlan, "p", "", "c"))[0]
		assert.Equal(t, int64(1), rec.Version)
		assertVerifies(t, s)
	})

	t.Run("changes to one record within an apply run in order", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		recs := apply(t, s,
			put(store.KindPlan, "p", "", "1"),
			put(store.KindPlan, "p", "", "2"),
			del(store.KindPlan, "p"),
			put(store.KindPlan, "p", "", "3"))
		versions := []int64{recs[0].Version, recs[1].Version, recs[2].Version, recs[3].Version}
		assert.Equal(t, []int64{1, 2, 2, 1}, versions)
		got, err := s.Get(ctx, store.KindPlan, "p")
		require.NoError(t, err)
		assert.Equal(t, "3", string(got.Data))
		assertVerifies(t, s)
	})

	t.Run("a 4 MiB record round-trips byte for byte", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		data := make([]byte, 4<<20)
		_, _ = rand.Read(data)
		apply(t, s, store.Change{Op: store.OpPut, Kind: store.KindPlan, ID: "big", Data: data})
		got, err := s.Get(ctx, store.KindPlan, "big")
		require.NoError(t, err)
		assert.True(t, bytes.Equal(data, got.Data))
	})

	t.Run("the store keeps its own copy of the data", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		data := []byte("original")
		rec := apply(t, s, store.Change{Op: store.OpPut, Kind: store.KindPlan, ID: "p", Data: data})[0]
		copy(data, "CHANGED!")
		assert.Equal(t, "original", string(rec.Data))
		got, err := s.Get(ctx, store.KindPlan, "p")
		require.NoError(t, err)
		assert.Equal(t, "original", string(got.Data))
	})

	t.Run("ids that look like SQL are stored verbatim", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		ids := []string{"x'; DROP TABLE records; --", `"; DELETE FROM audit; --`, "a%", "a_", `back\slash`, "?"}
		for _, id := range ids {
			apply(t, s, put(store.KindPlan, id, id, id))
		}
		for _, id := range ids {
			got, err := s.Get(ctx, store.KindPlan, id)
			require.NoError(t, err, id)
			assert.Equal(t, id, string(got.Data))
		}
		p, err := s.List(ctx, store.KindPlan, store.ListQuery{Prefix: "a"})
		require.NoError(t, err)
		assert.Len(t, p.Records, 2, "a%% and a_ are no wildcards")
		assertVerifies(t, s)
	})
}

func ids(recs []store.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}

func testList(t *testing.T, h Harness) {
	ctx := context.Background()
	all := []string{"a-1", "a-10", "a-2", "b-1", "Z", "中文-1", "中文-2", "中文x", "é", "a", "a\U0010FFFF", "a\U0010FFFFb"}
	scopeOf := func(id string) string {
		if strings.HasPrefix(id, "a") {
			return "org-a"
		}
		return "org-other"
	}
	s := open(t, h)
	for _, id := range all {
		apply(t, s, put(store.KindAssignment, id, scopeOf(id), "data of "+id))
	}
	apply(t, s, put(store.KindPlan, "a-1", "org-a", "another kind"))
	sorted := append([]string(nil), all...)
	sort.Strings(sorted) // byte order

	listAll := func(t *testing.T, q store.ListQuery) (got []string, pages int) {
		for {
			p, err := s.List(ctx, store.KindAssignment, q)
			require.NoError(t, err)
			got, pages = append(got, ids(p.Records)...), pages+1
			if p.NextPageToken == "" {
				return got, pages
			}
			require.Less(t, pages, 100, "paging does not end")
			q.PageToken = p.NextPageToken
		}
	}

	t.Run("pages run in byte order of ids until the token runs out", func(t *testing.T) {
		got, pages := listAll(t, store.ListQuery{PageSize: 5})
		assert.Equal(t, sorted, got)
		assert.Equal(t, 3, pages)
	})

	t.Run("a prefix keeps only the ids that start with it", func(t *testing.T) {
		for _, tc := range []struct {
			prefix string
			want   []string
		}{
			{"a-1", []string{"a-1", "a-10"}},
			{"a", []string{"a", "a-1", "a-10", "a-2", "a\U0010FFFF", "a\U0010FFFFb"}},
			{"a\U0010FFFF", []string{"a\U0010FFFF", "a\U0010FFFFb"}},
			{"中文", []string{"中文-1", "中文-2", "中文x"}},
			{"中文-", []string{"中文-1", "中文-2"}},
			{"é", []string{"é"}},
			{"q", nil},
		} {
			got, _ := listAll(t, store.ListQuery{Prefix: tc.prefix, PageSize: 2})
			assert.Equal(t, tc.want, got, "prefix %q", tc.prefix)
		}
	})

	t.Run("scopes keep only the records of those scopes", func(t *testing.T) {
		got, _ := listAll(t, store.ListQuery{Scopes: []string{"org-other"}})
		assert.Equal(t, []string{"Z", "b-1", "é", "中文-1", "中文-2", "中文x"}, got)
		got, _ = listAll(t, store.ListQuery{Scopes: []string{"org-a", "org-other"}, Prefix: "a-"})
		assert.Equal(t, []string{"a-1", "a-10", "a-2"}, got)
		got, _ = listAll(t, store.ListQuery{Scopes: []string{}})
		assert.Empty(t, got, "an empty scope list matches nothing")
		got, _ = listAll(t, store.ListQuery{Scopes: []string{"org-none"}})
		assert.Empty(t, got)
	})

	t.Run("page size 0 is the default and a huge one is lowered to the maximum", func(t *testing.T) {
		p, err := s.List(ctx, store.KindAssignment, store.ListQuery{})
		require.NoError(t, err)
		assert.Len(t, p.Records, len(all))
		assert.Empty(t, p.NextPageToken)
		p, err = s.List(ctx, store.KindAssignment, store.ListQuery{PageSize: 1 << 30})
		require.NoError(t, err)
		assert.Len(t, p.Records, len(all))
	})

	t.Run("malformed queries are invalid and name the field", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			kind  store.Kind
			q     store.ListQuery
			field string
		}{
			{"a negative page size", store.KindPlan, store.ListQuery{PageSize: -1}, "page_size"},
			{"a forged page token", store.KindPlan, store.ListQuery{PageToken: "' OR 1=1 --"}, "page_token"},
			{"a token holding a control character", store.KindPlan, store.ListQuery{PageToken: "z1.YQo"}, "page_token"},
			{"a malformed kind", "Plan; --", store.ListQuery{}, "kind"},
			{"a prefix that is not UTF-8", store.KindPlan, store.ListQuery{Prefix: "\xff"}, "prefix"},
			{"too many scopes", store.KindPlan, store.ListQuery{Scopes: make([]string, store.MaxScopes+1)}, "scopes"},
			{"a scope with a newline", store.KindPlan, store.ListQuery{Scopes: []string{"org\n1"}}, "scopes"},
		} {
			_, err := s.List(ctx, tc.kind, tc.q)
			require.ErrorIs(t, err, store.ErrInvalid, tc.name)
			assertField(t, err, tc.field)
		}
	})

	t.Run("a page stops at MaxPageBytes but holds at least one record", func(t *testing.T) {
		s := open(t, h)
		big := make([]byte, store.MaxPageBytes+1)
		apply(t, s, store.Change{Op: store.OpPut, Kind: store.KindPlan, ID: "1-big", Data: big})
		apply(t, s, put(store.KindPlan, "2-small", "", "s"), put(store.KindPlan, "3-small", "", "s"))
		p, err := s.List(ctx, store.KindPlan, store.ListQuery{PageSize: 10})
		require.NoError(t, err)
		assert.Equal(t, []string{"1-big"}, ids(p.Records))
		require.NotEmpty(t, p.NextPageToken)
		p, err = s.List(ctx, store.KindPlan, store.ListQuery{PageSize: 10, PageToken: p.NextPageToken})
		require.NoError(t, err)
		assert.Equal(t, []string{"2-small", "3-small"}, ids(p.Records))
		assert.Empty(t, p.NextPageToken)
	})
}

// assertField checks that err is a ValidationError with a problem in field.
func assertField(t testing.TB, err error, field string) {
	t.Helper()
	var ve *store.ValidationError
	if !assert.True(t, errors.As(err, &ve), "%v is not a *ValidationError", err) {
		return
	}
	var fields []string
	for _, p := range ve.Problems {
		fields = append(fields, p.Field)
	}
	assert.Contains(t, fields, field, "problems: %v", err)
}

func testConflicts(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	apply(t, s, put(store.KindPlan, "c", "", "v1"))
	apply(t, s, put(store.KindPlan, "c", "", "v2"))
	before := snapshot(t, s)

	t.Run("a stale or wrong expectation fails with the versions in the error", func(t *testing.T) {
		for _, tc := range []struct {
			name             string
			change           store.Change
			expected, actual int64
			message          string
		}{
			{"creating a record that exists", store.Change{Op: store.OpPut, Kind: store.KindPlan, ID: "c", ExpectVersion: store.ExpectAbsent},
				store.ExpectAbsent, 2, `plan "c": version conflict: expected no record, found version 2`},
			{"updating from a stale version", store.Change{Op: store.OpPut, Kind: store.KindPlan, ID: "c", ExpectVersion: 1},
				1, 2, "expected version 1, found version 2"},
			{"updating from a future version", store.Change{Op: store.OpPut, Kind: store.KindPlan, ID: "c", ExpectVersion: 3},
				3, 2, "expected version 3, found version 2"},
			{"deleting a stale version", store.Change{Op: store.OpDelete, Kind: store.KindPlan, ID: "c", ExpectVersion: 1},
				1, 2, "expected version 1, found version 2"},
			{"updating a record that does not exist", store.Change{Op: store.OpPut, Kind: store.KindPlan, ID: "missing", ExpectVersion: 5},
				5, 0, "expected version 5, found none"},
			{"deleting a record that does not exist at a version", store.Change{Op: store.OpDelete, Kind: store.KindPlan, ID: "missing", ExpectVersion: 1},
				1, 0, "expected version 1, found none"},
		} {
			_, err := s.Apply(ctx, actor, []store.Change{tc.change})
			require.ErrorIs(t, err, store.ErrConflict, tc.name)
			var ce *store.ConflictError
			require.ErrorAs(t, err, &ce, tc.name)
			assert.Equal(t, tc.expected, ce.Expected, tc.name)
			assert.Equal(t, tc.actual, ce.Actual, tc.name)
			assert.Contains(t, err.Error(), tc.message, tc.name)
		}
		assertUnchanged(t, s, before)
	})

	t.Run("a right expectation succeeds", func(t *testing.T) {
		rec := apply(t, s, store.Change{Op: store.OpPut, Kind: store.KindPlan, ID: "c", Data: []byte("v3"), ExpectVersion: 2})[0]
		assert.Equal(t, int64(3), rec.Version)
		rec = apply(t, s, store.Change{Op: store.OpPut, Kind: store.KindPlan, ID: "new", ExpectVersion: store.ExpectAbsent})[0]
		assert.Equal(t, int64(1), rec.Version)
		apply(t, s, store.Change{Op: store.OpDelete, Kind: store.KindPlan, ID: "c", ExpectVersion: 3})
		assertVerifies(t, s)
	})
}

func testAtomicity(t *testing.T, h Harness) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		last store.Change
		is   error
	}{
		{"a conflict in the last change undoes the ones before it",
			store.Change{Op: store.OpPut, Kind: store.KindPlan, ID: "base", ExpectVersion: 9}, store.ErrConflict},
		{"a missing record in the last change undoes the ones before it",
			del(store.KindPlan, "never-was"), store.ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := open(t, h)
			apply(t, s, put(store.KindPlan, "base", "org-1", "v1"), put(store.KindPlan, "doomed", "org-1", "v1"))
			before := snapshot(t, s)
			_, err := s.Apply(ctx, actor, []store.Change{
				put(store.KindPlan, "fresh", "org-1", "new"),
				put(store.KindPlan, "base", "org-2", "v2"),
				del(store.KindPlan, "doomed"),
				put(store.KindAssignment, "a-1", "org-1", "new"),
				tc.last,
			})
			require.ErrorIs(t, err, tc.is)
			assert.Contains(t, err.Error(), "change 4")
			assertUnchanged(t, s, before)
		})
	}

	t.Run("a cancelled context writes nothing", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		apply(t, s, put(store.KindPlan, "base", "", "v1"))
		before := snapshot(t, s)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := s.Apply(cctx, actor, []store.Change{put(store.KindPlan, "base", "", "v2"), put(store.KindPlan, "x", "", "x")})
		require.Error(t, err)
		assertUnchanged(t, s, before)
	})
}
