package assessment_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/assessment"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
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
	assert.Equal(t, int32(1), run.Result("a").GetRank(), "a veto does not change the rank")
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
