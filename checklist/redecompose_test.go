package checklist_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/checklist"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

func TestDecomposingTwiceGivesTheSameIdsAndAnEmptyDiff(t *testing.T) {
	t.Parallel()
	p := newPlan(t, sampleHierarchy(), samplePlan())
	first := decompose(t, p)
	second := decompose(t, p)
	assert.Equal(t, ids(first.Assignments), ids(second.Assignments))
	d := checklist.Compare(first.Assignments, second.Assignments)
	assert.True(t, d.Empty())
	assert.Equal(t, len(first.Assignments), d.Unchanged)

	again := decompose(t, p, checklist.WithPrevious(first.Assignments))
	assert.True(t, again.Diff.Empty(), "added %d, changed %d, retired %d", len(again.Diff.Added), len(again.Diff.Changed), len(again.Diff.Retired))
	assert.Equal(t, len(first.Assignments), again.Diff.Unchanged)
	for i, a := range again.Assignments {
		require.True(t, proto.Equal(first.Assignments[i], a), "%s", a.GetId())
	}
}

func TestRedecompositionAfterEditsReportsWhatChanged(t *testing.T) {
	t.Parallel()
	h := smallHierarchy(t)
	base := func() *zerenv1.Plan {
		return plan(
			task("T1", func(t *zerenv1.Task) { t.Measure = measure(4, atLeast, quarter, perPeriod, remFirst, 0) }),
			task("T2", func(t *zerenv1.Task) {
				t.Measure = measure(2, atLeast, half, perPeriod, remFirst, 0)
				t.Scope = &zerenv1.Scope{LevelIds: []string{"branch"}, KeyUnitsOnly: true}
			}),
		)
	}
	cases := []struct {
		name                    string
		edit                    func(*zerenv1.Plan)
		added, changed, retired []string
	}{
		{
			name: "editing a target changes the assignments of that task",
			edit: func(p *zerenv1.Plan) { p.Tasks[1].Measure.Target = 3 },
			// 3 over halves, remainder first: H1 becomes 2, H2 stays 1.
			changed: []string{"T2/b1/2026-H1", "T2/b2/2026-H1"},
		},
		{
			name:    "removing a task retires its assignments",
			edit:    func(p *zerenv1.Plan) { p.Tasks = p.Tasks[:1] },
			retired: []string{"T2/b1/2026-H1", "T2/b1/2026-H2", "T2/b2/2026-H1", "T2/b2/2026-H2"},
		},
		{
			name:  "widening a scope adds assignments",
			edit:  func(p *zerenv1.Plan) { p.Tasks[1].Scope.KeyUnitsOnly = false },
			added: []string{"T2/vb1/2026-H1", "T2/vb1/2026-H2"},
		},
		{
			name:    "moving a deadline changes the due dates it cuts",
			edit:    func(p *zerenv1.Plan) { p.Tasks[1].Deadline = ts(2026, 12, 20) },
			changed: []string{"T2/b1/2026-H2", "T2/b2/2026-H2"},
		},
		{
			name:    "a weight is part of the plan",
			edit:    func(p *zerenv1.Plan) { p.Tasks[1].Weight = 5 },
			changed: []string{"T2/b1/2026-H1", "T2/b1/2026-H2", "T2/b2/2026-H1", "T2/b2/2026-H2"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			before := decompose(t, newPlan(t, h, base()))
			edited := base()
			tc.edit(edited)
			after := decompose(t, newPlan(t, h, edited), checklist.WithPrevious(before.Assignments))
			assert.Equal(t, tc.added, nilIfEmpty(ids(after.Diff.Added)), "added")
			assert.Equal(t, tc.changed, nilIfEmpty(ids(after.Diff.Changed)), "changed")
			assert.Equal(t, tc.retired, nilIfEmpty(ids(after.Diff.Retired)), "retired")
			for _, a := range after.Diff.Retired {
				assert.Equal(t, statusRetired, a.GetStatus())
			}
			assert.Len(t, after.Assignments, len(before.Assignments)+len(tc.added), "nothing is deleted")

			// Compare on the lists alone agrees.
			plain := decompose(t, newPlan(t, h, edited))
			d := checklist.Compare(before.Assignments, plain.Assignments)
			assert.Equal(t, tc.added, nilIfEmpty(ids(d.Added)))
			assert.Equal(t, tc.changed, nilIfEmpty(ids(d.Changed)))
			assert.Equal(t, tc.retired, nilIfEmpty(ids(d.Retired)))
		})
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestRedecompositionKeepsRecordedProgress(t *testing.T) {
	t.Parallel()
	h := smallHierarchy(t)
	pb := plan(task("T1", func(t *zerenv1.Task) {
		t.Measure = measure(8, atLeast, quarter, perPeriod, remFirst, 0)
		t.Scope.OrganizationIds = []string{"vb1"}
	}))
	before := decompose(t, newPlan(t, h, pb))
	ev := &zerenv1.Evidence{Ref: "oa://doc/1", Title: "党员大会记录"}
	require.NoError(t, checklist.Record(before.Assignments, []*zerenv1.ProgressRecord{
		{AssignmentId: "T1/vb1/2026-Q1", Value: 2, At: ts(2026, 3, 20), Evidence: []*zerenv1.Evidence{ev}, ReportedBy: "vb"},
		{AssignmentId: "T1/vb1/2026-Q2", Value: 1, At: ts(2026, 5, 20)},
	}))

	t.Run("an unrelated edit keeps actuals, evidence and status", func(t *testing.T) {
		t.Parallel()
		edited := proto.CloneOf(pb)
		edited.Tasks[0].Title = "新标题"
		after := decompose(t, newPlan(t, h, edited), checklist.WithPrevious(before.Assignments))
		assert.True(t, after.Diff.Empty())
		got := byID(after.Assignments)
		q1 := got["T1/vb1/2026-Q1"]
		assert.Equal(t, statusDone, q1.GetStatus())
		assert.Equal(t, 2.0, q1.GetActual())
		assert.Equal(t, day(2026, 3, 20), q1.GetCompletedAt().AsTime().In(cst))
		require.Len(t, q1.GetEvidence(), 1)
		assert.Equal(t, "oa://doc/1", q1.GetEvidence()[0].GetRef())
		assert.Equal(t, "vb", q1.GetEvidence()[0].GetRecordedBy())
		assert.Equal(t, 1.0, got["T1/vb1/2026-Q2"].GetActual())
		assert.Equal(t, statusOpen, got["T1/vb1/2026-Q2"].GetStatus())
	})
	t.Run("raising the target reopens what no longer meets it", func(t *testing.T) {
		t.Parallel()
		edited := proto.CloneOf(pb)
		edited.Tasks[0].Measure.Target = 12 // 3 a quarter
		after := decompose(t, newPlan(t, h, edited), checklist.WithPrevious(before.Assignments))
		q1 := byID(after.Assignments)["T1/vb1/2026-Q1"]
		assert.Equal(t, statusOpen, q1.GetStatus())
		assert.Nil(t, q1.GetCompletedAt())
		assert.Equal(t, 2.0, q1.GetActual(), "the actual value stays")
		assert.Contains(t, ids(after.Diff.Changed), "T1/vb1/2026-Q1")
	})
	t.Run("removing and restoring a task revives its assignments with their progress", func(t *testing.T) {
		t.Parallel()
		removed := proto.CloneOf(pb)
		removed.Tasks[0].Scope.OrganizationIds = []string{"b1"}
		mid := decompose(t, newPlan(t, h, removed), checklist.WithPrevious(before.Assignments))
		require.Len(t, mid.Diff.Retired, 4)
		back := decompose(t, newPlan(t, h, pb), checklist.WithPrevious(mid.Assignments))
		assert.Len(t, back.Diff.Added, 4)
		assert.Len(t, back.Diff.Retired, 4, "b1's assignments retire in turn")
		q1 := byID(back.Assignments)["T1/vb1/2026-Q1"]
		assert.Equal(t, statusOpen, q1.GetStatus(), "revived")
		assert.Equal(t, 2.0, q1.GetActual())
		assert.Len(t, q1.GetEvidence(), 1)
	})
	t.Run("the previous assignments are not modified", func(t *testing.T) {
		t.Parallel()
		snapshot := make([]*zerenv1.Assignment, len(before.Assignments))
		for i, a := range before.Assignments {
			snapshot[i] = proto.CloneOf(a)
		}
		edited := proto.CloneOf(pb)
		edited.Tasks[0].Measure.Target = 12
		after := decompose(t, newPlan(t, h, edited), checklist.WithPrevious(snapshot))
		require.NoError(t, checklist.Record(after.Assignments, []*zerenv1.ProgressRecord{
			{AssignmentId: "T1/vb1/2026-Q1", Value: 3, At: ts(2026, 3, 25), Evidence: []*zerenv1.Evidence{{Ref: "x"}}},
		}))
		for i, a := range snapshot {
			assert.True(t, proto.Equal(before.Assignments[i], a), "%s", a.GetId())
		}
	})
}

func TestARekeyedPostBridgesFromThePreviousHolder(t *testing.T) {
	t.Parallel()
	p := newPlan(t, smallHierarchy(t), plan(task("T1", func(t *zerenv1.Task) {
		t.Scope.OrganizationIds = []string{"b1"}
		t.Measure = measure(4, atLeast, quarter, perPeriod, remFirst, 0)
	})))
	prev := decompose(t, p).Assignments
	q3 := prev[2]
	require.Equal(t, "T1/b1/2026-Q3", q3.GetId())
	q3.PostId, q3.PersonId, q3.AppointmentId = "b1-old-post", "zz", "a-zz"

	got := byID(decompose(t, p, checklist.WithPrevious(prev)).Assignments)["T1/b1/2026-Q3"]
	assert.Equal(t, "b1-sec", got.GetPostId())
	assert.Equal(t, "yi", got.GetPersonId())
	require.Len(t, got.GetHandovers(), 1)
	assert.Equal(t, "zz", got.GetHandovers()[0].GetFromPersonId())
	assert.Equal(t, day(2026, 7, 1), got.GetHandovers()[0].GetAt().AsTime().In(cst))
}

// TestAnExtensionSurvivesRedecomposition: a 延期 approved through
// supervision moved an assignment's due date; decomposing again keeps it,
// unless the plan itself now gives a later date.
func TestAnExtensionSurvivesRedecomposition(t *testing.T) {
	t.Parallel()
	p := newPlan(t, sampleHierarchy(), samplePlan())
	first := decompose(t, p)
	a := first.Assignments[0]
	ext := timestamppb.New(a.GetDue().AsTime().AddDate(0, 0, 20))
	a.Due, a.ExtendedDue = ext, ext

	again := decompose(t, p, checklist.WithPrevious(first.Assignments))
	got := again.Assignments[0]
	require.Equal(t, a.GetId(), got.GetId())
	assert.True(t, got.GetDue().AsTime().Equal(ext.AsTime()), "the extension stands: due %v", got.GetDue().AsTime())
	assert.True(t, proto.Equal(ext, got.GetExtendedDue()))
	assert.True(t, again.Diff.Empty(), "nothing changed: added %d, changed %d", len(again.Diff.Added), len(again.Diff.Changed))

	earlier := timestamppb.New(a.GetDue().AsTime().AddDate(0, 0, -40))
	first.Assignments[0].Due, first.Assignments[0].ExtendedDue = earlier, earlier
	again = decompose(t, p, checklist.WithPrevious(first.Assignments))
	assert.True(t, again.Assignments[0].GetDue().AsTime().After(earlier.AsTime()), "a later plan date wins over an older extension")
}

// Decomposing a batch of organisations at a time, each with the previous
// assignments of its organisations, gives what one decomposition of the
// whole plan gives: the same assignments and the same diff counts.
func TestDecomposingInBatchesOfOrganisationsEqualsTheWhole(t *testing.T) {
	t.Parallel()
	p := newPlan(t, sampleHierarchy(), samplePlan())
	first := decompose(t, p)
	// Progress on some, and one assignment of an organisation no longer
	// reached (it must be retired by the batch that holds it).
	prev := make([]*zerenv1.Assignment, 0, len(first.Assignments)+1)
	for i, a := range first.Assignments {
		a = proto.CloneOf(a)
		if i%7 == 0 {
			a.Target++
		}
		prev = append(prev, a)
	}
	gone := proto.CloneOf(first.Assignments[0])
	gone.Id = gone.GetId() + "-gone"
	prev = append(prev, gone)
	whole := decompose(t, p, checklist.WithPrevious(prev))

	total := 0
	var orgs []string
	for org, n := range p.Organizations() {
		require.NotContains(t, orgs, org, "an organisation is yielded once")
		orgs = append(orgs, org)
		total += n
	}
	assert.Equal(t, p.Len(), total, "the counts add up to the plan's assignments")

	byID := map[string]*zerenv1.Assignment{}
	for _, a := range whole.Assignments {
		byID[a.GetId()] = a
	}
	var added, changed, retired, unchanged, seen int
	for start := 0; start < len(orgs); start += 3 {
		batch := map[string]bool{}
		for _, o := range orgs[start:min(start+3, len(orgs))] {
			batch[o] = true
		}
		mine := []*zerenv1.Assignment{}
		for _, a := range prev {
			if batch[a.GetOrganizationId()] {
				mine = append(mine, a)
			}
		}
		n := 0
		for org, c := range p.Organizations() {
			if batch[org] {
				n += c
			}
		}
		d := decompose(t, p, checklist.WithOrganizations(func(org string) bool { return batch[org] }), checklist.WithPrevious(mine))
		produced := 0
		for _, a := range d.Assignments {
			require.True(t, batch[a.GetOrganizationId()], "%s is outside the batch", a.GetId())
			require.True(t, proto.Equal(byID[a.GetId()], a), "%s differs from the whole decomposition", a.GetId())
			if a.GetStatus() != zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED {
				produced++
			}
		}
		assert.Equal(t, n, produced, "Organizations counts what the batch produces")
		seen += len(d.Assignments)
		added, changed, retired, unchanged = added+len(d.Diff.Added), changed+len(d.Diff.Changed), retired+len(d.Diff.Retired), unchanged+d.Diff.Unchanged
	}
	assert.Equal(t, len(whole.Assignments), seen)
	assert.Equal(t, len(whole.Diff.Added), added)
	assert.Equal(t, len(whole.Diff.Changed), changed)
	assert.Equal(t, len(whole.Diff.Retired), retired)
	assert.Equal(t, whole.Diff.Unchanged, unchanged)
	assert.NotZero(t, changed)
	assert.Equal(t, 1, retired)
}
