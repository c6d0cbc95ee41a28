package checklist

import (
	"fmt"
	"math"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// MaxTarget is the largest yearly target a measure may carry (10¹²): large
// enough for any count or amount of money in yuan, small enough that a
// decimal split at six places stays exact in 64-bit integers.
const MaxTarget = 1e12

// MaxPrecision is the largest number of decimal places a measure may keep.
const MaxPrecision = 6

// SplitTarget spreads a measure's yearly target over n consecutive periods
// (n ≥ 1) by the measure's split rule and rounding:
//
//   - SPLIT_RULE_REPEAT: every period gets the full target (每期均须达到).
//   - SPLIT_RULE_PER_PERIOD: each period gets a share and the shares sum to
//     the target exactly. With ROUNDING_REMAINDER_FIRST or _LAST the target
//     must be a whole number; every share is target ÷ n rounded down and the
//     remainder adds one to each of the earliest (FIRST) or latest (LAST)
//     periods: 10 over four quarters is 3,3,2,2 or 2,2,3,3. With
//     ROUNDING_HALF_UP or _HALF_EVEN every period but the last gets
//     target ÷ n rounded to the measure's precision, and the last period
//     absorbs the rounding residue: 100 over three at two places is
//     33.33, 33.33, 33.34. When rounding up would leave the last period
//     negative (a tiny target over many periods at few places, such as 7
//     over twelve months at precision 0), the shares are rounded down
//     instead, so the last period takes the remainder (0,…,0,7); prefer
//     a REMAINDER rounding for such counts.
//   - SPLIT_RULE_CUMULATIVE: each period's target is the running total of
//     the PER_PERIOD shares, so the last equals the yearly target: 7 over two
//     halves is 4,7 with REMAINDER_FIRST and 3,7 with REMAINDER_LAST.
//
// With one period the target is returned as is. Shares are computed in
// integers of 10^-precision, so they are exact at the declared precision on
// every platform. SplitTarget returns an error for a measure [NewPlan] would
// reject.
func SplitTarget(m *zerenv1.Measure, n int) ([]float64, error) {
	if n < 1 {
		return nil, fmt.Errorf("checklist: split over %d periods", n)
	}
	if _, err := checkSplit(m, n); err != "" {
		return nil, fmt.Errorf("checklist: split: %s", err)
	}
	out := make([]float64, n)
	target := m.GetTarget()
	if n == 1 || m.GetSplit() == zerenv1.SplitRule_SPLIT_RULE_REPEAT {
		for i := range out {
			out[i] = target
		}
		return out, nil
	}
	units, scale := shares(m, n)
	var run int64
	for i, u := range units {
		if m.GetSplit() == zerenv1.SplitRule_SPLIT_RULE_CUMULATIVE {
			run += u
			u = run
		}
		out[i] = float64(u) / scale
	}
	return out, nil
}

// shares returns the PER_PERIOD shares in integer units of 1/scale.
func shares(m *zerenv1.Measure, n int) (units []int64, scale float64) {
	units = make([]int64, n)
	nn := int64(n)
	switch m.GetRounding() {
	case zerenv1.Rounding_ROUNDING_REMAINDER_FIRST, zerenv1.Rounding_ROUNDING_REMAINDER_LAST:
		t := int64(math.Round(m.GetTarget()))
		q, r := t/nn, t%nn
		for i := range units {
			units[i] = q
			first := m.GetRounding() == zerenv1.Rounding_ROUNDING_REMAINDER_FIRST
			if (first && int64(i) < r) || (!first && int64(i) >= nn-r) {
				units[i]++
			}
		}
		return units, 1
	}
	scale = math.Pow10(int(m.GetPrecision()))
	u := int64(math.Round(m.GetTarget() * scale))
	q, r := u/nn, u%nn
	share := q
	switch m.GetRounding() {
	case zerenv1.Rounding_ROUNDING_HALF_UP:
		if 2*r >= nn {
			share++
		}
	case zerenv1.Rounding_ROUNDING_HALF_EVEN:
		if 2*r > nn || (2*r == nn && q%2 == 1) {
			share++
		}
	}
	if share*(nn-1) > u {
		share = q
	}
	for i := range units {
		units[i] = share
	}
	units[n-1] = u - share*(nn-1)
	return units, scale
}

// checkSplit reports why a measure cannot be split over n periods, in
// Chinese and in English, or two empty strings. It assumes the target is
// finite, non-negative and at most MaxTarget.
func checkSplit(m *zerenv1.Measure, n int) (zh, en string) {
	t := m.GetTarget()
	if math.IsNaN(t) || math.IsInf(t, 0) || t < 0 || t > MaxTarget {
		return fmt.Sprintf("目标值%v不在0到%g之间", t, MaxTarget),
			fmt.Sprintf("target %v is not a number between 0 and %g", t, MaxTarget)
	}
	p := m.GetPrecision()
	if p < 0 || p > MaxPrecision {
		return fmt.Sprintf("精度%d不在0到%d之间", p, MaxPrecision),
			fmt.Sprintf("precision %d is not between 0 and %d", p, MaxPrecision)
	}
	if n == 1 {
		return "", ""
	}
	switch m.GetSplit() {
	case zerenv1.SplitRule_SPLIT_RULE_REPEAT:
		return "", ""
	case zerenv1.SplitRule_SPLIT_RULE_PER_PERIOD, zerenv1.SplitRule_SPLIT_RULE_CUMULATIVE:
	default:
		return fmt.Sprintf("未设置分解规则（%v）", m.GetSplit()),
			fmt.Sprintf("split rule %v is not set", m.GetSplit())
	}
	switch m.GetRounding() {
	case zerenv1.Rounding_ROUNDING_REMAINDER_FIRST, zerenv1.Rounding_ROUNDING_REMAINDER_LAST:
		if t != math.Trunc(t) {
			return fmt.Sprintf("取整方式%v只能分解整数，但目标值%v有小数；请改用ROUNDING_HALF_UP并设置精度", m.GetRounding(), t),
				fmt.Sprintf("rounding %v splits whole numbers, but the target %v has decimals; use ROUNDING_HALF_UP with a precision",
					m.GetRounding(), t)
		}
	case zerenv1.Rounding_ROUNDING_HALF_UP, zerenv1.Rounding_ROUNDING_HALF_EVEN:
		x := t * math.Pow10(int(p))
		if math.Abs(x-math.Round(x)) > 1e-6+1e-9*x {
			return fmt.Sprintf("目标值%v的小数位数多于精度%d", t, p),
				fmt.Sprintf("target %v has more decimal places than the precision %d", t, p)
		}
	default:
		return fmt.Sprintf("未设置取整方式（%v），按%d个周期分解需要设置", m.GetRounding(), n),
			fmt.Sprintf("rounding %v is not set, and the split over %d periods needs one", m.GetRounding(), n)
	}
	return "", ""
}
