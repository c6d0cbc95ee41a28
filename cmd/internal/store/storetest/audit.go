package storetest

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

func testAudit(t *testing.T, h Harness) {
	ctx := context.Background()

	t.Run("each change appends an entry with the data before and after", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		created := apply(t, s, put(store.KindCase, "督办-1", "org-1", "opened"))[0]
		updated := apply(t, s, put(store.KindCase, "督办-1", "org-2", "closed"))[0]
		apply(t, s, del(store.KindCase, "督办-1"))

		es := allAudit(t, s)
		require.Len(t, es, 3)
		want := []struct {
			action        store.Action
			scope         string
			version       int64
			before, after []byte
		}{
			{store.ActionCreate, "org-1", 1, nil, []byte("opened")},
			{store.ActionUpdate, "org-2", 2, []byte("opened"), []byte("closed")},
			{store.ActionDelete, "org-2", 2, []byte("closed"), nil},
		}
		for i, e := range es {
			assert.Equal(t, uint64(i+1), e.Seq)
			assert.Equal(t, actor, e.Actor)
			assert.Equal(t, store.KindCase, e.Kind)
			assert.Equal(t, "督办-1", e.ID)
			assert.Equal(t, want[i].action, e.Action, "entry %d", e.Seq)
			assert.Equal(t, want[i].scope, e.Scope, "entry %d", e.Seq)
			assert.Equal(t, want[i].version, e.Version, "entry %d", e.Seq)
			assert.Equal(t, want[i].before, e.Before, "entry %d before", e.Seq)
			assert.Equal(t, want[i].after, e.After, "entry %d after", e.Seq)
			assert.Len(t, e.Hash, 32)
			assert.Equal(t, e.ComputeHash(), e.Hash, "entry %d hash", e.Seq)
			if i == 0 {
				assert.Equal(t, make([]byte, 32), e.PrevHash)
			} else {
				assert.Equal(t, es[i-1].Hash, e.PrevHash)
			}
		}
		assert.Equal(t, created.UpdatedAt, es[0].At)
		assert.Equal(t, updated.UpdatedAt, es[1].At)
		assert.True(t, es[2].At.After(es[1].At))
	})

	t.Run("an apply of several changes appends one entry per change, in order", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		apply(t, s, put(store.KindPlan, "b", "", "1"), put(store.KindPlan, "a", "", "2"), del(store.KindPlan, "b"))
		es := allAudit(t, s)
		require.Len(t, es, 3)
		assert.Equal(t, []string{"b", "a", "b"}, []string{es[0].ID, es[1].ID, es[2].ID})
		assert.Equal(t, es[0].At, es[2].At, "one apply, one time")
	})

	t.Run("the log pages by sequence number", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		for _, id := range []string{"1", "2", "3", "4", "5"} {
			apply(t, s, put(store.KindPlan, id, "", id))
		}
		seqs := func(after uint64, limit int) []uint64 {
			es, err := s.Audit(ctx, after, limit)
			require.NoError(t, err)
			var out []uint64
			for _, e := range es {
				out = append(out, e.Seq)
			}
			return out
		}
		assert.Equal(t, []uint64{1, 2}, seqs(0, 2))
		assert.Equal(t, []uint64{3, 4}, seqs(2, 2))
		assert.Equal(t, []uint64{5}, seqs(4, 10))
		assert.Empty(t, seqs(5, 10))
		assert.Equal(t, []uint64{1, 2, 3, 4, 5}, seqs(0, 0))
		assert.Empty(t, seqs(math.MaxUint64, 10))
	})

	t.Run("an empty log and a clean log verify", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		rep := assertVerifies(t, s)
		assert.Equal(t, uint64(0), rep.Entries)
		assert.Equal(t, int64(0), rep.Records)

		apply(t, s, put(store.KindPlan, "p", "", "1"), put(store.KindPlan, "q", "", "1"))
		apply(t, s, put(store.KindPlan, "p", "", "2"), del(store.KindPlan, "q"))
		rep = assertVerifies(t, s)
		es := allAudit(t, s)
		assert.Equal(t, uint64(4), rep.Entries)
		assert.Equal(t, uint64(4), rep.HeadSeq)
		assert.Equal(t, es[3].Hash, rep.HeadHash)
		assert.Equal(t, int64(1), rep.Records)
	})
}

// tamperFixture writes five entries: 1 create p1, 2 create p2, 3 update p1,
// 4 delete p2, 5 create p3; p1 (version 2, entry 3) and p3 (entry 5) remain.
func tamperFixture(t testing.TB, h Harness) (store.Store, []store.AuditEntry) {
	s := open(t, h)
	apply(t, s, put(store.KindPlan, "p1", "org-1", "p1 v1"), put(store.KindPlan, "p2", "org-1", "p2 v1"))
	apply(t, s, put(store.KindPlan, "p1", "org-1", "p1 v2"))
	apply(t, s, del(store.KindPlan, "p2"))
	apply(t, s, put(store.KindPlan, "p3", "org-2", "p3 v1"))
	es := allAudit(t, s)
	require.Len(t, es, 5)
	assertVerifies(t, s)
	return s, es
}

func testTampering(t *testing.T, h Harness) {
	ctx := context.Background()

	t.Run("the log refuses updates and deletes while its triggers stand", func(t *testing.T) {
		t.Parallel()
		s, _ := tamperFixture(t, h)
		assert.ErrorContains(t, h.Exec(t, s, "UPDATE audit SET actor = ? WHERE seq = 2", "mallory"), "append-only")
		assert.ErrorContains(t, h.Exec(t, s, "DELETE FROM audit WHERE seq = 5"), "append-only")
		assertVerifies(t, s)
	})

	for _, tc := range []struct {
		name   string
		tamper func(t testing.TB, s store.Store, es []store.AuditEntry)
		seq    uint64
		id     string // the record named, if any
		reason string
	}{
		{"an altered actor", func(t testing.TB, s store.Store, _ []store.AuditEntry) {
			require.NoError(t, h.Exec(t, s, "UPDATE audit SET actor = ? WHERE seq = 2", "mallory"))
		}, 2, "", "hash does not match its content"},
		{"altered after data", func(t testing.TB, s store.Store, _ []store.AuditEntry) {
			require.NoError(t, h.Exec(t, s, "UPDATE audit SET after = ? WHERE seq = 3", []byte("forged")))
		}, 3, "", "hash does not match its content"},
		{"an altered time", func(t testing.TB, s store.Store, es []store.AuditEntry) {
			require.NoError(t, h.Exec(t, s, "UPDATE audit SET at = ? WHERE seq = 1", es[0].At.UnixNano()-1))
		}, 1, "", "hash does not match its content"},
		{"an entry removed from the middle", func(t testing.TB, s store.Store, _ []store.AuditEntry) {
			require.NoError(t, h.Exec(t, s, "DELETE FROM audit WHERE seq = 2"))
		}, 2, "", "missing: the log goes from entry 1 to entry 3"},
		{"the last entry removed", func(t testing.TB, s store.Store, _ []store.AuditEntry) {
			require.NoError(t, h.Exec(t, s, "DELETE FROM audit WHERE seq = 5"))
		}, 5, "", "removed from the end"},
		{"an entry rewritten with a fresh hash", func(t testing.TB, s store.Store, es []store.AuditEntry) {
			e := es[1]
			e.Actor = "mallory"
			require.NoError(t, h.Exec(t, s, "UPDATE audit SET actor = ?, hash = ? WHERE seq = 2", e.Actor, e.ComputeHash()))
		}, 3, "", "previous hash is not entry 2's hash"},
		{"an entry appended behind the store's back", func(t testing.TB, s store.Store, es []store.AuditEntry) {
			e := store.AuditEntry{Seq: 6, At: es[4].At, Actor: "mallory", Kind: store.KindPlan, ID: "p9",
				Action: store.ActionCreate, Version: 1, After: []byte("forged"), PrevHash: es[4].Hash}
			e.Hash = e.ComputeHash()
			require.NoError(t, h.Exec(t, s, `INSERT INTO audit (seq, at, actor, kind, id, scope, action, version, before, after, prev_hash, hash)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, int64(e.Seq), e.At.UnixNano(), e.Actor, string(e.Kind), e.ID, e.Scope,
				string(e.Action), e.Version, nil, e.After, e.PrevHash, e.Hash))
		}, 6, "", "added behind its back"},
		{"a record's data changed", func(t testing.TB, s store.Store, _ []store.AuditEntry) {
			require.NoError(t, h.Exec(t, s, "UPDATE records SET data = ? WHERE id = 'p1'", []byte("forged")))
		}, 3, "p1", "data is not the data the entry wrote"},
		{"a record's scope moved", func(t testing.TB, s store.Store, _ []store.AuditEntry) {
			require.NoError(t, h.Exec(t, s, "UPDATE records SET scope = 'org-9' WHERE id = 'p3'"))
		}, 5, "p3", "scope"},
		{"a record rolled back to an older version", func(t testing.TB, s store.Store, _ []store.AuditEntry) {
			require.NoError(t, h.Exec(t, s, "UPDATE records SET version = 1, data = ?, audit_seq = 1 WHERE id = 'p1'", []byte("p1 v1")))
		}, 1, "p1", "entry 3 changed the record after"},
		{"a record deleted", func(t testing.TB, s store.Store, _ []store.AuditEntry) {
			require.NoError(t, h.Exec(t, s, "DELETE FROM records WHERE id = 'p3'"))
		}, 5, "p3", "yet it is gone"},
		{"a record added", func(t testing.TB, s store.Store, es []store.AuditEntry) {
			require.NoError(t, h.Exec(t, s, `INSERT INTO records (kind, id, scope, version, data, updated_at, updated_by, audit_seq)
				VALUES ('plan', 'p9', '', 1, ?, ?, 'mallory', 5)`, []byte("forged"), es[4].At.UnixNano()))
		}, 5, "p9", "that entry is about plan \"p3\""},
		{"a deleted record brought back", func(t testing.TB, s store.Store, es []store.AuditEntry) {
			require.NoError(t, h.Exec(t, s, `INSERT INTO records (kind, id, scope, version, data, updated_at, updated_by, audit_seq)
				VALUES ('plan', 'p2', 'org-1', 1, ?, ?, ?, 2)`, []byte("p2 v1"), es[1].At.UnixNano(), actor))
		}, 2, "p2", "entry 4 changed the record after"},
	} {
		t.Run(tc.name+" is found", func(t *testing.T) {
			t.Parallel()
			s, es := tamperFixture(t, h)
			h.Unguard(t, s)
			tc.tamper(t, s, es)
			rep, err := s.VerifyAudit(ctx)
			require.NoError(t, err)
			require.False(t, rep.OK(), "tampering went unnoticed")
			assert.Equal(t, tc.seq, rep.Broken.Seq, "%v", rep.Broken)
			assert.Equal(t, tc.id, rep.Broken.ID, "%v", rep.Broken)
			assert.Contains(t, rep.Broken.Reason, tc.reason)
		})
	}
}
