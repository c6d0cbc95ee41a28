// Command customrule walks an administrator of a 机关工委 through writing a
// scoring rule in CEL: a first draft with a typo is rejected with its line,
// column and a message in Chinese; a draft that yields the wrong kind of value
// is rejected too, and so is one that names work the year's plan does not
// have; the fixed rule is put into the indicator system, dry-run
// against last year's frozen facts to see, unit by unit, what it would
// change, and then the year is scored with it.
//
//	go run ./examples/customrule
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/cel"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "customrule:", err)
		os.Exit(1)
	}
}

// The administrator wants 指标 3.1 (落实“三会一课”和主题党日) to reward doing
// the work on time, not only eventually: 60% for completing the 三会一课 and
// 主题党日 tasks (T19–T22 on the 2026 plan, selected by their kind rather
// than their ids, which change from year to year), 40% for doing them on
// time.
const (
	draft = `0.6 * complete_rate(facts.assignments.filter(a, a.task_kind in ["三会一课", "主题党日"]))
  + 0.4 * on_time_rate(facts.assignments.filter(a, a.task_kind in ["三会一课", "主题党日"]), now)`
	wrongKind = `on_time_rate(facts.assignments, now) > 0.9`
	// offPlan names a kind the plan does not have (the plan says 主题党日).
	offPlan = `0.6 * completion_rate(facts.assignments.filter(a, a.task_kind in ["三会一课", "主题党日活动"]))
  + 0.4 * on_time_rate(facts.assignments.filter(a, a.task_kind in ["三会一课", "主题党日活动"]), now)`
	fixed = `0.6 * completion_rate(facts.assignments.filter(a, a.task_kind in ["三会一课", "主题党日"]))
  + 0.4 * on_time_rate(facts.assignments.filter(a, a.task_kind in ["三会一课", "主题党日"]), now)`
)

func run(w io.Writer) error {
	ctx := context.Background()
	env, err := cel.NewEnv(cel.WithLocation(sample.Location))
	if err != nil {
		return err
	}

	fmt.Fprintln(w, "第一步：写规则（草稿）")
	fmt.Fprintln(w, indent(draft))
	check(w, env, draft, cel.KindNumber)

	fmt.Fprintln(w, "\n第二步：结果类型不对的规则在保存时就被拒绝")
	fmt.Fprintln(w, indent(wrongKind))
	check(w, env, wrongKind, cel.KindNumber)

	fmt.Fprintln(w, "\n第三步：规则读取的任务须在指标体系所考核的计划（2026年任务清单）中")
	fmt.Fprintln(w, indent(offPlan))
	if err := checkAgainstPlan(ctx, w, env, offPlan); err != nil {
		return err
	}

	fmt.Fprintln(w, "\n第三步（续）：改正后编译通过")
	fmt.Fprintln(w, indent(fixed))
	prg, err := env.Compile(fixed, cel.KindNumber, cel.WithRuleID("3.1"))
	if err != nil {
		return err
	}
	lo, hi := prg.EstimatedCost()
	fmt.Fprintf(w, "  ✓ 通过。静态成本估算 %d–%d（上限 %d），不会拖垮服务器。\n", lo, hi, env.CostLimit())

	old := sample.IndicatorSystem()
	next := proto.CloneOf(old)
	leaf := find(next.GetIndicators(), "3.1")
	if leaf == nil {
		return errors.New("indicator 3.1 is not in the sample system")
	}
	leaf.Formula = fixed
	next.Version = old.GetVersion() + "-draft"
	oldEng, err := assessment.New(ctx, old, env, assessment.WithPlan(sample.Plan()))
	if err != nil {
		return err
	}
	newEng, err := assessment.New(ctx, next, env, assessment.WithPlan(sample.Plan()))
	if err != nil {
		return err
	}
	snapshot := sample.Facts2026()
	report, err := assessment.DryRun(ctx, oldEng, newEng, snapshot, assessment.WithReviews(sample.Reviews2026()...))
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\n第四步：用去年冻结的事实数据试运行（不影响正式结果）")
	fmt.Fprint(w, report.String())

	fmt.Fprintln(w, "\n第五步：按新规则对全年计分")
	res, err := newEng.Run(ctx, snapshot, assessment.WithReviews(sample.Reviews2026()...))
	if err != nil {
		return err
	}
	fmt.Fprint(w, newEng.RenderRun(res))
	return nil
}

// check compiles a rule as the OA would when the administrator presses
// 保存, and prints what he or she would see.
func check(w io.Writer, env *cel.Env, src string, kind cel.Kind) {
	_, err := env.Compile(src, kind)
	var cerr *cel.CompileError
	if !errors.As(err, &cerr) {
		fmt.Fprintln(w, "  ✓ 通过")
		return
	}
	for _, is := range cerr.Issues {
		fmt.Fprintf(w, "  ✗ %s\n    %s\n", is.Zh(), is.String())
	}
}

// checkAgainstPlan puts a rule into indicator 3.1 and checks the system
// against the plan it scores (assessment.WithPlan), as the OA does when the
// system is saved, and prints what the administrator would see; it fails
// when the rule passes.
func checkAgainstPlan(ctx context.Context, w io.Writer, env *cel.Env, src string) error {
	sys := sample.IndicatorSystem()
	leaf := find(sys.GetIndicators(), "3.1")
	if leaf == nil {
		return errors.New("indicator 3.1 is not in the sample system")
	}
	leaf.Formula = src
	_, err := assessment.New(ctx, sys, env, assessment.WithPlan(sample.Plan()))
	var ve *assessment.ValidationError
	if !errors.As(err, &ve) {
		return fmt.Errorf("a rule off the plan was accepted (%v)", err)
	}
	for _, p := range ve.Problems {
		fmt.Fprintf(w, "  ✗ 第%d行第%d列：%s\n    %s\n", p.Line, p.Column, p.MessageZh, p.String())
	}
	return nil
}

func find(list []*zerenv1.Indicator, id string) *zerenv1.Indicator {
	for _, in := range list {
		if in.GetId() == id {
			return in
		}
		if f := find(in.GetChildren(), id); f != nil {
			return f
		}
	}
	return nil
}

func indent(s string) string { return "    " + s }
