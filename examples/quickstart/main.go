// Command quickstart loads 示例市, the embedded sample city, and prints in
// Chinese what an OA backend asks Zeren first: the responsibility chain of a
// 党支部, the coverage report (无盲区), and who bears which liability for a
// failure on either side of a 党组书记 rotation.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/zerenlab/zeren/analytics"
	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/internal/yearsim"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	h, err := responsibility.New(frameworks.SanjiWugang(), sample.Structure(),
		responsibility.WithLocation(sample.Location))
	if err != nil {
		return err
	}
	before := sample.RotationDate.AddDate(0, 0, -1)
	after := sample.RotationDate

	fmt.Fprintf(w, "示例市机关党建责任体系（%s）：%d 个单位，%d 个党组织\n\n",
		h.Framework().GetName(), count(h.Units()), h.Len())

	branch, _ := h.Organization(sample.RotationBranchID)
	for _, at := range []time.Time{before, after} {
		fmt.Fprintf(w, "一、责任链条：%s（截至 %s）\n", branch.GetName(), date(at))
		chain, err := h.Chain(sample.RotationBranchID, at)
		if err != nil {
			return err
		}
		for depth := range chain {
			link := chain[len(chain)-1-depth] // from the 党组 down to the branch
			level, _ := h.Level(link.GetLevelId())
			fmt.Fprintf(w, "%s%s〔%s｜%s〕\n", strings.Repeat("  ", depth+1),
				link.GetOrganizationName(), level.GetName(), kinds(link.GetResponsibilities()))
			for _, hd := range link.GetHolders() {
				kind, _ := h.PostKind(hd.GetPostKindId())
				fmt.Fprintf(w, "%s· %s：%s（%s，%s）\n", strings.Repeat("  ", depth+2), kind.GetName(),
					hd.GetPersonName(), responsibility.KindName(hd.GetResponsibility()),
					responsibility.AppointmentKindName(hd.GetAppointmentKind()))
			}
		}
		fmt.Fprintln(w)
	}

	fmt.Fprintf(w, "二、无盲区检查（截至 %s）\n", date(after))
	gaps := h.Coverage(after)
	if len(gaps) == 0 {
		fmt.Fprintf(w, "  %d 个党组织的必设岗位均有人在岗，未发现空缺。\n", h.Len())
	}
	for _, g := range gaps {
		fmt.Fprintf(w, "  · %s\n", g.GetMessage())
	}
	fmt.Fprintln(w)

	fmt.Fprintf(w, "三、责任追究：%s“三会一课”落实不到位（分管领域：机关党建），谁来担责？\n", branch.GetShortName())
	for _, at := range []time.Time{before, after} {
		r, err := h.Liability(sample.RotationBranchID, at, responsibility.InDutyArea("party-building"))
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  问题发生于 %s：\n", date(at))
		for _, l := range r.GetLiabilities() {
			who := ""
			if p, ok := h.Person(l.GetPersonId()); ok {
				who = p.GetName() + "，"
			}
			fmt.Fprintf(w, "    %s  %s%s\n", pad(responsibility.LiabilityName(l.GetKind()), 6), who, l.GetReason())
		}
	}
	fmt.Fprintln(w, "  依据：《中国共产党问责条例》第六条；问责跟随问题发生时的在岗人员（终身问责）。")
	fmt.Fprintln(w)
	return yearSummary(w, h)
}

// yearSummary decomposes the year's three lists and plays the year through
// 提示—调度—督查—督办 (go run ./examples/supervision shows it month by month).
func yearSummary(w io.Writer, h *responsibility.Hierarchy) error {
	cal, err := calendar.New(sample.Calendar(), sample.Location)
	if err != nil {
		return err
	}
	plan := sample.Plan()
	y, err := yearsim.Run(context.Background(), h, plan, cal, yearsim.Sample())
	if err != nil {
		return err
	}
	var reminders, opened, closed, urged int
	for _, m := range y.Months {
		reminders += m.Reminders
		opened += m.OpenedOverdue + m.OpenedFinding
		closed += m.Closed
		urged += m.Urged
	}
	fmt.Fprintf(w, "四、2026年任务分解与督办（摘要）\n")
	fmt.Fprintf(w, "  %d 项任务分解为 %d 项分解任务；全年提示 %d 次，立案督办 %d 件，催办 %d 次，办结销号 %d 件。\n",
		len(plan.GetTasks()), len(y.Assignments), reminders, opened, urged, closed)
	end := time.Date(sample.Year+1, 1, 1, 0, 0, 0, 0, sample.Location)
	att := analytics.PressureAttenuation(h, y.Assignments, nil, end)
	fmt.Fprintln(w, "  分层级完成情况（上热中温下冷）：")
	for _, l := range att.Levels {
		fmt.Fprintf(w, "    %s  完成率 %.1f%%  按时完成率 %.1f%%  逾期未完成 %d\n", pad(l.Name, 9),
			100*l.Progress.Completion, 100*l.Progress.OnTimeRate, l.Progress.Overdue)
	}
	fmt.Fprintf(w, "    党支部与党组（党委）之比：完成率 %.2f，按时完成率 %.2f\n", att.CompletionRatio, att.OnTimeRatio)
	return nil
}

func date(t time.Time) string { return t.In(sample.Location).Format("2006年1月2日") }

func kinds(ks []zerenv1.ResponsibilityKind) string {
	names := make([]string, 0, len(ks))
	for _, k := range ks {
		names = append(names, responsibility.KindName(k))
	}
	return strings.Join(names, "、")
}

func count[T any](seq func(func(T) bool)) int {
	n := 0
	for range seq {
		n++
	}
	return n
}

// pad right-pads a Chinese label with full-width spaces to n characters.
func pad(s string, n int) string {
	if k := n - len([]rune(s)); k > 0 {
		return s + strings.Repeat("\u3000", k)
	}
	return s
}
