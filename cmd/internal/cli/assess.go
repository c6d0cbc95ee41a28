package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"

	"github.com/zerenlab/zeren/assessment"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/unitfacts"
)

func runAssess(ctx context.Context, args []string, env Env) int {
	const cmd = "zeren assess"
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	l := langFlag(fs, env)
	systemPath := fs.String("system", "", "the indicator system (zeren.v1.IndicatorSystem, JSON or textproto); default 示例市's 2026 system")
	factsPath := fs.String("facts", "", "the units' facts: a JSON array (or JSON lines) of zeren.v1.UnitFacts, or a zeren.v1.FactSet; default 示例市's 2026 facts")
	reviewsPath := fs.String("reviews", "", "述职评议 ballots: a JSON array (or JSON lines) of zeren.v1.Review, or a zeren.v1.ReviewSet; default 示例市's, when -facts is not given")
	format := fs.String("format", "text", "text (the ranking, and the derivation of -unit), json (the results) or xlsx (the 考核评分表 workbook, on standard output)")
	unit := fs.String("unit", "", "also print this unit's derivation (text), or only its result (json)")
	showProgress := fs.Bool("progress", false, "show progress on standard error even when it is not a terminal")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: zeren assess [-system FILE] [-facts FILE] [-reviews FILE] [-format text|json] [-unit ID] [-lang zh|en]\n\nScores every unit on the indicator system, blends in the 述职评议, applies\nbonuses, deductions and vetoes, grades with quotas and ranks (综合考核).\nExit 1 when the system or the facts have problems.\n\nFlags:")
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
	if *format != "text" && *format != "json" && *format != "xlsx" {
		fmt.Fprintf(env.Stderr, "%s: -format %q: %s\n", cmd, *format, lg.t("应为 text、json 或 xlsx", "want text, json or xlsx"))
		return ExitUsage
	}

	system := sample.IndicatorSystem()
	if *systemPath != "" {
		data, err := readInput(*systemPath, env)
		if err != nil {
			return fail(env, cmd, err)
		}
		if system, err = assessment.ParseIndicatorSystem(data); err != nil {
			return fail(env, cmd, fmt.Errorf("%s: %w", *systemPath, err))
		}
	}
	facts := sample.Facts2026()
	var reviews []*zerenv1.Review
	if *factsPath != "" {
		var err error
		if facts, err = readDocList(*factsPath, env, unitfacts.Parse, func() *zerenv1.UnitFacts { return &zerenv1.UnitFacts{} }); err != nil {
			return fail(env, cmd, err)
		}
	} else if *reviewsPath == "" {
		reviews = sample.Reviews2026()
	}
	if *reviewsPath != "" {
		var err error
		if reviews, err = readDocList(*reviewsPath, env, assessment.ParseReviews, func() *zerenv1.Review { return &zerenv1.Review{} }); err != nil {
			return fail(env, cmd, err)
		}
	}

	bar := newProgress(env.Stderr, env.Terminal || *showProgress)
	bar.spinUntil(lg.t("编译指标体系", "compiling the indicator system"))
	e, err := assessment.New(ctx, system, nil)
	bar.finish()
	if err != nil {
		return fail(env, cmd, err)
	}
	bar.spinUntil(fmt.Sprintf(lg.t("评分 %d 个单位", "scoring %d units"), len(facts)))
	run, err := e.Run(ctx, facts, assessment.WithReviews(reviews...))
	bar.finish()
	if err != nil {
		return fail(env, cmd, err)
	}
	var only *zerenv1.Result
	if *unit != "" {
		if only = run.Result(*unit); only == nil {
			fmt.Fprintf(env.Stderr, "%s: -unit %q: %s\n", cmd, *unit, lg.t("不在参加考核的单位之中", "is not one of the units assessed"))
			return ExitUsage
		}
	}

	withDiagnostics := 0
	for _, r := range run.Results {
		if len(r.GetDiagnostics()) > 0 {
			withDiagnostics++
		}
	}
	if withDiagnostics > 0 {
		fmt.Fprintf(env.Stderr, lg.t("注意：%d 个单位的规则求值有诊断信息，见其推导过程\n", "note: rules reported diagnostics for %d units; see their derivations\n"), withDiagnostics)
	}

	if *format == "json" {
		return writeResults(env, cmd, run, only)
	}
	if *format == "xlsx" {
		return writeScoreSheet(env, cmd, lg, e, run, only)
	}
	fmt.Fprint(env.Stdout, e.RenderRun(run))
	if only != nil {
		fmt.Fprintln(env.Stdout)
		fmt.Fprint(env.Stdout, e.Render(only))
	}
	return ExitOK
}

// writeResults prints the results as one JSON array in rank order, or the
// one result asked for, each in assessment.MarshalJSON's stable form.
func writeResults(env Env, cmd string, run *assessment.Run, only *zerenv1.Result) int {
	if only != nil {
		js, err := assessment.MarshalJSON(only)
		if err != nil {
			return fail(env, cmd, err)
		}
		_, _ = env.Stdout.Write(append(bytes.TrimRight(js, "\n"), '\n'))
		return ExitOK
	}
	var b bytes.Buffer
	b.WriteString("[")
	for i, r := range run.Results {
		js, err := assessment.MarshalJSON(r)
		if err != nil {
			return fail(env, cmd, err)
		}
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  ")
		b.Write(bytes.ReplaceAll(bytes.TrimRight(js, "\n"), []byte("\n"), []byte("\n  ")))
	}
	b.WriteString("\n]\n")
	_, _ = env.Stdout.Write(b.Bytes())
	return ExitOK
}
