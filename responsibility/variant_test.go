package responsibility_test

import (
	"testing"

	"github.com/samber/lo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// fourLevels is a 四级四岗 variant: the 机关工委 leads the units' party groups.
func fourLevels() (*zerenv1.Framework, *zerenv1.Structure) {
	fw := &zerenv1.Framework{
		Id: "siji-sigang", Name: "四级四岗",
		Levels: []*zerenv1.Level{
			{Id: "wc", Name: "机关工委", Responsibilities: []zerenv1.ResponsibilityKind{kGui}, Supervising: true},
			{Id: "pg", Name: "党组（党委）", Responsibilities: []zerenv1.ResponsibilityKind{kPri}, ParentLevelIds: []string{"wc"}, Required: true},
			{Id: "oc", Name: "机关党委", Responsibilities: []zerenv1.ResponsibilityKind{kDir}, ParentLevelIds: []string{"pg"}, Required: true},
			{Id: "br", Name: "党支部", Responsibilities: []zerenv1.ResponsibilityKind{kImp}, ParentLevelIds: []string{"oc"}, Required: true},
		},
		PostKinds: []*zerenv1.PostKind{
			{Id: "wc-sec", Name: "机关工委书记", LevelId: "wc", Responsibility: kGui, Role: rolePri, SingleHolder: true, Required: true},
			{Id: "pg-sec", Name: "党组书记", LevelId: "pg", Responsibility: kFR, Role: rolePri, SingleHolder: true, Required: true},
			{Id: "oc-sec", Name: "机关党委书记", LevelId: "oc", Responsibility: kDir, Role: rolePri, SingleHolder: true, Required: true},
			{Id: "br-sec", Name: "党支部书记", LevelId: "br", Responsibility: kImp, Role: rolePri, SingleHolder: true, Required: true},
		},
	}
	s := &zerenv1.Structure{
		FrameworkId: "siji-sigang",
		Units: []*zerenv1.Unit{
			{Id: "gw", Name: "示例市直属机关工作委员会", ShortName: "市直机关工委", Kind: zerenv1.UnitKind_UNIT_KIND_WORK_COMMITTEE},
			{Id: "jyj", Name: "示例市教育局", ShortName: "市教育局"},
		},
		Organizations: []*zerenv1.Organization{
			{Id: "gw", Name: "中共示例市直属机关工作委员会", ShortName: "市直机关工委", LevelId: "wc", UnitId: "gw"},
			{Id: "jyj-pg", Name: "中共示例市教育局党组", ShortName: "教育局党组", LevelId: "pg", ParentId: "gw", UnitId: "jyj"},
			{Id: "jyj-oc", Name: "中共示例市教育局机关委员会", ShortName: "教育局机关党委", LevelId: "oc", ParentId: "jyj-pg", UnitId: "jyj"},
			{Id: "jyj-b1", Name: "中共示例市教育局机关第一支部委员会", ShortName: "教育局一支部", LevelId: "br", ParentId: "jyj-oc", UnitId: "jyj"},
		},
		Posts: []*zerenv1.Post{
			{Id: "gw-sec", OrganizationId: "gw", PostKindId: "wc-sec"},
			{Id: "jyj-pg-sec", OrganizationId: "jyj-pg", PostKindId: "pg-sec"},
			{Id: "jyj-oc-sec", OrganizationId: "jyj-oc", PostKindId: "oc-sec"},
			{Id: "jyj-b1-sec", OrganizationId: "jyj-b1", PostKindId: "br-sec"},
		},
		People: []*zerenv1.Person{{Id: "p1", Name: "刘洋"}, {Id: "p2", Name: "黄磊"}, {Id: "p3", Name: "林静"}, {Id: "p4", Name: "何平"}},
		Appointments: []*zerenv1.Appointment{
			{Id: "a1", PersonId: "p1", PostId: "gw-sec", Start: ts(2024, 1, 1)},
			{Id: "a2", PersonId: "p2", PostId: "jyj-pg-sec", Start: ts(2024, 1, 1)},
			{Id: "a3", PersonId: "p3", PostId: "jyj-oc-sec", Start: ts(2024, 1, 1)},
			{Id: "a4", PersonId: "p4", PostId: "jyj-b1-sec", Start: ts(2024, 1, 1)},
		},
	}
	return fw, s
}

func TestAVariantFrameworkWithTheWorkCommitteeOnTop(t *testing.T) {
	t.Parallel()
	fw, s := fourLevels()
	h, err := responsibility.New(fw, s)
	require.NoError(t, err)
	at := day(2026, 5, 1)

	chain, err := h.Chain("jyj-b1", at)
	require.NoError(t, err)
	assert.Equal(t, []string{"jyj-b1", "jyj-oc", "jyj-pg", "gw"},
		lo.Map(chain, func(l *zerenv1.ChainLink, _ int) string { return l.GetOrganizationId() }))
	assert.Equal(t, []string{"p1"}, personIDs(chain[3].GetHolders()))

	guide, err := h.Responsible("jyj-b1", kGui, at)
	require.NoError(t, err)
	assert.Equal(t, []string{"p1"}, personIDs(guide), "the 机关工委 guides the units below it")

	assert.Empty(t, h.Coverage(at), "the 工委's own unit is not asked for levels it supervises")

	r, err := h.Liability("jyj-b1", at)
	require.NoError(t, err)
	assert.Equal(t, []string{"全面 jyj-b1", "全面 jyj-pg", "主要 p4@jyj-b1-sec", "主要 p2@jyj-pg-sec", "主要 p3@jyj-oc-sec"},
		liabilityLines(r), "the supervising 工委 is outside a unit's liability")

	t.Run("a party group outside the work committee is a wrong level", func(t *testing.T) {
		fw, s := fourLevels()
		s.Organizations[1].ParentId = ""
		_, err := responsibility.New(fw, s)
		var verr *responsibility.ValidationError
		require.ErrorAs(t, err, &verr)
		require.Len(t, verr.Problems, 1)
		assert.Contains(t, verr.Problems[0].Message, `needs a parent at level "机关工委"`)
	})
	t.Run("the 三级五岗 structure does not fit the variant", func(t *testing.T) {
		fw, _ := fourLevels()
		_, err := responsibility.New(fw, testStructure())
		var verr *responsibility.ValidationError
		require.ErrorAs(t, err, &verr)
		assert.Greater(t, len(verr.Problems), 5)
	})
}
