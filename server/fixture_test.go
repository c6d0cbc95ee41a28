package server_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/assessment"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

var update = flag.Bool("update", false, "rewrite the client fixtures under clients/testdata")

// clientFixture is the request the client tests in other languages send
// to run 示例市's 2026 assessment: the sample facts and 述职评议 ballots, as
// protojson of zeren.v1.RunAssessmentRequest.
const clientFixture = "../clients/testdata/run-assessment-2026.json"

// TestClientFixtureIsUpToDate checks that the fixture matches the sample
// data; `go test ./server -run TestClientFixture -update` rewrites it.
func TestClientFixtureIsUpToDate(t *testing.T) {
	t.Parallel()
	want, err := assessment.MarshalJSON(&zerenv1.RunAssessmentRequest{
		SystemId: sample.IndicatorsID, Period: year2026, Facts: sample.Facts2026(), Reviews: sample.Reviews2026(),
	})
	require.NoError(t, err)
	want = append(want, '\n')
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(clientFixture), 0o755))
		require.NoError(t, os.WriteFile(clientFixture, want, 0o644))
	}
	got, err := os.ReadFile(clientFixture)
	require.NoError(t, err, "run: go test ./server -run TestClientFixture -update")
	assert.True(t, string(want) == string(got), "%s is stale; run: go test ./server -run TestClientFixture -update", clientFixture)
}
