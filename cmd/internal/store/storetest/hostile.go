package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

func testHostile(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	apply(t, s, put(store.KindPlan, "keep", "org-1", "kept"))
	before := snapshot(t, s)

	long := strings.Repeat("长", store.MaxIDBytes/3+1) // 258 bytes
	huge := make([]byte, store.MaxDataBytes+1)
	third := make([]byte, store.MaxApplyBytes/3+1) // shared by three changes
	one := func(c store.Change) []store.Change { return []store.Change{c} }
	many := make([]store.Change, store.MaxChanges+1)

	for _, tc := range []struct {
		name    string
		actor   string
		changes []store.Change
		field   string // a field named in the problems
		change  int    // the change it is about, -1 for none
		says    string // in the message
	}{
		{"no actor", "", one(put(store.KindPlan, "p", "", "x")), "actor", -1, "actor: is required"},
		{"an actor with a newline", "root\nadmin", one(put(store.KindPlan, "p", "", "x")), "actor", -1, "U+000A"},
		{"an actor of 257 bytes", strings.Repeat("a", store.MaxActorBytes+1), one(put(store.KindPlan, "p", "", "x")), "actor", -1, "more than the 256 allowed"},
		{"no changes", actor, nil, "changes", -1, "at least one change"},
		{"more changes than allowed", actor, many, "changes", -1, "more than the 10000 allowed"},
		{"no kind", actor, one(put("", "p", "", "x")), "kind", 0, "kind: is required"},
		{"an upper-case kind", actor, one(put("Plan", "p", "", "x")), "kind", 0, "a-z"},
		{"a kind holding SQL", actor, one(put("plan; DROP TABLE records; --", "p", "", "x")), "kind", 0, "a-z"},
		{"no id", actor, one(put(store.KindPlan, "", "", "x")), "id", 0, "id: is required"},
		{"an id of 258 bytes", actor, one(put(store.KindPlan, long, "", "x")), "id", 0, "258 bytes, more than the 256 allowed"},
		{"an id that is not UTF-8", actor, one(put(store.KindPlan, "p\xff\xfe", "", "x")), "id", 0, "not valid UTF-8"},
		{"an id with a NUL", actor, one(put(store.KindPlan, "p\x00q", "", "x")), "id", 0, "U+0000"},
		{"an id with a newline", actor, one(put(store.KindPlan, "p\nq", "", "x")), "id", 0, "U+000A"},
		{"an id with a right-to-left override", actor, one(put(store.KindPlan, "\u202etxt.exe", "", "x")), "id", 0, "U+202E"},
		{"an id with a leading space", actor, one(put(store.KindPlan, " p", "", "x")), "id", 0, "white space"},
		{"a scope with a tab", actor, one(put(store.KindPlan, "p", "org\t1", "x")), "scope", 0, "U+0009"},
		{"a scope of 257 bytes", actor, one(put(store.KindPlan, "p", strings.Repeat("s", store.MaxScopeBytes+1), "x")), "scope", 0, "more than the 256 allowed"},
		{"data one byte over the limit", actor, one(store.Change{Op: store.OpPut, Kind: store.KindPlan, ID: "p", Data: huge}), "data", 0, "33554433 bytes"},
		{"data over the limit of one apply", actor, []store.Change{
			{Op: store.OpPut, Kind: store.KindPlan, ID: "p1", Data: third},
			{Op: store.OpPut, Kind: store.KindPlan, ID: "p2", Data: third},
			{Op: store.OpPut, Kind: store.KindPlan, ID: "p3", Data: third},
		}, "changes", -1, "more than the 67108864 allowed in one apply"},
		{"no op", actor, one(store.Change{Kind: store.KindPlan, ID: "p"}), "op", 0, "op: is required"},
		{"an unknown op", actor, one(store.Change{Op: "upsert", Kind: store.KindPlan, ID: "p"}), "op", 0, `"upsert"`},
		{"a delete with data", actor, one(store.Change{Op: store.OpDelete, Kind: store.KindPlan, ID: "keep", Data: []byte("x")}), "data", 0, "must be empty for a delete"},
		{"a delete with a scope", actor, one(store.Change{Op: store.OpDelete, Kind: store.KindPlan, ID: "keep", Scope: "s"}), "scope", 0, "must be empty for a delete"},
		{"a delete that expects absence", actor, one(store.Change{Op: store.OpDelete, Kind: store.KindPlan, ID: "keep", ExpectVersion: store.ExpectAbsent}), "expect_version", 0, "cannot expect"},
		{"an expected version below -1", actor, one(store.Change{Op: store.OpPut, Kind: store.KindPlan, ID: "keep", ExpectVersion: -2}), "expect_version", 0, "is -2"},
		{"a bad change after a good one", actor, []store.Change{put(store.KindPlan, "keep", "", "overwritten?"), put(store.KindPlan, "p\x7f", "", "x")}, "id", 1, "change 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Apply(ctx, tc.actor, tc.changes)
			require.ErrorIs(t, err, store.ErrInvalid)
			var ve *store.ValidationError
			require.ErrorAs(t, err, &ve)
			found := false
			for _, p := range ve.Problems {
				if p.Field == tc.field && p.Change == tc.change {
					found = true
				}
			}
			assert.True(t, found, "no problem with field %q in change %d: %v", tc.field, tc.change, err)
			assert.Contains(t, err.Error(), tc.says)
			assert.Less(t, len(err.Error()), 600, "a hostile input must not flood the message")
			assert.True(t, !strings.ContainsAny(err.Error(), "\n\x00\u202e"), "the message quotes what it names: %q", err.Error())
		})
	}

	t.Run("every problem is reported at once, each naming its change and record", func(t *testing.T) {
		_, err := s.Apply(ctx, "", []store.Change{
			put(store.KindPlan, "ok", "", "x"),
			{Op: store.OpPut, Kind: "Bad", ID: "p-1", Data: huge},
			{Op: "merge", Kind: store.KindPlan, ID: "p\n2"},
		})
		var ve *store.ValidationError
		require.True(t, errors.As(err, &ve))
		var got []string
		for _, p := range ve.Problems {
			got = append(got, p.String())
		}
		assert.Equal(t, []string{
			"actor: is required",
			`change 1 (kind "Bad" "p-1"): kind: must be 1 to 64 bytes of a-z, 0-9 and _, starting with a letter`,
			`change 1 (kind "Bad" "p-1"): data: is 33554433 bytes, more than the 33554432 allowed`,
			`change 2 (plan "p\n2"): id: has the character U+000A at byte 1; control and format characters are not allowed`,
			`change 2 (plan "p\n2"): op: is "merge"; use put or delete`,
		}, got)
		assert.True(t, strings.HasPrefix(err.Error(), "store: 5 problems: actor: is required; change 1"), err.Error())
	})

	t.Run("reads reject malformed keys too", func(t *testing.T) {
		for _, key := range []struct {
			kind store.Kind
			id   string
		}{{"", "p"}, {store.KindPlan, ""}, {store.KindPlan, "p\x00"}, {store.KindPlan, long}, {"PLAN", "keep"}} {
			_, err := s.Get(ctx, key.kind, key.id)
			assert.ErrorIs(t, err, store.ErrInvalid, "%q %q", key.kind, key.id)
		}
		_, err := s.Audit(ctx, 0, -1)
		assert.ErrorIs(t, err, store.ErrInvalid)
	})

	t.Run("nothing was written", func(t *testing.T) {
		assertUnchanged(t, s, before)
	})
}
