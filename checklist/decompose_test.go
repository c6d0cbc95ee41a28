package checklist_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/checklist"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

func TestDecomposeBindsEachPeriodToPostPersonTargetAndDueDate(t *testing.T) {
	t.Parallel()
	h := smallHierarchy(t)
	p := newPlan(t, h, plan(task("T1", func(t *zerenv1.Task) {
		t.Measure = measure(10, atLeast, quarter, perPeriod, remFirst, 0)
		t.Scope.UnitIds = []string{"u"}
		t.Weight = 2
	})))
	d := decompose(t, p)
	type row struct {
		id, org, post, person, app string
		target                     float64
		due                        string
	}
	var got []row
	for _, a := range d.Assignments {
		got = append(got, row{a.GetId(), a.GetOrganizationId(), a.GetPostId(), a.GetPersonId(), a.GetAppointmentId(),
			a.GetTarget(), a.GetDue().AsTime().In(cst).Format(time.DateOnly)})
		assert.Equal(t, statusOpen, a.GetStatus())
		assert.Equal(t, 2.0, a.GetWeight())
		assert.Equal(t, atLeast, a.GetComparison())
		assert.Equal(t, "T1", a.GetTaskId())
		assert.Empty(t, a.GetHandovers())
	}
	assert.Equal(t, []row{
		{"T1/b1/2026-Q1", "b1", "b1-sec", "jia", "a-jia", 3, "2026-03-31"},
		{"T1/b1/2026-Q2", "b1", "b1-sec", "jia", "a-jia", 3, "2026-06-30"},
		{"T1/b1/2026-Q3", "b1", "b1-sec", "yi", "a-yi", 2, "2026-09-30"},
		{"T1/b1/2026-Q4", "b1", "b1-sec", "yi", "a-yi", 2, "2026-12-31"},
		// b2's post is vacant on 1 January: the first holder in the period.
		{"T1/b2/2026-Q1", "b2", "b2-sec", "bing", "a-bing", 3, "2026-03-31"},
		{"T1/b2/2026-Q2", "b2", "b2-sec", "bing", "a-bing", 3, "2026-06-30"},
		{"T1/b2/2026-Q3", "b2", "b2-sec", "bing", "a-bing", 2, "2026-09-30"},
		{"T1/b2/2026-Q4", "b2", "b2-sec", "bing", "a-bing", 2, "2026-12-31"},
	}, got)
	assert.True(t, d.Diff.Empty(), "no diff without WithPrevious")
}

func TestDecomposeLeavesAPostVacantForTheWholePeriodWithoutAPerson(t *testing.T) {
	t.Parallel()
	p := newPlan(t, smallHierarchy(t), plan(task("T1", func(t *zerenv1.Task) { t.Scope.OrganizationIds = []string{"b2"} })))
	got := byID(decompose(t, p).Assignments)
	jan := got["T1/b2/2026-M01"]
	require.NotNil(t, jan)
	assert.Equal(t, "b2-sec", jan.GetPostId())
	assert.Empty(t, jan.GetPersonId(), "nobody holds the post in January: a coverage gap")
	assert.Equal(t, "bing", got["T1/b2/2026-M02"].GetPersonId(), "丙 takes the post on 15 February")
}

func TestDecomposeStopsAtTheDeadline(t *testing.T) {
	t.Parallel()
	p := newPlan(t, smallHierarchy(t), plan(task("T1", func(t *zerenv1.Task) {
		t.Scope.OrganizationIds = []string{"vb1"}
		t.Measure = measure(6, atLeast, month, perPeriod, remFirst, 0)
		t.Deadline = ts(2026, 6, 15)
	})))
	as := decompose(t, p).Assignments
	require.Len(t, as, 6, "only the months that begin by the deadline")
	for _, a := range as {
		assert.Equal(t, 1.0, a.GetTarget(), "the target spreads over those months")
	}
	assert.Equal(t, "2026-05-31", as[4].GetDue().AsTime().In(cst).Format(time.DateOnly))
	assert.Equal(t, "2026-06-15", as[5].GetDue().AsTime().In(cst).Format(time.DateOnly), "never due after the deadline")
}

func TestDecomposeGivesEachMemberPostItsOwnAssignment(t *testing.T) {
	t.Parallel()
	p := newPlan(t, smallHierarchy(t), plan(task("T5", func(t *zerenv1.Task) {
		t.OwnerPostKindId = "party-group-member"
		t.Scope = &zerenv1.Scope{LevelIds: []string{"party-group"}}
		t.Measure = measure(2, atLeast, half, perPeriod, remFirst, 0)
	})))
	as := decompose(t, p).Assignments
	assert.Equal(t, []string{"T5/pg/pg-m1/2026-H1", "T5/pg/pg-m1/2026-H2", "T5/pg/pg-m2/2026-H1", "T5/pg/pg-m2/2026-H2"}, ids(as))
	assert.Equal(t, "m2", as[2].GetPersonId())
}

func TestDecomposeWithAsOfHandsOverWhatSpansAChange(t *testing.T) {
	t.Parallel()
	p := newPlan(t, smallHierarchy(t), plan(task("T1", func(t *zerenv1.Task) {
		t.Scope.OrganizationIds = []string{"b1"}
		t.Measure = measure(4, atLeast, quarter, perPeriod, remFirst, 0)
	})))
	got := byID(decompose(t, p, checklist.WithAsOf(day(2026, 6, 1))).Assignments)
	q2 := got["T1/b1/2026-Q2"]
	assert.Equal(t, "yi", q2.GetPersonId())
	assert.Equal(t, "a-yi", q2.GetAppointmentId())
	require.Len(t, q2.GetHandovers(), 1)
	assert.Equal(t, "jia", q2.GetHandovers()[0].GetFromPersonId())
	assert.Equal(t, "yi", q2.GetHandovers()[0].GetToPersonId())
	assert.Equal(t, day(2026, 5, 1), q2.GetHandovers()[0].GetAt().AsTime().In(cst))
	assert.Equal(t, "a-yi", q2.GetHandovers()[0].GetAppointmentId())
	assert.Equal(t, "jia", got["T1/b1/2026-Q1"].GetPersonId(), "Q1 ended before the change")
	assert.Empty(t, got["T1/b1/2026-Q1"].GetHandovers())
	assert.Empty(t, got["T1/b1/2026-Q3"].GetHandovers(), "Q3 starts with 乙")

	// The same as decomposing first and rebinding later.
	d := decompose(t, p)
	moved, err := checklist.Rebind(p.Hierarchy(), d.Assignments, day(2026, 6, 1))
	require.NoError(t, err)
	assert.Equal(t, []string{"T1/b1/2026-Q2"}, ids(moved))
	for _, a := range d.Assignments {
		assert.True(t, proto.Equal(got[a.GetId()], a), "%s", a.GetId())
	}
}

func TestDecomposeSeqYieldsWhatDecomposeReturns(t *testing.T) {
	t.Parallel()
	p := newPlan(t, sampleHierarchy(), samplePlan())
	d := decompose(t, p)
	i := 0
	for a, err := range checklist.DecomposeSeq(t.Context(), p) {
		require.NoError(t, err)
		require.Less(t, i, len(d.Assignments))
		require.True(t, proto.Equal(d.Assignments[i], a), "assignment %d", i)
		i++
	}
	assert.Equal(t, len(d.Assignments), i)
	assert.Equal(t, p.Len(), i)

	n := 0
	for range checklist.DecomposeSeq(t.Context(), p) {
		n++
		if n == 10 {
			break
		}
	}
	assert.Equal(t, 10, n, "a caller may stop early")
}

func TestDecomposeHonoursCancellation(t *testing.T) {
	t.Parallel()
	p := newPlan(t, sampleHierarchy(), samplePlan())
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := checklist.Decompose(ctx, p)
	require.ErrorIs(t, err, context.Canceled)
	var got error
	for a, err := range checklist.DecomposeSeq(ctx, p) {
		assert.Nil(t, a)
		got = err
	}
	require.ErrorIs(t, got, context.Canceled)
}

func samplePlan() *zerenv1.Plan { return sample.Plan() }

func TestAVacantBindingIsFilledWhenSomeoneTakesThePost(t *testing.T) {
	t.Parallel()
	h := smallHierarchy(t)
	p := newPlan(t, h, plan(task("T1", func(t *zerenv1.Task) {
		t.Scope.OrganizationIds = []string{"b2"}
		t.Measure = measure(4, atLeast, quarter, perPeriod, remFirst, 0)
	})))
	d := decompose(t, p)
	q1 := d.Assignments[0]
	require.Equal(t, "T1/b2/2026-Q1", q1.GetId())
	q1.PersonId, q1.AppointmentId = "", "" // as if decomposed before 丙 was appointed

	moved, err := checklist.Rebind(h, d.Assignments, day(2026, 1, 10))
	require.NoError(t, err)
	assert.Empty(t, moved, "still vacant on 10 January")
	moved, err = checklist.Rebind(h, d.Assignments, day(2026, 3, 1))
	require.NoError(t, err)
	assert.Equal(t, []string{"T1/b2/2026-Q1"}, ids(moved))
	assert.Equal(t, "bing", q1.GetPersonId())
	assert.Empty(t, q1.GetHandovers(), "filling a vacancy is not a handover")

	q1.PersonId, q1.AppointmentId = "", ""
	again := decompose(t, p, checklist.WithPrevious(d.Assignments))
	assert.Equal(t, "bing", byID(again.Assignments)["T1/b2/2026-Q1"].GetPersonId(), "re-decomposition binds it too")
	assert.Equal(t, []string{"T1/b2/2026-Q1"}, ids(again.Diff.Changed))
}

func TestRebindReportsAssignmentsItCannotPlace(t *testing.T) {
	t.Parallel()
	h := smallHierarchy(t)
	as := []*zerenv1.Assignment{
		{Id: "A", PostId: "nowhere", Status: statusOpen, Period: &zerenv1.Period{Kind: month, Year: 2026, Index: 1}},
		{Id: "B", PostId: "b1-sec", Status: statusOpen, Period: &zerenv1.Period{Kind: month, Year: 2026, Index: 13}},
		{Id: "C", PostId: "b1-sec", PersonId: "jia", Status: statusOpen, Period: &zerenv1.Period{Kind: half, Year: 2026, Index: 1}, Due: ts(2026, 6, 30)},
		nil,
	}
	moved, err := checklist.Rebind(h, as, day(2026, 6, 1))
	var verr *checklist.ValidationError
	require.ErrorAs(t, err, &verr)
	require.Len(t, verr.Problems, 2)
	assert.Equal(t, "A", verr.Problems[0].ID)
	assert.Equal(t, "post_id", verr.Problems[0].Field)
	assert.Equal(t, "B", verr.Problems[1].ID)
	assert.Equal(t, "period", verr.Problems[1].Field)
	assert.Equal(t, []string{"C"}, ids(moved), "the others are still rebound")
	assert.Equal(t, "yi", as[2].GetPersonId())
}
