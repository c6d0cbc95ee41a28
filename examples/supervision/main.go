// Command supervision decomposes 示例市's three lists for 2026 and walks the
// year month by month through 提示—调度—督查—督办: what was reminded,
// dispatched and inspected, which supervision cases were opened, chased and
// closed out, and how completion stood at each month's end.
//
//	go run ./examples/supervision
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/checklist/supervision"
	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/internal/yearsim"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "supervision:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	ctx := context.Background()
	h, err := responsibility.New(frameworks.SanjiWugang(), sample.Structure(), responsibility.WithLocation(sample.Location))
	if err != nil {
		return err
	}
	cal, err := calendar.New(sample.Calendar(), sample.Location)
	if err != nil {
		return err
	}
	plan := sample.Plan()
	y, err := yearsim.Run(ctx, h, plan, cal, yearsim.Sample())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s：%d 个问题、%d 项任务，分解为 %d 项分解任务（定位到岗、细化到人、量化到事）\n",
		plan.GetName(), len(plan.GetProblems()), len(plan.GetTasks()), len(y.Assignments))
	fmt.Fprintf(w, "工作日历：%s；年度督查计划 %d 个单位（重点单位实地督查）\n\n", cal.Name(), len(y.Plan.GetInspections()))

	fmt.Fprintln(w, "月份  提示  调度  督查(实地/书面)  发现  立案(超期/督查)  催办  黄牌  升级  退回  销号  到期完成率  逾期")
	for _, m := range y.Months {
		fmt.Fprintf(w, "%2d月 %5d %5d %8d/%-6d %5d %9d/%-6d %5d %5d %5d %5d %5d %10.1f%% %5d\n",
			int(m.Month), m.Reminders, m.Dispatches, m.OnSite, m.Documents, m.Findings,
			m.OpenedOverdue, m.OpenedFinding, m.Urged, m.YellowCards, m.Escalated, m.Returned, m.Closed,
			100*m.Completion, m.Overdue)
	}
	if c := y.FirstCase; c != nil {
		fmt.Fprintf(w, "\n全年第一张督办单：%s\n  编号 %s，%s，整改时限 %s\n",
			c.GetTitle(), c.GetId(), urgency(c), c.GetDeadline().AsTime().In(sample.Location).Format("2006年1月2日"))
		for _, fc := range y.Cases {
			if fc.GetId() != c.GetId() {
				continue
			}
			fmt.Fprintln(w, "  台账：")
			for _, ev := range fc.GetHistory() {
				fmt.Fprintf(w, "    %s  %s → %s  %s\n", ev.GetAt().AsTime().In(sample.Location).Format("01-02"),
					supervision.StateName(ev.GetFromState()), supervision.StateName(ev.GetToState()), ev.GetNote())
			}
		}
	}
	open := 0
	for _, c := range y.Cases {
		if c.GetState() != zerenv1.CaseState_CASE_STATE_CLOSED {
			open++
		}
	}
	fmt.Fprintf(w, "\n年末：督办单 %d 张，未销号 %d 张。\n", len(y.Cases), open)
	return nil
}

func urgency(c *zerenv1.SupervisionCase) string {
	switch c.GetUrgency() {
	case zerenv1.Urgency_URGENCY_HIGH:
		return "重点督办"
	case zerenv1.Urgency_URGENCY_CRITICAL:
		return "挂牌督办"
	}
	return "一般督办"
}
