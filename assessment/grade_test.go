package assessment_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/assessment"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

// scored returns units whose score is x × 100.
func scored(xs map[string]float64) []*zerenv1.UnitFacts {
	var out []*zerenv1.UnitFacts
	for _, id := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"} {
		if x, ok := xs[id]; ok {
			out = append(out, unit(id, map[string]float64{"x": x}))
		}
	}
	return out
}

func TestQuotasAndTies(t *testing.T) {
	t.Parallel()
	// Ten units, 好 ≤ 30% (3 units). b, c and d tie at 92 on the boundary;
	// d has the best review, then c, then b.
	units := scored(map[string]float64{"a": 0.95, "b": 0.92, "c": 0.92, "d": 0.92, "e": 0.91, "f": 0.85, "g": 0.75, "h": 0.6, "i": 0.81, "j": 0.7})
	reviews := []*zerenv1.Review{
		review("b", tally("g", 1, 1, 0, 0)), review("c", tally("g", 2, 1, 0, 0)), review("d", tally("g", 3, 0, 0, 0)),
	}
	tests := []struct {
		name  string
		tie   zerenv1.TieRule
		order []string
		ranks []int32
		good  []string
	}{
		{"the review then the id break ties", zerenv1.TieRule_TIE_RULE_REVIEW_THEN_ID,
			[]string{"a", "d", "c", "b", "e", "f", "i", "g", "j", "h"}, []int32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, []string{"a", "d", "c"}},
		{"the unspecified rule is the review then the id", zerenv1.TieRule_TIE_RULE_UNSPECIFIED,
			[]string{"a", "d", "c", "b", "e", "f", "i", "g", "j", "h"}, []int32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, []string{"a", "d", "c"}},
		{"the id breaks ties", zerenv1.TieRule_TIE_RULE_ID,
			[]string{"a", "b", "c", "d", "e", "f", "i", "g", "j", "h"}, []int32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, []string{"a", "b", "c"}},
		{"a shared rank drops the whole tie group and closes the grade", zerenv1.TieRule_TIE_RULE_SHARED,
			[]string{"a", "b", "c", "d", "e", "f", "i", "g", "j", "h"}, []int32{1, 2, 2, 2, 5, 6, 7, 8, 9, 10}, []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sys := oneMetric()
			sys.GradeScale = scale(30, tt.tie)
			sys.Review = &zerenv1.ReviewScheme{RaterGroups: []*zerenv1.RaterGroup{{Id: "g", Weight: 1}}}
			run, err := mustEngine(t, sys).Run(context.Background(), units, assessment.WithReviews(reviews...))
			require.NoError(t, err)
			assert.Equal(t, tt.order, order(run))
			var ranks []int32
			var good []string
			for _, r := range run.Results {
				ranks = append(ranks, r.GetRank())
				if r.GetGradeId() == "good" {
					good = append(good, r.GetUnitId())
				}
			}
			assert.Equal(t, tt.ranks, ranks)
			assert.Equal(t, tt.good, good)
			g := grades(run)
			assert.Equal(t, "fair", g["e"], "a unit in the 好 band beyond the quota drops to 较好")
			assert.Equal(t, "avg", g["g"])
			assert.Equal(t, "poor", g["h"])
			assert.Equal(t, assessment.Quota{GradeID: "good", Limit: 3, Count: len(tt.good)}, run.Quotas[0])
			assert.Equal(t, -1, run.Quotas[1].Limit)
		})
	}
}

func TestQuotaRoundsDown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n, limit int
	}{{1, 0}, {3, 0}, {4, 1}, {10, 3}, {11, 3}, {14, 4}}
	for _, tt := range tests {
		xs := map[string]float64{}
		for i := range tt.n {
			xs[string(rune('a'+i%10))+string(rune('a'+i/10))] = 1
		}
		var units []*zerenv1.UnitFacts
		for id := range xs {
			units = append(units, unit(id, map[string]float64{"x": 1}))
		}
		sys := oneMetric()
		sys.GradeScale = scale(30, zerenv1.TieRule_TIE_RULE_ID)
		run, err := mustEngine(t, sys).Run(context.Background(), units)
		require.NoError(t, err)
		assert.Equal(t, tt.limit, run.Quotas[0].Limit, "floor(%d × 30%%)", tt.n)
		assert.Equal(t, tt.limit, run.Quotas[0].Count)
	}
}

func TestVetoes(t *testing.T) {
	t.Parallel()
	sys := oneMetric()
	sys.GradeScale = scale(50, zerenv1.TieRule_TIE_RULE_ID)
	sys.Vetoes = []*zerenv1.Veto{
		{Id: "V-force", Name: "严重违纪", Condition: metric("severe") + " > 0.0", Action: zerenv1.VetoAction_VETO_ACTION_FORCE_GRADE, GradeId: "poor"},
		{Id: "V-cap", Name: "被通报", Condition: metric("circular") + " > 0.0", Action: zerenv1.VetoAction_VETO_ACTION_CAP_GRADE, GradeId: "avg"},
		{Id: "V-score", Name: "总分低于60", Condition: "double(result.score) < 60.0", Action: zerenv1.VetoAction_VETO_ACTION_FORCE_GRADE, GradeId: "poor"},
	}
	units := []*zerenv1.UnitFacts{
		unit("a", map[string]float64{"x": 0.99, "severe": 1}),
		unit("b", map[string]float64{"x": 0.98, "circular": 1}),
		unit("c", map[string]float64{"x": 0.97}),
		unit("d", map[string]float64{"x": 0.96}),
		unit("e", map[string]float64{"x": 0.5}),
		unit("f", map[string]float64{"x": 0.85, "circular": 1, "severe": 1}),
	}
	run, err := mustEngine(t, sys).Run(context.Background(), units)
	require.NoError(t, err)
	g := grades(run)
	assert.Equal(t, "poor", g["a"], "a forced grade overrides the score")
	assert.Equal(t, "avg", g["b"], "a capped grade is the best allowed")
	assert.Equal(t, "good", g["c"], "vetoed units take no place in the quota")
	assert.Equal(t, "good", g["d"])
	assert.Equal(t, "poor", g["e"])
	assert.Equal(t, "poor", g["f"], "force wins over cap")
	assert.Equal(t, []string{"V-force", "V-cap"}, run.Result("f").GetVetoIds())
	assert.Equal(t, []string{"V-score"}, run.Result("e").GetVetoIds(), "vetoes see the result")
	// Grade first, then score: a (the best score, forced to poor) ranks
	// below every unit of a better grade, and first among the poor.
	assert.Equal(t, []string{"c", "d", "b", "a", "f", "e"}, order(run))
	assert.Equal(t, int32(4), run.Result("a").GetRank(), "a veto moves the rank below every better grade")
	assert.Equal(t, 3, run.Quotas[0].Limit)
	assert.Equal(t, 2, run.Quotas[0].Count)
}

func TestNoGradeScaleRanksOnly(t *testing.T) {
	t.Parallel()
	run, err := mustEngine(t, oneMetric()).Run(context.Background(), scored(map[string]float64{"a": 0.5, "b": 0.7}))
	require.NoError(t, err)
	assert.Equal(t, []string{"b", "a"}, order(run))
	assert.Empty(t, run.Results[0].GetGradeId())
	assert.Empty(t, run.Quotas)
	assert.Nil(t, run.Result("nosuch"))
}

// vetoSystem scores metric x out of 100 with a 一票否决 on metric "veto"
// that forces 差.
func vetoSystem(policy zerenv1.VetoRanking) *zerenv1.IndicatorSystem {
	sys := oneMetric()
	sys.GradeScale = scale(0, zerenv1.TieRule_TIE_RULE_ID)
	sys.GradeScale.VetoRanking = policy
	sys.Vetoes = []*zerenv1.Veto{{Id: "V1", Name: "发生严重违纪违法案件", Condition: metric("veto") + " > 0.0",
		Action: zerenv1.VetoAction_VETO_ACTION_FORCE_GRADE, GradeId: "poor"}}
	return sys
}

func vetoUnits() []*zerenv1.UnitFacts {
	return []*zerenv1.UnitFacts{
		unit("a", map[string]float64{"x": 1, "veto": 1}), // 100 points, vetoed
		unit("b", map[string]float64{"x": 0.95}),
		unit("c", map[string]float64{"x": 0.85}),
		unit("d", map[string]float64{"x": 0.75}),
		unit("e", map[string]float64{"x": 0.6}),
	}
}

func TestAVetoedUnitNeverRanksAboveABetterGrade(t *testing.T) {
	t.Parallel()
	for _, policy := range []zerenv1.VetoRanking{zerenv1.VetoRanking_VETO_RANKING_UNSPECIFIED, zerenv1.VetoRanking_VETO_RANKING_BY_GRADE} {
		run, err := mustEngine(t, vetoSystem(policy)).Run(context.Background(), vetoUnits())
		require.NoError(t, err)
		a := run.Result("a")
		assert.Equal(t, "100.00", a.GetScore())
		assert.Equal(t, "poor", a.GetGradeId())
		// Grade first (b 好, c 较好, d 一般, then 差: a before e on score).
		assert.Equal(t, []string{"b", "c", "d", "a", "e"}, order(run), policy.String())
		assert.Equal(t, int32(4), a.GetRank())
		for _, r := range run.Results {
			if r.GetGradeId() != "poor" {
				assert.Less(t, r.GetRank(), a.GetRank(), "%s has a better grade", r.GetUnitId())
			}
		}
		assert.Empty(t, run.Apart)
	}
}

func TestVetoedUnitsCanBeListedApart(t *testing.T) {
	t.Parallel()
	e := mustEngine(t, vetoSystem(zerenv1.VetoRanking_VETO_RANKING_APART))
	run, err := e.Run(context.Background(), vetoUnits())
	require.NoError(t, err)
	assert.Equal(t, []string{"b", "c", "d", "e", "a"}, order(run))
	a := run.Result("a")
	assert.Zero(t, a.GetRank(), "left out of the ranking")
	assert.Equal(t, "poor", a.GetGradeId(), "still graded")
	require.Len(t, run.Apart, 1)
	assert.Equal(t, "a", run.Apart[0].GetUnitId())
	assert.Equal(t, int32(4), run.Result("e").GetRank())
	for _, r := range run.Results {
		assert.Equal(t, int32(4), r.GetRanked(), "four units ranked")
	}
	table := e.RenderRun(run)
	assert.Contains(t, table, "一票否决单位（不参加排名）Vetoed units, not ranked:")
	assert.Contains(t, table, "- | a | 100.00")
	assert.Contains(t, e.Render(a), "等次 Grade: 差 (poor)    排名 Rank: -（一票否决，不参加排名 vetoed, not ranked）")
}

func TestAnUnknownVetoRankingIsAProblem(t *testing.T) {
	t.Parallel()
	ve := validationError(t, vetoSystem(zerenv1.VetoRanking(7)))
	require.Len(t, ve.Problems, 1)
	assert.Equal(t, "veto_ranking", ve.Problems[0].Field)
}

func TestTheSampleYearRanksNoVetoedUnitAboveABetterGrade(t *testing.T) {
	t.Parallel()
	e := mustEngine(t, sample.IndicatorSystem())
	run, err := e.Run(context.Background(), sample.Facts2026(), assessment.WithReviews(sample.Reviews2026()...))
	require.NoError(t, err)
	idx := map[string]int{}
	for i, g := range sample.IndicatorSystem().GetGradeScale().GetGrades() {
		idx[g.GetId()] = i
	}
	for i := 1; i < len(run.Results); i++ {
		a, b := run.Results[i-1], run.Results[i]
		assert.LessOrEqual(t, idx[a.GetGradeId()], idx[b.GetGradeId()], "%s (rank %d) above %s (rank %d)",
			a.GetUnitId(), a.GetRank(), b.GetUnitId(), b.GetRank())
	}
	jtj := run.Result("jtj")
	require.NotEmpty(t, jtj.GetVetoIds(), "市交通运输局 has a 一票否决")
	for _, r := range run.Results {
		if r.GetGradeId() == "fairly-good" {
			assert.Less(t, r.GetRank(), jtj.GetRank(), "%s (较好) ranks above 市交通运输局 (差)", r.GetUnitId())
		}
	}
}
