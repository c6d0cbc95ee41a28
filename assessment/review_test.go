package assessment_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/assessment"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

const (
	good   = zerenv1.ReviewChoice_REVIEW_CHOICE_GOOD
	fairly = zerenv1.ReviewChoice_REVIEW_CHOICE_FAIRLY_GOOD
	avg    = zerenv1.ReviewChoice_REVIEW_CHOICE_AVERAGE
	poor   = zerenv1.ReviewChoice_REVIEW_CHOICE_POOR
)

// reviewSystem has the 示例市 rater groups (30/30/40, quorums 3/5/20).
func reviewSystem(mod func(*zerenv1.ReviewScheme)) *zerenv1.IndicatorSystem {
	sys := oneMetric()
	sys.GradeScale = scale(0, zerenv1.TieRule_TIE_RULE_REVIEW_THEN_ID)
	sys.Review = &zerenv1.ReviewScheme{RaterGroups: []*zerenv1.RaterGroup{
		{Id: "leaders", Name: "市委领导", Weight: 30, Quorum: 3},
		{Id: "committee", Name: "机关工委", Weight: 30, Quorum: 5},
		{Id: "staff", Name: "干部职工", Weight: 40, Quorum: 20},
	}}
	if mod != nil {
		mod(sys.Review)
	}
	return sys
}

// tally is ballots of one group: counts of 好, 较好, 一般, 差.
func tally(group string, counts ...int32) []*zerenv1.Ballot {
	var out []*zerenv1.Ballot
	for i, n := range counts {
		if n > 0 {
			out = append(out, &zerenv1.Ballot{RaterGroupId: group, Choice: zerenv1.ReviewChoice(i + 1), Count: n})
		}
	}
	return out
}

func review(unitID string, ballots ...[]*zerenv1.Ballot) *zerenv1.Review {
	rv := &zerenv1.Review{UnitId: unitID}
	for _, b := range ballots {
		rv.Ballots = append(rv.Ballots, b...)
	}
	return rv
}

func TestReviewScoring(t *testing.T) {
	t.Parallel()
	full := review("u", tally("leaders", 3, 0, 0, 0), tally("committee", 5, 0, 0, 0), tally("staff", 10, 10, 0, 0))
	tests := []struct {
		name   string
		mod    func(*zerenv1.ReviewScheme)
		rv     *zerenv1.Review
		score  float64
		satis  float64
		below  []string
		valid  bool
		grade  string
		vetoed bool
	}{
		{"groups are weighted", nil, full, 96, 100, nil, true, "good", false},
		// leaders 100, committee 100; staff (15 ballots) misses its quorum of 20
		{"a group below quorum is left out and the weights renormalised", nil,
			review("u", tally("leaders", 3, 0, 0, 0), tally("committee", 0, 5, 0, 0), tally("staff", 15, 0, 0, 0)),
			90, 100, []string{"staff"}, true, "good", false},
		{"no group at quorum makes the review invalid", nil,
			review("u", tally("leaders", 2, 0, 0, 0)), 0, 0, []string{"leaders", "committee", "staff"}, false, "good", false},
		// staff: 20 ballots, 10% trimmed = 2 at each end: drop 2 好 and 2 差
		{"trimming drops the highest and lowest ballots in each group", func(s *zerenv1.ReviewScheme) { s.TrimPercent = 10 },
			review("u", tally("leaders", 3, 0, 0, 0), tally("committee", 5, 0, 0, 0), tally("staff", 4, 0, 14, 2)),
			// staff after trimming: 2×100 + 14×60 = 1040 / 16 = 65; 0.3×100 + 0.3×100 + 0.4×65 = 86
			86, 42.86, nil, true, "good", false},
		{"satisfaction below the threshold caps the grade", func(s *zerenv1.ReviewScheme) {
			s.SatisfactionThreshold, s.BelowThresholdGradeId = 50, "avg"
		}, review("u", tally("leaders", 1, 1, 1, 0), tally("committee", 1, 1, 2, 1), tally("staff", 4, 4, 10, 2)),
			// 80, 68 and 70 weighted: 72.4; 12 of 28 are 好 or 较好: 42.86%
			72.4, 42.86, nil, true, "avg", true},
		{"satisfaction at the threshold does not cap", func(s *zerenv1.ReviewScheme) {
			s.SatisfactionThreshold, s.BelowThresholdGradeId = 50, "avg"
		}, review("u", tally("leaders", 2, 0, 1, 0), tally("committee", 2, 0, 3, 0), tally("staff", 5, 5, 10, 0)),
			// 260/3, 76 and 75 weighted: 78.8; 14 of 28 satisfied: exactly 50%
			78.8, 50, nil, true, "good", false},
		{"choice scores are configurable", func(s *zerenv1.ReviewScheme) {
			s.ChoiceScores = []*zerenv1.ChoiceScore{{Choice: good, Score: 95}, {Choice: poor, Score: 0}}
		}, review("u", tally("leaders", 3, 0, 0, 0), tally("committee", 5, 0, 0, 0), tally("staff", 10, 0, 0, 10)),
			// staff: (10×95 + 10×0)/20 = 47.5; 0.3×95 + 0.3×95 + 0.4×47.5 = 76
			76, 64.29, nil, true, "good", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := mustEngine(t, reviewSystem(tt.mod))
			run, err := e.Run(context.Background(), []*zerenv1.UnitFacts{unit("u", map[string]float64{"x": 1})},
				assessment.WithReviews(tt.rv))
			require.NoError(t, err)
			r := run.Results[0]
			rr := r.GetReview()
			assert.Equal(t, tt.score, rr.GetScore())
			assert.Equal(t, tt.satis, rr.GetSatisfaction())
			assert.Equal(t, tt.below, rr.GetGroupsBelowQuorum())
			assert.Equal(t, tt.valid, rr.GetValid())
			assert.Equal(t, tt.grade, r.GetGradeId())
			assert.Equal(t, tt.vetoed, len(r.GetVetoIds()) > 0)
			assert.Equal(t, "100.00", r.GetScore(), "a review with weight 0 is reported only")
			if !tt.valid {
				require.NotEmpty(t, r.GetDiagnostics())
				assert.Equal(t, "review", r.GetDiagnostics()[0].GetRuleId())
			}
		})
	}
}

func TestReviewWeightBlendsIntoTheBaseScore(t *testing.T) {
	t.Parallel()
	e := mustEngine(t, reviewSystem(func(s *zerenv1.ReviewScheme) { s.WeightPercent = 20 }))
	rv := review("u", tally("leaders", 3, 0, 0, 0), tally("committee", 5, 0, 0, 0), tally("staff", 10, 10, 0, 0))
	f := unit("u", map[string]float64{"x": 0.8})
	r := e.Score(context.Background(), f, assessment.WithReviews(rv))
	// 0.8 × 80 + 0.2 × 96 = 83.2
	assert.Equal(t, "83.20", r.GetBaseScore())
	assert.Equal(t, "80.00", r.GetIndicators()[0].GetPoints())
	assert.Equal(t, assessment.FactsDigest(f, rv), r.GetProvenance().GetFactsDigest(), "the ballots are part of the facts digest")

	// Without ballots the review counts 0, and says so.
	r = e.Score(context.Background(), f)
	assert.Equal(t, "64.00", r.GetBaseScore())
	require.Len(t, r.GetDiagnostics(), 1)
}

func TestRulesSeeTheScoredReview(t *testing.T) {
	t.Parallel()
	sys := reviewSystem(nil)
	sys.Bonuses = []*zerenv1.Adjustment{{Id: "B", Formula: "facts.review.satisfaction >= 90.0 ? 1.0 : 0.0"}}
	rv := review("u", tally("leaders", 3, 0, 0, 0), tally("committee", 5, 0, 0, 0), tally("staff", 20, 0, 0, 0))
	r := mustEngine(t, sys).Score(context.Background(), unit("u", map[string]float64{"x": 1}), assessment.WithReviews(rv))
	assert.Equal(t, "1.00", r.GetBonuses()[0].GetPoints())
}

func TestAReviewTheOAScoredIsTaken(t *testing.T) {
	t.Parallel()
	f := unit("u", map[string]float64{"x": 1})
	f.Review = &zerenv1.ReviewResult{Score: 88.5, Satisfaction: 40, Valid: true}
	sys := reviewSystem(func(s *zerenv1.ReviewScheme) { s.SatisfactionThreshold, s.BelowThresholdGradeId = 50, "fair" })
	run, err := mustEngine(t, sys).Run(context.Background(), []*zerenv1.UnitFacts{f})
	require.NoError(t, err)
	assert.Equal(t, 88.5, run.Results[0].GetReview().GetScore())
	assert.Equal(t, "fair", run.Results[0].GetGradeId())
}

func TestRunRejectsBadReviews(t *testing.T) {
	t.Parallel()
	e := mustEngine(t, reviewSystem(nil))
	_, err := e.Run(context.Background(), []*zerenv1.UnitFacts{unit("u", nil)}, assessment.WithReviews(
		review("u", []*zerenv1.Ballot{{RaterGroupId: "nosuch", Choice: good, Count: 1}, {RaterGroupId: "staff", Count: 1},
			{RaterGroupId: "staff", Choice: good, Count: -1}}),
		review("u"),
		review("other"),
		nil,
	))
	var ve *assessment.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Len(t, ve.Problems, 6, ve.Error())

	_, err = mustEngine(t, oneMetric()).Run(context.Background(), []*zerenv1.UnitFacts{unit("u", nil)},
		assessment.WithReviews(review("u")))
	require.ErrorAs(t, err, &ve)
	assert.Contains(t, ve.Zh(), "未设置述职评议方案")
}
