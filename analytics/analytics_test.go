package analytics_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/analytics"
	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

func TestPressureAttenuationByLevel(t *testing.T) {
	t.Parallel()
	h, err := responsibility.New(frameworks.SanjiWugang(), sample.Structure(), responsibility.WithLocation(sample.Location))
	require.NoError(t, err)
	due := timestamppb.New(time.Date(2026, 3, 31, 0, 0, 0, 0, sample.Location))
	done := timestamppb.New(time.Date(2026, 3, 20, 0, 0, 0, 0, sample.Location))
	a := func(org string, isDone bool) *zerenv1.Assignment {
		as := &zerenv1.Assignment{Id: org + "/x", OrganizationId: org, Due: due, Target: 1,
			Status: zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_OPEN}
		if isDone {
			as.Status, as.CompletedAt = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE, done
		}
		return as
	}
	assignments := []*zerenv1.Assignment{
		a("czj-pg", true), a("fgw-pg", true),
		a("czj-oc", true), a("fgw-oc", false),
		a("czj-b1", true), a("czj-b2", false), a("fgw-b1", false), a("fgw-b2", false),
	}
	results := []*zerenv1.Result{{UnitId: "czj", Score: "92.00"}, {UnitId: "fgw", Score: "88.00"}, {UnitId: "czj-b1", Score: "70.00"}}
	got := analytics.PressureAttenuation(h, assignments, results, time.Date(2026, 6, 1, 0, 0, 0, 0, sample.Location))
	require.Len(t, got.Levels, 3)
	assert.Equal(t, []string{"party-group", "organ-committee", "branch"}, []string{got.Levels[0].LevelID, got.Levels[1].LevelID, got.Levels[2].LevelID})
	assert.InDelta(t, 1.0, got.Levels[0].Progress.Completion, 1e-12)
	assert.InDelta(t, 0.5, got.Levels[1].Progress.Completion, 1e-12)
	assert.InDelta(t, 0.25, got.Levels[2].Progress.Completion, 1e-12)
	assert.Equal(t, 3, got.Levels[2].Progress.Overdue)
	assert.InDelta(t, 0.25, got.CompletionRatio, 1e-12, "the bottom completes a quarter of what the top does")
	assert.InDelta(t, 0.25, got.OnTimeRatio, 1e-12)
	assert.InDelta(t, 90.0, got.Levels[0].Score, 1e-12)
	assert.Equal(t, 0, got.Levels[1].Scored)
	assert.InDelta(t, 70.0/90.0, got.ScoreRatio, 1e-12)
}

func TestPartyBusinessGap(t *testing.T) {
	t.Parallel()
	results := []*zerenv1.Result{{UnitId: "a", Score: "90"}, {UnitId: "b", Score: "80"}, {UnitId: "c", Score: "70"}, {UnitId: "d", Score: "bad"}}
	facts := []*zerenv1.UnitFacts{
		{Unit: &zerenv1.Unit{Id: "a"}, BusinessScore: 70}, {Unit: &zerenv1.Unit{Id: "b"}, BusinessScore: 80},
		{Unit: &zerenv1.Unit{Id: "c"}, BusinessScore: 90}, {Unit: &zerenv1.Unit{Id: "d"}, BusinessScore: 50},
	}
	g := analytics.PartyBusinessGap(results, facts)
	require.Len(t, g.Units, 3, "a result without a valid score is left out")
	assert.Equal(t, "a", g.Units[0].UnitID)
	assert.Equal(t, 20.0, g.Units[0].Delta)
	assert.Equal(t, "b", g.Units[2].UnitID)
	assert.InDelta(t, -1.0, g.Correlation, 1e-12, "party and business move in opposite directions: 两张皮")

	assert.Zero(t, analytics.PartyBusinessGap(results[:2], facts).Correlation, "too few units for a correlation")
}

func TestDifferentiation(t *testing.T) {
	t.Parallel()
	scale := &zerenv1.GradeScale{Grades: []*zerenv1.Grade{{Id: "good"}, {Id: "fair"}}}
	results := []*zerenv1.Result{
		{UnitId: "a", Score: "90", GradeId: "good"}, {UnitId: "b", Score: "80", GradeId: "fair"},
		{UnitId: "c", Score: "70", GradeId: "fair"}, {UnitId: "d", Score: "60", GradeId: "fair"},
	}
	s := analytics.Differentiation(results, scale)
	assert.Equal(t, 4, s.N)
	assert.Equal(t, 75.0, s.Mean)
	assert.Equal(t, 30.0, s.Range)
	assert.InDelta(t, math.Sqrt(125), s.StdDev, 1e-12)
	assert.Equal(t, "good", s.TopGrade)
	assert.Equal(t, 0.25, s.TopShare)
	assert.Equal(t, analytics.Spread{TopGrade: "good"}, analytics.Differentiation(nil, scale))
}
