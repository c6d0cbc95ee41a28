package responsibility_test

import (
	"testing"
	"time"

	"github.com/samber/lo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

func testHierarchy(t testing.TB) *responsibility.Hierarchy {
	t.Helper()
	h, err := responsibility.New(testFramework(), testStructure())
	require.NoError(t, err)
	return h
}

func personIDs(hs []*zerenv1.Holder) []string {
	if len(hs) == 0 {
		return nil
	}
	return lo.Map(hs, func(h *zerenv1.Holder, _ int) string { return h.GetPersonId() })
}

func TestHoldersAsOf(t *testing.T) {
	t.Parallel()
	h := testHierarchy(t)
	tests := []struct {
		name string
		post string
		at   time.Time
		want []string
	}{
		{"the old secretary on the day before the rotation", "pg-sec", day(2026, 6, 30), []string{"zhang"}},
		{"the old secretary in the last second before the rotation", "pg-sec", day(2026, 7, 1).Add(-time.Second), []string{"zhang"}},
		{"the new secretary on the day of the rotation", "pg-sec", day(2026, 7, 1), []string{"li"}},
		{"nobody before the first appointment", "pg-sec", day(2021, 2, 28), nil},
		{"the first holder on the first day", "pg-sec", day(2021, 3, 1), []string{"zhang"}},
		{"an acting holder fills the vacancy", "b1-sec", day(2026, 3, 15), []string{"wu"}},
		{"the regular holder takes over from the acting one", "b1-sec", day(2026, 9, 1), []string{"zheng"}},
		{"a delegated holder stands after the regular one", "oc-sec", day(2026, 5, 1), []string{"wang", "chen"}},
		{"the delegation has ended", "oc-sec", day(2026, 6, 1), []string{"wang"}},
		{"a date far in the future sees open appointments", "b2-sec", day(2999, 1, 1), []string{"chen"}},
		{"a date far in the past sees nobody", "b2-sec", day(1000, 1, 1), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := h.Holders(tt.post, tt.at)
			require.NoError(t, err)
			assert.Equal(t, tt.want, personIDs(got))
		})
	}
}

func TestHolderCarriesAppointmentAndResponsibility(t *testing.T) {
	t.Parallel()
	h := testHierarchy(t)
	got, err := h.Holders("b1-sec", day(2026, 4, 1))
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "吴静", got[0].GetPersonName())
	assert.Equal(t, "a8", got[0].GetAppointmentId())
	assert.Equal(t, acting, got[0].GetAppointmentKind())
	assert.Equal(t, kImp, got[0].GetResponsibility())
	assert.Equal(t, "b1", got[0].GetOrganizationId())
}

func TestResponsibleByKind(t *testing.T) {
	t.Parallel()
	h := testHierarchy(t)
	tests := []struct {
		name string
		org  string
		kind zerenv1.ResponsibilityKind
		at   time.Time
		want []string
	}{
		{"主体责任 is the party group's leadership", "pg", kPri, day(2026, 3, 1), []string{"zhang", "wang", "zhao"}},
		{"第一责任人 before the rotation", "pg", kFR, day(2026, 6, 30), []string{"zhang"}},
		{"第一责任人 after the rotation", "pg", kFR, day(2026, 7, 1), []string{"li"}},
		{"一岗双责 are the other members", "pg", kDD, day(2026, 3, 1), []string{"wang", "zhao"}},
		{"一岗双责 for a branch comes from the party group above", "b2", kDD, day(2026, 3, 1), []string{"wang", "zhao"}},
		{"监督责任 for the party group comes from the 机关纪委 in its unit", "pg", kSup, day(2026, 3, 1), []string{"sun"}},
		{"监督责任 for a branch comes from its ancestor", "b1", kSup, day(2026, 3, 1), []string{"sun"}},
		{"直接责任 for a branch is the 机关党委 as a body? no: it is the 机关党委书记", "b1", kDir, day(2026, 3, 1), []string{"wang"}},
		{"具体责任 at a branch is its secretary", "b1", kImp, day(2026, 3, 1), []string{"zhou"}},
		{"nobody carries guidance in a unit", "b1", kGui, day(2026, 3, 1), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := h.Responsible(tt.org, tt.kind, tt.at)
			require.NoError(t, err)
			assert.Equal(t, tt.want, personIDs(got))
		})
	}
}

func TestResponsibleAtTheOrganCommitteeMeansItsLeadership(t *testing.T) {
	t.Parallel()
	h := testHierarchy(t)
	got, err := h.Responsible("oc", kDir, day(2026, 3, 1))
	require.NoError(t, err)
	assert.Equal(t, []string{"wang", "sun"}, personIDs(got), "直接责任 is the 机关党委's body responsibility")
}

func TestChainFromABranchToTheTop(t *testing.T) {
	t.Parallel()
	h := testHierarchy(t)
	for _, tt := range []struct {
		at     time.Time
		pgHead string
	}{{day(2026, 6, 30), "zhang"}, {day(2026, 7, 1), "li"}} {
		chain, err := h.Chain("b1", tt.at)
		require.NoError(t, err)
		require.Len(t, chain, 3)
		assert.Equal(t, []string{"b1", "oc", "pg"}, lo.Map(chain, func(l *zerenv1.ChainLink, _ int) string { return l.GetOrganizationId() }))
		assert.Equal(t, []zerenv1.ResponsibilityKind{kPri}, chain[2].GetResponsibilities())
		assert.Equal(t, []string{tt.pgHead, "wang", "zhao"}, personIDs(chain[2].GetHolders()))
		assert.Equal(t, []string{"wang", "sun"}, personIDs(chain[1].GetHolders()))
		assert.Equal(t, []string{"wu"}, personIDs(chain[0].GetHolders()))
	}
}

func TestTreeQueries(t *testing.T) {
	t.Parallel()
	h := testHierarchy(t)
	ids := func(os []*zerenv1.Organization) []string {
		return lo.Map(os, func(o *zerenv1.Organization, _ int) string { return o.GetId() })
	}
	sub, err := h.Subtree("pg")
	require.NoError(t, err)
	assert.Equal(t, []string{"pg", "oc", "b1", "b2"}, ids(sub))
	sub, err = h.Subtree("b2")
	require.NoError(t, err)
	assert.Equal(t, []string{"b2"}, ids(sub))
	anc, err := h.Ancestors("b2")
	require.NoError(t, err)
	assert.Equal(t, []string{"oc", "pg"}, ids(anc))
	anc, err = h.Ancestors("pg")
	require.NoError(t, err)
	assert.Empty(t, anc)
	ch, err := h.Children("oc")
	require.NoError(t, err)
	assert.Equal(t, []string{"b1", "b2"}, ids(ch))
	assert.Equal(t, []string{"pg"}, ids(h.Roots()))
	assert.True(t, h.InSubtree("pg", "b2"))
	assert.True(t, h.InSubtree("b2", "b2"))
	assert.False(t, h.InSubtree("b1", "b2"))
	assert.False(t, h.InSubtree("pg", "nope"))
	uo, err := h.UnitOrganizations("czj")
	require.NoError(t, err)
	assert.Len(t, uo, 4)
	posts, err := h.Posts("pg")
	require.NoError(t, err)
	assert.Equal(t, []string{"pg-sec", "pg-m1", "pg-m2"}, lo.Map(posts, func(p *zerenv1.Post, _ int) string { return p.GetId() }))
	apps, err := h.Appointments("b1-sec")
	require.NoError(t, err)
	assert.Equal(t, []string{"a7", "a8", "a9"}, lo.Map(apps, func(a *zerenv1.Appointment, _ int) string { return a.GetId() }))
}

func TestQueriesOnUnknownIDsReturnErrNotFound(t *testing.T) {
	t.Parallel()
	h := testHierarchy(t)
	at := day(2026, 1, 1)
	calls := map[string]func() error{
		"Holders":             func() error { _, err := h.Holders("x", at); return err },
		"OrganizationHolders": func() error { _, err := h.OrganizationHolders("x", at); return err },
		"Responsible":         func() error { _, err := h.Responsible("x", kPri, at); return err },
		"Chain":               func() error { _, err := h.Chain("x", at); return err },
		"Ancestors":           func() error { _, err := h.Ancestors("x"); return err },
		"Children":            func() error { _, err := h.Children("x"); return err },
		"Subtree":             func() error { _, err := h.Subtree("x"); return err },
		"Posts":               func() error { _, err := h.Posts("x"); return err },
		"Appointments":        func() error { _, err := h.Appointments("x"); return err },
		"UnitOrganizations":   func() error { _, err := h.UnitOrganizations("x"); return err },
		"Liability":           func() error { _, err := h.Liability("x", at); return err },
		"Liability area":      func() error { _, err := h.Liability("b1", at, responsibility.InDutyArea("x")); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			require.ErrorIs(t, err, responsibility.ErrNotFound)
			assert.Contains(t, err.Error(), `"x"`)
		})
	}
}

func TestLookups(t *testing.T) {
	t.Parallel()
	h := testHierarchy(t)
	_, ok := h.Level("branch")
	assert.True(t, ok)
	_, ok = h.PostKind("pg-sec")
	assert.True(t, ok)
	_, ok = h.Unit("czj")
	assert.True(t, ok)
	_, ok = h.Post("b1-sec")
	assert.True(t, ok)
	p, ok := h.Person("li")
	assert.True(t, ok)
	assert.Equal(t, "李华", p.GetName())
	_, ok = h.Appointment("a2")
	assert.True(t, ok)
	_, ok = h.DutyArea("budget")
	assert.True(t, ok)
	found := func(_ any, ok bool) bool { return ok }
	assert.False(t, found(h.Level("x")))
	assert.False(t, found(h.PostKind("x")))
	assert.False(t, found(h.Unit("x")))
	assert.False(t, found(h.Organization("x")))
	assert.False(t, found(h.Post("x")))
	assert.False(t, found(h.Person("x")))
	assert.False(t, found(h.Appointment("x")))
	assert.False(t, found(h.DutyArea("x")))
	assert.Len(t, seqSlice(h.People()), 9)
	assert.Len(t, seqSlice(h.Units()), 1)
	assert.Len(t, seqSlice(h.Organizations()), 4)
	assert.Equal(t, "sanji-wugang", h.Framework().GetId())
}

func seqSlice[T any](s func(func(T) bool)) []T {
	var out []T
	for v := range s {
		out = append(out, v)
	}
	return out
}
