package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/sample"
)

var decomposeCommand = &command{
	name:       "zeren decompose",
	synopsisZh: "zeren decompose [-structure 文件] [-plan 文件] [-framework 文件] [-as-of 日期] [-json] [-lang zh|en]",
	synopsis:   "zeren decompose [-structure FILE] [-plan FILE] [-framework FILE] [-as-of DATE] [-json] [-lang zh|en]",
	aboutZh: `把每项任务分解到承担它的岗位、人员和期间（定位到岗、细化到人、量化到事），
按任务、按层级打印分解任务的数量（含各任务的完成时限，按当地日期），或用 -json 每行打印一项分解任务。
未给出的输入使用示例市的数据。文件可以是 JSON 或 textproto；JSON 中的日期可写作 YYYY-MM-DD，
按当地时区（UTC+8）当日零时理解。`,
	about: `Breaks each task down to the posts, people and periods that carry it
(定位到岗、细化到人、量化到事) and prints the counts per task (with its deadline as a
local date) and per level, or with -json every assignment as a JSON line. Inputs not
given are 示例市's. Files are JSON or textproto; dates in JSON may be written
YYYY-MM-DD, meaning 00:00 that day in the locality's zone (UTC+8).`,
	flagsZh: map[string]string{
		"structure": "组织、岗位、人员和任职（zeren.v1.Structure，JSON 或 textproto）；默认示例市",
		"plan":      "年度“三张清单”（zeren.v1.Plan，JSON 或 textproto）；默认示例市 2026 年的清单",
		"framework": "责任体系（zeren.v1.Framework）；默认组织结构所指的内置体系",
		"as-of":     "把未完成的分解任务绑定到这一天（YYYY-MM-DD，当地时区 UTC+8）在岗的人，并记录交接；默认各期间的起始日",
		"json":      "每行打印一项分解任务（JSON），不打印统计；时刻按当地时区（+08:00）书写",
		"progress":  "即使标准错误不是终端也显示进度条",
		"lang":      "消息语言：zh 或 en（环境变量 ZEREN_LANG）",
	},
	examples: []string{
		"zeren decompose",
		"zeren decompose -structure structure.json -plan plan-2026.json",
		"zeren decompose -as-of 2026-07-01 -json > assignments.jsonl",
		"zeren decompose -plan plan.textproto -lang en",
	},
	exitZh: "0 正常；1 清单或组织结构有问题（逐条列出）；2 用法错误或无法读取输入。",
	exit:   "0 ok; 1 the plan or the structure has problems (each is listed); 2 usage error or unreadable input.",
}

func runDecompose(ctx context.Context, args []string, env Env) int {
	const cmd = "zeren decompose"
	fs, l := newFlags(decomposeCommand, args, env)
	structurePath := fs.String("structure", "", "organisations, posts, people and appointments (zeren.v1.Structure, JSON or text); default 示例市")
	planPath := fs.String("plan", "", "the year's three lists (zeren.v1.Plan, JSON or text); default 示例市's 2026 plan")
	frameworkPath := fs.String("framework", "", "the framework (zeren.v1.Framework); default the built-in one the structure names")
	asOf := fs.String("as-of", "", "bind open assignments to whoever holds the post on this `date` (YYYY-MM-DD, local time, UTC+8), recording handovers; default each period's start")
	asJSON := fs.Bool("json", false, "print the assignments as JSON lines instead of counts; instants are written in local time (+08:00)")
	showProgress := fs.Bool("progress", false, "show a progress bar on standard error even when it is not a terminal")
	lg, code, ok := parse(decomposeCommand, fs, l, args, env)
	if !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "%s%s%s %q\n", cmd, lg.t("：", ": "), lg.t("多余的参数", "unexpected arguments"), fs.Args())
		return ExitUsage
	}
	var opts []checklist.Option
	if *asOf != "" {
		t, err := calendar.ParseDate(*asOf, sample.Location)
		if err != nil {
			fmt.Fprintf(env.Stderr, "%s%s-as-of: %s\n", cmd, lg.t("：", ": "), localize(lg, err))
			return ExitUsage
		}
		opts = append(opts, checklist.WithAsOf(t))
	}
	h, err := loadHierarchy(*structurePath, *frameworkPath, env, lg)
	if err != nil {
		return fail(env, lg, cmd, err)
	}
	plan := sample.Plan()
	if *planPath != "" {
		data, err := readInput(*planPath, env)
		if err != nil {
			return fail(env, lg, cmd, err)
		}
		if plan, err = checklist.ParsePlan(data); err != nil {
			return fail(env, lg, cmd, fmt.Errorf("%s: %w", *planPath, err))
		}
	}
	p, err := checklist.NewPlan(plan, h)
	if err != nil {
		return fail(env, lg, cmd, err)
	}

	bar := newProgress(env.Stderr, env.Terminal || *showProgress)
	label := lg.t("项分解任务", "assignments")
	perTask := map[string]int{}
	perLevel := map[string]int{}
	total := 0
	var line bytes.Buffer
	for a, err := range checklist.DecomposeSeq(ctx, p, opts...) {
		if err != nil {
			bar.finish()
			return fail(env, lg, cmd, err)
		}
		total++
		bar.set(total, p.Len(), label, false)
		perTask[a.GetTaskId()]++
		if org, ok := h.Organization(a.GetOrganizationId()); ok {
			perLevel[org.GetLevelId()]++
		}
		if *asJSON {
			js, err := assessment.MarshalJSON(a)
			if err != nil {
				bar.finish()
				return fail(env, lg, cmd, err)
			}
			line.Reset()
			if err := json.Compact(&line, localInstants(js, sample.Location)); err != nil {
				bar.finish()
				return fail(env, lg, cmd, err)
			}
			line.WriteByte('\n')
			if _, err := env.Stdout.Write(line.Bytes()); err != nil {
				bar.finish()
				return fail(env, lg, cmd, err)
			}
		}
	}
	bar.set(total, max(total, p.Len()), label, true)
	bar.finish()
	if *asJSON {
		return ExitOK
	}

	w := env.Stdout
	tasks := 0
	for range p.Tasks() {
		tasks++
	}
	fmt.Fprintf(w, lg.t("%d 年度任务分解：%d 项任务，%d 项分解任务\n", "%d decomposition: %d tasks, %d assignments\n"), p.Year(), tasks, total)
	fmt.Fprintln(w, lg.t("\n按任务（编号、分解任务数、完成时限）：", "\nBy task (id, assignments, deadline):"))
	for t := range p.Tasks() {
		due := calendar.FormatDate(t.GetDeadline(), sample.Location)
		if due == "" {
			due = "-"
		}
		fmt.Fprintf(w, "  %-6s %6d  %-10s  %s\n", t.GetId(), perTask[t.GetId()], due, t.GetTitle())
	}
	fmt.Fprintln(w, lg.t("\n按层级：", "\nBy level:"))
	for _, lv := range h.Framework().GetLevels() {
		if n, ok := perLevel[lv.GetId()]; ok {
			fmt.Fprintf(w, "  %-16s %6d  %s\n", lv.GetId(), n, lv.GetName())
		}
	}
	return ExitOK
}
