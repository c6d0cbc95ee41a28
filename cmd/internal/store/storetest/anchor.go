package storetest

import (
	"context"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

// TestKey is the audit key the suite keys its stores with.
var TestKey = mustKey("zeren storetest audit key 0123456789abcdef")

// attackerKey is a key someone without TestKey makes up to re-hash with.
var attackerKey = mustKey("mallory's own audit key 0123456789abcdef")

func mustKey(s string) *store.AuditKey {
	k, err := store.ParseAuditKey([]byte(s))
	if err != nil {
		panic(err)
	}
	return k
}

// anchorFixture writes 20 entries with the store's key, if any: 1–10
// create p1…p10, 11–20 update them to version 2 (entry 10+i updates p<i>).
// It returns the store, its entries and a checkpoint of the head.
func anchorFixture(t testing.TB, h Harness, opts ...store.Option) (store.Store, []store.AuditEntry, store.Checkpoint) {
	t.Helper()
	var c Clock
	s := h.Open(t, append([]store.Option{store.WithClock(c.Now)}, opts...)...)
	for v := 1; v <= 2; v++ {
		for i := 1; i <= 10; i++ {
			apply(t, s, put(store.KindResult, fmt.Sprintf("p%d", i), "org-1", fmt.Sprintf("finding %d v%d", i, v)))
		}
	}
	es := allAudit(t, s)
	require.Len(t, es, 20)
	cp, err := s.(interface {
		Checkpoint(context.Context, time.Time) (store.Checkpoint, error)
	}).Checkpoint(context.Background(), Start.Add(time.Hour))
	require.NoError(t, err)
	require.Equal(t, uint64(20), cp.Seq)
	require.Equal(t, hex.EncodeToString(es[19].Hash), cp.Hash)
	return s, es, cp
}

// verifyReadOnly verifies the database behind s as zeren audit verify
// does: opened anew, read-only, with key (nil for none).
func verifyReadOnly(t testing.TB, h Harness, s store.Store, key *store.AuditKey, cps ...store.Checkpoint) store.VerifyReport {
	t.Helper()
	opts := []store.Option{store.WithReadOnly()}
	if key != nil {
		opts = append(opts, store.WithAuditKey(key))
	}
	ro, err := h.Reopen(t, s, opts...)
	require.NoError(t, err)
	rep, err := ro.VerifyAudit(context.Background(), cps...)
	require.NoError(t, err)
	return rep
}

// rewrite writes es[from-1:] back over the log with fresh chain hashes made
// by hash, and moves the store's head to the last: a consistent rewrite by
// someone who can write the database.
func rewrite(t testing.TB, h Harness, s store.Store, es []store.AuditEntry, from uint64, hash func(*store.AuditEntry) []byte) {
	t.Helper()
	prev := make([]byte, 32)
	if from > 1 {
		prev = es[from-2].Hash
	}
	for i := int(from) - 1; i < len(es); i++ {
		e := &es[i]
		e.PrevHash = prev
		e.Hash = hash(e)
		require.NoError(t, h.Exec(t, s, `UPDATE audit SET at = ?, actor = ?, kind = ?, id = ?, scope = ?, action = ?, version = ?,
			before = ?, after = ?, prev_hash = ?, hash = ? WHERE seq = ?`,
			e.At.UnixNano(), e.Actor, string(e.Kind), e.ID, e.Scope, string(e.Action), e.Version,
			e.Before, e.After, e.PrevHash, e.Hash, int64(e.Seq)))
		prev = e.Hash
	}
	moveHead(t, h, s, es)
}

func moveHead(t testing.TB, h Harness, s store.Store, es []store.AuditEntry) {
	t.Helper()
	seq, hash := int64(0), make([]byte, 32)
	if len(es) > 0 {
		seq, hash = int64(es[len(es)-1].Seq), es[len(es)-1].Hash
	}
	require.NoError(t, h.Exec(t, s, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq, hash))
}

// syncRecord makes the record e is about exactly what e wrote.
func syncRecord(t testing.TB, h Harness, s store.Store, e store.AuditEntry) {
	t.Helper()
	require.NoError(t, h.Exec(t, s, `UPDATE records SET scope = ?, version = ?, data = ?, updated_at = ?, updated_by = ?, audit_seq = ?
		WHERE kind = ? AND id = ?`, e.Scope, e.Version, e.After, e.At.UnixNano(), e.Actor, int64(e.Seq), string(e.Kind), e.ID))
}

func insertEntry(t testing.TB, h Harness, s store.Store, e store.AuditEntry) {
	t.Helper()
	require.NoError(t, h.Exec(t, s, `INSERT INTO audit (seq, at, actor, kind, id, scope, action, version, before, after, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, int64(e.Seq), e.At.UnixNano(), e.Actor, string(e.Kind), e.ID, e.Scope,
		string(e.Action), e.Version, e.Before, e.After, e.PrevHash, e.Hash))
}

// The tampering of issue 9, each of which verified before the log was
// keyed and anchored.
func testAnchor(t *testing.T, h Harness) {
	ctx := context.Background()
	plain := func(e *store.AuditEntry) []byte { return e.ComputeHash() }
	mallory := func(e *store.AuditEntry) []byte { return e.ComputeKeyedHash(attackerKey) }
	keyed := store.WithAuditKey(TestKey)

	t.Run("a keyed log verifies, with and without its checkpoint, read-only", func(t *testing.T) {
		t.Parallel()
		s, es, cp := anchorFixture(t, h, keyed)
		assert.Equal(t, es[5].ComputeKeyedHash(TestKey), es[5].Hash, "entries are HMACs under the key")
		assert.NotEqual(t, es[5].ComputeHash(), es[5].Hash)
		rep := verifyReadOnly(t, h, s, TestKey, cp)
		require.True(t, rep.OK(), "%v", rep.Broken)
		assert.Equal(t, uint64(20), rep.Entries)
		assert.Equal(t, TestKey.ID(), rep.KeyID)
		assert.Equal(t, uint64(0), rep.Unkeyed)
		assert.Equal(t, 1, rep.Checkpoints)
		assert.NotEmpty(t, cp.MAC, "the checkpoint is signed")
		assert.Equal(t, TestKey.ID(), cp.KeyID)
	})

	t.Run("rolling back the last 10 changes is found against a checkpoint", func(t *testing.T) {
		t.Parallel()
		s, es, cp := anchorFixture(t, h, keyed)
		h.Unguard(t, s)
		require.NoError(t, h.Exec(t, s, "DELETE FROM audit WHERE seq > 10"))
		for _, e := range es[:10] {
			syncRecord(t, h, s, e)
		}
		moveHead(t, h, s, es[:10])
		h.Reguard(t, s)
		require.True(t, verifyReadOnly(t, h, s, TestKey).OK(), "consistent: only a checkpoint can tell")
		rep := verifyReadOnly(t, h, s, TestKey, cp)
		require.False(t, rep.OK(), "the rollback went unnoticed")
		assert.Equal(t, store.BreakRollback, rep.Broken.Code, "%v", rep.Broken)
		assert.Equal(t, uint64(11), rep.Broken.Seq)
		assert.Contains(t, rep.Broken.Reason, "recorded 20 entries: the log was rolled back")
		assert.Contains(t, rep.Broken.ReasonZh, "被回滚")
	})

	t.Run("editing a finding, re-hashing to the end and moving the head is found", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			hash func(*store.AuditEntry) []byte
		}{{"unkeyed hashes", plain}, {"another key", mallory}} {
			t.Run("with "+tc.name, func(t *testing.T) {
				t.Parallel()
				s, es, _ := anchorFixture(t, h, keyed)
				h.Unguard(t, s)
				es[14].After = []byte("finding 5: nothing to report")
				rewrite(t, h, s, es, 15, tc.hash)
				syncRecord(t, h, s, es[14])
				rep := verifyReadOnly(t, h, s, TestKey)
				require.False(t, rep.OK(), "the rewrite went unnoticed")
				assert.Equal(t, store.BreakAltered, rep.Broken.Code, "%v", rep.Broken)
				assert.Equal(t, uint64(15), rep.Broken.Seq)
				assert.Contains(t, rep.Broken.Reason, "re-hashed without the key")
			})
		}
		t.Run("in an unkeyed log, against a checkpoint", func(t *testing.T) {
			t.Parallel()
			s, es, cp := anchorFixture(t, h)
			h.Unguard(t, s)
			es[14].After = []byte("finding 5: nothing to report")
			rewrite(t, h, s, es, 15, plain)
			syncRecord(t, h, s, es[14])
			h.Reguard(t, s)
			require.True(t, verifyReadOnly(t, h, s, nil).OK(), "without a key only a checkpoint can tell")
			rep := verifyReadOnly(t, h, s, nil, cp)
			require.False(t, rep.OK())
			assert.Equal(t, store.BreakRewritten, rep.Broken.Code, "%v", rep.Broken)
			assert.Equal(t, uint64(20), rep.Broken.Seq)
		})
	})

	t.Run("re-attributing an entry to another actor is found", func(t *testing.T) {
		t.Parallel()
		s, es, _ := anchorFixture(t, h, keyed)
		h.Unguard(t, s)
		es[15].Actor = "王五 (user 2002)"
		rewrite(t, h, s, es, 16, plain)
		syncRecord(t, h, s, es[15])
		rep := verifyReadOnly(t, h, s, TestKey)
		require.False(t, rep.OK(), "the re-attribution went unnoticed")
		assert.Equal(t, store.BreakAltered, rep.Broken.Code, "%v", rep.Broken)
		assert.Equal(t, uint64(16), rep.Broken.Seq)
	})

	t.Run("appending a forged entry without the key is found", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			hash func(*store.AuditEntry) []byte
		}{{"an unkeyed hash", plain}, {"another key", mallory}} {
			t.Run("with "+tc.name, func(t *testing.T) {
				t.Parallel()
				s, es, _ := anchorFixture(t, h, keyed)
				e := store.AuditEntry{Seq: 21, At: es[19].At.Add(time.Second), Actor: "李明 (user 1001)", Kind: store.KindResult, ID: "p1",
					Scope: "org-1", Action: store.ActionUpdate, Version: 3, Before: es[10].After, After: []byte("finding 1: rectified"), PrevHash: es[19].Hash}
				e.Hash = tc.hash(&e)
				insertEntry(t, h, s, e)
				syncRecord(t, h, s, e)
				moveHead(t, h, s, append(es, e))
				rep := verifyReadOnly(t, h, s, TestKey)
				require.False(t, rep.OK(), "the forged entry went unnoticed")
				assert.Equal(t, store.BreakAltered, rep.Broken.Code, "%v", rep.Broken)
				assert.Equal(t, uint64(21), rep.Broken.Seq)
			})
		}
	})

	t.Run("wiping every entry is found", func(t *testing.T) {
		wipe := func(t *testing.T, s store.Store) {
			h.Unguard(t, s)
			require.NoError(t, h.Exec(t, s, "DELETE FROM audit"))
			require.NoError(t, h.Exec(t, s, "DELETE FROM records"))
			moveHead(t, h, s, nil)
		}
		t.Run("against a checkpoint", func(t *testing.T) {
			t.Parallel()
			s, _, cp := anchorFixture(t, h, keyed)
			wipe(t, s)
			rep := verifyReadOnly(t, h, s, TestKey, cp)
			require.False(t, rep.OK(), "the wipe went unnoticed")
			assert.Equal(t, store.BreakRollback, rep.Broken.Code, "%v", rep.Broken)
			assert.Equal(t, uint64(1), rep.Broken.Seq)
			assert.Contains(t, rep.Broken.Reason, "the log was wiped")
			assert.Contains(t, rep.Broken.ReasonZh, "被清空")
		})
		t.Run("with the key record too, by the key alone", func(t *testing.T) {
			t.Parallel()
			s, _, _ := anchorFixture(t, h, keyed)
			wipe(t, s)
			require.NoError(t, h.Exec(t, s, "DELETE FROM audit_key"))
			rep := verifyReadOnly(t, h, s, TestKey)
			require.False(t, rep.OK(), "the wipe went unnoticed")
			assert.Equal(t, store.BreakKey, rep.Broken.Code, "%v", rep.Broken)
			assert.Contains(t, rep.Broken.Reason, "has no key record")
		})
	})

	t.Run("rewriting the whole log without the key and dropping its key record is found", func(t *testing.T) {
		t.Parallel()
		s, es, _ := anchorFixture(t, h, keyed)
		h.Unguard(t, s)
		require.NoError(t, h.Exec(t, s, "DELETE FROM audit_key"))
		es[3].Actor = "mallory"
		rewrite(t, h, s, es, 1, plain)
		syncRecord(t, h, s, es[3])
		rep := verifyReadOnly(t, h, s, TestKey)
		require.False(t, rep.OK())
		assert.Equal(t, store.BreakKey, rep.Broken.Code, "%v", rep.Broken)
	})

	t.Run("dropping the append-only triggers is found", func(t *testing.T) {
		t.Parallel()
		s, _, cp := anchorFixture(t, h, keyed)
		h.Unguard(t, s)
		rep := verifyReadOnly(t, h, s, TestKey, cp)
		require.False(t, rep.OK(), "the dropped triggers went unnoticed")
		assert.Equal(t, store.BreakGuard, rep.Broken.Code, "%v", rep.Broken)
		assert.Contains(t, rep.Broken.Reason, "was dropped")
		assert.Contains(t, rep.Broken.ReasonZh, "被删除")
	})

	t.Run("disabling or emptying an append-only trigger is found", func(t *testing.T) {
		t.Parallel()
		s, _, _ := anchorFixture(t, h, keyed)
		// PostgreSQL can disable a trigger; SQLite can only replace it.
		if h.Exec(t, s, "ALTER TABLE audit DISABLE TRIGGER audit_no_change") == nil {
			rep := verifyReadOnly(t, h, s, TestKey)
			require.False(t, rep.OK(), "the disabled trigger went unnoticed")
			assert.Equal(t, store.BreakGuard, rep.Broken.Code, "%v", rep.Broken)
			assert.Contains(t, rep.Broken.Reason, "audit_no_change was disabled")
			require.NoError(t, h.Exec(t, s, "ALTER TABLE audit ENABLE TRIGGER audit_no_change"))
			require.True(t, verifyReadOnly(t, h, s, TestKey).OK())
			require.NoError(t, h.Exec(t, s, "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$"))
		} else {
			require.NoError(t, h.Exec(t, s, "DROP TRIGGER audit_no_update"))
			require.NoError(t, h.Exec(t, s, "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT 1; END"))
		}
		rep := verifyReadOnly(t, h, s, TestKey)
		require.False(t, rep.OK(), "the emptied trigger went unnoticed")
		assert.Equal(t, store.BreakGuard, rep.Broken.Code, "%v", rep.Broken)
		assert.Contains(t, rep.Broken.Reason, "was changed")
	})

	t.Run("a checkpoint altered or signed with another key is refused", func(t *testing.T) {
		t.Parallel()
		s, _, cp := anchorFixture(t, h, keyed)
		lowered := cp
		lowered.Seq = 10
		lowered.Hash = hex.EncodeToString(allAudit(t, s)[9].Hash)
		rep := verifyReadOnly(t, h, s, TestKey, lowered)
		require.False(t, rep.OK())
		assert.Equal(t, store.BreakCheckpoint, rep.Broken.Code, "%v", rep.Broken)
		assert.Contains(t, rep.Broken.Reason, "bad signature")
		// Unsigned, typed by hand, it is taken as given.
		lowered.KeyID, lowered.MAC = "", ""
		assert.True(t, verifyReadOnly(t, h, s, TestKey, lowered).OK())
	})

	t.Run("an unkeyed database adopts the key; its older entries stay covered", func(t *testing.T) {
		t.Parallel()
		s := open(t, h)
		for i := range 3 {
			apply(t, s, put(store.KindPlan, fmt.Sprintf("old-%d", i), "", "before the key"))
		}
		require.True(t, verifyReadOnly(t, h, s, nil).OK())
		k, err := h.Reopen(t, s, keyed)
		require.NoError(t, err)
		rec := k.(interface{ KeyRecord() *store.KeyRecord }).KeyRecord()
		require.NotNil(t, rec)
		assert.True(t, rec.Adopted)
		assert.Equal(t, uint64(3), rec.Since)
		apply(t, k, put(store.KindPlan, "new", "", "after the key"))
		rep := verifyReadOnly(t, h, s, TestKey)
		require.True(t, rep.OK(), "%v", rep.Broken)
		assert.Equal(t, uint64(3), rep.Unkeyed)
		assert.Equal(t, TestKey.ID(), rep.KeyID)

		again, err := h.Reopen(t, s, keyed)
		require.NoError(t, err)
		assert.False(t, again.(interface{ KeyRecord() *store.KeyRecord }).KeyRecord().Adopted, "adopted once")

		// The old handle, unkeyed, may no longer write.
		_, err = s.Apply(ctx, actor, []store.Change{put(store.KindPlan, "late", "", "x")})
		var ke *store.KeyError
		require.ErrorAs(t, err, &ke)
		// Neither may a new one, nor one with another key; and verifying
		// needs the key.
		_, err = h.Reopen(t, s)
		require.ErrorAs(t, err, &ke)
		_, err = h.Reopen(t, s, store.WithAuditKey(attackerKey))
		require.ErrorAs(t, err, &ke)
		ro, err := h.Reopen(t, s, store.WithReadOnly())
		require.NoError(t, err)
		_, err = ro.VerifyAudit(ctx)
		require.ErrorAs(t, err, &ke)
		assert.Contains(t, ke.Zh, "校验需要该密钥")

		// Rewriting the unkeyed entries consistently breaks at the key.
		es := allAudit(t, s)
		h.Unguard(t, s)
		es[1].Actor = "mallory"
		rewrite(t, h, s, es[:3], 2, plain)
		moveHead(t, h, s, es)
		rep = verifyReadOnly(t, h, s, TestKey)
		require.False(t, rep.OK())
		assert.Equal(t, store.BreakKey, rep.Broken.Code, "%v", rep.Broken)
		assert.Equal(t, uint64(3), rep.Broken.Seq)
	})

	t.Run("a read-only store does not write", func(t *testing.T) {
		t.Parallel()
		s, _, _ := anchorFixture(t, h, keyed)
		ro, err := h.Reopen(t, s, store.WithReadOnly(), keyed)
		require.NoError(t, err)
		_, err = ro.Apply(ctx, actor, []store.Change{put(store.KindPlan, "x", "", "x")})
		require.Error(t, err)
		assert.Len(t, allAudit(t, s), 20)
	})
}
