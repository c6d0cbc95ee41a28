package daemon_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/cmd/internal/testdb"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
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

// callWith is call with request headers.
func callWith(t *testing.T, url, token string, body []byte, header map[string]string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, url, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, b
}

// jsonProblems decodes {"problems":[…]} of zeren.v1.ValidationProblem.
func jsonProblems(t *testing.T, body []byte) []*zerenv1.ValidationProblem {
	t.Helper()
	var out struct {
		Problems []json.RawMessage `json:"problems"`
	}
	require.NoError(t, json.Unmarshal(body, &out), string(body))
	ps := make([]*zerenv1.ValidationProblem, len(out.Problems))
	for i, raw := range out.Problems {
		ps[i] = &zerenv1.ValidationProblem{}
		require.NoError(t, protojson.Unmarshal(raw, ps[i]), string(raw))
	}
	return ps
}

func TestExcelUploadAnswersItsProblemsAsJSONWhenAsked(t *testing.T) {
	t.Parallel()
	cfg := config(testdb.SQLite(t))
	cfg.Tokens, cfg.Dev, cfg.SeedSample = "", true, true
	d, _ := start(t, cfg)
	base := "http://" + d.Addr().String()
	var book bytes.Buffer
	require.NoError(t, xlsx.WritePlan(&book, sample.Plan()))
	f, err := excelize.OpenReader(bytes.NewReader(book.Bytes()))
	require.NoError(t, err)
	require.NoError(t, f.SetCellStr("任务清单", "C2", "经济建设")) // not a dimension
	require.NoError(t, f.SetCellStr("任务清单", "D3", ""))     // a required title
	var bad bytes.Buffer
	_, err = f.WriteTo(&bad)
	require.NoError(t, err)

	byPath := func(ps []*zerenv1.ValidationProblem) map[string]*zerenv1.ValidationProblem {
		out := map[string]*zerenv1.ValidationProblem{}
		for _, p := range ps {
			out[p.GetPath()] = p
		}
		return out
	}
	code, header, body := callWith(t, base+"/excel/plan", "dev-gongwei", bad.Bytes(), map[string]string{"Accept": "application/json"})
	require.Equal(t, http.StatusUnprocessableEntity, code, string(body))
	assert.Equal(t, "application/json", header.Get("Content-Type"))
	zh := byPath(jsonProblems(t, body))
	require.Contains(t, zh, "任务清单!C2", string(body))
	require.Contains(t, zh, "任务清单!D3", string(body))
	assert.Equal(t, "invalid_value", zh["任务清单!C2"].GetCode())
	assert.Equal(t, "维度", zh["任务清单!C2"].GetField(), "the field is the column's header")
	assert.Equal(t, zh["任务清单!C2"].GetMessageZh(), zh["任务清单!C2"].GetMessage(), "Chinese by default")
	assert.Contains(t, zh["任务清单!C2"].GetMessageZh(), "经济建设")
	assert.NotEmpty(t, zh["任务清单!C2"].GetMessageEn())
	assert.Equal(t, "missing_field", zh["任务清单!D3"].GetCode())

	code, _, body = callWith(t, base+"/excel/plan", "dev-gongwei", bad.Bytes(),
		map[string]string{"Accept": "application/json, text/plain, */*", "Accept-Language": "en-US,en;q=0.9,zh;q=0.8"})
	require.Equal(t, http.StatusUnprocessableEntity, code, string(body))
	en := byPath(jsonProblems(t, body))
	require.Contains(t, en, "任务清单!C2", string(body))
	assert.Equal(t, en["任务清单!C2"].GetMessageEn(), en["任务清单!C2"].GetMessage(), "English when English comes first")
	assert.Equal(t, zh["任务清单!C2"].GetMessageZh(), en["任务清单!C2"].GetMessageZh())

	// Plain text stays the default, and for a client that prefers it.
	for _, accept := range []string{"", "*/*", "text/plain, application/json;q=0.5", "application/json;q=0"} {
		code, header, body = callWith(t, base+"/excel/plan", "dev-gongwei", bad.Bytes(), map[string]string{"Accept": accept})
		require.Equal(t, http.StatusUnprocessableEntity, code, string(body))
		assert.Contains(t, header.Get("Content-Type"), "text/plain", "Accept %q", accept)
		assert.Contains(t, string(body), "任务清单!C2（维度）", "Accept %q", accept)
	}
}

func TestExcelUploadAnswersThePlanChecksAsJSONWhenAsked(t *testing.T) {
	t.Parallel()
	cfg := config(testdb.SQLite(t))
	cfg.Tokens, cfg.Dev = "", true // no structure: the workbook is read alone, PutPlan checks the rest
	d, _ := start(t, cfg)
	base := "http://" + d.Addr().String()
	plan := proto.CloneOf(sample.Plan())
	plan.Year = 0
	var book bytes.Buffer
	require.NoError(t, xlsx.WritePlan(&book, plan))

	code, header, body := callWith(t, base+"/excel/plan", "dev-gongwei", book.Bytes(), map[string]string{"Accept": "application/json"})
	require.Equal(t, http.StatusUnprocessableEntity, code, string(body))
	assert.Equal(t, "application/json", header.Get("Content-Type"))
	ps := jsonProblems(t, body)
	require.NotEmpty(t, ps, string(body))
	assert.Equal(t, "plan.year", ps[0].GetField())

	code, header, body = callWith(t, base+"/excel/plan", "dev-gongwei", book.Bytes(), nil)
	require.Equal(t, http.StatusUnprocessableEntity, code, string(body))
	assert.Contains(t, header.Get("Content-Type"), "text/plain")
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
	// A made-up token learns nothing, not even whether the system exists:
	// the same 401 for a stored system and a missing one.
	for _, id := range []string{system.GetId(), "no-such-system"} {
		code, body = call(t, http.MethodPost, base+"/excel/reviews?system_id="+id, "forged", book.Bytes())
		assert.Equal(t, http.StatusUnauthorized, code, "system %q: %s", id, body)
	}
	code, body = call(t, http.MethodPost, base+"/excel/plan", "forged", book.Bytes())
	assert.Equal(t, http.StatusUnauthorized, code, "%s", body)
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

func TestAnnualReportShowsTheFindingsAndBallotsOfTheStore(t *testing.T) {
	t.Parallel()
	cfg := config(testdb.SQLite(t))
	cfg.Tokens, cfg.Dev, cfg.SeedSample = "", true, true
	d, _ := start(t, cfg)
	base := "http://" + d.Addr().String()
	report := func(query string) string {
		code, body := call(t, http.MethodGet, base+"/excel/report.html?year=2026"+query, "dev-gongwei", nil)
		require.Equal(t, http.StatusOK, code, string(body))
		return string(body)
	}
	require.Contains(t, report(""), "本年度未录入督查发现", "no findings recorded yet")

	findings := sample.Input2026().Findings
	require.NotEmpty(t, findings)
	other := proto.CloneOf(findings[0])
	other.Id, other.FoundAt = "F-2025", timestamppb.New(time.Date(2025, time.May, 1, 0, 0, 0, 0, sample.Location))
	sup := zerenv1connect.NewSupervisionServiceClient(http.DefaultClient, base, bearer("dev-gongwei"))
	_, err := sup.RecordFindings(context.Background(), connect.NewRequest(&zerenv1.RecordFindingsRequest{Findings: append(findings, other)}))
	require.NoError(t, err)
	body := report("")
	assert.NotContains(t, body, "本年度未录入督查发现", "the 督查发现 section lists the recorded findings")
	assert.Contains(t, body, fmt.Sprintf("全年督查发现问题 %d 个", len(findings)), "the year's findings, not 2025's")
	assert.Contains(t, body, `id="chart-dimensions"`)

	// The ballots of a run come from the store too.
	var book bytes.Buffer
	system := sample.IndicatorSystem()
	require.NoError(t, xlsx.WriteReviews(&book, system.GetReview(), sample.Reviews2026()))
	code, out := call(t, http.MethodPost, base+"/excel/reviews?system_id="+system.GetId(), "dev-gongwei", book.Bytes())
	require.Equal(t, http.StatusOK, code, string(out))
	var run struct {
		RunID string `json:"runId"`
	}
	require.NoError(t, json.Unmarshal(out, &run))
	assert.Contains(t, report(""), "本年度未录入述职评议", "without a run, no ballots")
	body = report("&run_id=" + run.RunID + "&system_id=" + system.GetId())
	assert.NotContains(t, body, "本年度未录入述职评议")
	assert.Contains(t, body, `id="review-table"`)
	table := body[strings.Index(body, `id="review-table"`):]
	table = table[:strings.Index(table, "</table>")]
	assert.Equal(t, len(sample.Reviews2026()), strings.Count(table, "<tr><td>"), "a row per unit's ballots")

	// The run's facts give the 两张皮 scatter its business scores: a point
	// per unit the run scored with one.
	gap := func(body string) int {
		i := strings.Index(body, `id="chart-gap"`)
		if i < 0 {
			return 0
		}
		chart := body[i:]
		return strings.Count(chart[:strings.Index(chart, "</svg>")], `class="point"`)
	}
	withBusiness := 0
	for _, f := range sample.Facts2026() {
		if f.GetBusinessScore() > 0 {
			withBusiness++
		}
	}
	require.NotZero(t, withBusiness)
	assert.Equal(t, withBusiness, gap(body), "a point per unit with a business score")
	assert.Zero(t, gap(report("")), "without a run, no scores to plot")
}
