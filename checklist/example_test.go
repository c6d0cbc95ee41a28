package checklist_test

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

// exampleHierarchy builds 示例市 (errors are checked by the tests).
func exampleHierarchy() *responsibility.Hierarchy {
	h, _ := responsibility.New(frameworks.SanjiWugang(), sample.Structure(), responsibility.WithLocation(sample.Location))
	return h
}

// onlyTask narrows the sample plan to one task at some organisations.
func onlyTask(taskID string, orgIDs ...string) *zerenv1.Plan {
	pb := sample.Plan()
	for _, t := range pb.GetTasks() {
		if t.GetId() == taskID {
			t.Scope.OrganizationIds = orgIDs
			pb.Tasks = []*zerenv1.Task{t}
		}
	}
	pb.Responsibilities = nil
	return pb
}

// Break T59 组织党员志愿服务 (six a year, quarterly, remainder last) down for
// one branch of 市财政局: 定位到岗、细化到人、量化到事.
func ExampleDecompose() {
	h := exampleHierarchy()
	p, err := checklist.NewPlan(onlyTask("T59", sample.RotationBranchID), h)
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := checklist.Decompose(context.Background(), p)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range d.Assignments {
		person, _ := h.Person(a.GetPersonId())
		fmt.Printf("%s  %s  %s  目标%v次  截止%s\n", a.GetId(), a.GetPostId(), person.GetName(),
			a.GetTarget(), a.GetDue().AsTime().In(h.Location()).Format(time.DateOnly))
	}
	// Output:
	// T59/czj-b1/2026-Q1  czj-b1-sec  蒋文斌  目标1次  截止2026-03-31
	// T59/czj-b1/2026-Q2  czj-b1-sec  蒋文斌  目标1次  截止2026-06-30
	// T59/czj-b1/2026-Q3  czj-b1-sec  蒋文斌  目标2次  截止2026-09-30
	// T59/czj-b1/2026-Q4  czj-b1-sec  蒋文斌  目标2次  截止2026-12-31
}

// The 党组书记 of 市财政局 changes on 2026-07-01. Yearly T33 was bound to the
// old secretary at the start of the year; rebinding as of August hands it
// over (人随岗走), recording the handover.
func ExampleRebind() {
	h := exampleHierarchy()
	p, _ := checklist.NewPlan(onlyTask("T33", sample.RotationOrgID), h)
	d, _ := checklist.Decompose(context.Background(), p)
	name := func(id string) string { p, _ := h.Person(id); return p.GetName() }
	a := d.Assignments[0]
	fmt.Println(a.GetId(), name(a.GetPersonId()))

	moved, _ := checklist.Rebind(h, d.Assignments, time.Date(2026, 8, 1, 0, 0, 0, 0, sample.Location))
	for _, a := range moved {
		for _, ho := range a.GetHandovers() {
			fmt.Printf("%s %s → %s (%s, %s)\n", ho.GetAt().AsTime().In(h.Location()).Format(time.DateOnly),
				name(ho.GetFromPersonId()), name(ho.GetToPersonId()), ho.GetAppointmentId(), a.GetId())
		}
	}
	// Output:
	// T33/czj-pg/2026 周启明
	// 2026-07-01 周启明 → 叶思远 (a-czj-pg-sec-2, T33/czj-pg/2026)
}

// The first quarter's roll-up of T02 党支部落实“第一议题”学习 at 市财政局's
// branches: one branch reports every month, one misses March, one reports
// nothing.
func ExampleRollup() {
	h := exampleHierarchy()
	p, _ := checklist.NewPlan(onlyTask("T02", "czj-b1", "czj-b2", "czj-b3"), h)
	d, _ := checklist.Decompose(context.Background(), p)
	at := func(m time.Month, day int) time.Time { return time.Date(2026, m, day, 0, 0, 0, 0, sample.Location) }
	report := func(org string, m time.Month, day int) *zerenv1.ProgressRecord {
		return &zerenv1.ProgressRecord{AssignmentId: fmt.Sprintf("T02/%s/2026-M%02d", org, m), Value: 1, At: timestamp(at(m, day))}
	}
	err := checklist.Record(d.Assignments, []*zerenv1.ProgressRecord{
		report("czj-b1", 1, 12), report("czj-b1", 2, 10), report("czj-b1", 3, 9),
		report("czj-b2", 1, 20), report("czj-b2", 2, 26),
	})
	if err != nil {
		fmt.Println(err)
	}
	fmt.Println("党组织                        完成  完成率  按时率  逾期")
	for _, r := range checklist.Rollup(h, d.Assignments, at(4, 1), checklist.ByOrganization) {
		fmt.Printf("%-s  %d/%d  %5.1f%%  %5.1f%%  %d\n", r.Name, r.Done, r.Assignments,
			100*r.Completion, 100*r.OnTimeRate, r.Overdue)
	}
	// Output:
	// 党组织                        完成  完成率  按时率  逾期
	// 中共示例市财政局机关第一支部委员会  3/12   25.0%  100.0%  0
	// 中共示例市财政局机关第二支部委员会  2/12   16.7%   66.7%  1
	// 中共示例市财政局离退休干部支部委员会  0/12    0.0%    0.0%  3
}

// A plan is checked as a whole: every problem at once, each naming its item.
func ExampleNewPlan() {
	pb := onlyTask("T01")
	t := pb.GetTasks()[0]
	t.Measure.Comparison = zerenv1.Comparison_COMPARISON_DONE
	t.OwnerPostKindId = "mayor"
	t.ProblemIds = append(t.ProblemIds, "P99")
	_, err := checklist.NewPlan(pb, exampleHierarchy())
	fmt.Println(err)
	// Output:
	// checklist: 4 problem(s) in the input
	//   task "T01" (落实“第一议题”制度): problem_ids: problem "P99" is not on the problem list
	//   task "T01" (落实“第一议题”制度): owner_post_kind_id: post kind "mayor" is not in framework "sanji-wugang"
	//   task "T01" (落实“第一议题”制度): measure.target: a DONE measure has target 1 (done), not 12
	//   task "T01" (落实“第一议题”制度): measure.split: a DONE measure over 12 periods must use SPLIT_RULE_REPEAT (done in every period), not SPLIT_RULE_PER_PERIOD
}

func timestamp(t time.Time) *timestamppb.Timestamp { return timestamppb.New(t) }
