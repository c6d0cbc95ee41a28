// Command annual runs the whole Excel path of a year in one go, the way a
// 机关工委 works: it writes the blank three-lists template, fills it in as an
// office would (typing 示例市's lists into the cells), imports the filled
// workbook (checked against the hierarchy), decomposes it and plays the year
// (提示—调度—督查—督办), scores the units, and writes the exports — 分解表,
// 督办台账, 考核评分表, 问责建议, the 述职评议测评表 — and the annual report
// as one HTML page.
//
//	go -C xlsx run ./examples/annual -out /tmp/zeren-annual
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/xuri/excelize/v2"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/internal/yearsim"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/report"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/xlsx"
)

func main() {
	out := flag.String("out", "zeren-annual", "directory for the workbooks and the report")
	flag.Parse()
	if err := run(context.Background(), *out, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "annual:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dir string, w io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	h, err := responsibility.New(frameworks.SanjiWugang(), sample.Structure(), responsibility.WithLocation(sample.Location))
	if err != nil {
		return err
	}
	withH := xlsx.WithHierarchy(h)
	save := func(name string, write func(io.Writer) error) error {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Fprintf(w, "  %s\n", filepath.Join(dir, name))
		return os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644)
	}

	fmt.Fprintln(w, "1. 空白模板（三个清单）")
	var template bytes.Buffer
	if err := xlsx.WritePlan(&template, nil, withH); err != nil {
		return err
	}
	if err := save("三个清单-模板.xlsx", func(x io.Writer) error { _, err := x.Write(template.Bytes()); return err }); err != nil {
		return err
	}

	fmt.Fprintln(w, "2. 按模板填写（录入示例市2026年的清单）")
	filled, err := fill(template.Bytes(), sample.Plan(), withH)
	if err != nil {
		return err
	}
	if err := save("三个清单-已填写.xlsx", func(x io.Writer) error { _, err := x.Write(filled); return err }); err != nil {
		return err
	}

	fmt.Fprintln(w, "3. 导入并校验")
	plan, err := xlsx.ReadPlan(bytes.NewReader(filled), withH)
	if err != nil {
		return err // an *xlsx.ImportError lists every problem by sheet and cell
	}
	if !proto.Equal(plan, sample.Plan()) {
		return fmt.Errorf("the imported plan differs from the lists typed in")
	}
	fmt.Fprintf(w, "  问题 %d 项，任务 %d 项，责任条目 %d 项，与录入内容一致\n",
		len(plan.GetProblems()), len(plan.GetTasks()), len(plan.GetResponsibilities()))

	fmt.Fprintln(w, "4. 分解并运行全年督办")
	cal, err := calendar.New(sample.Calendar(), sample.Location)
	if err != nil {
		return err
	}
	year, err := yearsim.Run(ctx, h, plan, cal, yearsim.Sample())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  分解任务 %d 项，督办 %d 件\n", len(year.Assignments), len(year.Cases))

	fmt.Fprintln(w, "5. 考核、问责建议")
	env, err := cel.NewEnv(cel.WithLocation(sample.Location))
	if err != nil {
		return err
	}
	eng, err := assessment.New(ctx, sample.IndicatorSystem(), env)
	if err != nil {
		return err
	}
	facts := sample.Facts2026()
	reviews := sample.Reviews2026()
	res, err := eng.Run(ctx, facts, assessment.WithReviews(reviews...))
	if err != nil {
		return err
	}
	prop, err := accountability.New(env, h, sample.Triggers())
	if err != nil {
		return err
	}
	proposals, _, err := prop.Propose(ctx, facts, res.Results)
	if err != nil {
		return err
	}

	fmt.Fprintln(w, "6. 导出")
	for _, e := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{"分解表.xlsx", func(x io.Writer) error { return xlsx.WriteAssignments(x, plan, year.Assignments, withH) }},
		{"督办台账.xlsx", func(x io.Writer) error { return xlsx.WriteCases(x, year.Cases, withH) }},
		{"考核评分表.xlsx", func(x io.Writer) error { return xlsx.WriteResults(x, eng.System(), res.Results, withH) }},
		{"问责建议.xlsx", func(x io.Writer) error { return xlsx.WriteProposals(x, sample.Triggers(), proposals, withH) }},
		{"述职评议测评表.xlsx", func(x io.Writer) error { return xlsx.WriteReviews(x, eng.System().GetReview(), reviews, withH) }},
	} {
		if err := save(e.name, e.write); err != nil {
			return err
		}
	}

	fmt.Fprintln(w, "7. 年度报告")
	return save("年度报告.html", func(x io.Writer) error {
		return report.Render(x, report.Input{
			Title: "2026年度示例市直机关党建工作责任制落实情况报告", Author: "中共示例市直属机关工作委员会",
			AsOf: time.Date(sample.Year+1, 1, 1, 0, 0, 0, 0, sample.Location), Hierarchy: h, Plan: plan,
			Assignments: year.Assignments, Findings: year.Findings, Cases: year.Cases, System: eng.System(),
			Results: res.Results, Facts: facts, Reviews: reviews, Triggers: sample.Triggers(), Proposals: proposals,
		})
	})
}

// fill types a plan into the blank template the way an office clerk would:
// every value as the text shown on screen (dates as 2026-06-30), sheet by
// sheet, row by row.
func fill(template []byte, plan *zerenv1.Plan, opts ...xlsx.Option) ([]byte, error) {
	var shown bytes.Buffer
	if err := xlsx.WritePlan(&shown, plan, opts...); err != nil {
		return nil, err
	}
	src, err := excelize.OpenReader(&shown)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	dst, err := excelize.OpenReader(bytes.NewReader(template))
	if err != nil {
		return nil, err
	}
	defer dst.Close()
	for _, sheet := range []string{xlsx.SheetInstructions, xlsx.SheetProblems, xlsx.SheetTasks, xlsx.SheetResponsibility} {
		rows, err := src.GetRows(sheet)
		if err != nil {
			return nil, err
		}
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := dst.SetCellStr(sheet, cell, v); err != nil {
					return nil, err
				}
			}
		}
	}
	var out bytes.Buffer
	_, err = dst.WriteTo(&out)
	return out.Bytes(), err
}
