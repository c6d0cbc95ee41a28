package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

func TestTemplateFilledWorkbookImportsAsThePlan(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	book := filepath.Join(dir, "lists.xlsx")
	r := zeren(t, "", "template", "-kind", "plan", "-sample", "-o", book)
	require.Equal(t, 0, r.code, r.stderr)
	r = zeren(t, "", "import", book)
	require.Equal(t, 0, r.code, r.stderr)
	var plan zerenv1.Plan
	require.NoError(t, protojson.Unmarshal([]byte(r.stdout), &plan))
	assert.True(t, proto.Equal(sample.Plan(), &plan), "the imported plan is the sample plan")

	blank := filepath.Join(dir, "blank.xlsx")
	require.Equal(t, 0, zeren(t, "", "template", "-o", blank).code)
	r = zeren(t, "", "import", blank)
	assert.Equal(t, 1, r.code, "a blank plan has no year")
	assert.Contains(t, r.stderr, "说明!B4（年度）")
}

func TestImportListsEveryProblemByCellAndImportsNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	book := filepath.Join(dir, "lists.xlsx")
	require.Equal(t, 0, zeren(t, "", "template", "-sample", "-o", book).code)
	f, err := excelize.OpenFile(book)
	require.NoError(t, err)
	require.NoError(t, f.SetCellStr("任务清单", "C3", "经济建设"))
	require.NoError(t, f.SetCellFormula("任务清单", "P4", "1+1"))
	require.NoError(t, f.Save())
	require.NoError(t, f.Close())

	out := filepath.Join(dir, "plan.json")
	r := zeren(t, "", "import", "-o", out, book)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "任务清单!C3（维度）")
	assert.Contains(t, r.stderr, "任务清单!P4（目标值）: 应填写数值，不能使用公式")
	assert.NoFileExists(t, out, "nothing is written")
	r = zeren(t, "", "import", "-lang", "en", book)
	assert.Contains(t, r.stderr, "a value is expected, not a formula")
}

func TestReviewSheetImportsAsBallots(t *testing.T) {
	t.Parallel()
	book := filepath.Join(t.TempDir(), "reviews.xlsx")
	require.Equal(t, 0, zeren(t, "", "template", "-kind", "reviews", "-sample", "-o", book).code)
	r := zeren(t, "", "import", "-kind", "reviews", book)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, len(sample.Reviews2026()), strings.Count(r.stdout, `"unitId"`))
}

func TestExportWritesWorkbooksAndTheReport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	lists := filepath.Join(dir, "lists.xlsx")
	require.Equal(t, 0, zeren(t, "", "template", "-sample", "-o", lists).code)
	for _, what := range []string{"assignments", "cases", "results", "proposals", "reviews"} {
		out := filepath.Join(dir, what+".xlsx")
		r := zeren(t, "", "export", "-format", "xlsx", "-what", what, "-plan", lists, "-o", out)
		require.Equal(t, 0, r.code, r.stderr)
		f, err := excelize.OpenFile(out)
		require.NoError(t, err, what)
		assert.NotEmpty(t, f.GetSheetList())
		require.NoError(t, f.Close())
	}
	html := filepath.Join(dir, "report.html")
	r := zeren(t, "", "export", "-format", "html", "-plan", lists, "-o", html)
	require.Equal(t, 0, r.code, r.stderr)
	page, err := os.ReadFile(html)
	require.NoError(t, err)
	assert.Contains(t, string(page), "五、考核结果")
	assert.Contains(t, string(page), "市财政局")

	r = zeren(t, "", "export", "-format", "pdf", "-o", html)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "应为 xlsx 或 html")
}

func TestAssessWritesTheScoreSheetAsAWorkbook(t *testing.T) {
	t.Parallel()
	r := zeren(t, "", "assess", "-format", "xlsx")
	require.Equal(t, 0, r.code, r.stderr)
	f, err := excelize.OpenReader(strings.NewReader(r.stdout))
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows("汇总")
	require.NoError(t, err)
	assert.Len(t, rows, 1+len(sample.Facts2026()))
	assert.NotEqual(t, rows[1][1], rows[1][2], "units by name, not only id")
}
