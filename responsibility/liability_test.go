package responsibility_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/samber/lo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

const (
	lOverall   = zerenv1.LiabilityKind_LIABILITY_KIND_OVERALL
	lPrincipal = zerenv1.LiabilityKind_LIABILITY_KIND_PRINCIPAL
	lImportant = zerenv1.LiabilityKind_LIABILITY_KIND_IMPORTANT
	lSuper     = zerenv1.LiabilityKind_LIABILITY_KIND_SUPERVISORY
)

// liabilityLines renders a report compactly: "全面 b1", "主要 zhou@b1-sec".
func liabilityLines(r *zerenv1.LiabilityReport) []string {
	names := map[zerenv1.LiabilityKind]string{lOverall: "全面", lPrincipal: "主要", lImportant: "重要", lSuper: "监督"}
	return lo.Map(r.GetLiabilities(), func(l *zerenv1.Liability, _ int) string {
		if l.GetPersonId() == "" {
			return names[l.GetKind()] + " " + l.GetOrganizationId()
		}
		return fmt.Sprintf("%s %s@%s", names[l.GetKind()], l.GetPersonId(), l.GetPostId())
	})
}

func TestLiability(t *testing.T) {
	t.Parallel()
	h := testHierarchy(t)
	tests := []struct {
		name string
		org  string
		at   time.Time
		opts []responsibility.LiabilityOption
		want []string
	}{
		{
			name: "a branch failure before the rotation falls on the old party-group secretary",
			org:  "b2", at: day(2026, 6, 30),
			want: []string{"全面 b2", "全面 pg", "主要 chen@b2-sec", "主要 zhang@pg-sec", "主要 wang@oc-sec", "重要 zhao@pg-m2", "监督 sun@dc-sec"},
		},
		{
			name: "the same failure on the day of the rotation falls on the new one",
			org:  "b2", at: day(2026, 7, 1),
			want: []string{"全面 b2", "全面 pg", "主要 chen@b2-sec", "主要 li@pg-sec", "主要 wang@oc-sec", "重要 zhao@pg-m2", "监督 sun@dc-sec"},
		},
		{
			name: "in a duty area the member in charge bears principal liability",
			org:  "b2", at: day(2026, 3, 1), opts: []responsibility.LiabilityOption{responsibility.InDutyArea("budget")},
			want: []string{"全面 b2", "全面 pg", "主要 chen@b2-sec", "主要 zhang@pg-sec", "主要 zhao@pg-m2", "重要 wang@pg-m1", "监督 sun@dc-sec"},
		},
		{
			name: "participants narrow the important liability",
			org:  "b2", at: day(2026, 3, 1), opts: []responsibility.LiabilityOption{responsibility.InDutyArea("budget"), responsibility.WithParticipants()},
			want: []string{"全面 b2", "全面 pg", "主要 chen@b2-sec", "主要 zhang@pg-sec", "主要 zhao@pg-m2", "监督 sun@dc-sec"},
		},
		{
			name: "an acting secretary answers for the branch",
			org:  "b1", at: day(2026, 4, 1),
			want: []string{"全面 b1", "全面 pg", "主要 wu@b1-sec", "主要 zhang@pg-sec", "主要 wang@oc-sec", "主要 chen@oc-sec", "重要 zhao@pg-m2", "监督 sun@dc-sec"},
		},
		{
			name: "a failure at the party group itself",
			org:  "pg", at: day(2026, 8, 1),
			want: []string{"全面 pg", "主要 li@pg-sec", "主要 wang@oc-sec", "重要 zhao@pg-m2", "监督 sun@dc-sec"},
		},
		{
			name: "a failure years ago falls on who held the posts then",
			org:  "b1", at: day(2023, 6, 1),
			want: []string{"全面 b1", "全面 pg", "主要 zhou@b1-sec", "主要 zhang@pg-sec", "主要 wang@oc-sec", "重要 zhao@pg-m2", "监督 sun@dc-sec"},
		},
		{
			name: "before anyone was appointed only the bodies answer",
			org:  "b1", at: day(2020, 1, 1),
			want: []string{"全面 b1", "全面 pg"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := h.Liability(tt.org, tt.at, tt.opts...)
			require.NoError(t, err)
			assert.Equal(t, tt.want, liabilityLines(r))
			assert.Equal(t, tt.org, r.GetOrganizationId())
			assert.True(t, r.GetAt().AsTime().Equal(tt.at))
		})
	}
}

func TestLiabilityNamesTheRoleAndTheBasis(t *testing.T) {
	t.Parallel()
	h := testHierarchy(t)
	r, err := h.Liability("b2", day(2026, 3, 1), responsibility.InDutyArea("budget"))
	require.NoError(t, err)
	reasons := lo.Map(r.GetLiabilities(), func(l *zerenv1.Liability, _ int) string { return l.GetReason() })
	assert.Equal(t, []string{
		"财政局二支部领导班子（全面领导责任）",
		"财政局党组领导班子（全面领导责任）",
		"党支部书记（主要负责人）",
		"党组书记（第一责任人）",
		"党组成员（分管预算管理，直接主管的班子成员）",
		"党组成员（班子成员，是否参与决策和工作待核实）",
		"机关纪委书记（监督责任，是否失职待核实）",
	}, reasons)
	assert.Equal(t, "《中国共产党问责条例》（2019）：全面领导责任、主要领导责任、重要领导责任的划分", r.GetLiabilities()[0].GetBasis())
	assert.Equal(t, "a10", r.GetLiabilities()[2].GetAppointmentId())

	r, err = h.Liability("b1", day(2026, 5, 1))
	require.NoError(t, err)
	reasons = lo.Map(r.GetLiabilities(), func(l *zerenv1.Liability, _ int) string { return l.GetReason() })
	assert.Contains(t, reasons, "代理党支部书记（主要负责人）")
	assert.Contains(t, reasons, "受委托履行机关党委书记（直接责任，直接主管的班子成员）")
}

func TestCoverage(t *testing.T) {
	t.Parallel()
	gapLines := func(gs []*zerenv1.Gap) []string {
		return lo.Map(gs, func(g *zerenv1.Gap, _ int) string { return g.GetKind().String() + " " + g.GetMessage() })
	}
	t.Run("a complete structure has no gaps", func(t *testing.T) {
		t.Parallel()
		assert.Empty(t, testHierarchy(t).Coverage(day(2026, 5, 1)))
	})
	t.Run("before the first appointments every post is a gap", func(t *testing.T) {
		t.Parallel()
		assert.Equal(t, []string{
			"GAP_KIND_NO_SECRETARY 财政局党组：无党组书记（主要负责人）在岗",
			"GAP_KIND_POST_VACANT 财政局机关党委：机关纪委书记空缺",
			"GAP_KIND_NO_SECRETARY 财政局机关党委：无机关党委书记（主要负责人）在岗",
			"GAP_KIND_NO_SECRETARY 财政局一支部：无党支部书记（主要负责人）在岗",
			"GAP_KIND_NO_SECRETARY 财政局二支部：无党支部书记（主要负责人）在岗",
		}, gapLines(testHierarchy(t).Coverage(day(2020, 1, 1))))
	})
	t.Run("missing posts and levels", func(t *testing.T) {
		t.Parallel()
		s := testStructure()
		s.Units = append(s.Units, &zerenv1.Unit{Id: "fgw", Name: "示例市发展和改革委员会", ShortName: "市发展改革委"})
		s.Organizations = append(s.Organizations, &zerenv1.Organization{Id: "fgw-pg", Name: "中共示例市发展和改革委员会党组", LevelId: "party-group", UnitId: "fgw"})
		s.Posts = lo.Reject(s.Posts, func(p *zerenv1.Post, _ int) bool { return p.Id == "dc-sec" })
		s.Appointments = lo.Reject(s.Appointments, func(a *zerenv1.Appointment, _ int) bool { return a.PostId == "dc-sec" })
		h, err := responsibility.New(testFramework(), s)
		require.NoError(t, err)
		gaps := h.Coverage(day(2026, 5, 1))
		assert.Equal(t, []string{
			"GAP_KIND_POST_MISSING 财政局机关党委：未设机关纪委书记岗位",
			"GAP_KIND_LEVEL_MISSING 市发展改革委：缺少机关党委层级的党组织",
			"GAP_KIND_LEVEL_MISSING 市发展改革委：缺少党支部层级的党组织",
			"GAP_KIND_NO_SECRETARY 中共示例市发展和改革委员会党组：无党组书记（主要负责人）在岗",
		}, gapLines(gaps))
		assert.Equal(t, "fgw", gaps[1].GetUnitId())
		assert.Equal(t, "organ-committee", gaps[1].GetLevelId())
	})
	t.Run("a vacancy between two holders is a gap on that day only", func(t *testing.T) {
		t.Parallel()
		s := testStructure()
		for _, a := range s.Appointments {
			if a.Id == "a2" {
				a.Start = ts(2026, 7, 15)
			}
		}
		h, err := responsibility.New(testFramework(), s)
		require.NoError(t, err)
		assert.Empty(t, h.Coverage(day(2026, 6, 30)))
		gaps := h.Coverage(day(2026, 7, 1))
		require.Len(t, gaps, 1)
		assert.Equal(t, "pg-sec", gaps[0].GetPostId())
		assert.Empty(t, h.Coverage(day(2026, 7, 15)))
	})
}
