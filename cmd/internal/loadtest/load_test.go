package loadtest_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cmd/internal/loadtest"
	"github.com/zerenlab/zeren/cmd/internal/testdb"
)

// A short run of each protocol: every kind of call is made and succeeds.
func TestLoadRunsEveryKindOfCall(t *testing.T) {
	t.Parallel()
	cfg, accepted := zerendCounting(t, testdb.SQLite(t))
	for _, proto := range []string{"grpc", "connect", "grpcweb"} {
		before := accepted()
		c := cfg
		c.Protocol, c.Workers, c.Duration, c.MaxOps, c.Connections = proto, 4, 3*time.Second, 120, 2
		// Every kind, even in so few calls.
		c.ReadPercent, c.WritePercent = 50, 40
		rep, err := loadtest.Run(context.Background(), c)
		require.NoError(t, err)
		t.Logf("%s", rep)
		assert.Zero(t, rep.Errors(), "%s", rep)
		for _, k := range rep.Kinds {
			// Concurrent runs of the same assessment may lose the race
			// for its results: ABORTED, a conflict, not an error.
			assert.Positive(t, k.OK+k.Conflicts, "%s: %s calls", proto, k.Kind)
			assert.GreaterOrEqual(t, k.P99, k.P50)
		}
		assert.LessOrEqual(t, rep.Ops(), 120, "bounded in count")
		if proto == "grpc" {
			assert.Equal(t, int64(2), accepted()-before, "4 workers on 2 HTTP/2 connections")
		}
		slowest := max(rep.Kinds[0].Max, rep.Kinds[1].Max, rep.Kinds[2].Max)
		assert.Positive(t, rep.P50)
		assert.GreaterOrEqual(t, rep.P99, rep.P50, "over every call")
		assert.LessOrEqual(t, rep.P99, slowest, "over every call")
	}
}

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	_, err := loadtest.Run(context.Background(), loadtest.Config{Protocol: "smtp", ReadPercent: 90, WritePercent: 20, Workers: 2, Connections: 3})
	require.Error(t, err)
	for _, want := range []string{"BaseURL", "Organizations", "add up", "smtp", "3 connections for 2 workers"} {
		assert.Contains(t, err.Error(), want)
	}
}
