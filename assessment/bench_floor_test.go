package assessment_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zerenlab/zeren/assessment"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// The plain-Go floor of BenchmarkProvince: what a programmer would write by
// hand for the province's indicator system (provinceSystem) — the same
// scores, grades and ranks, computed with integer arithmetic on ticks
// (0.01 point) straight from the facts, with no rules engine, no derivation
// and no result messages. It is specialised to that system: the five
// formula shapes, the sample's bonuses, deductions and modifiers, vetoes,
// 述职评议 scheme (quorums, 5% trimming, group weights, the satisfaction
// threshold's cap), the 好/较好/一般/差 bands with the 30% quota on 好, the
// REVIEW_THEN_ID tie rule and ranking by grade.
//
// What it leaves out, because the province does not exercise it: bonus
// metrics are read as whole multiples of 0.01 (the province has none), no
// indicator lacks data (no-data policies), no weighted indicators, no
// review share in the base score (weight_percent is 0 in the sample), no
// TIE_RULE_SHARED and no VETO_RANKING_APART. floorCheck proves, unit by
// unit, that it reproduces the engine's figures on the data benchmarked.

// floorUnit is one unit's figures in the floor.
type floorUnit struct {
	id        string
	score     int64 // ticks
	review    int64 // ticks
	hasReview bool
	force     int // -1: none
	cap       int
	grade     int
	rank      int32
}

// floorLeaf is one of the province's leaves, read off provinceSystem's
// generator: shape k%5 with its task, metric or dimension.
type floorLeaf struct {
	shape        int
	task1, task2 string
	metric       string
	dim          zerenv1.Dimension
}

func floorLeaves() []floorLeaf {
	leaves := make([]floorLeaf, 40)
	for k := range leaves {
		l := floorLeaf{shape: k % 5}
		switch l.shape {
		case 0:
			l.task1 = fmt.Sprintf("T%02d", k%20+1)
		case 1:
			l.task1, l.task2 = fmt.Sprintf("T%02d", k%20+1), fmt.Sprintf("T%02d", (k+7)%20+1)
		case 2:
			l.metric = fmt.Sprintf("m%d", k%10)
		case 3:
			l.dim = zerenv1.Dimension(k%7 + 1)
		}
		leaves[k] = l
	}
	return leaves
}

// halfUp divides n ≥ 0 by d > 0, rounding half up.
func halfUp(n, d int64) int64 { return (2*n + d) / (2 * d) }

// rateTicks turns a rate met/total into a leaf's ticks of 2.5 points the
// way the engine does: the value rounded half up to 10 places, times 2.5,
// rounded half up to 0.01. For met/total with total ≤ 40 the integer
// quotient equals the rounding of the float's shortest decimal.
func rateTicks(met, total int64) int64 {
	q := halfUp(met*1e10, total) // value in 1e-10
	return halfUp(q*250, 1e10)
}

// metricTicks does the same for a metric clamped to [0, 1].
func metricTicks(v float64) int64 {
	switch {
	case v <= 0 || v != v:
		return 0
	case v >= 1:
		return 250
	}
	q := int64(v*1e10 + 0.5) // value rounded half up to 10 places
	return halfUp(q*250, 1e10)
}

// floorRun scores, grades and ranks the province in plain Go. units and
// reviews are in the same order, one review per unit.
func floorRun(units []*zerenv1.UnitFacts, reviews []*zerenv1.Review, leaves []floorLeaf, out []floorUnit) {
	for u, f := range units {
		now := f.GetNow().AsTime()
		var total int64
		for _, l := range leaves {
			var t int64
			switch l.shape {
			case 0:
				var met, all int64
				for _, a := range f.GetAssignments() {
					if a.GetTaskId() == l.task1 && a.GetStatus() != zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED {
						all++
						if floorMet(a) {
							met++
						}
					}
				}
				t = rateTicks(met, all)
			case 1:
				var on, all int64
				for _, a := range f.GetAssignments() {
					if (a.GetTaskId() == l.task1 || a.GetTaskId() == l.task2) &&
						a.GetStatus() != zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED && a.GetDue() != nil {
						due := a.GetDue().AsTime()
						if !due.Before(now) {
							continue
						}
						all++
						if c := a.GetCompletedAt(); c != nil && !c.AsTime().After(due) {
							on++
						}
					}
				}
				t = rateTicks(on, all)
			case 2:
				t = metricTicks(f.GetMetrics()[l.metric])
			case 3:
				var n int64
				for _, x := range f.GetFindings() {
					if x.GetDimension() == l.dim {
						n++
					}
				}
				t = max(0, 250-50*n)
			case 4:
				var n int64
				for _, a := range f.GetAssignments() {
					if a.GetStatus() != zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED && a.GetDue() != nil &&
						a.GetDue().AsTime().Before(now) && !floorMet(a) {
						n++
					}
				}
				t = max(0, 250-25*n)
			}
			total += t
		}
		o := &out[u]
		*o = floorUnit{id: f.GetUnit().GetId(), force: -1, grade: -1}

		// Bonuses B1, B2.
		score := total
		score += min(300, int64(2*f.GetMetrics()["brand_awards"]*100+0.5))
		score += min(200, int64(f.GetMetrics()["experience_adopted"]*100+0.5))
		// Deduction D1: findings, halved when all self-reported, doubled
		// when any was concealed; D2: overdue cases, doubled on a yellow card.
		fs := f.GetFindings()
		d1 := int64(len(fs)) * 100
		allSelf, concealed, severe := len(fs) > 0, false, false
		for _, x := range fs {
			allSelf = allSelf && x.GetSelfReported()
			concealed = concealed || x.GetConcealed()
			severe = severe || x.GetSeverity() == zerenv1.Severity_SEVERITY_SEVERE && x.GetDimension() == zerenv1.Dimension_DIMENSION_INTEGRITY
		}
		if allSelf {
			d1 /= 2
		}
		if concealed {
			d1 *= 2
		}
		var d2 int64
		yellow := false
		for _, c := range f.GetCases() {
			if c.GetOverdueCount() > 0 {
				d2 += 50
			}
			yellow = yellow || c.GetYellowCard()
		}
		if yellow {
			d2 *= 2
		}
		o.score = max(0, score-min(d1, 1000)-min(d2, 300))

		// Vetoes V1 (force 差), V2 (cap at 一般).
		if severe {
			o.force = 3
		}
		if f.GetMetrics()["ideology_circulars"] > 0 {
			o.cap = 2
		}

		// 述职评议: groups leaders 30/quorum 3, committee 30/5, staff 40/20.
		var tallies [3][5]int64
		for _, b := range reviews[u].GetBallots() {
			g := -1
			switch b.GetRaterGroupId() {
			case "leaders":
				g = 0
			case "committee":
				g = 1
			case "staff":
				g = 2
			}
			if g >= 0 && b.GetChoice() > 0 && b.GetChoice() < 5 && b.GetCount() >= 0 {
				tallies[g][b.GetChoice()] += int64(b.GetCount())
			}
		}
		weights, quorums := [3]int64{30, 30, 40}, [3]int64{3, 5, 20}
		var sums, dens [3]int64
		var w, satisfied, all int64
		denProd := int64(1)
		for g := range 3 {
			t := tallies[g]
			n := t[1] + t[2] + t[3] + t[4]
			if n < quorums[g] {
				continue
			}
			all += n
			satisfied += t[zerenv1.ReviewChoice_REVIEW_CHOICE_GOOD] + t[zerenv1.ReviewChoice_REVIEW_CHOICE_FAIRLY_GOOD]
			k := n * 5 / 100
			if 2*k >= n {
				k = (n - 1) / 2
			}
			// Drop k ballots at each end: choices 1..4 score 100, 80, 60, 40.
			for _, order := range [2][4]int{{1, 2, 3, 4}, {4, 3, 2, 1}} {
				left := k
				for _, c := range order {
					d := min(left, t[c])
					t[c] -= d
					left -= d
				}
			}
			sums[g] = 100*t[1] + 80*t[2] + 60*t[3] + 40*t[4]
			dens[g] = n - 2*k
			denProd *= dens[g]
			w += weights[g]
		}
		if w > 0 {
			o.hasReview = true
			var num int64
			for g := range 3 {
				if dens[g] > 0 {
					num += weights[g] * sums[g] * (denProd / dens[g])
				}
			}
			o.review = halfUp(num*100, w*denProd)
			if halfUp(satisfied*100*100, all) < 5000 {
				o.cap = max(o.cap, 2)
			}
		}
	}

	// Order: score, review (units with one first), id.
	order := make([]*floorUnit, len(out))
	for i := range out {
		order[i] = &out[i]
	}
	slices.SortFunc(order, func(a, b *floorUnit) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		if a.hasReview != b.hasReview {
			if a.hasReview {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(b.review, a.review); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	// Grades 好 ≥ 90 (quota 30%), 较好 ≥ 80, 一般 ≥ 70, 差.
	limit := [4]int{len(order) * 30 / 100, -1, -1, -1}
	var count [4]int
	var closed [4]bool
	for _, o := range order {
		if o.force >= 0 {
			o.grade = o.force
			count[o.force]++
		}
	}
	for _, o := range order {
		if o.force >= 0 {
			continue
		}
		g := 3
		switch {
		case o.score >= 9000:
			g = 0
		case o.score >= 8000:
			g = 1
		case o.score >= 7000:
			g = 2
		}
		g = max(g, o.cap)
		for g < 3 && (closed[g] || limit[g] >= 0 && count[g]+1 > limit[g]) {
			closed[g] = true
			g++
		}
		o.grade = g
		count[g]++
	}
	slices.SortStableFunc(order, func(a, b *floorUnit) int { return cmp.Compare(a.grade, b.grade) })
	for i, o := range order {
		o.rank = int32(i + 1)
	}
}

func floorMet(a *zerenv1.Assignment) bool {
	return a.GetStatus() == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE || a.GetCompletedAt() != nil ||
		a.GetActual() >= a.GetTarget() // the province's comparisons are all AT_LEAST
}

var floorGrades = [4]string{"good", "fairly-good", "average", "poor"}

// floorCheck fails unless the floor's scores, grades and ranks are the
// engine's, unit by unit.
func floorCheck(tb testing.TB, got []floorUnit, results []*zerenv1.Result) {
	tb.Helper()
	byID := make(map[string]*floorUnit, len(got))
	for i := range got {
		byID[got[i].id] = &got[i]
	}
	if len(results) != len(got) {
		tb.Fatalf("the engine has %d results, the floor %d", len(results), len(got))
	}
	for _, r := range results {
		f := byID[r.GetUnitId()]
		if f == nil {
			tb.Fatalf("unit %s: not in the floor", r.GetUnitId())
		}
		score := fmt.Sprintf("%d.%02d", f.score/100, f.score%100)
		if r.GetScore() != score || r.GetGradeId() != floorGrades[f.grade] || r.GetRank() != f.rank {
			tb.Fatalf("unit %s: engine %s %s #%d, floor %s %s #%d", r.GetUnitId(), r.GetScore(), r.GetGradeId(), r.GetRank(),
				score, floorGrades[f.grade], f.rank)
		}
	}
}

// floorTime runs the floor rounds times and returns its best time.
func floorTime(units []*zerenv1.UnitFacts, reviews []*zerenv1.Review, out []floorUnit, rounds int) time.Duration {
	leaves := floorLeaves()
	best := time.Duration(1 << 62)
	for range rounds {
		start := time.Now()
		floorRun(units, reviews, leaves, out)
		best = min(best, time.Since(start))
	}
	return best
}

// The floor of BenchmarkProvince reproduces the engine's scores, grades and
// ranks on a smaller province, so that the benchmark's ratio compares like
// with like.
func TestProvinceFloor(t *testing.T) {
	t.Parallel()
	const n = 400
	units, reviews := province(n)
	e, err := assessment.New(context.Background(), provinceSystem(), env, assessment.WithInputs(false))
	if err != nil {
		t.Fatal(err)
	}
	run, err := e.Run(context.Background(), units, assessment.WithReviews(reviews...))
	if err != nil {
		t.Fatal(err)
	}
	got := make([]floorUnit, n)
	floorRun(units, reviews, floorLeaves(), got)
	floorCheck(t, got, run.Results)
	// Every grade is given. (The 30% quota on 好 is not reached by this
	// province: the floor's quota path is checked only where it binds.)
	grades := map[string]int{}
	for _, r := range run.Results {
		grades[r.GetGradeId()]++
	}
	if len(grades) != 4 {
		t.Fatalf("the province does not exercise the grading: %v, %v", grades, run.Quotas)
	}
}
