package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

// seedScopes puts n records of a year, spread over scopes organisations
// whose ids do not follow the scopes' order (task/organisation/period, as
// assignments are keyed).
func seedScopes(tb testing.TB, s store.Store, n, scopes int) {
	tb.Helper()
	ctx := context.Background()
	var batch []store.Change
	for i := range n {
		org := fmt.Sprintf("o%05d", i%scopes)
		batch = append(batch, store.Change{Op: store.OpPut, Kind: store.KindAssignment,
			ID: fmt.Sprintf("2026/T%03d/%s/%d", i/scopes, org, i), Scope: org, Data: []byte("x")})
		if len(batch) == 1000 {
			_, err := s.Apply(ctx, "seed", batch)
			require.NoError(tb, err)
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		_, err := s.Apply(ctx, "seed", batch)
		require.NoError(tb, err)
	}
}

// A list of one organisation's records, or of a subtree's few, reads them
// through the (kind, scope, id) index on SQLite; without it SQLite walks
// every record of the kind in id order (it keeps no statistics), so that a
// branch listing its own assignments read the whole province's year.
func TestSQLiteListsAFewScopesThroughTheScopeIndex(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openSQLite(t)
	seedScopes(t, s, 2000, 100)
	for _, tc := range []struct {
		name      string
		scopes    []string
		wantIndex bool
		wantSort  bool
	}{
		{"one scope: index order, no sort", []string{"o00007"}, true, false},
		{"a subtree: the index, then a sort of its records", []string{"o00007", "o00042", "o00099"}, true, true},
		{"every scope: the planner's choice", scopesUpTo(100), false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := store.ListPlan(ctx, s, store.KindAssignment, store.ListQuery{Prefix: "2026/", Scopes: tc.scopes, PageSize: 100})
			require.NoError(t, err)
			if tc.wantIndex {
				assert.Contains(t, plan, "INDEX records_scope", plan)
				assert.Equal(t, tc.wantSort, strings.Contains(plan, "TEMP B-TREE"), plan)
			}
			// Whatever the plan, the page is the same: the scopes' records
			// in id order.
			page, err := s.List(ctx, store.KindAssignment, store.ListQuery{Prefix: "2026/", Scopes: tc.scopes, PageSize: 1000})
			require.NoError(t, err)
			want := 20 * len(tc.scopes)
			require.Len(t, page.Records, min(want, 1000))
			for i, r := range page.Records {
				assert.Contains(t, tc.scopes, r.Scope)
				if i > 0 {
					assert.Less(t, page.Records[i-1].ID, r.ID)
				}
			}
		})
	}
}

func scopesUpTo(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("o%05d", i)
	}
	return out
}

// BenchmarkListOneScope lists one organisation's 20 records out of 100,000
// of a year, through the scope index, and reports the time against a list
// of the first 20 records of the whole year (the index walk a list without
// a scope filter does) as "x-unscoped".
func BenchmarkListOneScope(b *testing.B) {
	ctx := context.Background()
	s := openSQLite(b)
	seedScopes(b, s, 100_000, 5000)
	measure := func(q store.ListQuery) float64 {
		var per float64
		b.Run(fmt.Sprint(len(q.Scopes), "scopes"), func(b *testing.B) {
			for b.Loop() {
				page, err := s.List(ctx, store.KindAssignment, q)
				if err != nil || len(page.Records) != 20 {
					b.Fatal(len(page.Records), err)
				}
			}
			per = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		})
		return per
	}
	base := measure(store.ListQuery{Prefix: "2026/", PageSize: 20})
	one := measure(store.ListQuery{Prefix: "2026/", Scopes: []string{"o04321"}, PageSize: 100})
	b.ReportMetric(one/base, "x-unscoped")
}

// Versions reads several records' versions at once, 0 for a missing one,
// on both databases; a server asks it for the structure and its framework
// before every call.
func TestVersionsReadsSeveralRecordsAtOnce(t *testing.T) {
	t.Parallel()
	for name, open := range map[string]func(testing.TB, ...store.Option) store.Store{"sqlite": openSQLite, "postgres": openPostgres} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := open(t).(*store.DB)
			put := func(kind store.Kind, id string) {
				_, err := s.Apply(ctx, "test", []store.Change{{Op: store.OpPut, Kind: kind, ID: id, Data: []byte("x")}})
				require.NoError(t, err)
			}
			put(store.KindStructure, "current")
			put(store.KindStructure, "current")
			put(store.KindFramework, "sanji-wugang")
			vs, err := s.Versions(ctx, store.KindID{Kind: store.KindStructure, ID: "current"},
				store.KindID{Kind: store.KindFramework, ID: "sanji-wugang"}, store.KindID{Kind: store.KindFramework, ID: "missing"},
				store.KindID{Kind: store.KindFramework, ID: "current"})
			require.NoError(t, err)
			assert.Equal(t, []int64{2, 1, 0, 0}, vs, "each key's own version: the kind counts, not the id alone")
			_, err = s.Versions(ctx, make([]store.KindID, 17)...)
			assert.Error(t, err)
			_, err = s.Versions(ctx, store.KindID{Kind: "no such kind", ID: "x"})
			assert.Error(t, err)
		})
	}
}
