package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"time"

	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/sample"
)

func runDecompose(ctx context.Context, args []string, env Env) int {
	const cmd = "zeren decompose"
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	l := langFlag(fs, env)
	structurePath := fs.String("structure", "", "organisations, posts, people and appointments (zeren.v1.Structure, JSON or text); default 示例市")
	planPath := fs.String("plan", "", "the year's three lists (zeren.v1.Plan, JSON or text); default 示例市's 2026 plan")
	frameworkPath := fs.String("framework", "", "the framework (zeren.v1.Framework); default the built-in one the structure names")
	asOf := fs.String("as-of", "", "bind open assignments to whoever holds the post on this date (YYYY-MM-DD, UTC+8), recording handovers; default each period's start")
	asJSON := fs.Bool("json", false, "print the assignments as JSON lines instead of counts")
	showProgress := fs.Bool("progress", false, "show a progress bar on standard error even when it is not a terminal")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: zeren decompose [-structure FILE] [-plan FILE] [-framework FILE] [-as-of DATE] [-json] [-lang zh|en]\n\nBreaks each task down to the posts, people and periods that carry it\n(定位到岗、细化到人、量化到事) and prints the counts per task and per level, or\nevery assignment as a JSON line. Exit 1 when the plan or the structure has problems.\n\nFlags:")
		fs.PrintDefaults()
	}
	lg, code, ok := parse(fs, l, args, env)
	if !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "%s: unexpected arguments %q\n", cmd, fs.Args())
		return ExitUsage
	}
	var opts []checklist.Option
	if *asOf != "" {
		t, err := time.ParseInLocation(time.DateOnly, *asOf, sample.Location)
		if err != nil {
			fmt.Fprintf(env.Stderr, "%s: -as-of %q: %s\n", cmd, *asOf, lg.t("应为 YYYY-MM-DD", "want YYYY-MM-DD"))
			return ExitUsage
		}
		opts = append(opts, checklist.WithAsOf(t))
	}
	h, err := loadHierarchy(*structurePath, *frameworkPath, env, lg)
	if err != nil {
		return fail(env, cmd, err)
	}
	plan := sample.Plan()
	if *planPath != "" {
		data, err := readInput(*planPath, env)
		if err != nil {
			return fail(env, cmd, err)
		}
		if plan, err = checklist.ParsePlan(data); err != nil {
			return fail(env, cmd, fmt.Errorf("%s: %w", *planPath, err))
		}
	}
	p, err := checklist.NewPlan(plan, h)
	if err != nil {
		return fail(env, cmd, err)
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
			return fail(env, cmd, err)
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
				return fail(env, cmd, err)
			}
			line.Reset()
			if err := json.Compact(&line, js); err != nil {
				bar.finish()
				return fail(env, cmd, err)
			}
			line.WriteByte('\n')
			if _, err := env.Stdout.Write(line.Bytes()); err != nil {
				bar.finish()
				return fail(env, cmd, err)
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
	fmt.Fprintln(w, lg.t("\n按任务：", "\nBy task:"))
	for t := range p.Tasks() {
		fmt.Fprintf(w, "  %-6s %6d  %s\n", t.GetId(), perTask[t.GetId()], t.GetTitle())
	}
	fmt.Fprintln(w, lg.t("\n按层级：", "\nBy level:"))
	for _, lv := range h.Framework().GetLevels() {
		if n, ok := perLevel[lv.GetId()]; ok {
			fmt.Fprintf(w, "  %-16s %6d  %s\n", lv.GetId(), n, lv.GetName())
		}
	}
	return ExitOK
}
