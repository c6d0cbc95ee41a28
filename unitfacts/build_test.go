package unitfacts_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/unitfacts"
)

var year2026 = &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: sample.Year}

func hierarchy(t testing.TB, st *zerenv1.Structure) *responsibility.Hierarchy {
	t.Helper()
	h, err := responsibility.New(frameworks.SanjiWugang(), st, responsibility.WithLocation(sample.Location))
	require.NoError(t, err)
	return h
}

func decompose(t testing.TB, h *responsibility.Hierarchy) []*zerenv1.Assignment {
	t.Helper()
	p, err := checklist.NewPlan(sample.Plan(), h)
	require.NoError(t, err)
	d, err := checklist.Decompose(context.Background(), p)
	require.NoError(t, err)
	return d.Assignments
}

func day(m time.Month, d int) time.Time {
	return time.Date(sample.Year, m, d, 0, 0, 0, 0, sample.Location)
}

func byUnit(facts []*zerenv1.UnitFacts) map[string]*zerenv1.UnitFacts {
	m := map[string]*zerenv1.UnitFacts{}
	for _, f := range facts {
		m[f.GetUnit().GetId()] = f
	}
	return m
}

func TestBuildGathersEachUnitsRecordsAsOfTheDate(t *testing.T) {
	t.Parallel()
	h := hierarchy(t, sample.Structure())
	as := decompose(t, h)
	// Two reports on the first 三会一课 assignment of 市财政局: one in time,
	// one after the as-of instant.
	var first *zerenv1.Assignment
	for _, a := range as {
		if a.GetTaskId() == "T19" && a.GetOrganizationId() == sample.RotationBranchID {
			first = a
			break
		}
	}
	require.NotNil(t, first)
	asOf := day(time.December, 1)
	progress := []*zerenv1.ProgressRecord{
		{AssignmentId: first.GetId(), Value: 1, At: timestamppb.New(day(time.March, 20))},
		{AssignmentId: first.GetId(), Value: 0, At: timestamppb.New(day(time.December, 5))},
	}
	findings := []*zerenv1.Finding{
		{Id: "F1", OrganizationId: "czj-b1", FoundAt: timestamppb.New(day(time.May, 1))},
		{Id: "F2", OrganizationId: "czj-pg", FoundAt: timestamppb.New(day(time.December, 10))},                 // after as-of
		{Id: "F3", OrganizationId: "czj-pg", FoundAt: timestamppb.New(day(time.January, 1).AddDate(-1, 0, 0))}, // 2025
	}
	cases := []*zerenv1.SupervisionCase{{Id: "C1", OrganizationId: "jtj-oc", OpenedAt: timestamppb.New(day(time.June, 1))}}
	in := unitfacts.Input{
		Period: year2026, AsOf: asOf, Plan: sample.Plan(), Assignments: as, Progress: progress,
		Findings: findings, Cases: cases,
		Metrics:        map[string]map[string]float64{"czj": {"party_fee_rate": 0.98}},
		BusinessScores: map[string]float64{"czj": 90},
	}
	before := proto.Clone(first)
	facts, err := unitfacts.Build(context.Background(), h, in)
	require.NoError(t, err)
	assert.True(t, proto.Equal(before, first), "Build does not modify its input")
	require.Len(t, facts, 11, "every unit but the 工委")
	m := byUnit(facts)
	assert.NotContains(t, m, sample.WorkCommitteeUnitID)

	czj := m["czj"]
	assert.Equal(t, "czj-pg", czj.GetOrganization().GetId())
	assert.True(t, asOf.Equal(czj.GetNow().AsTime()))
	assert.True(t, proto.Equal(year2026, czj.GetPeriod()))
	assert.Equal(t, 0.98, czj.GetMetrics()["party_fee_rate"])
	assert.Equal(t, 90.0, czj.GetBusinessScore())
	n := 0
	for _, a := range as {
		if o, _ := h.Organization(a.GetOrganizationId()); o.GetUnitId() == "czj" {
			n++
		}
	}
	assert.Len(t, czj.GetAssignments(), n, "every assignment of the unit's organisations")
	for _, a := range czj.GetAssignments() {
		assert.NotEqual(t, zerenv1.Dimension_DIMENSION_UNSPECIFIED, a.GetDimension(), "assignment %s carries its task's dimension", a.GetId())
		if a.GetId() == first.GetId() {
			assert.Equal(t, 1.0, a.GetActual(), "the report made by the as-of date counts, the later one does not")
			assert.Equal(t, zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE, a.GetStatus())
			assert.Equal(t, "三会一课", a.GetTaskKind())
			assert.Equal(t, []string{"组织生活"}, a.GetTags())
			assert.Equal(t, zerenv1.Dimension_DIMENSION_ORGANIZATIONAL, a.GetDimension())
		}
	}
	var ids []string
	for _, f := range czj.GetFindings() {
		ids = append(ids, f.GetId())
	}
	assert.Equal(t, []string{"F1"}, ids, "findings of the period found by the as-of date")
	require.Len(t, m["jtj"].GetCases(), 1)
	assert.Equal(t, "C1", m["jtj"].GetCases()[0].GetId())
	assert.Empty(t, czj.GetCases())
}

func TestBuildTakesTheTopOrganisationFromTheHierarchyNotTheInputOrder(t *testing.T) {
	t.Parallel()
	st := sample.Structure()
	slices.Reverse(st.Organizations)
	h := hierarchy(t, st)
	facts, err := unitfacts.Build(context.Background(), h, unitfacts.Input{Period: year2026, AsOf: sample.AssessmentNow})
	require.NoError(t, err)
	require.NotEmpty(t, facts)
	for _, f := range facts {
		assert.Equal(t, f.GetUnit().GetId()+"-pg", f.GetOrganization().GetId(), "unit %s", f.GetUnit().GetId())
	}
}

func TestBuildLeavesOutOtherPeriodsAndRetiredAssignments(t *testing.T) {
	t.Parallel()
	h := hierarchy(t, sample.Structure())
	as := decompose(t, h)
	as[0].Status = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED
	q2 := &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_QUARTER, Year: sample.Year, Index: 2}
	facts, err := unitfacts.Build(context.Background(), h, unitfacts.Input{Period: q2, AsOf: sample.AssessmentNow, Plan: sample.Plan(), Assignments: as})
	require.NoError(t, err)
	for _, f := range facts {
		for _, a := range f.GetAssignments() {
			assert.NotEqual(t, as[0].GetId(), a.GetId(), "a retired assignment is left out")
			p := a.GetPeriod()
			ok := (p.GetKind() == zerenv1.PeriodKind_PERIOD_KIND_QUARTER && p.GetIndex() == 2) ||
				(p.GetKind() == zerenv1.PeriodKind_PERIOD_KIND_MONTH && p.GetIndex() >= 4 && p.GetIndex() <= 6)
			assert.True(t, ok, "assignment %s of period %v lies within Q2", a.GetId(), p)
		}
	}
}

func TestBuildReportsEveryProblemAtOnce(t *testing.T) {
	t.Parallel()
	h := hierarchy(t, sample.Structure())
	as := decompose(t, h)[:2]
	bad := []*zerenv1.Assignment{
		as[0], proto.Clone(as[0]).(*zerenv1.Assignment), // duplicate id
		{Id: "x1", TaskId: "T01", OrganizationId: "nowhere"},
		{Id: "x2", TaskId: "T99", OrganizationId: "czj-pg"},
	}
	_, err := unitfacts.Build(context.Background(), h, unitfacts.Input{
		Period: year2026, AsOf: sample.AssessmentNow, Plan: sample.Plan(), Assignments: bad,
		Progress: []*zerenv1.ProgressRecord{{AssignmentId: "ghost", Value: 1, At: timestamppb.New(day(time.May, 1))}},
		Findings: []*zerenv1.Finding{{Id: "F9", OrganizationId: "czj-pg"}},
		Cases:    []*zerenv1.SupervisionCase{{Id: "C9", OrganizationId: "nowhere", OpenedAt: timestamppb.New(day(time.May, 1))}},
		Metrics:  map[string]map[string]float64{"gw": {"x": 1}},
	})
	var ve *unitfacts.ValidationError
	require.True(t, errors.As(err, &ve), "got %v", err)
	var got []string
	for _, p := range ve.Problems {
		got = append(got, p.Record+" "+p.ID+" "+p.Field)
	}
	assert.ElementsMatch(t, []string{
		"input gw metrics",
		"assignment " + as[0].GetId() + " id",
		"assignment x1 organization_id",
		"assignment x2 task_id",
		"progress record ghost assignment_id",
		"finding F9 found_at",
		"case C9 organization_id",
	}, got)
}

func TestBuildRejectsAMissingPeriodOrDate(t *testing.T) {
	t.Parallel()
	h := hierarchy(t, sample.Structure())
	_, err := unitfacts.Build(context.Background(), h, unitfacts.Input{})
	var ve *unitfacts.ValidationError
	require.True(t, errors.As(err, &ve))
	assert.Len(t, ve.Problems, 2)
}

func TestBuildSelectsTheUnitsAsked(t *testing.T) {
	t.Parallel()
	h := hierarchy(t, sample.Structure())
	facts, err := unitfacts.Build(context.Background(), h, unitfacts.Input{Period: year2026, AsOf: sample.AssessmentNow,
		Units: []string{"jtj", sample.WorkCommitteeUnitID}})
	require.NoError(t, err)
	var ids []string
	for _, f := range facts {
		ids = append(ids, f.GetUnit().GetId())
	}
	assert.Equal(t, []string{sample.WorkCommitteeUnitID, "jtj"}, ids, "in hierarchy order, the 工委 when asked")
	_, err = unitfacts.Build(context.Background(), h, unitfacts.Input{Period: year2026, AsOf: sample.AssessmentNow, Units: []string{"nope"}})
	assert.ErrorContains(t, err, `unit "nope" does not exist`)
}

func TestBuildHonoursCancellation(t *testing.T) {
	t.Parallel()
	h := hierarchy(t, sample.Structure())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := unitfacts.Build(ctx, h, unitfacts.Input{Period: year2026, AsOf: sample.AssessmentNow, Assignments: decompose(t, h)})
	assert.ErrorIs(t, err, context.Canceled)
}
