package xlsx_test

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/xlsx"
)

func open(t *testing.T, write func(*bytes.Buffer) error) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, write(&buf))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func rows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	r, err := f.GetRows(sheet)
	require.NoError(t, err)
	return r
}

func raw(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	return v
}

func column(t *testing.T, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %v", name, header)
	return -1
}

func TestAssignmentTableListsEveryAssignmentUnderItsUnit(t *testing.T) {
	t.Parallel()
	y := sampleYear(t)
	f := open(t, func(b *bytes.Buffer) error {
		return xlsx.WriteAssignments(b, y.plan, y.sim.Assignments, xlsx.WithHierarchy(y.h))
	})
	summary := rows(t, f, "汇总")
	total := 0
	for _, r := range summary[1:] {
		n, err := strconv.Atoi(r[2])
		require.NoError(t, err)
		total += n
		assert.Len(t, rows(t, f, r[4]), n+1, "the sheet of %s has a row per assignment", r[1])
	}
	assert.Equal(t, len(y.sim.Assignments), total)

	sheet := rows(t, f, "市财政局")
	header := sheet[0]
	assert.Equal(t, []string{"分解任务编号", "任务编号", "任务", "党组织", "岗位", "责任人", "期间", "目标值", "比较方式", "完成时限", "完成值", "完成时间", "状态"}, header)
	var a *zerenv1.Assignment
	for _, x := range y.sim.Assignments {
		if x.GetId() == sheet[1][0] {
			a = x
		}
	}
	require.NotNil(t, a)
	person, _ := y.h.Person(a.GetPersonId())
	assert.Equal(t, person.GetName(), sheet[1][column(t, header, "责任人")], "people by name")
	org, _ := y.h.Organization(a.GetOrganizationId())
	assert.Equal(t, org.GetName(), sheet[1][column(t, header, "党组织")])
	due := a.GetDue().AsTime().In(xlsx.Beijing)
	if a.GetExtendedDue() != nil {
		due = a.GetExtendedDue().AsTime().In(xlsx.Beijing)
	}
	assert.Equal(t, due.Format("2006-01-02"), sheet[1][column(t, header, "完成时限")], "the Beijing date, formatted as a date")
	target := raw(t, f, "市财政局", "H2")
	v, err := strconv.ParseFloat(target, 64)
	require.NoError(t, err, "targets are numbers")
	assert.Equal(t, a.GetTarget(), v)
}

func TestCaseLedgerShowsStateCardsAndCloseOut(t *testing.T) {
	t.Parallel()
	y := sampleYear(t)
	require.NotEmpty(t, y.sim.Cases)
	f := open(t, func(b *bytes.Buffer) error { return xlsx.WriteCases(b, y.sim.Cases, xlsx.WithHierarchy(y.h)) })
	r := rows(t, f, "督办台账")
	require.Len(t, r, len(y.sim.Cases)+1)
	header := r[0]
	closed, yellow := 0, 0
	for i, k := range y.sim.Cases {
		row := r[i+1]
		assert.Equal(t, k.GetId(), row[0])
		if k.GetState() == zerenv1.CaseState_CASE_STATE_CLOSED {
			closed++
			require.Greater(t, len(row), column(t, header, "销号日期"))
			assert.NotEmpty(t, row[column(t, header, "销号日期")], "a closed case has its 销号 date")
			assert.Equal(t, "已销号", row[column(t, header, "状态")])
		}
		if k.GetYellowCard() {
			yellow++
			assert.Equal(t, "是", row[column(t, header, "黄牌")])
		}
		u, _ := y.h.Unit(k.GetLeadUnitId())
		assert.Equal(t, u.GetShortName(), row[column(t, header, "主办单位")])
	}
	assert.Positive(t, closed, "the sample year closes cases")
}

func TestScoreSheetMatchesTheResults(t *testing.T) {
	t.Parallel()
	y := sampleYear(t)
	f := open(t, func(b *bytes.Buffer) error {
		return xlsx.WriteResults(b, y.system, y.results, xlsx.WithHierarchy(y.h))
	})
	summary := rows(t, f, "汇总")
	require.Len(t, summary, len(y.results)+1)
	assert.Equal(t, []string{"名次", "单位编号", "单位名称", "得分", "指标得分", "等次", "一票否决", "述职评议得分", "满意度（%）", "期间", "工作表"}, summary[0])
	for i, r := range y.results { // results come ranked
		row := summary[i+1]
		assert.Equal(t, strconv.Itoa(int(r.GetRank())), row[0])
		u, _ := y.h.Unit(r.GetUnitId())
		assert.Equal(t, u.GetShortName(), row[2], "units by name")
		assert.Equal(t, r.GetScore(), row[3], "shown at the system's precision")
		want, err := strconv.ParseFloat(r.GetScore(), 64)
		require.NoError(t, err)
		got, err := strconv.ParseFloat(raw(t, f, "汇总", "D"+strconv.Itoa(i+2)), 64)
		require.NoError(t, err, "scores are numbers, not text")
		assert.Equal(t, want, got)

		unit := rows(t, f, row[10])
		assert.Equal(t, "合计", unit[len(unit)-1][0])
		assert.Equal(t, r.GetScore(), unit[len(unit)-1][3])
		indicators := 0
		for _, line := range unit[1:] {
			if line[0] == "指标" {
				indicators++
			}
		}
		assert.GreaterOrEqual(t, indicators, len(r.GetIndicators()))
	}
	first := rows(t, f, summary[1][10])
	formulas, inputs := 0, 0
	for _, line := range first[1:] {
		if len(line) > column(t, first[0], "公式") && line[column(t, first[0], "公式")] != "" {
			formulas++
		}
		if len(line) > column(t, first[0], "输入") && line[column(t, first[0], "输入")] != "" {
			inputs++
		}
	}
	assert.Positive(t, formulas, "formulas are shown")
	assert.Positive(t, inputs, "the inputs are shown")
}

func TestProposalSheetNamesTheRuleBasisAndDecision(t *testing.T) {
	t.Parallel()
	y := sampleYear(t)
	require.NotEmpty(t, y.proposals)
	f := open(t, func(b *bytes.Buffer) error {
		return xlsx.WriteProposals(b, sample.Triggers(), y.proposals, xlsx.WithHierarchy(y.h))
	})
	r := rows(t, f, "问责建议")
	require.Len(t, r, len(y.proposals)+1)
	header := r[0]
	for i, p := range y.proposals {
		row := r[i+1]
		assert.Equal(t, p.GetId(), row[0])
		assert.NotEmpty(t, row[column(t, header, "依据")], "every proposal states its basis")
		assert.Equal(t, "待决定", row[column(t, header, "状态")])
		if l := p.GetLiability(); l != nil {
			person, _ := y.h.Person(l.GetPersonId())
			assert.Equal(t, person.GetName(), row[column(t, header, "对象")])
		}
	}
}
