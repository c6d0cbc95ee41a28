package report_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/analytics"
	"github.com/zerenlab/zeren/assessment"
	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/internal/yearsim"
	"github.com/zerenlab/zeren/report"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

func sampleInput(t *testing.T) report.Input {
	t.Helper()
	ctx := context.Background()
	h, err := responsibility.New(frameworks.SanjiWugang(), sample.Structure(), responsibility.WithLocation(sample.Location))
	require.NoError(t, err)
	cal, err := calendar.New(sample.Calendar(), sample.Location)
	require.NoError(t, err)
	plan := sample.Plan()
	y, err := yearsim.Run(ctx, h, plan, cal, yearsim.Sample())
	require.NoError(t, err)
	env, err := cel.NewEnv(cel.WithLocation(sample.Location))
	require.NoError(t, err)
	eng, err := assessment.New(ctx, sample.IndicatorSystem(), env)
	require.NoError(t, err)
	facts := sample.Facts2026()
	run, err := eng.Run(ctx, facts, assessment.WithReviews(sample.Reviews2026()...))
	require.NoError(t, err)
	p, err := accountability.New(env, h, sample.Triggers())
	require.NoError(t, err)
	props, _, err := p.Propose(ctx, facts, run.Results)
	require.NoError(t, err)
	return report.Input{
		Title: "2026年度示例市直机关党建工作责任制落实情况报告", Author: "中共示例市直属机关工作委员会",
		AsOf: time.Date(2027, 1, 1, 0, 0, 0, 0, sample.Location), Hierarchy: h, Plan: plan,
		Assignments: y.Assignments, Findings: y.Findings, Cases: y.Cases, System: eng.System(), Results: run.Results,
		Facts: facts, Reviews: sample.Reviews2026(), Triggers: sample.Triggers(), Proposals: props,
	}
}

func TestReportIsSelfContainedAndDrawnFromTheResults(t *testing.T) {
	t.Parallel()
	in := sampleInput(t)
	var buf bytes.Buffer
	require.NoError(t, report.Render(&buf, in))
	page := buf.String()

	for _, s := range []string{"一、总体情况", "二、责任体系覆盖", "三、任务分解与完成", "四、督查发现", "五、考核结果",
		"六、述职评议", "七、问责建议与处理", "八、各单位计分依据", "上热中温下冷", "两张皮", "@page { size: A4"} {
		assert.Contains(t, page, s)
	}
	assert.NotContains(t, page, "<script")
	assert.NotContains(t, page, "@font-face")
	assert.NotRegexp(t, `(src|href)="https?:`, page, "nothing is fetched")
	assert.NotRegexp(t, `url\(`, page)

	att := analytics.PressureAttenuation(in.Hierarchy, in.Assignments, in.Results, in.AsOf)
	levels := chart(t, page, "chart-levels")
	assert.Equal(t, 2*len(att.Levels), strings.Count(levels, `class="bar"`), "two bars per level")
	grades := chart(t, page, "chart-grades")
	assert.Equal(t, len(in.System.GetGradeScale().GetGrades()), strings.Count(grades, `class="bar"`))
	gap := analytics.PartyBusinessGap(in.Results, in.Facts)
	assert.Equal(t, len(gap.Units), strings.Count(chart(t, page, "chart-gap"), `class="point"`))

	for _, r := range in.Results {
		u, _ := in.Hierarchy.Unit(r.GetUnitId())
		assert.Contains(t, page, `<tr data-unit="`+r.GetUnitId()+`"><td class="num">`)
		assert.Regexp(t, regexp.MustCompile(`data-unit="`+r.GetUnitId()+`"><td class="num">\d+</td><td>`+regexp.QuoteMeta(u.GetShortName())+`</td><td class="num">`+regexp.QuoteMeta(r.GetScore())+`</td>`), page)
		assert.Contains(t, page, `id="unit-`+r.GetUnitId()+`"`, "a derivation page per unit")
	}
}

func chart(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `<svg id="`+id+`"`)
	require.GreaterOrEqual(t, i, 0, "chart %s", id)
	j := strings.Index(page[i:], "</svg>")
	return page[i : i+j]
}

func TestReportNeedsAHierarchyAndADate(t *testing.T) {
	t.Parallel()
	assert.Error(t, report.Render(&bytes.Buffer{}, report.Input{AsOf: time.Now()}))
	in := sampleInput(t)
	in.AsOf = time.Time{}
	assert.Error(t, report.Render(&bytes.Buffer{}, in))
}
