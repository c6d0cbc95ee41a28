package checklist_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

// sampleAt decomposes the sample plan. Its 党组书记 tasks at the rotation
// unit include T01 (monthly), T03 (quarterly), T07 (by half), T33 (the year)
// and T45 (the year, due 30 June).
func sampleAt(t *testing.T, h *responsibility.Hierarchy, opts ...checklist.Option) map[string]*zerenv1.Assignment {
	t.Helper()
	return byID(decompose(t, newPlan(t, h, sample.Plan()), opts...).Assignments)
}

func TestRotationBindsPeriodsToWhoeverHeldThePost(t *testing.T) {
	t.Parallel()
	got := sampleAt(t, sampleHierarchy())
	org := sample.RotationOrgID
	for m := 1; m <= 12; m++ {
		a := got[fmt.Sprintf("T01/%s/2026-M%02d", org, m)]
		require.NotNil(t, a, "month %d", m)
		assert.Equal(t, sample.RotationPostID, a.GetPostId())
		want, app := sample.RotationOldSecretaryID, sample.RotationOldAppointmentID
		if m >= 7 {
			want, app = sample.RotationNewSecretaryID, sample.RotationNewAppointmentID
		}
		assert.Equal(t, want, a.GetPersonId(), "month %d", m)
		assert.Equal(t, app, a.GetAppointmentId(), "month %d", m)
	}
	assert.Equal(t, sample.RotationOldSecretaryID, got["T07/"+org+"/2026-H1"].GetPersonId())
	assert.Equal(t, sample.RotationNewSecretaryID, got["T07/"+org+"/2026-H2"].GetPersonId())
	assert.Equal(t, sample.RotationOldSecretaryID, got["T33/"+org+"/2026"].GetPersonId(), "the year is bound at its start")
}

func TestRotationHandsOverAnOpenAssignmentSpanningTheChange(t *testing.T) {
	t.Parallel()
	h := sampleHierarchy()
	d := decompose(t, newPlan(t, h, sample.Plan()))
	all := byID(d.Assignments)
	org := sample.RotationOrgID
	// T33 was completed early at 市发展改革委, not at 市财政局; T45 (due 30
	// June) is overdue at 市财政局 when the post changes hands.
	done := "T33/fgw-pg/2026"
	require.NoError(t, checklist.Record(d.Assignments, []*zerenv1.ProgressRecord{
		{AssignmentId: done, Value: 12, At: ts(2026, 5, 10)},
	}))
	moved, err := checklist.Rebind(h, d.Assignments, day(2026, 8, 1))
	require.NoError(t, err)

	year := all["T33/"+org+"/2026"]
	assert.Contains(t, moved, year)
	assert.Equal(t, sample.RotationNewSecretaryID, year.GetPersonId())
	assert.Equal(t, sample.RotationNewAppointmentID, year.GetAppointmentId())
	require.Len(t, year.GetHandovers(), 1)
	ho := year.GetHandovers()[0]
	assert.Equal(t, sample.RotationOldSecretaryID, ho.GetFromPersonId())
	assert.Equal(t, sample.RotationNewSecretaryID, ho.GetToPersonId())
	assert.Equal(t, sample.RotationDate, ho.GetAt().AsTime().In(sample.Location))
	assert.Equal(t, sample.RotationNewAppointmentID, ho.GetAppointmentId())

	overdue := all["T45/"+org+"/2026"]
	assert.Equal(t, sample.RotationOldSecretaryID, overdue.GetPersonId(), "due 30 June: it stays on the old holder's record")
	assert.Empty(t, overdue.GetHandovers())
	q2 := all["T03/"+org+"/2026-Q2"]
	assert.Equal(t, sample.RotationOldSecretaryID, q2.GetPersonId(), "Q2 ended when the post changed hands")
	assert.Empty(t, q2.GetHandovers())
	assert.Equal(t, sample.RotationNewSecretaryID, all["T03/"+org+"/2026-Q3"].GetPersonId())
	assert.Empty(t, all["T03/"+org+"/2026-Q3"].GetHandovers())

	for _, a := range moved {
		assert.Equal(t, statusOpen, a.GetStatus())
		require.NotEmpty(t, a.GetHandovers(), "%s", a.GetId())
	}
	assert.Equal(t, []string{"T33/czj-pg/2026", "T49/czj-pg/2026"}, movedAt(moved, sample.RotationOrgID),
		"at the rotation unit, only the yearly tasks still open span the change")

	// Rebinding again changes nothing; so does rebinding earlier.
	again, err := checklist.Rebind(h, d.Assignments, day(2026, 8, 1))
	require.NoError(t, err)
	assert.Empty(t, again)
	again, err = checklist.Rebind(h, d.Assignments, day(2026, 3, 1))
	require.NoError(t, err)
	assert.Empty(t, again)
}

func movedAt(as []*zerenv1.Assignment, org string) []string {
	var out []string
	for _, a := range as {
		if a.GetOrganizationId() == org {
			out = append(out, a.GetId())
		}
	}
	return out
}

func TestActingAndDelegatedAppointments(t *testing.T) {
	t.Parallel()
	h := sampleHierarchy()
	d := decompose(t, newPlan(t, h, sample.Plan()))
	all := byID(d.Assignments)
	b := sample.ActingOrgID
	assert.Equal(t, sample.ActingPreviousSecretaryID, all["T02/"+b+"/2026-M03"].GetPersonId())
	assert.Equal(t, sample.ActingPersonID, all["T02/"+b+"/2026-M04"].GetPersonId(), "the acting secretary carries the branch's work")
	assert.Equal(t, sample.ActingAppointmentID, all["T02/"+b+"/2026-M04"].GetAppointmentId())
	assert.Equal(t, sample.ActingNextSecretaryID, all["T02/"+b+"/2026-M09"].GetPersonId())

	_, err := checklist.Rebind(h, d.Assignments, day(2026, 3, 20))
	require.NoError(t, err)
	march := all["T02/"+b+"/2026-M03"]
	assert.Equal(t, sample.ActingPersonID, march.GetPersonId())
	require.Len(t, march.GetHandovers(), 1)
	assert.Equal(t, sample.ActingStart, march.GetHandovers()[0].GetAt().AsTime().In(sample.Location))
	assert.Equal(t, sample.ActingAppointmentID, march.GetHandovers()[0].GetAppointmentId())

	// A delegate (委托) works beside the regular holder, who keeps the work.
	for _, id := range []string{"T05/fgw-oc/2026", "T46/fgw-oc/2026-Q2"} {
		a := all[id]
		require.NotNil(t, a, id)
		assert.Equal(t, sample.DelegatingPersonID, a.GetPersonId(), id)
	}
	_, err = checklist.Rebind(h, d.Assignments, sample.DelegatedStart.AddDate(0, 0, 10))
	require.NoError(t, err)
	assert.Equal(t, sample.DelegatingPersonID, all["T46/fgw-oc/2026-Q2"].GetPersonId())
	assert.Empty(t, all["T46/fgw-oc/2026-Q2"].GetHandovers())
}

// withoutRotation is the sample as it stood before the rotation was known:
// the old 党组书记's appointment open-ended.
func withoutRotation(t *testing.T) *responsibility.Hierarchy {
	t.Helper()
	s := sample.Structure()
	var apps []*zerenv1.Appointment
	for _, a := range s.GetAppointments() {
		switch a.GetId() {
		case sample.RotationNewAppointmentID:
			continue
		case sample.RotationOldAppointmentID:
			a.End = nil
		}
		apps = append(apps, a)
	}
	s.Appointments = apps
	h, err := responsibility.New(frameworks.SanjiWugang(), s, responsibility.WithLocation(sample.Location))
	require.NoError(t, err)
	return h
}

func TestRedecompositionWithALaterHierarchyHandsOverOpenAssignments(t *testing.T) {
	t.Parallel()
	early := decompose(t, newPlan(t, withoutRotation(t), sample.Plan()))
	org := sample.RotationOrgID
	for _, a := range early.Assignments {
		if a.GetPostId() == sample.RotationPostID {
			require.Equal(t, sample.RotationOldSecretaryID, a.GetPersonId(), a.GetId())
		}
	}
	// July was done before anyone told the system of the rotation: it
	// keeps its person.
	require.NoError(t, checklist.Record(early.Assignments, []*zerenv1.ProgressRecord{
		{AssignmentId: "T01/" + org + "/2026-M07", Value: 1, At: ts(2026, 7, 3)},
	}))
	snapshot := make([]*zerenv1.Assignment, len(early.Assignments))
	for i, a := range early.Assignments {
		snapshot[i] = proto.CloneOf(a)
	}

	later := decompose(t, newPlan(t, sampleHierarchy(), sample.Plan()),
		checklist.WithPrevious(snapshot), checklist.WithAsOf(day(2026, 7, 20)))
	got := byID(later.Assignments)
	assert.Equal(t, sample.RotationOldSecretaryID, got["T01/"+org+"/2026-M07"].GetPersonId(), "done: keeps its person")
	assert.Equal(t, sample.RotationOldSecretaryID, got["T01/"+org+"/2026-M06"].GetPersonId())
	for _, id := range []string{"T01/" + org + "/2026-M08", "T07/" + org + "/2026-H2", "T33/" + org + "/2026"} {
		a := got[id]
		assert.Equal(t, sample.RotationNewSecretaryID, a.GetPersonId(), id)
		require.Len(t, a.GetHandovers(), 1, id)
		assert.Equal(t, sample.RotationDate, a.GetHandovers()[0].GetAt().AsTime().In(sample.Location), id)
		assert.Contains(t, ids(later.Diff.Changed), id)
	}
	var changed []string
	for _, a := range later.Diff.Changed {
		if a.GetOrganizationId() == org {
			changed = append(changed, a.GetId())
		}
	}
	// Monthly T01 (August on: July is done) and T10 (July on); quarterly
	// T03, T28, T41 for Q3–Q4; the second half of T07, T08, T14, T37, T57;
	// and the yearly T33 and T49, open across the change. T04 and T45 fell
	// due before it and stay.
	assert.Len(t, changed, 5+6+3*2+5+2, "%v", changed)
	assert.Empty(t, later.Diff.Added)
	assert.Empty(t, later.Diff.Retired)
}
