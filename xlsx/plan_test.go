package xlsx_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/google/go-cmp/cmp"

	"github.com/zerenlab/zeren/checklist"
	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/xlsx"
)

func sampleHierarchy(t testing.TB) *responsibility.Hierarchy {
	t.Helper()
	h, err := responsibility.New(frameworks.SanjiWugang(), sample.Structure())
	require.NoError(t, err)
	return h
}

func writePlan(t testing.TB, plan *zerenv1.Plan, opts ...xlsx.Option) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, xlsx.WritePlan(&buf, plan, opts...))
	return buf.Bytes()
}

func TestSamplePlanRoundTripsThroughAWorkbook(t *testing.T) {
	t.Parallel()
	h := sampleHierarchy(t)
	plan := sample.Plan()
	b := writePlan(t, plan, xlsx.WithHierarchy(h))
	got, err := xlsx.ReadPlan(bytes.NewReader(b), xlsx.WithHierarchy(h))
	require.NoError(t, err)
	if !proto.Equal(plan, got) {
		t.Fatalf("round trip differs (-want +got):\n%s", cmp.Diff(plan, got, protocmp.Transform()))
	}
}

func TestPlanWorkbookIsShapedForPeople(t *testing.T) {
	t.Parallel()
	b := writePlan(t, sample.Plan(), xlsx.WithFramework(frameworks.SanjiWugang()))
	f, err := excelize.OpenReader(bytes.NewReader(b))
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, []string{"说明", "问题清单", "任务清单", "责任清单", "选项"}, f.GetSheetList())
	visible, err := f.GetSheetVisible("选项")
	require.NoError(t, err)
	assert.False(t, visible, "the drop-down lists sit on a hidden sheet")

	panes, err := f.GetPanes("任务清单")
	require.NoError(t, err)
	assert.True(t, panes.Freeze)
	assert.Equal(t, 1, panes.YSplit)

	h, _ := f.GetCellValue("任务清单", "D1")
	assert.Equal(t, "任务", h)
	w, err := f.GetColWidth("任务清单", "D")
	require.NoError(t, err)
	assert.Greater(t, w, 20.0, "a column of Chinese titles is wide enough to read")

	dvs, err := f.GetDataValidations("任务清单")
	require.NoError(t, err)
	lists := map[string]string{}
	for _, dv := range dvs {
		lists[dv.Sqref[:1]] = dv.Formula1
	}
	assert.Contains(t, lists, "C", "dimension has a drop-down")
	assert.Contains(t, lists, "G", "post kind has a drop-down")
	assert.Contains(t, lists, "R", "frequency has a drop-down")
	assert.Contains(t, lists, "S", "split rule has a drop-down")
	post, _ := f.GetCellValue("任务清单", "G2")
	assert.Contains(t, []string{"党组（党委）书记", "党组（党委）其他成员", "机关党委书记", "机关纪委书记", "党支部书记"}, post,
		"post kinds are written by name when the framework is known")
	opts, err := f.GetCols("选项")
	require.NoError(t, err)
	assert.Contains(t, opts[0], "党风廉政建设")

	target, err := f.GetCellType("任务清单", "P2")
	require.NoError(t, err)
	assert.NotEqual(t, excelize.CellTypeSharedString, target, "targets are numbers, not text")
}

func TestBlankTemplateReadsAsAnEmptyPlan(t *testing.T) {
	t.Parallel()
	b := writePlan(t, nil)
	got, err := xlsx.ReadPlan(bytes.NewReader(b))
	require.NoError(t, err)
	assert.True(t, proto.Equal(&zerenv1.Plan{}, got))
}

func importErr(t *testing.T, err error) *xlsx.ImportError {
	t.Helper()
	var ie *xlsx.ImportError
	require.True(t, errors.As(err, &ie), "want an *ImportError, got %v", err)
	return ie
}

func locations(ie *xlsx.ImportError) map[string]xlsx.Code {
	out := map[string]xlsx.Code{}
	for _, p := range ie.Problems {
		out[p.Location()] = p.Code
	}
	return out
}

// edit opens a workbook, changes it and saves it.
func edit(t *testing.T, b []byte, change func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	require.NoError(t, err)
	change(f)
	var out bytes.Buffer
	_, err = f.WriteTo(&out)
	require.NoError(t, err)
	return out.Bytes()
}

func TestMalformedPlanReportsEveryProblemAtItsCell(t *testing.T) {
	t.Parallel()
	h := sampleHierarchy(t)
	extra := fmt.Sprintf("A%d", len(sample.Plan().GetProblems())+2)
	b := edit(t, writePlan(t, sample.Plan(), xlsx.WithHierarchy(h)), func(f *excelize.File) {
		require.NoError(t, f.SetSheetRow("问题清单", extra, &[]any{"P01", "", "", "重复的问题"}))
		require.NoError(t, f.SetCellStr("任务清单", "C3", "经济建设"))     // not a dimension
		require.NoError(t, f.SetCellStr("任务清单", "V4", "明年年底"))     // not a date
		require.NoError(t, f.SetCellStr("任务清单", "P5", "十二"))       // not a number
		require.NoError(t, f.SetCellStr("任务清单", "F6", "P01、P99"))  // unknown problem
		require.NoError(t, f.SetCellFormula("任务清单", "P7", "=1+1")) // a formula
		require.NoError(t, f.SetCellStr("任务清单", "G8", "局长"))       // not a post kind
		require.NoError(t, f.SetCellStr("问题清单", "D4", ""))         // required title
		require.NoError(t, f.SetCellStr("责任清单", "B2", "T99"))      // unknown task
		require.NoError(t, f.MergeCell("责任清单", "G3", "G4"))        // merged cells
	})
	got, err := xlsx.ReadPlan(bytes.NewReader(b), xlsx.WithHierarchy(h))
	assert.Nil(t, got, "nothing is half-imported")
	ie := importErr(t, err)
	want := map[string]xlsx.Code{
		"任务清单!C3": xlsx.CodeValue, "任务清单!V4": xlsx.CodeValue, "任务清单!P5": xlsx.CodeValue,
		"任务清单!F6": xlsx.CodeReference, "任务清单!P7": xlsx.CodeFormula, "任务清单!G8": xlsx.CodeReference,
		"问题清单!" + extra: xlsx.CodeDuplicate, "问题清单!D4": xlsx.CodeMissing, "责任清单!B2": xlsx.CodeReference,
		"责任清单!G3:G4": xlsx.CodeMerged,
	}
	assert.Equal(t, want, locations(ie), ie.Zh())
	assert.Contains(t, ie.Zh(), "任务清单!V4（完成时限）: 不是日期：“明年年底”")
	assert.Contains(t, ie.Error(), "任务清单!V4（完成时限）: not a date: \"明年年底\"")

	// The same problems in the library's one shape.
	ve, ok := problem.As(err)
	require.True(t, ok, "an import error is a *problem.ValidationError")
	assert.Equal(t, "xlsx", ve.Source)
	require.Len(t, ve.Problems, len(ie.Problems))
	codes := map[string]problem.Code{}
	for i, p := range ve.Problems {
		codes[p.Path] = p.Code
		assert.Equal(t, ie.Problems[i].Column, p.Field, "the field is the column's header")
		assert.Equal(t, ie.Problems[i].Zh, p.MessageZh)
		assert.Equal(t, ie.Problems[i].En, p.Message)
	}
	assert.Equal(t, map[string]problem.Code{
		"任务清单!C3": problem.InvalidValue, "任务清单!V4": problem.InvalidValue, "任务清单!P5": problem.InvalidValue,
		"任务清单!F6": problem.DanglingReference, "任务清单!P7": problem.InvalidValue, "任务清单!G8": problem.DanglingReference,
		"问题清单!" + extra: problem.DuplicateID, "问题清单!D4": problem.MissingField, "责任清单!B2": problem.DanglingReference,
		"责任清单!G3:G4": problem.InvalidValue,
	}, codes)
	assert.ErrorIs(t, err, problem.MissingField)
	assert.ErrorIs(t, err, problem.DuplicateID)
	assert.NotErrorIs(t, err, problem.Cycle)
	for _, p := range ve.Problems {
		if p.Path == "任务清单!V4" {
			assert.Equal(t, "完成时限", p.Field)
			assert.Equal(t, "任务清单!V4：完成时限：不是日期：“明年年底”", p.Zh())
		}
	}
}

func TestAPlanOfAnotherFrameworkIsLocatedAtItsHeaderCell(t *testing.T) {
	t.Parallel()
	h := sampleHierarchy(t)
	var cell string
	b := edit(t, writePlan(t, sample.Plan(), xlsx.WithHierarchy(h)), func(f *excelize.File) {
		for n := 1; n <= 20 && cell == ""; n++ {
			if v, _ := f.GetCellValue("说明", fmt.Sprintf("A%d", n)); v == "责任体系" {
				cell = fmt.Sprintf("B%d", n)
			}
		}
		require.NotEmpty(t, cell, "the 说明 sheet names the framework")
		require.NoError(t, f.SetCellStr("说明", cell, "another-framework"))
	})
	_, err := xlsx.ReadPlan(bytes.NewReader(b), xlsx.WithHierarchy(h))
	ve, ok := problem.As(err)
	require.True(t, ok, "%v", err)
	require.NotEmpty(t, ve.Problems)
	p := ve.Problems[0]
	assert.Equal(t, "plan", p.Record, "the library's record")
	assert.Equal(t, sample.PlanID, p.ID)
	assert.Equal(t, "framework_id", p.Field, "the library's field, not the column's header")
	assert.Equal(t, "说明!"+cell, p.Path)
	assert.NotEqual(t, problem.InvalidValue, p.Code, "the library's own code: %s", p.Code)
	assert.True(t, errors.Is(err, p.Code))
}

func TestAnUnreadableWorkbookIsABadDocument(t *testing.T) {
	t.Parallel()
	_, err := xlsx.ReadPlan(bytes.NewReader([]byte("not a workbook")))
	ve, ok := problem.As(err)
	require.True(t, ok, "%v", err)
	require.Len(t, ve.Problems, 1)
	assert.Equal(t, problem.BadDocument, ve.Problems[0].Code)
	assert.ErrorIs(t, err, problem.BadDocument)
}

func TestPlanCheckedAgainstTheHierarchyLocatesItsProblems(t *testing.T) {
	t.Parallel()
	h := sampleHierarchy(t)
	b := edit(t, writePlan(t, sample.Plan(), xlsx.WithHierarchy(h)), func(f *excelize.File) {
		require.NoError(t, f.SetCellStr("任务清单", "K3", "no-such-unit"))
	})
	_, err := xlsx.ReadPlan(bytes.NewReader(b), xlsx.WithHierarchy(h))
	ie := importErr(t, err)
	require.Len(t, ie.Problems, 1, ie.Error())
	assert.Equal(t, "任务清单!K3", ie.Problems[0].Location())
	assert.Equal(t, xlsx.CodeInvalid, ie.Problems[0].Code)
	assert.Contains(t, ie.Problems[0].En, "no-such-unit")
	assert.Contains(t, ie.Problems[0].Zh, "未通过校验：", "the library's Chinese message")
	require.NotNil(t, ie.Problems[0].Cause, "the library's problem is kept")

	// In the library's shape the problem is checklist.Validate's own: its
	// code, record, id and field, located at the cell.
	ve, ok := problem.As(err)
	require.True(t, ok, "%v", err)
	require.Len(t, ve.Problems, 1)
	p := ve.Problems[0]
	cause := *ie.Problems[0].Cause
	assert.Equal(t, problem.DanglingReference, p.Code)
	assert.Equal(t, "task", p.Record)
	assert.Equal(t, sample.Plan().GetTasks()[1].GetId(), p.ID, "row 3 is the second task")
	assert.Equal(t, sample.Plan().GetTasks()[1].GetTitle(), p.Name)
	assert.Equal(t, cause.Field, p.Field)
	assert.True(t, strings.HasPrefix(p.Field, "scope"), p.Field)
	assert.Equal(t, "任务清单!K3", p.Path)
	assert.Equal(t, cause.MessageZh, p.MessageZh)
	assert.Equal(t, "未通过校验："+cause.MessageZh, ie.Problems[0].Zh)
	assert.ErrorIs(t, err, checklist.ProblemDanglingReference)
}
