package supervision_test

import (
	"fmt"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/checklist/supervision"
	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

// A branch's March study of the 第一议题 runs late: it is reminded, its
// progress is collected, a case is opened, rectified and closed out.
func Example() {
	loc := sample.Location
	cal, _ := calendar.New(sample.Calendar(), loc)
	h, _ := responsibility.New(frameworks.SanjiWugang(), sample.Structure(), responsibility.WithLocation(loc))
	task := &zerenv1.Task{Id: "t-first-topic", Title: "落实“第一议题”制度"}
	date := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 9, 0, 0, 0, loc) }

	s := supervision.State{
		Assignments: []*zerenv1.Assignment{{
			Id: "t-first-topic/czj-b1/2026-03", TaskId: task.Id, OrganizationId: "czj-b1", PersonId: "p-czj-08",
			Period: &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_MONTH, Year: 2026, Index: 3},
			Due:    timestamppb.New(time.Date(2026, time.March, 31, 0, 0, 0, 0, loc)),
			Status: zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_OPEN,
		}},
		Directory: supervision.NewDirectory(h, []*zerenv1.Task{task}),
	}
	p := supervision.DefaultPolicy()
	for _, now := range []time.Time{date(time.March, 20), date(time.March, 30), date(time.April, 1)} {
		ag := supervision.Due(now, s, cal, p)
		for _, r := range ag.Reminders {
			fmt.Println(now.Format("01-02"), "提示", r.GetId())
		}
		for _, d := range ag.Dispatches {
			fmt.Println(now.Format("01-02"), "调度", d.GetTitle(), "报送截止", d.GetDue().AsTime().In(loc).Format("01-02"))
		}
		for _, c := range ag.Open {
			fmt.Println(now.Format("01-02"), "督办", c.GetId(), c.GetTitle())
			fmt.Println("      主办", c.GetLeadUnitId(), "期限", c.GetDeadline().AsTime().In(loc).Format("01-02"))
			s.Cases = append(s.Cases, c)
		}
	}

	c := s.Cases[0]
	for _, step := range []struct {
		to zerenv1.CaseState
		at time.Time
	}{
		{zerenv1.CaseState_CASE_STATE_RECTIFYING, date(time.April, 2)},
		{zerenv1.CaseState_CASE_STATE_SUBMITTED, date(time.April, 9)},
		{zerenv1.CaseState_CASE_STATE_VERIFIED, date(time.April, 10)},
		{zerenv1.CaseState_CASE_STATE_CLOSED, date(time.April, 10)},
	} {
		c, _ = supervision.Transition(c, step.to, supervision.Event{At: step.at, Actor: "p-gw-02"})
		fmt.Println(step.at.Format("01-02"), supervision.StateName(c.GetState()))
	}
	// Output:
	// 03-20 提示 TS-A-t-first-topic/czj-b1/2026-03-T7
	// 03-30 提示 TS-A-t-first-topic/czj-b1/2026-03-T1
	// 04-01 调度 2026年3月份党建工作进度调度 报送截止 04-08
	// 04-01 督办 DB-A-t-first-topic/czj-b1/2026-03 关于市财政局机关第一支部“落实“第一议题”制度”超期未完成的督办通知
	//       主办 czj 期限 04-16
	// 04-02 整改中 (RECTIFYING)
	// 04-09 已提交销号申请 (SUBMITTED)
	// 04-10 已验收 (VERIFIED)
	// 04-10 已办结销号 (CLOSED)
}

func ExampleTransition() {
	c := &zerenv1.SupervisionCase{Id: "D-2026-003", State: zerenv1.CaseState_CASE_STATE_OPEN}
	_, err := supervision.Transition(c, zerenv1.CaseState_CASE_STATE_VERIFIED,
		supervision.Event{At: time.Date(2026, time.May, 6, 9, 0, 0, 0, sample.Location)})
	fmt.Println(err)
	// Output:
	// case "D-2026-003": cannot go from 已立案 (OPEN) to 已验收 (VERIFIED); from 已立案 (OPEN) it may go to 整改中 (RECTIFYING)
}

func ExamplePlanInspections() {
	cal, _ := calendar.New(sample.Calendar(), sample.Location)
	units := sample.Structure().GetUnits()
	plan, _ := supervision.PlanInspections(units, 2026, 2026, cal)
	for _, in := range plan.GetInspections() {
		mode := "书面"
		if in.GetMode() == zerenv1.InspectionMode_INSPECTION_MODE_ON_SITE {
			mode = "实地"
		}
		fmt.Printf("Q%d %s %s %s\n", in.GetPeriod().GetIndex(), in.GetPlannedOn().AsTime().In(sample.Location).Format("01-02"), mode, in.GetUnitId())
	}
	// Output:
	// Q1 01-15 实地 fgw
	// Q1 02-12 书面 sjj
	// Q1 03-18 书面 jtj
	// Q2 04-16 实地 czj
	// Q2 05-18 书面 wjw
	// Q2 06-15 书面 sws
	// Q3 07-16 书面 zjj
	// Q3 08-17 书面 rsj
	// Q3 09-16 书面 mzj
	// Q4 10-28 书面 jyj
	// Q4 12-10 书面 zrzyj
}

func ExampleExtend() {
	loc := sample.Location
	cal, _ := calendar.New(sample.Calendar(), loc)
	p := supervision.DefaultPolicy()
	c, _ := supervision.OpenCase(supervision.CaseSpec{
		ID: "DB-A-a1", OrganizationID: "czj-b1", AssignmentIDs: []string{"a1"},
	}, time.Date(2026, time.September, 17, 10, 0, 0, 0, loc), cal, p)
	fmt.Println("期限", c.GetDeadline().AsTime().In(loc).Format(time.DateOnly))
	r, _ := supervision.Extend(c, supervision.ExtensionRequest{
		NewDeadline: time.Date(2026, time.October, 17, 0, 0, 0, 0, loc), // a Saturday
		Reason:      "涉及跨部门协调", ApprovedBy: "p-gw-01",
		At: time.Date(2026, time.October, 12, 9, 0, 0, 0, loc),
	}, cal, p)
	fmt.Println("延期至", r.Case.GetDeadline().AsTime().In(loc).Format(time.DateOnly))
	for _, rem := range r.Reminders {
		fmt.Println("提示", rem.GetId(), rem.GetRemindOn().AsTime().In(loc).Format(time.DateOnly))
	}
	_, err := supervision.Extend(r.Case, supervision.ExtensionRequest{
		NewDeadline: time.Date(2026, time.October, 15, 0, 0, 0, 0, loc), Reason: "r", ApprovedBy: "p",
		At: time.Date(2026, time.October, 13, 9, 0, 0, 0, loc),
	}, cal, p)
	fmt.Println(err)
	// Output:
	// 期限 2026-10-08
	// 延期至 2026-10-19
	// 提示 TS-C-DB-A-a1-T3 2026-10-14
	// 提示 TS-C-DB-A-a1-T1 2026-10-16
	// extend case "DB-A-a1": the new deadline 2026-10-15 is not after the current deadline 2026-10-19
}

// A server streams its store through Due a batch of units at a time and
// merges the agendas: the cases for overdue assignments still come before
// the cases for findings, as in Due over both batches at once, and the
// month's dispatch is one.
func ExampleMerge() {
	loc := sample.Location
	cal, _ := calendar.New(sample.Calendar(), loc)
	march := &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_MONTH, Year: 2026, Index: 3}
	batch := func(org string) supervision.State {
		return supervision.State{
			Assignments: []*zerenv1.Assignment{{
				Id: "t-first-topic/" + org + "/2026-03", TaskId: "t-first-topic", OrganizationId: org, Period: march,
				Due:    timestamppb.New(time.Date(2026, time.March, 31, 0, 0, 0, 0, loc)),
				Status: zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_OPEN,
			}},
			Findings: []*zerenv1.Finding{{Id: "2026-Q1-" + org, OrganizationId: org, Description: "三会一课记录不全"}},
		}
	}
	now := time.Date(2026, time.April, 1, 9, 0, 0, 0, loc)
	p := supervision.DefaultPolicy()
	ag := supervision.Merge(
		supervision.Due(now, batch("czj-b1"), cal, p), // 市财政局
		supervision.Due(now, batch("fgw-b1"), cal, p), // 市发展改革委
	)
	for _, c := range ag.Open {
		fmt.Println("督办", c.GetId())
	}
	for _, d := range ag.Dispatches {
		fmt.Println("调度", d.GetId(), d.GetOrganizationIds())
	}
	// Output:
	// 督办 DB-A-t-first-topic/czj-b1/2026-03
	// 督办 DB-A-t-first-topic/fgw-b1/2026-03
	// 督办 DB-F-2026-Q1-czj-b1
	// 督办 DB-F-2026-Q1-fgw-b1
	// 调度 DD-2026-03 [czj-b1 fgw-b1]
}
