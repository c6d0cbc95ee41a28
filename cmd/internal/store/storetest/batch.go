package storetest

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

// bigApply is the size of the large applies: more changes than a store
// reads ahead or pipelines at once (PostgreSQL reads 1,000 records a query
// and sends 4,000 statements a round trip), so that a batch's changes span
// several of each.
const bigApply = 3000

// model is what a store should hold, kept in Go by the large-apply tests.
type model struct {
	recs map[store.KindID]store.Record
	keys []store.KindID
	rnd  *rand.Rand
}

func newModel(seed uint64) *model {
	m := &model{recs: map[store.KindID]store.Record{}, rnd: rand.New(rand.NewPCG(seed, 1))}
	// Few enough keys that most are changed many times in one apply.
	for i := range 150 {
		m.keys = append(m.keys, store.KindID{Kind: kinds[i%len(kinds)], ID: fmt.Sprintf("k-%03d", i)})
	}
	return m
}

// entry is what a change's audit entry should say.
type entry struct {
	action        store.Action
	kind          store.Kind
	id, scope     string
	version       int64
	before, after []byte
}

// next returns a random valid change, half of them with a (right) version
// expectation, and applies it to the model.
func (m *model) next(i int) (store.Change, entry) {
	k := m.keys[m.rnd.IntN(len(m.keys))]
	cur, found := m.recs[k]
	expect := m.rnd.IntN(2) == 0
	if found && m.rnd.IntN(4) == 0 {
		c := store.Change{Op: store.OpDelete, Kind: k.Kind, ID: k.ID}
		if expect {
			c.ExpectVersion = cur.Version
		}
		delete(m.recs, k)
		return c, entry{store.ActionDelete, k.Kind, k.ID, cur.Scope, cur.Version, cur.Data, nil}
	}
	c := store.Change{Op: store.OpPut, Kind: k.Kind, ID: k.ID, Scope: fmt.Sprintf("org-%d", m.rnd.IntN(3)),
		Data: []byte(fmt.Sprintf("%s/%s change %d", k.Kind, k.ID, i))}
	if m.rnd.IntN(10) == 0 {
		c.Data = []byte{} // empty, not nil, when read back
	}
	switch {
	case expect && found:
		c.ExpectVersion = cur.Version
	case expect:
		c.ExpectVersion = store.ExpectAbsent
	}
	e := entry{store.ActionCreate, k.Kind, k.ID, c.Scope, cur.Version + 1, nil, c.Data}
	if found {
		e.action, e.before = store.ActionUpdate, cur.Data
	}
	m.recs[k] = store.Record{Kind: k.Kind, ID: k.ID, Scope: c.Scope, Version: cur.Version + 1, Data: c.Data}
	return c, e
}

// put returns a put of k without expectation, as change i, and applies it.
func (m *model) put(k store.KindID, i int) store.Change {
	cur := m.recs[k]
	c := store.Change{Op: store.OpPut, Kind: k.Kind, ID: k.ID, Scope: "org-put", Data: []byte(fmt.Sprintf("put %d", i))}
	m.recs[k] = store.Record{Kind: k.Kind, ID: k.ID, Scope: c.Scope, Version: cur.Version + 1, Data: c.Data}
	return c
}

// remove returns a delete of k, which must exist, and applies it.
func (m *model) remove(k store.KindID, _ int) store.Change {
	delete(m.recs, k)
	return del(k.Kind, k.ID)
}

// putBig returns a put of k with data of more than 64 KiB (more than
// PostgreSQL's Apply reads ahead) and applies it.
func (m *model) putBig(k store.KindID) store.Change {
	c := m.put(k, 0)
	c.Data = bytes.Repeat([]byte(k.ID), 70<<10/len(k.ID))
	r := m.recs[k]
	r.Data = c.Data
	m.recs[k] = r
	return c
}

// batch returns n changes from the model and their audit entries.
func (m *model) batch(n int) ([]store.Change, []entry) {
	changes, entries := make([]store.Change, n), make([]entry, n)
	for i := range n {
		changes[i], entries[i] = m.next(i)
	}
	return changes, entries
}

// check compares every record of s with the model.
func (m *model) check(t *testing.T, s store.Store) {
	t.Helper()
	st := snapshot(t, s)
	n := 0
	for _, recs := range st.records {
		for _, r := range recs {
			want, ok := m.recs[store.KindID{Kind: r.Kind, ID: r.ID}]
			if !assert.True(t, ok, "%s %s should not exist", r.Kind, r.ID) {
				continue
			}
			assert.Equal(t, want.Scope, r.Scope, "%s %s scope", r.Kind, r.ID)
			assert.Equal(t, want.Version, r.Version, "%s %s version", r.Kind, r.ID)
			assert.Equal(t, want.Data, r.Data, "%s %s data", r.Kind, r.ID)
			n++
		}
	}
	assert.Equal(t, len(m.recs), n, "records")
}

func testLargeApply(t *testing.T, h Harness) {
	ctx := context.Background()

	t.Run("a large apply of puts, updates and deletes of the same records is what one change after another gives", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		m := newModel(1)
		first, _ := m.batch(200)
		for _, k := range m.keys[:5] {
			first = append(first, m.putBig(k))
		}
		apply(t, s, first...)
		changes, want := m.batch(bigApply)
		recs := apply(t, s, changes...)
		m.check(t, s)

		es, err := s.Audit(ctx, uint64(len(first)), store.MaxPageSize)
		require.NoError(t, err)
		for after := len(first) + len(es); len(es) < bigApply; after = len(first) + len(es) {
			more, err := s.Audit(ctx, uint64(after), store.MaxPageSize)
			require.NoError(t, err)
			require.NotEmpty(t, more)
			es = append(es, more...)
		}
		require.Len(t, es, bigApply)
		for i, e := range es {
			w := want[i]
			got := entry{e.Action, e.Kind, e.ID, e.Scope, e.Version, e.Before, e.After}
			if !assert.Equal(t, w, got, "change %d's audit entry", i) {
				break
			}
			assert.Equal(t, uint64(len(first)+i+1), e.Seq)
			r := recs[i]
			assert.Equal(t, []any{w.kind, w.id, w.scope, w.version, actor, e.At}, []any{r.Kind, r.ID, r.Scope, r.Version, r.UpdatedBy, r.UpdatedAt}, "change %d's record", i)
			if w.action != store.ActionDelete {
				assert.Equal(t, w.after, r.Data, "change %d's record data", i)
			}
		}
		assertVerifies(t, s)
	})

	for _, tc := range []struct {
		name string
		at   int
		// setup is the change before the failing one, about the same
		// record: what the failing change sees is the apply's own write.
		setup func(m *model, k store.KindID, i int) store.Change
		// bad returns the change that fails at the model's state, and
		// the error it fails with.
		bad func(m *model, k store.KindID, i int) (store.Change, error)
	}{
		{"a stale expectation in the middle of a large apply fails at its change and writes nothing", 1777,
			(*model).put,
			func(m *model, k store.KindID, i int) (store.Change, error) {
				v := m.recs[k].Version
				return store.Change{Op: store.OpPut, Kind: k.Kind, ID: k.ID, ExpectVersion: v + 1},
					&store.ConflictError{Change: i, Kind: k.Kind, ID: k.ID, Expected: v + 1, Actual: v}
			}},
		{"deleting a record the same apply deleted fails at its change and writes nothing", 2500,
			(*model).remove,
			func(m *model, k store.KindID, i int) (store.Change, error) {
				return del(k.Kind, k.ID), &store.NotFoundError{Change: i, Kind: k.Kind, ID: k.ID}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := open(t, h)
			m := newModel(2)
			first, _ := m.batch(200)
			apply(t, s, first...)
			before := snapshot(t, s)
			changes, _ := m.batch(tc.at - 2)
			k := m.keys[7]
			changes = append(changes, m.put(k, tc.at-2), tc.setup(m, k, tc.at-1))
			bad, want := tc.bad(m, k, tc.at)
			changes = append(changes, bad)
			rest, _ := m.batch(bigApply - tc.at - 1)
			changes = append(changes, rest...)
			require.Len(t, changes, bigApply)

			_, err := s.Apply(ctx, actor, changes)
			require.Error(t, err)
			assert.Equal(t, want.Error(), err.Error())
			switch want := want.(type) {
			case *store.ConflictError:
				var got *store.ConflictError
				require.ErrorAs(t, err, &got)
				assert.Equal(t, want, got)
			case *store.NotFoundError:
				var got *store.NotFoundError
				require.ErrorAs(t, err, &got)
				assert.Equal(t, want, got)
			}
			assertUnchanged(t, s, before)
			// The audit head did not move: the next entry follows the last.
			rec := apply(t, s, put(store.KindPlan, "after", "", "x"))[0]
			es, err := s.Audit(ctx, uint64(len(first)), 10)
			require.NoError(t, err)
			require.Len(t, es, 1)
			assert.Equal(t, uint64(len(first)+1), es[0].Seq)
			assert.Equal(t, before.audit[len(before.audit)-1].Hash, es[0].PrevHash)
			assert.Equal(t, rec.UpdatedAt, es[0].At)
			assertVerifies(t, s)
		})
	}
}
