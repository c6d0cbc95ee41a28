package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"
)

// serveSample serves 示例市 with its 2026 plan and indicator system over st.
func serveSample(t *testing.T, st server.Store, opts ...server.Option) (*server.Server, clients, string) {
	t.Helper()
	cal, err := calendar.New(sample.Calendar(), sample.Location)
	require.NoError(t, err)
	srv, err := server.New(st, append([]server.Option{server.WithAuthenticator(server.StaticTokens{adminToken: {Subject: "gongwei-admin"}}),
		server.WithClock(func() time.Time { return sample.RotationDate }), server.WithCalendar(cal),
		server.WithLocation(sample.Location), server.WithProgressTolerance(366 * 24 * time.Hour)}, opts...)...)
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, srv.LoadStructure(ctx, "setup", frameworks.SanjiWugang(), sample.Structure()))
	_, err = srv.LoadPlan(ctx, "setup", sample.Plan())
	require.NoError(t, err)
	require.NoError(t, srv.LoadIndicatorSystem(ctx, "setup", sample.IndicatorSystem(), sample.Triggers()))
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return srv, clientsFor(hs.URL, adminToken), hs.URL
}

// A run compiles its indicator system once and reuses it while the stored
// system, structure and plan keep their versions; storing any of them again
// makes the next run compile again and score with what is stored.
func TestRunsReuseTheCompiledSystemUntilItsVersionChanges(t *testing.T) {
	t.Parallel()
	srv, c, _ := serveSample(t, server.NewMemoryStore())
	ctx := context.Background()
	run := func() *zerenv1.RunAssessmentResponse {
		r := &zerenv1.RunAssessmentRequest{SystemId: sample.IndicatorsID, Period: year2026, Facts: sample.Facts2026(), Reviews: sample.Reviews2026()}
		resp, err := c.assessment.RunAssessment(ctx, req(r))
		require.NoError(t, err)
		return resp.Msg
	}
	run()
	run()
	assert.Equal(t, int64(1), srv.Compiles(), "the second run compiles nothing")

	sys := sample.IndicatorSystem()
	sys.Version = "2026-修订"
	_, err := c.assessment.PutIndicatorSystem(ctx, req(&zerenv1.PutIndicatorSystemRequest{System: sys, Triggers: sample.Triggers()}))
	require.NoError(t, err)
	assert.Equal(t, "2026-修订", run().GetSystemVersion())
	assert.Equal(t, int64(2), srv.Compiles(), "a stored system's new version is compiled")

	_, err = c.hierarchy.PutStructure(ctx, req(&zerenv1.PutStructureRequest{Structure: sample.Structure()}))
	require.NoError(t, err)
	run()
	assert.Equal(t, int64(3), srv.Compiles(), "a new structure version compiles the triggers against it")
	run()
	assert.Equal(t, int64(3), srv.Compiles())
}

// Small answers go out uncompressed even to a client that accepts gzip;
// large ones are compressed.
func TestNoCompressionOfSmallAnswers(t *testing.T) {
	t.Parallel()
	_, _, url := serveSample(t, server.NewMemoryStore())
	call := func(method string, m proto.Message) (string, int) {
		body, err := proto.Marshal(m)
		require.NoError(t, err)
		r, err := http.NewRequest(http.MethodPost, url+"/zeren.v1."+method, bytes.NewReader(body))
		require.NoError(t, err)
		r.Header.Set("Content-Type", "application/proto")
		r.Header.Set("Accept-Encoding", "gzip")
		r.Header.Set("Authorization", "Bearer "+adminToken)
		resp, err := http.DefaultTransport.RoundTrip(r) // no transparent decompression
		require.NoError(t, err)
		defer resp.Body.Close()
		var rd io.Reader = resp.Body
		if resp.Header.Get("Content-Encoding") == "gzip" {
			rd, err = gzip.NewReader(resp.Body)
			require.NoError(t, err)
		}
		b, err := io.ReadAll(rd)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
		return resp.Header.Get("Content-Encoding"), len(b)
	}
	enc, n := call("HierarchyService/GetChain", &zerenv1.GetChainRequest{OrganizationId: "czj-pg"})
	assert.Empty(t, enc, "a %d-byte answer is not compressed", n)
	assert.Less(t, n, 1024)
	enc, _ = call("ChecklistService/ListAssignments", &zerenv1.ListAssignmentsRequest{PageSize: 200})
	assert.Equal(t, "gzip", enc, "a large answer is compressed")
}
