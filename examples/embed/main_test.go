package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEmbeddedHandlerAnswersJSONBesideTheOAsRoutes calls the mounted handler
// with plain HTTP/JSON, as a Java or Python OA without generated stubs would.
func TestEmbeddedHandlerAnswersJSONBesideTheOAsRoutes(t *testing.T) {
	h, err := newHandler()
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/healthz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/zeren/zeren.v1.HierarchyService/GetChain",
		strings.NewReader(`{"organizationId":"czj-b1","at":"2026-06-30T00:00:00+08:00"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer dev-czj")
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	assert.Contains(t, string(body), "周启明")
}

// post calls one RPC with plain HTTP/JSON and decodes the answer.
func post(t *testing.T, url, token, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(resp.Body)
	require.NoError(t, json.NewDecoder(bytes.NewReader(raw)).Decode(&out), string(raw))
	return resp.StatusCode, out
}

// TestTheSeededYearCanBeAssessed runs 示例市's 2026 assessment against the
// seeded plan and indicator system with the clients' fixture, as the
// TypeScript client test does, and reads the ranking back.
func TestTheSeededYearCanBeAssessed(t *testing.T) {
	h, err := newHandler()
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	base := srv.URL + "/zeren/zeren.v1."

	code, out := post(t, base+"ChecklistService/ListAssignments", "dev-czj",
		`{"taskId":"T01","period":{"kind":"PERIOD_KIND_MONTH","year":2026,"index":1}}`)
	require.Equal(t, http.StatusOK, code, out)
	assert.Len(t, out["assignments"], 1, "the plan is decomposed; 市财政局 sees its own")

	fixture, err := os.ReadFile("../../clients/testdata/run-assessment-2026.json")
	require.NoError(t, err)
	code, out = post(t, base+"AssessmentService/RunAssessment", "dev-gongwei", string(fixture))
	require.Equal(t, http.StatusOK, code, out)
	assert.Equal(t, "sz-2026/2026", out["runId"])

	code, out = post(t, base+"AssessmentService/ListResults", "dev-gongwei", `{"runId":"sz-2026/2026","pageSize":3}`)
	require.Equal(t, http.StatusOK, code, out)
	var top []string
	for _, r := range out["results"].([]any) {
		m := r.(map[string]any)
		top = append(top, m["unitId"].(string)+" "+m["gradeId"].(string))
	}
	assert.Equal(t, []string{"sws good", "czj good", "sjj good"}, top)

	code, out = post(t, base+"AssessmentService/RunAssessment", "dev-czj", string(fixture))
	assert.Equal(t, http.StatusForbidden, code, out)
}
