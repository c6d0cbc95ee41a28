package store

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLimitsAreInclusive(t *testing.T) {
	ok := []Change{
		{Op: OpPut, Kind: Kind("k" + strings.Repeat("_", MaxKindBytes-1)), ID: strings.Repeat("i", MaxIDBytes),
			Scope: strings.Repeat("s", MaxScopeBytes), Data: make([]byte, MaxDataBytes)},
	}
	assert.NoError(t, validateApply(strings.Repeat("a", MaxActorBytes), ok))
	many := make([]Change, MaxChanges)
	for i := range many {
		many[i] = Change{Op: OpDelete, Kind: KindPlan, ID: "p"}
	}
	assert.NoError(t, validateApply("a", many))
	assert.ErrorIs(t, validateApply("a", append(many, many[0])), ErrInvalid)
	two := []Change{{Op: OpPut, Kind: KindPlan, ID: "p", Data: make([]byte, MaxApplyBytes/2)}}
	assert.NoError(t, validateApply("a", append(two, two[0])))
}

func TestPrefixEnd(t *testing.T) {
	for _, tc := range []struct {
		prefix, end string
		ok          bool
	}{
		{"a", "b", true},
		{"org-1", "org-2", true},
		{"中文", "中斈", true},
		{"a\U0010FFFF", "b", true},
		{"\U0010FFFF\U0010FFFF", "", false},
		{"\uD7FF", "\uE000", true},
	} {
		end, ok := prefixEnd(tc.prefix)
		assert.Equal(t, tc.ok, ok, "%q", tc.prefix)
		assert.Equal(t, tc.end, end, "%q", tc.prefix)
	}
}

func TestPageTokensRoundTrip(t *testing.T) {
	for _, id := range []string{"a", "中文-1", strings.Repeat("长", MaxIDBytes/3)} {
		got, ok := decodeToken(encodeToken(id))
		assert.True(t, ok)
		assert.Equal(t, id, got)
	}
	for _, tok := range []string{"", "z1.", "z1.!!", "x1.YQ", "z1." + strings.Repeat("QUFB", 200)} {
		_, ok := decodeToken(tok)
		assert.False(t, ok, "%q", tok)
	}
}

// FuzzValidateApply feeds arbitrary text to the checks of Apply: whatever
// passes is printable UTF-8 within the limits, and whatever fails is
// reported in a message that is short and holds no raw control character.
func FuzzValidateApply(f *testing.F) {
	f.Add("李明", "plan", "2026-市财政局", "org-1", "put", int64(0))
	f.Add("", "Plan", "p\x00q", "org\n", "upsert", int64(-2))
	f.Add("a", "case", "\u202etxt.exe", " s", "delete", int64(-1))
	f.Add("\xff", "k", strings.Repeat("长", 90), "", "", int64(3))
	f.Fuzz(func(t *testing.T, actor, kind, id, scope, op string, expect int64) {
		c := Change{Op: Op(op), Kind: Kind(kind), ID: id, Scope: scope, ExpectVersion: expect}
		err := validateApply(actor, []Change{c})
		if err == nil {
			for _, s := range []string{actor, id, scope} {
				require.True(t, utf8.ValidString(s))
				require.Empty(t, textProblem(s, 1<<20))
			}
			require.LessOrEqual(t, len(id), MaxIDBytes)
			require.True(t, validKind(c.Kind))
			return
		}
		msg := err.Error()
		require.True(t, utf8.ValidString(msg), "%q", msg)
		require.Less(t, len(msg), 2000)
		for _, r := range msg {
			require.False(t, r < 0x20 || r == 0x7f || r == 0x202e, "raw %U in %q", r, msg)
		}
	})
}
