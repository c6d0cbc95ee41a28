package daemon_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/zerenlab/zeren/cmd/internal/testdb"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/xlsx"
)

func call(t *testing.T, method, url, token string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, url, bytes.NewReader(body))
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

func TestExcelDownloadsAreLimitedToTheCallersSubtree(t *testing.T) {
	t.Parallel()
	cfg := config(testdb.SQLite(t))
	cfg.Tokens, cfg.Dev, cfg.SeedSample = "", true, true
	d, _ := start(t, cfg)
	base := "http://" + d.Addr().String()

	count := func(token string) int {
		code, body := call(t, http.MethodGet, base+"/excel/assignments.xlsx", token, nil)
		require.Equal(t, http.StatusOK, code, string(body))
		f, err := excelize.OpenReader(bytes.NewReader(body))
		require.NoError(t, err)
		defer f.Close()
		rows, err := f.GetRows("汇总")
		require.NoError(t, err)
		return len(rows) - 1
	}
	assert.Greater(t, count("dev-gongwei"), 1, "the 工委 sees every unit")
	assert.Equal(t, 1, count("dev-czj"), "市财政局 sees only its own unit")

	code, _ := call(t, http.MethodGet, base+"/excel/assignments.xlsx", "", nil)
	assert.Equal(t, http.StatusUnauthorized, code)
	code, _ = call(t, http.MethodGet, base+"/excel/nothing.xlsx", "dev-gongwei", nil)
	assert.Equal(t, http.StatusNotFound, code)
	code, body := call(t, http.MethodGet, base+"/excel/cases.xlsx", "dev-czj", nil)
	assert.Equal(t, http.StatusOK, code, string(body))
}

func TestExcelUploadOfTheListsIsForTheWorkCommitteeOnly(t *testing.T) {
	t.Parallel()
	cfg := config(testdb.SQLite(t))
	cfg.Tokens, cfg.Dev, cfg.SeedSample = "", true, true
	d, _ := start(t, cfg)
	base := "http://" + d.Addr().String()
	var book bytes.Buffer
	require.NoError(t, xlsx.WritePlan(&book, sample.Plan()))

	code, body := call(t, http.MethodPost, base+"/excel/plan", "dev-czj", book.Bytes())
	assert.Equal(t, http.StatusForbidden, code, "a unit cannot replace the lists: %s", body)
	code, body = call(t, http.MethodPost, base+"/excel/plan", "dev-gongwei", book.Bytes())
	assert.Equal(t, http.StatusOK, code, string(body))
	assert.Contains(t, string(body), `"planId":"`+sample.PlanID+`"`)

	f, err := excelize.OpenReader(bytes.NewReader(book.Bytes()))
	require.NoError(t, err)
	require.NoError(t, f.SetCellStr("任务清单", "C2", "经济建设"))
	var bad bytes.Buffer
	_, err = f.WriteTo(&bad)
	require.NoError(t, err)
	code, body = call(t, http.MethodPost, base+"/excel/plan", "dev-gongwei", bad.Bytes())
	assert.Equal(t, http.StatusUnprocessableEntity, code)
	assert.Contains(t, string(body), "任务清单!C2（维度）")
}

func TestExcelUploadOfBallotsRunsTheAssessmentAndTheScoresDownload(t *testing.T) {
	t.Parallel()
	cfg := config(testdb.SQLite(t))
	cfg.Tokens, cfg.Dev, cfg.SeedSample = "", true, true
	d, _ := start(t, cfg)
	base := "http://" + d.Addr().String()
	system := sample.IndicatorSystem()
	var book bytes.Buffer
	require.NoError(t, xlsx.WriteReviews(&book, system.GetReview(), sample.Reviews2026()))

	url := base + "/excel/reviews?system_id=" + system.GetId()
	code, body := call(t, http.MethodPost, url, "dev-czj", book.Bytes())
	assert.Equal(t, http.StatusForbidden, code, "only the 工委 runs the assessment: %s", body)
	code, body = call(t, http.MethodPost, url, "dev-gongwei", book.Bytes())
	require.Equal(t, http.StatusOK, code, string(body))
	var run struct {
		RunID   string `json:"runId"`
		Reviews int    `json:"reviews"`
	}
	require.NoError(t, json.Unmarshal(body, &run))
	assert.Equal(t, len(sample.Reviews2026()), run.Reviews)

	code, body = call(t, http.MethodGet, base+"/excel/results.xlsx?run_id="+run.RunID+"&system_id="+system.GetId(), "dev-czj", nil)
	require.Equal(t, http.StatusOK, code, string(body))
	f, err := excelize.OpenReader(bytes.NewReader(body))
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows("汇总")
	require.NoError(t, err)
	require.Len(t, rows, 2, "市财政局 downloads its own score only")
	assert.Equal(t, "czj", rows[1][1])
}

func TestAnnualReportDownloadIsForTheWorkCommittee(t *testing.T) {
	t.Parallel()
	cfg := config(testdb.SQLite(t))
	cfg.Tokens, cfg.Dev, cfg.SeedSample = "", true, true
	d, _ := start(t, cfg)
	base := "http://" + d.Addr().String()
	code, _ := call(t, http.MethodGet, base+"/excel/report.html", "dev-czj", nil)
	assert.Equal(t, http.StatusForbidden, code)
	code, _ = call(t, http.MethodGet, base+"/excel/report.html", "", nil)
	assert.Equal(t, http.StatusUnauthorized, code)
	code, body := call(t, http.MethodGet, base+"/excel/report.html?year=2026", "dev-gongwei", nil)
	require.Equal(t, http.StatusOK, code, string(body))
	assert.Contains(t, string(body), "三、任务分解与完成")
	assert.NotContains(t, string(body), "<script")
}
