package responsibility_test

import (
	"slices"
	"testing"

	"github.com/samber/lo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

func TestTopOrganizationComesFromTheHierarchyNotTheInputOrder(t *testing.T) {
	t.Parallel()
	for _, reversed := range []bool{false, true} {
		s := testStructure()
		if reversed {
			slices.Reverse(s.Organizations)
		}
		h, err := responsibility.New(testFramework(), s)
		require.NoError(t, err)
		top, err := h.TopOrganization("czj")
		require.NoError(t, err)
		assert.Equal(t, "pg", top.GetId(), "reversed=%v", reversed)
	}
	h := testHierarchy(t)
	_, err := h.TopOrganization("nope")
	assert.ErrorIs(t, err, responsibility.ErrNotFound)
}

func TestTenuresNameEveryHolderOfThePeriodWithDays(t *testing.T) {
	t.Parallel()
	h := testHierarchy(t)
	got, err := h.Tenures("pg-sec", day(2026, 1, 1), day(2027, 1, 1))
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "zhang", got[0].GetPersonId())
	assert.Equal(t, int32(181), got[0].GetDays(), "1 January to 30 June")
	assert.False(t, got[0].GetAtPeriodEnd())
	assert.True(t, got[0].GetStart().AsTime().Equal(day(2026, 1, 1)), "clipped to the period")
	assert.True(t, got[0].GetEnd().AsTime().Equal(day(2026, 7, 1)))
	assert.Equal(t, "li", got[1].GetPersonId())
	assert.Equal(t, int32(184), got[1].GetDays())
	assert.True(t, got[1].GetAtPeriodEnd())

	b1, err := h.Tenures("b1-sec", day(2026, 1, 1), day(2027, 1, 1))
	require.NoError(t, err)
	assert.Equal(t, []string{"zhou", "wu", "zheng"}, lo.Map(b1, func(x *zerenv1.Tenure, _ int) string { return x.GetPersonId() }))
	assert.Equal(t, zerenv1.AppointmentKind_APPOINTMENT_KIND_ACTING, b1[1].GetAppointmentKind())
	assert.Equal(t, int32(31+28+14), b1[0].GetDays())

	none, err := h.Tenures("pg-sec", day(2027, 1, 1), day(2026, 1, 1))
	require.NoError(t, err)
	assert.Empty(t, none)
	_, err = h.Tenures("nope", day(2026, 1, 1), day(2027, 1, 1))
	assert.ErrorIs(t, err, responsibility.ErrNotFound)
}

func TestLiabilityTellsFindingsFromCandidatesToVerify(t *testing.T) {
	t.Parallel()
	h := testHierarchy(t)
	grounds := func(r *zerenv1.LiabilityReport) map[string]zerenv1.LiabilityGround {
		out := map[string]zerenv1.LiabilityGround{}
		for _, l := range r.GetLiabilities() {
			if l.GetPersonId() != "" {
				out[l.GetPersonId()] = l.GetGround()
			}
		}
		return out
	}
	presumed, err := h.Liability("b2", day(2026, 3, 1), responsibility.InDutyArea("budget"))
	require.NoError(t, err)
	assert.Equal(t, map[string]zerenv1.LiabilityGround{
		"chen":  zerenv1.LiabilityGround_LIABILITY_GROUND_PRINCIPAL_POST,
		"zhang": zerenv1.LiabilityGround_LIABILITY_GROUND_PRINCIPAL_POST,
		"zhao":  zerenv1.LiabilityGround_LIABILITY_GROUND_DUTY_AREA,
		"wang":  zerenv1.LiabilityGround_LIABILITY_GROUND_CANDIDATE,
		"sun":   zerenv1.LiabilityGround_LIABILITY_GROUND_SUPERVISORY_POST,
	}, grounds(presumed))
	for _, l := range presumed.GetLiabilities() {
		g := l.GetGround()
		assert.Equal(t, g == zerenv1.LiabilityGround_LIABILITY_GROUND_CANDIDATE || g == zerenv1.LiabilityGround_LIABILITY_GROUND_SUPERVISORY_POST,
			l.GetToVerify(), l.GetReason())
	}

	named, err := h.Liability("b2", day(2026, 3, 1), responsibility.InDutyArea("budget"), responsibility.WithParticipants("wang"))
	require.NoError(t, err)
	assert.Equal(t, zerenv1.LiabilityGround_LIABILITY_GROUND_PARTICIPANT, grounds(named)["wang"])
	direct, err := h.Liability("b2", day(2026, 3, 1))
	require.NoError(t, err)
	assert.Equal(t, zerenv1.LiabilityGround_LIABILITY_GROUND_DIRECT_POST, grounds(direct)["wang"])
}
