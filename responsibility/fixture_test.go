package responsibility_test

import (
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

var cst = time.FixedZone("CST", 8*3600)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, cst) }

func ts(y int, m time.Month, d int) *timestamppb.Timestamp { return timestamppb.New(day(y, m, d)) }

const (
	rk   = zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_UNSPECIFIED
	kPri = zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_PRINCIPAL
	kFR  = zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_FIRST_RESPONSIBLE
	kDir = zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_DIRECT
	kDD  = zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_DUAL_DUTY
	kImp = zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_IMPLEMENTATION
	kSup = zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_SUPERVISORY
	kGui = zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_GUIDANCE

	rolePri = zerenv1.LeadershipRole_LEADERSHIP_ROLE_PRINCIPAL
	roleMem = zerenv1.LeadershipRole_LEADERSHIP_ROLE_MEMBER

	regular   = zerenv1.AppointmentKind_APPOINTMENT_KIND_REGULAR
	acting    = zerenv1.AppointmentKind_APPOINTMENT_KIND_ACTING
	delegated = zerenv1.AppointmentKind_APPOINTMENT_KIND_DELEGATED
)

// testFramework is a compact 三级五岗.
func testFramework() *zerenv1.Framework {
	return &zerenv1.Framework{
		Id: "sanji-wugang", Name: "三级五岗",
		Levels: []*zerenv1.Level{
			{Id: "party-group", Name: "党组（党委）", Responsibilities: []zerenv1.ResponsibilityKind{kPri}, Required: true},
			{Id: "organ-committee", Name: "机关党委", Responsibilities: []zerenv1.ResponsibilityKind{kDir}, ParentLevelIds: []string{"party-group"}, Required: true},
			{Id: "branch", Name: "党支部", Responsibilities: []zerenv1.ResponsibilityKind{kImp}, ParentLevelIds: []string{"organ-committee"}, Required: true},
		},
		PostKinds: []*zerenv1.PostKind{
			{Id: "pg-sec", Name: "党组书记", LevelId: "party-group", Responsibility: kFR, Role: rolePri, SingleHolder: true, Required: true},
			{Id: "pg-mem", Name: "党组成员", LevelId: "party-group", Responsibility: kDD, Role: roleMem},
			{Id: "oc-sec", Name: "机关党委书记", LevelId: "organ-committee", Responsibility: kDir, Role: rolePri, SingleHolder: true, Required: true},
			{Id: "dc-sec", Name: "机关纪委书记", LevelId: "organ-committee", Responsibility: kSup, Role: roleMem, SingleHolder: true, Required: true},
			{Id: "br-sec", Name: "党支部书记", LevelId: "branch", Responsibility: kImp, Role: rolePri, SingleHolder: true, Required: true},
		},
		Clauses: []*zerenv1.Clause{
			{Id: "c1", Number: "1", LevelId: "party-group", Dimension: zerenv1.Dimension_DIMENSION_POLITICAL, Text: "履行机关党建主体责任"},
			{Id: "c2", Number: "1", PostKindId: "pg-sec", Dimension: zerenv1.Dimension_DIMENSION_POLITICAL, Text: "履行第一责任人责任"},
		},
	}
}

// testStructure is one unit (财政局) with a 党组, a 机关党委 and two branches.
// The 党组书记 rotates on 2026-07-01: 张明 until then, 李华 from then on.
func testStructure() *zerenv1.Structure {
	return &zerenv1.Structure{
		FrameworkId: "sanji-wugang",
		Units:       []*zerenv1.Unit{{Id: "czj", Name: "示例市财政局", ShortName: "市财政局", KeyUnit: true}},
		Organizations: []*zerenv1.Organization{
			{Id: "pg", Name: "中共示例市财政局党组", ShortName: "财政局党组", LevelId: "party-group", UnitId: "czj"},
			{Id: "oc", Name: "中共示例市财政局机关委员会", ShortName: "财政局机关党委", LevelId: "organ-committee", ParentId: "pg", UnitId: "czj", MemberCount: 120},
			{Id: "b1", Name: "中共示例市财政局机关第一支部委员会", ShortName: "财政局一支部", LevelId: "branch", ParentId: "oc", UnitId: "czj", MemberCount: 30},
			{Id: "b2", Name: "中共示例市财政局机关第二支部委员会", ShortName: "财政局二支部", LevelId: "branch", ParentId: "oc", UnitId: "czj", MemberCount: 25},
		},
		Posts: []*zerenv1.Post{
			{Id: "pg-sec", OrganizationId: "pg", PostKindId: "pg-sec", Title: "党组书记、局长"},
			{Id: "pg-m1", OrganizationId: "pg", PostKindId: "pg-mem", Title: "党组成员、副局长"},
			{Id: "pg-m2", OrganizationId: "pg", PostKindId: "pg-mem", Title: "党组成员、副局长"},
			{Id: "oc-sec", OrganizationId: "oc", PostKindId: "oc-sec"},
			{Id: "dc-sec", OrganizationId: "oc", PostKindId: "dc-sec"},
			{Id: "b1-sec", OrganizationId: "b1", PostKindId: "br-sec"},
			{Id: "b2-sec", OrganizationId: "b2", PostKindId: "br-sec"},
		},
		People: []*zerenv1.Person{
			{Id: "zhang", Name: "张明"}, {Id: "li", Name: "李华"}, {Id: "wang", Name: "王芳"},
			{Id: "zhao", Name: "赵强"}, {Id: "sun", Name: "孙丽"}, {Id: "zhou", Name: "周杰"},
			{Id: "wu", Name: "吴静"}, {Id: "zheng", Name: "郑涛"}, {Id: "chen", Name: "陈刚"},
		},
		DutyAreas: []*zerenv1.DutyArea{{Id: "party", Name: "机关党建"}, {Id: "budget", Name: "预算管理"}},
		Appointments: []*zerenv1.Appointment{
			{Id: "a1", PersonId: "zhang", PostId: "pg-sec", Kind: regular, Start: ts(2021, 3, 1), End: ts(2026, 7, 1)},
			{Id: "a2", PersonId: "li", PostId: "pg-sec", Kind: regular, Start: ts(2026, 7, 1)},
			{Id: "a3", PersonId: "wang", PostId: "pg-m1", Kind: regular, Start: ts(2022, 1, 1), DutyAreaIds: []string{"party"}},
			{Id: "a4", PersonId: "zhao", PostId: "pg-m2", Kind: regular, Start: ts(2022, 1, 1), DutyAreaIds: []string{"budget"}},
			{Id: "a5", PersonId: "wang", PostId: "oc-sec", Kind: regular, Start: ts(2022, 1, 1)},
			{Id: "a6", PersonId: "sun", PostId: "dc-sec", Kind: regular, Start: ts(2022, 1, 1)},
			{Id: "a7", PersonId: "zhou", PostId: "b1-sec", Kind: regular, Start: ts(2023, 1, 1), End: ts(2026, 3, 15)},
			{Id: "a8", PersonId: "wu", PostId: "b1-sec", Kind: acting, Start: ts(2026, 3, 15), End: ts(2026, 9, 1)},
			{Id: "a9", PersonId: "zheng", PostId: "b1-sec", Kind: regular, Start: ts(2026, 9, 1)},
			{Id: "a10", PersonId: "chen", PostId: "b2-sec", Kind: regular, Start: ts(2023, 1, 1)},
			{Id: "a11", PersonId: "chen", PostId: "oc-sec", Kind: delegated, Start: ts(2026, 4, 1), End: ts(2026, 6, 1)},
		},
	}
}

func kindOf(k int) zerenv1.ResponsibilityKind { return zerenv1.ResponsibilityKind(k) }
