// Package analytics measures the three symptoms the seed report names in
// how organs carry Party-building responsibility:
//
//   - pressure attenuation (上热中温下冷, 层层递减): completion, timeliness and
//     scores level by level — 党组（党委） vs 机关党委 vs 党支部 — and the ratio
//     of the bottom level to the top ([PressureAttenuation]);
//   - the party–business gap (两张皮): each unit's party-building score
//     against the business score its OA supplies, and their correlation
//     across units ([PartyBusinessGap]);
//   - lack of differentiation (干好干坏一个样): the spread of scores and the
//     share of units in the top grade ([Differentiation]).
//
// Every function is pure and deterministic; figures are float64 summaries
// for reports, not scores (scores stay exact decimals in assessment
// results).
package analytics

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/zerenlab/zeren/checklist"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// LevelFigures are one level's figures.
type LevelFigures struct {
	// LevelID and Name identify the level; levels come top down.
	LevelID, Name string
	// Progress is the level's roll-up of assignments (完成率, 按时完成率, 逾期).
	Progress checklist.Row
	// Score is the mean score of the results assessed at this level, and
	// Scored how many there were (0: no score).
	Score  float64
	Scored int
}

// Attenuation is the level-by-level picture of 上热中温下冷.
type Attenuation struct {
	// Levels from the top down, only those with assignments or scores.
	Levels []LevelFigures
	// CompletionRatio is the bottom level's completion over the top level's
	// (1 means no attenuation; 0.6 means the bottom completes 60% of what
	// the top does); 0 when the top has none.
	CompletionRatio float64
	// OnTimeRatio is the same for on-time rates (按时完成率), which show
	// attenuation even when late work is eventually done.
	OnTimeRatio float64
	// ScoreRatio is the same for mean scores; 0 without scores at both ends.
	ScoreRatio float64
}

// PressureAttenuation rolls assignments up by level as of a date and, where
// results are given, averages their scores by level: a result whose unit_id
// names an organisation counts at that organisation's level (an OA that
// assesses 党支部 too), one that names a unit at the level of the unit's top
// organisation ([responsibility.Hierarchy.TopOrganization], whatever the
// order the organisations were given in).
func PressureAttenuation(h *responsibility.Hierarchy, assignments []*zerenv1.Assignment, results []*zerenv1.Result, asOf time.Time) Attenuation {
	rows := map[string]checklist.Row{}
	for _, r := range checklist.Rollup(h, assignments, asOf, checklist.ByLevel) {
		rows[r.Key] = r
	}
	sums, counts := map[string]float64{}, map[string]int{}
	for _, r := range results {
		score, ok := scoreOf(r)
		if !ok {
			continue
		}
		level := ""
		if o, ok := h.Organization(r.GetUnitId()); ok {
			level = o.GetLevelId()
		} else if top, err := h.TopOrganization(r.GetUnitId()); err == nil {
			level = top.GetLevelId()
		}
		if level != "" {
			sums[level] += score
			counts[level]++
		}
	}
	var a Attenuation
	for _, lv := range h.Framework().GetLevels() {
		row, hasRow := rows[lv.GetId()]
		n := counts[lv.GetId()]
		if (!hasRow || row.Assignments == 0) && n == 0 {
			continue
		}
		f := LevelFigures{LevelID: lv.GetId(), Name: lv.GetName(), Progress: row, Scored: n}
		if n > 0 {
			f.Score = sums[lv.GetId()] / float64(n)
		}
		a.Levels = append(a.Levels, f)
	}
	a.CompletionRatio = ratio(a.Levels, func(f LevelFigures) (float64, bool) {
		return f.Progress.Completion, f.Progress.Assignments > 0
	})
	a.OnTimeRatio = ratio(a.Levels, func(f LevelFigures) (float64, bool) {
		return f.Progress.OnTimeRate, f.Progress.Due > 0
	})
	a.ScoreRatio = ratio(a.Levels, func(f LevelFigures) (float64, bool) { return f.Score, f.Scored > 0 })
	return a
}

// ratio divides the last level's figure by the first's, among levels that
// have the figure.
func ratio(levels []LevelFigures, get func(LevelFigures) (float64, bool)) float64 {
	var vals []float64
	for _, l := range levels {
		if v, ok := get(l); ok {
			vals = append(vals, v)
		}
	}
	if len(vals) < 2 || vals[0] == 0 {
		return 0
	}
	return vals[len(vals)-1] / vals[0]
}

func scoreOf(r *zerenv1.Result) (float64, bool) {
	v, err := strconv.ParseFloat(r.GetScore(), 64)
	return v, err == nil && !math.IsNaN(v) && !math.IsInf(v, 0)
}

// UnitGap is one unit's party score against its business score.
type UnitGap struct {
	UnitID   string
	Party    float64
	Business float64
	// Delta is Party − Business: large either way is 两张皮.
	Delta float64
}

// GapReport is the party–business picture across units.
type GapReport struct {
	// Units sorted by |Delta| descending, then unit id.
	Units []UnitGap
	// Correlation is Pearson's r between party and business scores across
	// units (near 1: the two move together; near 0 or negative: 两张皮); 0
	// with fewer than three units or no variance.
	Correlation float64
}

// PartyBusinessGap pairs each unit's result with the business score of its
// facts (zeren.v1.UnitFacts.business_score, from the OA's 绩效考核).
func PartyBusinessGap(results []*zerenv1.Result, facts []*zerenv1.UnitFacts) GapReport {
	business := map[string]float64{}
	for _, f := range facts {
		business[f.GetUnit().GetId()] = f.GetBusinessScore()
	}
	var g GapReport
	for _, r := range results {
		p, ok := scoreOf(r)
		b, hasB := business[r.GetUnitId()]
		if !ok || !hasB {
			continue
		}
		g.Units = append(g.Units, UnitGap{UnitID: r.GetUnitId(), Party: p, Business: b, Delta: p - b})
	}
	slices.SortFunc(g.Units, func(a, b UnitGap) int {
		if c := cmp.Compare(math.Abs(b.Delta), math.Abs(a.Delta)); c != 0 {
			return c
		}
		return cmp.Compare(a.UnitID, b.UnitID)
	})
	if len(g.Units) >= 3 {
		xs := make([]float64, len(g.Units))
		ys := make([]float64, len(g.Units))
		for i, u := range g.Units {
			xs[i], ys[i] = u.Party, u.Business
		}
		g.Correlation = pearson(xs, ys)
	}
	return g
}

func pearson(xs, ys []float64) float64 {
	n := float64(len(xs))
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx /= n
	my /= n
	var sxy, sxx, syy float64
	for i := range xs {
		dx, dy := xs[i]-mx, ys[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}

// Spread describes how far apart scores are (干好干坏一个样 when small).
type Spread struct {
	// N is the number of scored units.
	N int
	// Min, Max, Mean and StdDev (population) of the scores.
	Min, Max, Mean, StdDev float64
	// Range is Max − Min.
	Range float64
	// TopGrade is the id of the best grade of the scale, and TopShare the
	// share of units in it (0–1).
	TopGrade string
	TopShare float64
}

// Differentiation summarises the spread of scores and the share of units in
// the scale's top grade.
func Differentiation(results []*zerenv1.Result, scale *zerenv1.GradeScale) Spread {
	var s Spread
	if grades := scale.GetGrades(); len(grades) > 0 {
		s.TopGrade = grades[0].GetId()
	}
	var vals []float64
	top := 0
	for _, r := range results {
		v, ok := scoreOf(r)
		if !ok {
			continue
		}
		vals = append(vals, v)
		if s.TopGrade != "" && r.GetGradeId() == s.TopGrade {
			top++
		}
	}
	s.N = len(vals)
	if s.N == 0 {
		return s
	}
	s.Min, s.Max = slices.Min(vals), slices.Max(vals)
	for _, v := range vals {
		s.Mean += v
	}
	s.Mean /= float64(s.N)
	for _, v := range vals {
		s.StdDev += (v - s.Mean) * (v - s.Mean)
	}
	s.StdDev = math.Sqrt(s.StdDev / float64(s.N))
	s.Range = s.Max - s.Min
	s.TopShare = float64(top) / float64(s.N)
	return s
}
