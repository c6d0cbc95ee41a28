// Package storetest is the conformance suite that every [store.Store]
// implementation passes: records, listing, version conflicts, atomicity,
// large applies,
// hostile input, the audit log, tampering, concurrency and the schema.
// An implementation's test calls [Run] with a [Harness] that opens it.
package storetest

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

// Harness opens the implementation under test and reaches under it.
type Harness struct {
	// Open returns a new, empty store opened with opts, closed when the
	// test ends.
	Open func(t testing.TB, opts ...store.Option) store.Store
	// Reopen opens another handle on the database behind s, as a second
	// zerend process would; the handle is closed when the test ends.
	Reopen func(t testing.TB, s store.Store, opts ...store.Option) (store.Store, error)
	// Exec runs one SQL statement, with ? placeholders, directly on the
	// database behind s, bypassing the store: the tamper tests' way in.
	Exec func(t testing.TB, s store.Store, query string, args ...any) error
	// Unguard drops the triggers that keep the audit log append-only, as
	// someone with the database owner's rights could.
	Unguard func(t testing.TB, s store.Store)
	// Reguard creates those triggers again, as whoever dropped them would
	// to cover a rewrite.
	Reguard func(t testing.TB, s store.Store)
}

// Run runs the whole suite against h.
func Run(t *testing.T, h Harness) {
	require.NotNil(t, h.Open, "Harness.Open")
	require.NotNil(t, h.Reopen, "Harness.Reopen")
	require.NotNil(t, h.Exec, "Harness.Exec")
	require.NotNil(t, h.Unguard, "Harness.Unguard")
	require.NotNil(t, h.Reguard, "Harness.Reguard")
	t.Run("records", func(t *testing.T) { testRecords(t, h) })
	t.Run("list", func(t *testing.T) { testList(t, h) })
	t.Run("conflicts", func(t *testing.T) { testConflicts(t, h) })
	t.Run("atomicity", func(t *testing.T) { testAtomicity(t, h) })
	t.Run("large applies", func(t *testing.T) { testLargeApply(t, h) })
	t.Run("hostile input", func(t *testing.T) { testHostile(t, h) })
	t.Run("audit", func(t *testing.T) { testAudit(t, h) })
	t.Run("tampering", func(t *testing.T) { testTampering(t, h) })
	t.Run("anchored audit", func(t *testing.T) { testAnchor(t, h) })
	t.Run("concurrency", func(t *testing.T) { testConcurrency(t, h) })
	t.Run("schema", func(t *testing.T) { testSchema(t, h) })
}

// Start is the first reading of a [Clock].
var Start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*60*60))

// Clock is a fixed clock for tests: its n-th reading is Start plus n
// milliseconds. It is safe for concurrent use.
type Clock struct{ n atomic.Int64 }

// Now returns the next reading.
func (c *Clock) Now() time.Time {
	return Start.Add(time.Duration(c.n.Add(1)) * time.Millisecond)
}

// open returns a fresh store on a fixed clock.
func open(t testing.TB, h Harness) store.Store {
	t.Helper()
	var c Clock
	return h.Open(t, store.WithClock(c.Now))
}

const actor = "李明 (user 1001)"

func put(kind store.Kind, id, scope, data string) store.Change {
	return store.Change{Op: store.OpPut, Kind: kind, ID: id, Scope: scope, Data: []byte(data)}
}

func del(kind store.Kind, id string) store.Change {
	return store.Change{Op: store.OpDelete, Kind: kind, ID: id}
}

func apply(t testing.TB, s store.Store, changes ...store.Change) []store.Record {
	t.Helper()
	recs, err := s.Apply(context.Background(), actor, changes)
	require.NoError(t, err)
	require.Len(t, recs, len(changes))
	return recs
}

// state is everything a store holds that a test can see.
type state struct {
	records map[store.Kind][]store.Record
	audit   []store.AuditEntry
}

// kinds are the kinds the suite writes.
var kinds = []store.Kind{store.KindPlan, store.KindAssignment, store.KindCase}

func snapshot(t testing.TB, s store.Store) state {
	t.Helper()
	ctx := context.Background()
	st := state{records: map[store.Kind][]store.Record{}}
	for _, k := range kinds {
		q := store.ListQuery{PageSize: store.MaxPageSize}
		for {
			p, err := s.List(ctx, k, q)
			require.NoError(t, err)
			st.records[k] = append(st.records[k], p.Records...)
			if p.NextPageToken == "" {
				break
			}
			q.PageToken = p.NextPageToken
		}
	}
	st.audit = allAudit(t, s)
	return st
}

func allAudit(t testing.TB, s store.Store) []store.AuditEntry {
	t.Helper()
	var all []store.AuditEntry
	var after uint64
	for {
		es, err := s.Audit(context.Background(), after, store.MaxPageSize)
		require.NoError(t, err)
		if len(es) == 0 {
			return all
		}
		all = append(all, es...)
		after = es[len(es)-1].Seq
	}
}

// assertUnchanged checks that s holds what before held and that its log
// still verifies.
func assertUnchanged(t testing.TB, s store.Store, before state) {
	t.Helper()
	after := snapshot(t, s)
	assert.Equal(t, before.records, after.records, "records changed")
	assert.Equal(t, before.audit, after.audit, "audit log changed")
	assertVerifies(t, s)
}

func assertVerifies(t testing.TB, s store.Store) store.VerifyReport {
	t.Helper()
	rep, err := s.VerifyAudit(context.Background())
	require.NoError(t, err)
	assert.True(t, rep.OK(), "VerifyAudit: %v", rep.Broken)
	return rep
}
