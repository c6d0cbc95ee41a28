package assessment

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Exact arithmetic. Every number a rule or the system supplies as a float64
// is read once as its shortest decimal representation (the digits strconv
// prints, so 89.995 is 89.995 and not 89.99499999999999744…); from then on
// all arithmetic is exact, on integers or big.Rat, and a value is rounded
// only when it becomes a number people see: points, scores and review
// figures, each a whole number of ticks (10^-precision).

// maxPoints bounds every maximum, cap and score, so that ticks at the
// highest precision fit comfortably in an int64.
const maxPoints = 1e9

// pow10 holds 10^0 … 10^18.
var pow10 = func() [19]int64 {
	var p [19]int64
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// dec is an exact decimal m × 10^e.
type dec struct {
	m int64
	e int
}

// decOf returns the shortest decimal representation of a finite f.
func decOf(f float64) dec {
	if f == 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return dec{}
	}
	var buf [32]byte
	s := strconv.AppendFloat(buf[:0], f, 'e', -1, 64) // -d.dddde±xx
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	var m int64
	frac, exp := 0, 0
	seenPoint := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			m = m*10 + int64(c-'0')
			if seenPoint {
				frac++
			}
		case c == '.':
			seenPoint = true
		case c == 'e':
			x, _ := strconv.Atoi(string(s[i+1:]))
			exp = x
			i = len(s)
		}
	}
	if neg {
		m = -m
	}
	return dec{m: m, e: exp - frac}
}

// rat returns d as a big.Rat.
func (d dec) rat() *big.Rat {
	r := new(big.Rat).SetInt64(d.m)
	if d.e == 0 || d.m == 0 {
		return r
	}
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(d.e))), nil)
	if d.e > 0 {
		return r.Mul(r, new(big.Rat).SetInt(p))
	}
	return r.Quo(r, new(big.Rat).SetInt(p))
}

// mul returns d × o, or false when the mantissa would overflow.
func (d dec) mul(o dec) (dec, bool) {
	hi, lo := bits.Mul64(uint64(abs64(d.m)), uint64(abs64(o.m)))
	if hi != 0 || lo > math.MaxInt64 {
		return dec{}, false
	}
	m := int64(lo)
	if (d.m < 0) != (o.m < 0) {
		m = -m
	}
	return dec{m: m, e: d.e + o.e}, true
}

// ticks returns d rounded to prec decimal places as a whole number of
// 10^-prec, or false when it does not fit the fast path.
func (d dec) ticks(prec int, rule zerenv1.ScoreRounding) (int64, bool) {
	shift := d.e + prec
	switch {
	case d.m == 0:
		return 0, true
	case shift >= 0:
		if shift > 18 {
			return 0, false
		}
		hi, lo := bits.Mul64(uint64(abs64(d.m)), uint64(pow10[shift]))
		if hi != 0 || lo > math.MaxInt64 {
			return 0, false
		}
		if d.m < 0 {
			return -int64(lo), true
		}
		return int64(lo), true
	case -shift > 18:
		return 0, false
	}
	return roundDiv(d.m, pow10[-shift], rule), true
}

// roundDiv returns n / q rounded by rule, for q > 0.
func roundDiv(n, q int64, rule zerenv1.ScoreRounding) int64 {
	quo, rem := n/q, n%q
	if rem == 0 {
		return quo
	}
	neg := n < 0
	if neg {
		rem = -rem
	}
	away := false
	switch rule {
	case zerenv1.ScoreRounding_SCORE_ROUNDING_DOWN:
	case zerenv1.ScoreRounding_SCORE_ROUNDING_HALF_EVEN:
		twice := rem * 2 // rem < q ≤ 10^18, no overflow
		away = twice > q || (twice == q && quo%2 != 0)
	default: // HALF_UP
		away = rem*2 >= q
	}
	if away {
		if neg {
			return quo - 1
		}
		return quo + 1
	}
	return quo
}

// ratTicks returns x rounded to prec decimal places as a whole number of
// 10^-prec, or false when it does not fit an int64.
func ratTicks(x *big.Rat, prec int, rule zerenv1.ScoreRounding) (int64, bool) {
	num := new(big.Int).Mul(x.Num(), big.NewInt(pow10[prec]))
	den := x.Denom()
	quo, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	if rem.Sign() != 0 {
		twice := new(big.Int).Abs(rem)
		twice.Lsh(twice, 1)
		c := twice.Cmp(den)
		away := false
		switch rule {
		case zerenv1.ScoreRounding_SCORE_ROUNDING_DOWN:
		case zerenv1.ScoreRounding_SCORE_ROUNDING_HALF_EVEN:
			away = c > 0 || (c == 0 && quo.Bit(0) == 1)
		default:
			away = c >= 0
		}
		if away {
			if num.Sign() < 0 {
				quo.Sub(quo, big.NewInt(1))
			} else {
				quo.Add(quo, big.NewInt(1))
			}
		}
	}
	if !quo.IsInt64() {
		return 0, false
	}
	return quo.Int64(), true
}

// ticksRat returns t ticks at prec as a big.Rat.
func ticksRat(t int64, prec int) *big.Rat {
	return big.NewRat(t, pow10[prec])
}

// formatTicks renders t ticks at prec as decimal text, e.g. 9000 at 2 →
// "90.00".
func formatTicks(t int64, prec int) string {
	u := uint64(t)
	if t < 0 {
		u = -u
	}
	var db [20]byte
	ds := strconv.AppendUint(db[:0], u, 10)
	var b [48]byte // sign, 20 digits, point and up to 18 leading zeros
	out := b[:0]
	if t < 0 {
		out = append(out, '-')
	}
	if prec > 0 {
		for range prec - len(ds) + 1 { // no iteration when ds is longer
			out = append(out, '0')
		}
	}
	out = append(out, ds...)
	if prec > 0 {
		out = append(out, 0)
		copy(out[len(out)-prec:], out[len(out)-prec-1:len(out)-1])
		out[len(out)-prec-1] = '.'
	}
	return string(out) // the only allocation
}

// parseTicks reads decimal text at prec places back into ticks.
func parseTicks(s string, prec int) (int64, bool) {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, false
	}
	return ratTicks(r, prec, zerenv1.ScoreRounding_SCORE_ROUNDING_HALF_UP)
}

// ticksFloat returns t ticks as the float64 nearest to its decimal text
// (for the double fields of the schema).
func ticksFloat(t int64, prec int) float64 {
	f, _ := strconv.ParseFloat(formatTicks(t, prec), 64)
	return f
}

// decimals returns how many decimal places the shortest representation of f
// has (0 for integers).
func decimals(f float64) int {
	d := decOf(f)
	if d.e >= 0 {
		return 0
	}
	n := -d.e
	for m := d.m; n > 0 && m%10 == 0; m /= 10 {
		n--
	}
	return n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// valuePlaces is how many decimal places of a formula's value are used:
// more than any score keeps, fewer than float64 arithmetic corrupts, so
// 6.0 − 50.0 × (1.0 − 0.94) = 2.9999999999999973 is used, and shown in the
// derivation, as 3.
const valuePlaces = 10

// maxValueDigits bounds a value's significant digits, so that the float64
// stored in the result prints back as exactly the decimal that was used.
const maxValueDigits = 15

// quantize returns the value of a formula as the decimal that scoring uses:
// f rounded half up to valuePlaces decimal places, and to at most
// maxValueDigits significant digits.
func quantize(f float64) float64 {
	d := decOf(f)
	if d.m == 0 {
		return 0
	}
	intDigits := len(strconv.FormatInt(abs64(d.m), 10)) + d.e
	places := min(valuePlaces, max(0, maxValueDigits-intDigits))
	t, ok := d.ticks(places, zerenv1.ScoreRounding_SCORE_ROUNDING_HALF_UP)
	if !ok {
		return f
	}
	return ticksFloat(t, places)
}
