package assessment

import (
	"cmp"
	"math/big"
	"slices"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// rank grades the scored units, then ranks them. Grades are given in score
// order (see [Engine.grade]); the ranking is by grade first, then score,
// then the tie rule, so that a unit whose grade a veto forced or capped
// never ranks above a unit with a better grade. Under VETO_RANKING_APART
// units with a veto are left out of the ranking; incomplete units (a
// NO_DATA_POLICY_FAIL_UNIT indicator without data) are neither graded nor
// ranked.
func (e *Engine) rank(outs []*outcome) *Run {
	var order, incomplete []*outcome
	for _, o := range outs {
		if o.res.GetIncomplete() {
			incomplete = append(incomplete, o)
		} else {
			order = append(order, o)
		}
	}
	slices.SortFunc(order, e.compare)
	run := &Run{}
	if len(e.grades) > 0 {
		run.Quotas = e.grade(order)
	}
	var ranked, apart []*outcome
	for _, o := range order {
		if e.vetoRanking == zerenv1.VetoRanking_VETO_RANKING_APART && len(o.res.GetVetoIds()) > 0 {
			apart = append(apart, o)
		} else {
			ranked = append(ranked, o)
		}
	}
	// Grade first; within a grade the score and tie order stand.
	slices.SortStableFunc(ranked, func(a, b *outcome) int { return cmp.Compare(a.grade, b.grade) })
	shared := e.tie == zerenv1.TieRule_TIE_RULE_SHARED
	for i, o := range ranked {
		o.res.Rank = int32(i + 1)
		if shared && i > 0 && o.score == ranked[i-1].score && o.grade == ranked[i-1].grade {
			o.res.Rank = ranked[i-1].res.Rank
		}
	}
	slices.SortFunc(incomplete, func(a, b *outcome) int { return cmp.Compare(a.res.GetUnitId(), b.res.GetUnitId()) })
	for _, part := range [][]*outcome{ranked, apart, incomplete} {
		for _, o := range part {
			o.res.Ranked = int32(len(ranked))
			run.Results = append(run.Results, o.res)
		}
	}
	for _, o := range apart {
		run.Apart = append(run.Apart, o.res)
	}
	for _, o := range incomplete {
		run.Incomplete = append(run.Incomplete, o.res)
	}
	return run
}

// compare orders units best first: by score, then by the tie rule.
func (e *Engine) compare(a, b *outcome) int {
	if c := cmp.Compare(b.score, a.score); c != 0 {
		return c
	}
	if e.tie == zerenv1.TieRule_TIE_RULE_REVIEW_THEN_ID || e.tie == zerenv1.TieRule_TIE_RULE_UNSPECIFIED {
		if a.hasReview != b.hasReview {
			if a.hasReview {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(b.review, a.review); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.res.GetUnitId(), b.res.GetUnitId())
}

// grade assigns grades to units in rank order. Each unit starts from the
// best grade its score reaches, no better than its caps; a grade whose
// quota is full passes the unit (or, under TIE_RULE_SHARED, the whole group
// of units tied on score) to the next grade, and then stays closed to every
// unit ranked after it, so that quotas never give a unit a better grade than
// one ranked above it. A forced grade bypasses bands,
// caps and quotas but takes a place in its grade's quota.
func (e *Engine) grade(order []*outcome) []Quota {
	n := len(order)
	last := len(e.grades) - 1
	quotas := make([]Quota, len(e.grades))
	for g, gr := range e.grades {
		quotas[g] = Quota{GradeID: gr.id, Limit: -1}
		if gr.quota != nil {
			lim := new(big.Rat).Mul(gr.quota, big.NewRat(int64(n), 100))
			quotas[g].Limit = int(new(big.Int).Quo(lim.Num(), lim.Denom()).Int64())
		}
	}
	closed := make([]bool, len(e.grades))
	full := func(g, k int) bool {
		return g < last && (closed[g] || quotas[g].Limit >= 0 && quotas[g].Count+k > quotas[g].Limit)
	}
	assign := func(o *outcome, g int) {
		o.grade = g
		o.res.GradeId = e.grades[g].id
		quotas[g].Count++
	}
	for _, o := range order {
		if o.force >= 0 {
			assign(o, o.force)
		}
	}
	cand := make(map[*outcome]int, n)
	for start := 0; start < n; {
		end := start + 1
		if e.tie == zerenv1.TieRule_TIE_RULE_SHARED {
			for end < n && order[end].score == order[start].score {
				end++
			}
		}
		group := order[start:end]
		start = end
		for _, o := range group {
			if o.force < 0 {
				cand[o] = max(e.band(o.score), o.cap)
			}
		}
		for g := 0; g <= last; g++ {
			var at []*outcome
			for _, o := range group {
				if o.force < 0 && cand[o] == g {
					at = append(at, o)
				}
			}
			if len(at) == 0 {
				continue
			}
			if full(g, len(at)) {
				// The grade is full for these units, so for every unit
				// ranked after them too, even if seats are left.
				closed[g] = true
				for _, o := range at {
					cand[o] = g + 1
				}
				continue
			}
			for _, o := range at {
				assign(o, g)
			}
		}
	}
	return quotas
}

// band returns the best grade a score reaches; the last grade takes every
// score below the others' bands.
func (e *Engine) band(score int64) int {
	for g, gr := range e.grades {
		if score >= gr.minTicks {
			return g
		}
	}
	return len(e.grades) - 1
}
