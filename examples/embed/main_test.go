package main

import (
	"io"
	"net/http"
	"net/http/httptest"
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
