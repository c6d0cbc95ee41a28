package assessment

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

const (
	halfUp   = zerenv1.ScoreRounding_SCORE_ROUNDING_HALF_UP
	halfEven = zerenv1.ScoreRounding_SCORE_ROUNDING_HALF_EVEN
	down     = zerenv1.ScoreRounding_SCORE_ROUNDING_DOWN
)

func TestDecimalReadsTheShortestRepresentation(t *testing.T) {
	t.Parallel()
	tenth, fifth := 0.1, 0.2 // variables, so the sum is a float64 sum
	tests := []struct {
		in   float64
		want dec
	}{
		{0, dec{}},
		{1, dec{1, 0}},
		{89.995, dec{89995, -3}},
		{-0.5, dec{-5, -1}},
		{1e21, dec{1, 21}},
		{tenth + fifth, dec{30000000000000004, -17}},
		{math.NaN(), dec{}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, decOf(tt.in), "decOf(%v)", tt.in)
	}
}

func TestRoundingRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   float64
		prec int
		rule zerenv1.ScoreRounding
		want string
	}{
		{"half up carries 89.995 to 90.00", 89.995, 2, halfUp, "90.00"},
		{"half even keeps 89.985 at 89.98", 89.985, 2, halfEven, "89.98"},
		{"half even lifts 89.975 to 89.98", 89.975, 2, halfEven, "89.98"},
		{"half even lifts 89.9851 to 89.99", 89.9851, 2, halfEven, "89.99"},
		{"down truncates 89.999", 89.999, 2, down, "89.99"},
		{"half up rounds a negative half away from zero", -1.005, 2, halfUp, "-1.01"},
		{"down truncates a negative toward zero", -1.009, 2, down, "-1.00"},
		{"precision 0", 2.5, 0, halfEven, "2"},
		{"precision 4", 1.23455, 4, halfUp, "1.2346"},
		{"an integer needs no rounding", 7, 2, halfUp, "7.00"},
		{"a tiny value rounds to zero", 1e-30, 2, halfUp, "0.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := decOf(tt.in)
			fast, ok := d.ticks(tt.prec, tt.rule)
			slow, ok2 := ratTicks(d.rat(), tt.prec, tt.rule)
			assert.True(t, ok2)
			if ok {
				assert.Equal(t, slow, fast, "the fast path agrees with big.Rat")
			}
			assert.Equal(t, tt.want, formatTicks(slow, tt.prec))
		})
	}
}

func TestProductsOverflowToBigRat(t *testing.T) {
	t.Parallel()
	a, b := decOf(0.12345678901234568), decOf(98765.43210987654)
	_, ok := a.mul(b)
	assert.False(t, ok, "two 17-digit mantissas overflow int64")
	want, _ := new(big.Rat).SetString("12193.263111263526")
	got, ok := ratTicks(new(big.Rat).Mul(a.rat(), b.rat()), 2, halfUp)
	assert.True(t, ok)
	wt, _ := ratTicks(want, 2, halfUp)
	assert.Equal(t, wt, got)
}

func TestFormatAndParseTicks(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		ticks int64
		prec  int
		text  string
	}{{0, 2, "0.00"}, {5, 2, "0.05"}, {-5, 2, "-0.05"}, {9000, 2, "90.00"}, {12, 0, "12"}, {1, 4, "0.0001"}} {
		assert.Equal(t, tt.text, formatTicks(tt.ticks, tt.prec))
		got, ok := parseTicks(tt.text, tt.prec)
		assert.True(t, ok)
		assert.Equal(t, tt.ticks, got)
	}
	assert.Equal(t, 2, decimals(1.25))
	assert.Equal(t, 0, decimals(100))
}

// formatTicks writes the same text as the straightforward rendering it
// replaced (digits, zero-padded to one whole digit, a point, a sign), with
// one allocation.
func TestFormatTicksMatchesStringRendering(t *testing.T) {
	slow := func(t int64, prec int) string {
		neg := t < 0
		u := uint64(t)
		if neg {
			u = -u
		}
		s := strconv.FormatUint(u, 10)
		if prec > 0 {
			if len(s) <= prec {
				s = strings.Repeat("0", prec-len(s)+1) + s
			}
			s = s[:len(s)-prec] + "." + s[len(s)-prec:]
		}
		if neg {
			s = "-" + s
		}
		return s
	}
	vals := []int64{0, 1, -1, 9, 10, 99, 100, 101, 9000, -9000, 123456789, math.MaxInt64, math.MinInt64, -5}
	for x := int64(1); x < math.MaxInt64/7; x *= 7 {
		vals = append(vals, x, -x, x+1)
	}
	for _, v := range vals {
		for prec := 0; prec <= 18; prec++ {
			require.Equal(t, slow(v, prec), formatTicks(v, prec), "%d at %d", v, prec)
		}
	}
	require.LessOrEqual(t, testing.AllocsPerRun(100, func() { _ = formatTicks(12345, 2) }), 1.0)
}

// The whole-number fast path of scheme.mean gives the exact mean of the
// big.Rat path, trimming included.
func TestReviewMeanFastPathIsExact(t *testing.T) {
	t.Parallel()
	for _, trim := range []*big.Rat{big.NewRat(0, 1), big.NewRat(5, 1), big.NewRat(333, 10), big.NewRat(49, 1)} {
		sc := &scheme{trim: trim, order: []zerenv1.ReviewChoice{1, 2, 3, 4}}
		for c, v := range []int64{0, 100, 80, 60, 40} {
			if c > 0 {
				sc.scores[c], sc.intScore[c] = big.NewRat(v, 1), v
			}
		}
		for n := int64(1); n < 60; n += 3 {
			tally := [numChoices]int64{0, n / 2, n / 5, n / 7, n - n/2 - n/5 - n/7}
			sc.intScores = true
			fast := sc.mean(tally, n)
			sc.intScores = false
			slow := sc.mean(tally, n)
			require.Zero(t, fast.Cmp(slow), "trim %s, %v: %s ≠ %s", trim, tally, fast, slow)
		}
	}
}
