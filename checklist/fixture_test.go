package checklist_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

var cst = sample.Location

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, cst) }

func ts(y int, m time.Month, d int) *timestamppb.Timestamp { return timestamppb.New(day(y, m, d)) }

const (
	atLeast = zerenv1.Comparison_COMPARISON_AT_LEAST
	atMost  = zerenv1.Comparison_COMPARISON_AT_MOST
	equal   = zerenv1.Comparison_COMPARISON_EQUAL
	doneCmp = zerenv1.Comparison_COMPARISON_DONE

	year    = zerenv1.PeriodKind_PERIOD_KIND_YEAR
	half    = zerenv1.PeriodKind_PERIOD_KIND_HALF
	quarter = zerenv1.PeriodKind_PERIOD_KIND_QUARTER
	month   = zerenv1.PeriodKind_PERIOD_KIND_MONTH

	perPeriod  = zerenv1.SplitRule_SPLIT_RULE_PER_PERIOD
	cumulative = zerenv1.SplitRule_SPLIT_RULE_CUMULATIVE
	repeat     = zerenv1.SplitRule_SPLIT_RULE_REPEAT

	remFirst = zerenv1.Rounding_ROUNDING_REMAINDER_FIRST
	remLast  = zerenv1.Rounding_ROUNDING_REMAINDER_LAST
	halfUp   = zerenv1.Rounding_ROUNDING_HALF_UP
	halfEven = zerenv1.Rounding_ROUNDING_HALF_EVEN

	statusOpen    = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_OPEN
	statusDone    = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE
	statusRetired = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED
)

// sampleHierarchy is 示例市 under 三级五岗, built once.
var sampleHierarchy = sync.OnceValue(func() *responsibility.Hierarchy {
	h, err := responsibility.New(frameworks.SanjiWugang(), sample.Structure(), responsibility.WithLocation(sample.Location))
	if err != nil {
		panic(err)
	}
	return h
})

// smallHierarchy is one unit "u" (a key unit) of the 三级五岗 framework with
// a 党组 (secretary and two members), a 机关党委 and two branches. Branch
// b1's secretary 甲 hands over to 乙 on 2026-05-01; branch b2's post is
// vacant until 2026-02-15, when 丙 takes it.
func smallHierarchy(t testing.TB) *responsibility.Hierarchy {
	t.Helper()
	reg := zerenv1.AppointmentKind_APPOINTMENT_KIND_REGULAR
	s := &zerenv1.Structure{
		FrameworkId: "sanji-wugang",
		Units:       []*zerenv1.Unit{{Id: "u", Name: "示例局", KeyUnit: true}, {Id: "v", Name: "另一局"}},
		Organizations: []*zerenv1.Organization{
			{Id: "pg", Name: "示例局党组", LevelId: "party-group", UnitId: "u"},
			{Id: "oc", Name: "示例局机关党委", LevelId: "organ-committee", ParentId: "pg", UnitId: "u", MemberCount: 120},
			{Id: "b1", Name: "第一支部", LevelId: "branch", ParentId: "oc", UnitId: "u", MemberCount: 20},
			{Id: "b2", Name: "第二支部", LevelId: "branch", ParentId: "oc", UnitId: "u", MemberCount: 20},
			{Id: "vpg", Name: "另一局党组", LevelId: "party-group", UnitId: "v"},
			{Id: "voc", Name: "另一局机关党委", LevelId: "organ-committee", ParentId: "vpg", UnitId: "v", MemberCount: 120},
			{Id: "vb1", Name: "另一局第一支部", LevelId: "branch", ParentId: "voc", UnitId: "v", MemberCount: 20},
		},
		Posts: []*zerenv1.Post{
			{Id: "pg-sec", OrganizationId: "pg", PostKindId: "party-group-secretary"},
			{Id: "pg-m1", OrganizationId: "pg", PostKindId: "party-group-member"},
			{Id: "pg-m2", OrganizationId: "pg", PostKindId: "party-group-member"},
			{Id: "oc-sec", OrganizationId: "oc", PostKindId: "organ-committee-secretary"},
			{Id: "oc-dis", OrganizationId: "oc", PostKindId: "discipline-secretary"},
			{Id: "b1-sec", OrganizationId: "b1", PostKindId: "branch-secretary"},
			{Id: "b2-sec", OrganizationId: "b2", PostKindId: "branch-secretary"},
			{Id: "vpg-sec", OrganizationId: "vpg", PostKindId: "party-group-secretary"},
			{Id: "voc-sec", OrganizationId: "voc", PostKindId: "organ-committee-secretary"},
			{Id: "voc-dis", OrganizationId: "voc", PostKindId: "discipline-secretary"},
			{Id: "vb1-sec", OrganizationId: "vb1", PostKindId: "branch-secretary"},
		},
		People: []*zerenv1.Person{
			{Id: "sec", Name: "书记"}, {Id: "m1", Name: "成员一"}, {Id: "m2", Name: "成员二"},
			{Id: "ocs", Name: "机关党委书记"}, {Id: "dis", Name: "纪委书记"},
			{Id: "jia", Name: "甲"}, {Id: "yi", Name: "乙"}, {Id: "bing", Name: "丙"},
			{Id: "vsec", Name: "另一书记"}, {Id: "vocs", Name: "另一机关党委书记"}, {Id: "vdis", Name: "另一纪委书记"}, {Id: "vb", Name: "另一支部书记"},
		},
		Appointments: []*zerenv1.Appointment{
			{Id: "a-sec", PersonId: "sec", PostId: "pg-sec", Kind: reg, Start: ts(2020, 1, 1)},
			{Id: "a-m1", PersonId: "m1", PostId: "pg-m1", Kind: reg, Start: ts(2020, 1, 1)},
			{Id: "a-m2", PersonId: "m2", PostId: "pg-m2", Kind: reg, Start: ts(2020, 1, 1)},
			{Id: "a-ocs", PersonId: "ocs", PostId: "oc-sec", Kind: reg, Start: ts(2020, 1, 1)},
			{Id: "a-dis", PersonId: "dis", PostId: "oc-dis", Kind: reg, Start: ts(2020, 1, 1)},
			{Id: "a-jia", PersonId: "jia", PostId: "b1-sec", Kind: reg, Start: ts(2020, 1, 1), End: ts(2026, 5, 1)},
			{Id: "a-yi", PersonId: "yi", PostId: "b1-sec", Kind: reg, Start: ts(2026, 5, 1)},
			{Id: "a-bing", PersonId: "bing", PostId: "b2-sec", Kind: reg, Start: ts(2026, 2, 15)},
			{Id: "a-vsec", PersonId: "vsec", PostId: "vpg-sec", Kind: reg, Start: ts(2020, 1, 1)},
			{Id: "a-vocs", PersonId: "vocs", PostId: "voc-sec", Kind: reg, Start: ts(2020, 1, 1)},
			{Id: "a-vdis", PersonId: "vdis", PostId: "voc-dis", Kind: reg, Start: ts(2020, 1, 1)},
			{Id: "a-vb", PersonId: "vb", PostId: "vb1-sec", Kind: reg, Start: ts(2020, 1, 1)},
		},
	}
	h, err := responsibility.New(frameworks.SanjiWugang(), s, responsibility.WithLocation(cst))
	require.NoError(t, err)
	return h
}

// measure builds a measure.
func measure(target float64, c zerenv1.Comparison, k zerenv1.PeriodKind, s zerenv1.SplitRule, r zerenv1.Rounding, precision int32) *zerenv1.Measure {
	return &zerenv1.Measure{Metric: "次数", Unit: "次", Target: target, Comparison: c, PeriodKind: k, Split: s, Rounding: r, Precision: precision}
}

// task builds a valid task owned by branch secretaries at every branch,
// twelve a year by month, unless changed by the options.
func task(id string, opts ...func(*zerenv1.Task)) *zerenv1.Task {
	t := &zerenv1.Task{
		Id: id, Number: id, Dimension: zerenv1.Dimension_DIMENSION_ORGANIZATIONAL, Title: "任务" + id,
		ProblemIds: []string{"P1"}, OwnerPostKindId: "branch-secretary", LeadDepartment: "机关党委办公室",
		Scope:    &zerenv1.Scope{LevelIds: []string{"branch"}},
		Measure:  measure(12, atLeast, month, perPeriod, remFirst, 0),
		Deadline: ts(2026, 12, 31), Weight: 1,
	}
	for _, o := range opts {
		o(t)
	}
	return t
}

// plan builds a valid 2026 plan around tasks.
func plan(tasks ...*zerenv1.Task) *zerenv1.Plan {
	return &zerenv1.Plan{
		Id: "2026", Name: "测试清单", Year: 2026, FrameworkId: "sanji-wugang",
		Problems: []*zerenv1.Problem{{Id: "P1", Number: "P1", Dimension: zerenv1.Dimension_DIMENSION_ORGANIZATIONAL, Title: "问题一"}},
		Tasks:    tasks,
	}
}

func newPlan(t testing.TB, h *responsibility.Hierarchy, pb *zerenv1.Plan) *checklist.Plan {
	t.Helper()
	p, err := checklist.NewPlan(pb, h)
	require.NoError(t, err)
	return p
}

func decompose(t testing.TB, p *checklist.Plan, opts ...checklist.Option) *checklist.Decomposition {
	t.Helper()
	d, err := checklist.Decompose(t.Context(), p, opts...)
	require.NoError(t, err)
	return d
}

// byID indexes assignments.
func byID(as []*zerenv1.Assignment) map[string]*zerenv1.Assignment {
	m := map[string]*zerenv1.Assignment{}
	for _, a := range as {
		m[a.GetId()] = a
	}
	return m
}

func ids(as []*zerenv1.Assignment) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.GetId()
	}
	return out
}
