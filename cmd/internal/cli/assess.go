package cli

import (
	"bytes"
	"context"
	"fmt"

	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/people"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/unitfacts"
)

var assessCommand = &command{
	name:       "zeren assess",
	synopsisZh: "zeren assess [-system 文件] [-facts 文件] [-reviews 文件] [-structure 文件] [-format text|json|xlsx] [-unit 单位] [-lang zh|en]",
	synopsis:   "zeren assess [-system FILE] [-facts FILE] [-reviews FILE] [-structure FILE] [-format text|json|xlsx] [-unit ID] [-lang zh|en]",
	aboutZh: `按指标体系为每个单位评分，计入述职评议，适用加分、扣分和一票否决，按名额定等次并排名（综合考核）。
打印排名表，用 -unit 再打印该单位的推导过程；-format json 打印结果。每份述职评议的对象须是
-structure 中该单位当期的党组（党委）书记。未给出的输入使用示例市 2026 年的数据。`,
	about: `Scores every unit on the indicator system, blends in the 述职评议 (review), applies
bonuses, deductions and vetoes, grades with quotas and ranks (综合考核). Prints the
ranking, and with -unit that unit's derivation; -format json prints the results.
Each review must name its unit's 党组（党委）书记 of the period in -structure.
Inputs not given are 示例市's for 2026.`,
	flagsZh: map[string]string{
		"system":    "指标体系（zeren.v1.IndicatorSystem，JSON 或 textproto）；默认示例市 2026 年的体系",
		"facts":     "各单位的数据：zeren.v1.UnitFacts 的 JSON 数组（或每行一个），或 zeren.v1.FactSet；默认示例市 2026 年的数据",
		"reviews":   "述职评议票：zeren.v1.Review 的 JSON 数组（或每行一个），或 zeren.v1.ReviewSet；未给 -facts 时默认示例市的",
		"structure": "据以校验述职评议对象的组织结构（zeren.v1.Structure，JSON 或 textproto）；默认示例市",
		"framework": "责任体系（zeren.v1.Framework）；默认组织结构所指的内置体系",
		"format":    "text（排名表，及 -unit 的推导过程）、json（结果）或 xlsx（考核评分表工作簿，写到标准输出）",
		"unit":      "另打印该单位的推导过程（text），或只打印其结果（json）",
		"progress":  "即使标准错误不是终端也显示进度",
		"lang":      "消息和排名表的语言：zh 或 en（环境变量 ZEREN_LANG）",
	},
	examples: []string{
		"zeren assess",
		"zeren assess -unit czj",
		"zeren assess -system system.json -facts facts.jsonl -reviews reviews.json -format json",
		"zeren assess -unit czj -lang en",
	},
	exitZh: "0 正常；1 指标体系、数据或述职评议对象有问题（逐条列出）；2 用法错误或无法读取输入。",
	exit:   "0 ok; 1 the system, the facts or the reviewees have problems (each is listed); 2 usage error or unreadable input.",
}

func runAssess(ctx context.Context, args []string, env Env) int {
	const cmd = "zeren assess"
	fs, l := newFlags(assessCommand, args, env)
	systemPath := fs.String("system", "", "the indicator system (zeren.v1.IndicatorSystem, JSON or textproto); default 示例市's 2026 system")
	factsPath := fs.String("facts", "", "the units' facts: a JSON array (or JSON lines) of zeren.v1.UnitFacts, or a zeren.v1.FactSet; default 示例市's 2026 facts")
	reviewsPath := fs.String("reviews", "", "述职评议 ballots: a JSON array (or JSON lines) of zeren.v1.Review, or a zeren.v1.ReviewSet; default 示例市's, when -facts is not given")
	structurePath := fs.String("structure", "", "the structure the 述职评议 reviewees are checked against (zeren.v1.Structure, JSON or textproto); default 示例市")
	frameworkPath := fs.String("framework", "", "the framework (zeren.v1.Framework); default the built-in one the structure names")
	format := fs.String("format", "text", "text (the ranking, and the derivation of -unit), json (the results) or xlsx (the 考核评分表 workbook, on standard output)")
	unit := fs.String("unit", "", "also print this unit's derivation (text), or only its result (json)")
	showProgress := fs.Bool("progress", false, "show progress on standard error even when it is not a terminal")
	lg, code, ok := parse(assessCommand, fs, l, args, env)
	if !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "%s%s%s %q\n", cmd, lg.t("：", ": "), lg.t("多余的参数", "unexpected arguments"), fs.Args())
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
			return fail(env, lg, cmd, err)
		}
		if system, err = assessment.ParseIndicatorSystem(data); err != nil {
			return fail(env, lg, cmd, fmt.Errorf("%s: %w", *systemPath, err))
		}
	}
	facts := sample.Facts2026()
	var reviews []*zerenv1.Review
	if *factsPath != "" {
		var err error
		if facts, err = readDocList(*factsPath, env, unitfacts.Parse); err != nil {
			return fail(env, lg, cmd, err)
		}
	} else if *reviewsPath == "" {
		reviews = sample.Reviews2026()
	}
	if *reviewsPath != "" {
		var err error
		if reviews, err = readDocList(*reviewsPath, env, assessment.ParseReviews); err != nil {
			return fail(env, lg, cmd, err)
		}
	}

	// Each unit's 述职评议 must name the unit's 党组（党委）书记 of the
	// period, as zerend checks in RunAssessment (issue 10).
	if len(reviews) > 0 {
		h, err := loadHierarchy(*structurePath, *frameworkPath, env, lg)
		if err != nil {
			return fail(env, lg, cmd, err)
		}
		if err := people.CheckUnitReviews(h, reviews); err != nil {
			return fail(env, lg, cmd, err)
		}
	}

	bar := newProgress(env.Stderr, env.Terminal || *showProgress)
	bar.spinUntil(lg.t("编译指标体系", "compiling the indicator system"))
	e, err := assessment.New(ctx, system, nil)
	bar.finish()
	if err != nil {
		return fail(env, lg, cmd, err)
	}
	bar.spinUntil(fmt.Sprintf(lg.t("评分 %d 个单位", "scoring %d units"), len(facts)))
	run, err := e.Run(ctx, facts, assessment.WithReviews(reviews...))
	bar.finish()
	if err != nil {
		return fail(env, lg, cmd, err)
	}
	var only *zerenv1.Result
	if *unit != "" {
		if only = run.Result(*unit); only == nil {
			fmt.Fprintf(env.Stderr, "%s%s-unit %q: %s\n", cmd, lg.t("：", ": "), *unit, lg.t("不在参加考核的单位之中", "is not one of the units assessed"))
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
		return writeResults(env, lg, cmd, run, only)
	}
	if *format == "xlsx" {
		return writeScoreSheet(env, cmd, lg, e, run, only)
	}
	fmt.Fprint(env.Stdout, e.RenderRunIn(run, renderLang(lg)))
	if only != nil {
		fmt.Fprintln(env.Stdout)
		fmt.Fprint(env.Stdout, e.RenderIn(only, renderLang(lg)))
	}
	return ExitOK
}

// writeResults prints the results as one JSON array in rank order, or the
// one result asked for, each in assessment.MarshalJSON's stable form.
func writeResults(env Env, lg lang, cmd string, run *assessment.Run, only *zerenv1.Result) int {
	if only != nil {
		js, err := assessment.MarshalJSON(only)
		if err != nil {
			return fail(env, lg, cmd, err)
		}
		_, _ = env.Stdout.Write(append(bytes.TrimRight(localInstants(js, sample.Location), "\n"), '\n'))
		return ExitOK
	}
	var b bytes.Buffer
	b.WriteString("[")
	for i, r := range run.Results {
		js, err := assessment.MarshalJSON(r)
		if err != nil {
			return fail(env, lg, cmd, err)
		}
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  ")
		b.Write(bytes.ReplaceAll(bytes.TrimRight(localInstants(js, sample.Location), "\n"), []byte("\n"), []byte("\n  ")))
	}
	b.WriteString("\n]\n")
	_, _ = env.Stdout.Write(b.Bytes())
	return ExitOK
}

// renderLang is the language of assess's text: Chinese with English labels by
// default, as the library renders it for a reviewer, and English only with
// -lang en.
func renderLang(lg lang) string {
	if lg == "en" {
		return "en"
	}
	return ""
}
