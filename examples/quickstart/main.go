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
	"slices"
	"strings"
	"time"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/analytics"
	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/cel"
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
			verify := ""
			if l.GetToVerify() {
				verify = "【待核实】"
			}
			fmt.Fprintf(w, "    %s  %s%s%s\n", pad(responsibility.LiabilityName(l.GetKind()), 6), who, l.GetReason(), verify)
		}
	}
	fmt.Fprintln(w, "  依据：《中国共产党问责条例》（2019）关于全面、主要、重要领导责任的规定；问责跟随问题发生时的在岗人员（终身问责）。")
	fmt.Fprintln(w, "  【待核实】者系推定：未掌握参与决策和工作的班子成员、监督是否失职时列为待核实人选，不是认定。")
	fmt.Fprintln(w)
	if err := yearSummary(w, h); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return assess(w, h)
}

// assess scores the year (综合考核), shows the ranking, the derivation of the
// last unit, the accountability proposals and the symptoms of the year.
func assess(w io.Writer, h *responsibility.Hierarchy) error {
	ctx := context.Background()
	env, err := cel.NewEnv(cel.WithLocation(sample.Location))
	if err != nil {
		return err
	}
	eng, err := assessment.New(ctx, sample.IndicatorSystem(), env)
	if err != nil {
		return err
	}
	facts := sample.Facts2026()
	run, err := eng.Run(ctx, facts, assessment.WithReviews(sample.Reviews2026()...))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "五、%s：排名与等次\n", eng.System().GetName())
	for _, r := range run.Results {
		u, _ := h.Unit(r.GetUnitId())
		veto := ""
		if len(r.GetVetoIds()) > 0 {
			ids := slices.Clone(r.GetVetoIds())
			for i, id := range ids {
				if id == assessment.ReviewVetoID {
					ids[i] = "评议满意度"
				}
			}
			veto = "（否决/封顶：" + strings.Join(ids, "、") + "）"
		}
		fmt.Fprintf(w, "  %2d  %s %6s 分  %s%s\n", r.GetRank(), pad(u.GetShortName(), 10), r.GetScore(), eng.GradeName(r.GetGradeId()), veto)
	}
	last := run.Results[len(run.Results)-1]
	fmt.Fprintf(w, "\n六、计分依据（%s，可复核）\n", unitName(h, last.GetUnitId()))
	for _, line := range strings.Split(strings.TrimRight(eng.Render(last), "\n"), "\n") {
		fmt.Fprintln(w, "  "+line)
	}

	p, err := accountability.New(env, h, sample.Triggers())
	if err != nil {
		return err
	}
	props, _, err := p.Propose(ctx, facts, run.Results)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n七、问责建议（仅为建议，由机关工委研究决定）\n")
	for _, pr := range props {
		who := unitName(h, pr.GetUnitId()) + "党组织"
		if l := pr.GetLiability(); l != nil {
			person, _ := h.Person(l.GetPersonId())
			who = unitName(h, pr.GetUnitId()) + " " + person.GetName() + "（" + l.GetReason() + "）"
		}
		fmt.Fprintf(w, "  · %s〔%s〕：%s — 触发规则 %s\n", accountability.MeasureName(pr.GetMeasure(), pr.GetCustomMeasure()),
			accountability.BasisName(pr.GetMeasureBasis()), who, pr.GetTriggerId())
		if len(pr.GetTenures()) > 0 {
			var ts []string
			for _, t := range pr.GetTenures() {
				end := ""
				if t.GetAtPeriodEnd() {
					end = "，期末在岗"
				}
				ts = append(ts, fmt.Sprintf("%s %s—%s（%d天%s）", t.GetPersonName(), date(t.GetStart().AsTime()),
					date(t.GetEnd().AsTime().Add(-time.Nanosecond)), t.GetDays(), end))
			}
			fmt.Fprintf(w, "      期内在岗：%s\n", strings.Join(ts, "；"))
		}
		for _, ev := range pr.GetEvidence() {
			switch ev.GetPath() {
			case "case.id", "finding.id", "case.date", "finding.date", "result.veto_ids", "facts.findings", "facts.cases":
				fmt.Fprintf(w, "      %s = %s\n", ev.GetPath(), ev.GetValue())
			}
		}
	}

	gap := analytics.PartyBusinessGap(run.Results, facts)
	spread := analytics.Differentiation(run.Results, eng.System().GetGradeScale())
	fmt.Fprintf(w, "\n八、问题画像\n")
	fmt.Fprintf(w, "  两张皮：党建得分与业务得分的相关系数 %.2f；差距最大的单位 %s（党建 %.2f，业务 %.2f）\n",
		gap.Correlation, unitName(h, gap.Units[0].UnitID), gap.Units[0].Party, gap.Units[0].Business)
	fmt.Fprintf(w, "  干好干坏一个样：得分极差 %.2f，标准差 %.2f，“好”等次占比 %.0f%%\n",
		spread.Range, spread.StdDev, 100*spread.TopShare)
	return nil
}

func unitName(h *responsibility.Hierarchy, id string) string {
	if u, ok := h.Unit(id); ok {
		return u.GetShortName()
	}
	return id
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
