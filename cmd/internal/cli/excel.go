package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"google.golang.org/protobuf/encoding/protojson"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/internal/yearsim"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/report"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/xlsx"
)

// writeOutput writes a command's output to a file, or standard output for
// "-".
func writeOutput(name string, env Env, data []byte) error {
	if name == "-" || name == "" {
		_, err := env.Stdout.Write(data)
		return err
	}
	return os.WriteFile(name, data, 0o644)
}

// importFailed prints the located problems of a workbook in the command's
// language and returns ExitProblems; other errors go through fail.
func importFailed(env Env, cmd string, lg lang, err error) int {
	var ie *xlsx.ImportError
	if errors.As(err, &ie) {
		fmt.Fprintf(env.Stderr, "%s: %s\n", cmd, lg.t(ie.Zh(), ie.Error()))
		return ExitProblems
	}
	return fail(env, lg, cmd, err)
}

var templateCommand = &command{
	name:       "zeren template",
	synopsisZh: "zeren template [-kind plan|reviews] [-sample] [-structure 文件] -o 文件.xlsx [-lang zh|en]",
	synopsis:   "zeren template [-kind plan|reviews] [-sample] [-structure FILE] -o FILE.xlsx [-lang zh|en]",
	aboutZh: `生成待填写的 Excel 模板：三个清单（问题清单、任务清单、责任清单，维度、频次、责任岗位、分解方式带下拉选项），
或述职评议测评表（每个评议主体一张表）。填好后用 zeren import 读回。`,
	about: `Writes an Excel template to fill in: the three lists with drop-downs for
dimension, frequency, post kind and split rule, or the 述职评议测评表 with a
sheet per rater group. Read it back with zeren import.`,
	flagsZh: map[string]string{
		"kind":      "plan（三个清单）或 reviews（述职评议测评表）",
		"sample":    "填入示例市 2026 年的清单或评议票，而不是留空",
		"structure": "工作簿所列岗位、单位和人员所依据的组织结构（zeren.v1.Structure）；默认示例市",
		"framework": "责任体系（zeren.v1.Framework）；默认组织结构所指的内置体系",
		"o":         "要写入的工作簿（.xlsx；- 表示标准输出）",
		"lang":      "消息的语言：zh 或 en（环境变量 ZEREN_LANG）",
	},
	examples: []string{
		"zeren template -o 三个清单.xlsx",
		"zeren template -kind reviews -o 述职评议测评表.xlsx",
		"zeren template -sample -o 示例市2026.xlsx",
	},
	exitZh: "0 正常；2 用法错误或无法读取输入。",
	exit:   "0 ok; 2 usage error or unreadable input.",
}

func runTemplate(ctx context.Context, args []string, env Env) int {
	const cmd = "zeren template"
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	l := langFlag(fs, env)
	kind := fs.String("kind", "plan", "plan (三个清单: 问题清单, 任务清单, 责任清单) or reviews (述职评议测评表)")
	withSample := fs.Bool("sample", false, "fill the workbook with 示例市's 2026 lists or ballots instead of leaving it blank")
	structurePath := fs.String("structure", "", "the structure whose post kinds, units and people the workbook names (zeren.v1.Structure); default 示例市")
	frameworkPath := fs.String("framework", "", "the framework (zeren.v1.Framework); default the built-in one the structure names")
	out := fs.String("o", "", "the workbook to write (.xlsx; - for standard output)")
	lg, code, ok := parse(templateCommand, fs, l, args, env)
	if !ok {
		return code
	}
	if fs.NArg() > 0 || *out == "" {
		fmt.Fprintf(env.Stderr, "%s: %s\n", cmd, lg.t("需要 -o 文件，且不接受其他参数", "want -o FILE and no other arguments"))
		return ExitUsage
	}
	h, err := loadHierarchy(*structurePath, *frameworkPath, env, lg)
	if err != nil {
		return fail(env, lg, cmd, err)
	}
	var buf bytes.Buffer
	switch *kind {
	case "plan":
		var plan *zerenv1.Plan
		if *withSample {
			plan = sample.Plan()
		}
		err = xlsx.WritePlan(&buf, plan, xlsx.WithHierarchy(h))
	case "reviews":
		var reviews []*zerenv1.Review
		if *withSample {
			reviews = sample.Reviews2026()
		}
		err = xlsx.WriteReviews(&buf, sample.IndicatorSystem().GetReview(), reviews, xlsx.WithHierarchy(h))
	default:
		fmt.Fprintf(env.Stderr, "%s: -kind %q: %s\n", cmd, *kind, lg.t("应为 plan 或 reviews", "want plan or reviews"))
		return ExitUsage
	}
	if err != nil {
		return fail(env, lg, cmd, err)
	}
	if err := writeOutput(*out, env, buf.Bytes()); err != nil {
		return fail(env, lg, cmd, err)
	}
	return ExitOK
}

var importCommand = &command{
	name:       "zeren import",
	synopsisZh: "zeren import [-kind plan|reviews] [-structure 文件] [-o 文件.json] 工作簿.xlsx [-lang zh|en]",
	synopsis:   "zeren import [-kind plan|reviews] [-structure FILE] [-o FILE.json] WORKBOOK.xlsx [-lang zh|en]",
	aboutZh: `读取填好的工作簿并校验，输出 JSON，供 zerend 或 zeren decompose 使用。所有问题一次列出，
按“工作表!单元格”定位（如 任务清单!D14）；有任何问题的工作簿一条也不导入（退出码 1）。`,
	about: `Reads a filled workbook, checks it, and prints it as JSON for zerend or
zeren decompose. Every problem is listed at once by sheet and cell
(任务清单!D14); a workbook with any problem imports nothing (exit 1).`,
	flagsZh: map[string]string{
		"kind":      "plan（三个清单）或 reviews（述职评议测评表）",
		"structure": "据以校验的组织结构（zeren.v1.Structure）；默认示例市",
		"framework": "责任体系（zeren.v1.Framework）；默认组织结构所指的内置体系",
		"system":    "其评议方案列出评议主体的指标体系（reviews 时使用）；默认示例市的",
		"o":         "JSON 写到哪里（zeren.v1.Plan，或 zeren.v1.Review 的数组）；- 表示标准输出",
		"lang":      "消息的语言：zh 或 en（环境变量 ZEREN_LANG）",
	},
	examples: []string{
		"zeren import 三个清单.xlsx -o plan.json",
		"zeren import -kind reviews 述职评议测评表.xlsx",
	},
	exitZh: "0 正常；1 工作簿有问题（按工作表和单元格逐条列出，未导入任何内容）；2 用法错误或无法读取输入。",
	exit:   "0 ok; 1 the workbook has problems (each by sheet and cell; nothing imported); 2 usage error or unreadable input.",
}

func runImport(ctx context.Context, args []string, env Env) int {
	const cmd = "zeren import"
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	l := langFlag(fs, env)
	kind := fs.String("kind", "plan", "plan (三个清单) or reviews (述职评议测评表)")
	structurePath := fs.String("structure", "", "check against this structure (zeren.v1.Structure); default 示例市")
	frameworkPath := fs.String("framework", "", "the framework (zeren.v1.Framework); default the built-in one the structure names")
	systemPath := fs.String("system", "", "the indicator system whose review scheme names the rater groups (reviews); default 示例市's")
	out := fs.String("o", "-", "where to write the JSON (zeren.v1.Plan, or an array of zeren.v1.Review); - for standard output")
	lg, code, ok := parse(importCommand, fs, l, args, env)
	if !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(env.Stderr, "%s: %s\n", cmd, lg.t("需要一个工作簿文件", "want one workbook file"))
		return ExitUsage
	}
	data, err := readInput(fs.Arg(0), env)
	if err != nil {
		return fail(env, lg, cmd, err)
	}
	h, err := loadHierarchy(*structurePath, *frameworkPath, env, lg)
	if err != nil {
		return fail(env, lg, cmd, err)
	}
	mo := protojson.MarshalOptions{Multiline: true, Indent: "  "}
	var js []byte
	switch *kind {
	case "plan":
		plan, err := xlsx.ReadPlan(bytes.NewReader(data), xlsx.WithHierarchy(h))
		if err != nil {
			return importFailed(env, cmd, lg, err)
		}
		if js, err = mo.Marshal(plan); err != nil {
			return fail(env, lg, cmd, err)
		}
		js = append(js, '\n')
	case "reviews":
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
		reviews, err := xlsx.ReadReviews(bytes.NewReader(data), system.GetReview(), xlsx.WithHierarchy(h))
		if err != nil {
			return importFailed(env, cmd, lg, err)
		}
		var b strings.Builder
		b.WriteString("[\n")
		for i, r := range reviews {
			one, err := protojson.Marshal(r)
			if err != nil {
				return fail(env, lg, cmd, err)
			}
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString("  ")
			b.Write(one)
		}
		b.WriteString("\n]\n")
		js = []byte(b.String())
	default:
		fmt.Fprintf(env.Stderr, "%s: -kind %q: %s\n", cmd, *kind, lg.t("应为 plan 或 reviews", "want plan or reviews"))
		return ExitUsage
	}
	if err := writeOutput(*out, env, js); err != nil {
		return fail(env, lg, cmd, err)
	}
	return ExitOK
}

// year is a year played through the library for the exports.
type playedYear struct {
	plan      *zerenv1.Plan
	sim       *yearsim.Year
	system    *zerenv1.IndicatorSystem
	run       *assessment.Run
	facts     []*zerenv1.UnitFacts
	reviews   []*zerenv1.Review
	proposals []*zerenv1.Proposal
}

func playYear(ctx context.Context, h *responsibility.Hierarchy, plan *zerenv1.Plan) (*playedYear, error) {
	cal, err := calendar.New(sample.Calendar(), sample.Location)
	if err != nil {
		return nil, err
	}
	y := &playedYear{plan: plan, facts: sample.Facts2026(), reviews: sample.Reviews2026()}
	if y.sim, err = yearsim.Run(ctx, h, plan, cal, yearsim.Sample()); err != nil {
		return nil, err
	}
	env, err := cel.NewEnv(cel.WithLocation(sample.Location))
	if err != nil {
		return nil, err
	}
	eng, err := assessment.New(ctx, sample.IndicatorSystem(), env)
	if err != nil {
		return nil, err
	}
	y.system = eng.System()
	if y.run, err = eng.Run(ctx, y.facts, assessment.WithReviews(y.reviews...)); err != nil {
		return nil, err
	}
	p, err := accountability.New(env, h, sample.Triggers())
	if err != nil {
		return nil, err
	}
	if y.proposals, _, err = p.Propose(ctx, y.facts, y.run.Results); err != nil {
		return nil, err
	}
	return y, nil
}

var exportCommand = &command{
	name:       "zeren export",
	synopsisZh: "zeren export -format xlsx|html [-what assignments|cases|results|proposals|reviews] [-plan 文件] -o 文件 [-lang zh|en]",
	synopsis:   "zeren export -format xlsx|html [-what assignments|cases|results|proposals|reviews] [-plan FILE] -o FILE [-lang zh|en]",
	aboutZh: `按计划演算示例市的一年（分解、督查督办、考核、问责建议），导出一张 Excel 工作簿，或年度报告（HTML）。
单位和人员写名称，日期为北京时间日期，分数为按体系精度的数值。`,
	about: `Plays 示例市's year with the plan (decomposition, supervision, assessment,
accountability) and writes one export as an Excel workbook, or the annual
report as HTML. Units and people are named, dates are Beijing dates and
scores are numbers at the system's precision.`,
	flagsZh: map[string]string{
		"format": "xlsx（工作簿）或 html（年度报告，单个自包含页面）",
		"what":   "xlsx 时：assignments（分解表）、cases（督办台账）、results（考核评分表）、proposals（问责建议）或 reviews（述职评议测评表）",
		"plan":   "年度三个清单：工作簿（.xlsx，zeren template 所写格式）或 zeren.v1.Plan JSON；默认示例市 2026 年的计划",
		"o":      "要写入的文件（- 表示标准输出）",
		"lang":   "消息的语言：zh 或 en（环境变量 ZEREN_LANG）",
	},
	examples: []string{
		"zeren export -format xlsx -what results -o 考核评分表.xlsx",
		"zeren export -format html -o 年度报告.html",
		"zeren export -format xlsx -what assignments -plan 三个清单.xlsx -o 分解表.xlsx",
	},
	exitZh: "0 正常；1 输入有问题；2 用法错误或无法读取输入。",
	exit:   "0 ok; 1 the input has problems; 2 usage error or unreadable input.",
}

func runExport(ctx context.Context, args []string, env Env) int {
	const cmd = "zeren export"
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	l := langFlag(fs, env)
	format := fs.String("format", "xlsx", "xlsx (a workbook) or html (the annual report, one self-contained page)")
	what := fs.String("what", "results", "for xlsx: assignments (分解表), cases (督办台账), results (考核评分表), proposals (问责建议) or reviews (述职评议测评表)")
	planPath := fs.String("plan", "", "the year's three lists: a workbook (.xlsx, as zeren template writes) or zeren.v1.Plan JSON; default 示例市's 2026 plan")
	out := fs.String("o", "", "the file to write (- for standard output)")
	lg, code, ok := parse(exportCommand, fs, l, args, env)
	if !ok {
		return code
	}
	if fs.NArg() > 0 || *out == "" {
		fmt.Fprintf(env.Stderr, "%s: %s\n", cmd, lg.t("需要 -o 文件，且不接受其他参数", "want -o FILE and no other arguments"))
		return ExitUsage
	}
	if *format != "xlsx" && *format != "html" {
		fmt.Fprintf(env.Stderr, "%s: -format %q: %s\n", cmd, *format, lg.t("应为 xlsx 或 html", "want xlsx or html"))
		return ExitUsage
	}
	h, err := loadHierarchy("", "", env, lg)
	if err != nil {
		return fail(env, lg, cmd, err)
	}
	plan := sample.Plan()
	if *planPath != "" {
		data, err := readInput(*planPath, env)
		if err != nil {
			return fail(env, lg, cmd, err)
		}
		if bytes.HasPrefix(data, []byte("PK")) {
			if plan, err = xlsx.ReadPlan(bytes.NewReader(data), xlsx.WithHierarchy(h)); err != nil {
				return importFailed(env, cmd, lg, err)
			}
		} else if plan, err = checklist.ParsePlan(data); err != nil {
			return fail(env, lg, cmd, fmt.Errorf("%s: %w", *planPath, err))
		}
	}
	y, err := playYear(ctx, h, plan)
	if err != nil {
		return fail(env, lg, cmd, err)
	}
	withH := xlsx.WithHierarchy(h)
	var buf bytes.Buffer
	if *format == "html" {
		err = report.Render(&buf, report.Input{
			Title:  fmt.Sprintf("%d年度示例市直机关党建工作责任制落实情况报告", plan.GetYear()),
			Author: "中共示例市直属机关工作委员会", AsOf: time.Date(int(plan.GetYear())+1, 1, 1, 0, 0, 0, 0, sample.Location),
			Hierarchy: h, Plan: plan, Assignments: y.sim.Assignments, Findings: y.sim.Findings, Cases: y.sim.Cases,
			System: y.system, Results: y.run.Results, Facts: y.facts, Reviews: y.reviews, Triggers: sample.Triggers(),
			Proposals: y.proposals,
		})
	} else {
		switch *what {
		case "assignments":
			err = xlsx.WriteAssignments(&buf, plan, y.sim.Assignments, withH)
		case "cases":
			err = xlsx.WriteCases(&buf, y.sim.Cases, withH)
		case "results":
			err = xlsx.WriteResults(&buf, y.system, y.run.Results, withH)
		case "proposals":
			err = xlsx.WriteProposals(&buf, sample.Triggers(), y.proposals, withH)
		case "reviews":
			err = xlsx.WriteReviews(&buf, y.system.GetReview(), y.reviews, withH)
		default:
			fmt.Fprintf(env.Stderr, "%s: -what %q: %s\n", cmd, *what,
				lg.t("应为 assignments、cases、results、proposals 或 reviews", "want assignments, cases, results, proposals or reviews"))
			return ExitUsage
		}
	}
	if err != nil {
		return fail(env, lg, cmd, err)
	}
	if err := writeOutput(*out, env, buf.Bytes()); err != nil {
		return fail(env, lg, cmd, err)
	}
	return ExitOK
}

// writeScoreSheet writes the 考核评分表 of a run (or of the one unit asked
// for), naming units from 示例市's structure when they are its units.
func writeScoreSheet(env Env, cmd string, lg lang, e *assessment.Engine, run *assessment.Run, only *zerenv1.Result) int {
	results := run.Results
	if only != nil {
		results = []*zerenv1.Result{only}
	}
	var opts []xlsx.Option
	if h, err := loadHierarchy("", "", env, lg); err == nil {
		opts = append(opts, xlsx.WithHierarchy(h))
	}
	var buf bytes.Buffer
	if err := xlsx.WriteResults(&buf, e.System(), results, opts...); err != nil {
		return fail(env, lg, cmd, err)
	}
	if err := writeOutput("-", env, buf.Bytes()); err != nil {
		return fail(env, lg, cmd, err)
	}
	return ExitOK
}
