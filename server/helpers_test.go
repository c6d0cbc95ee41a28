package server_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/calendar"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"
)

var httpClient = http.DefaultClient

// clients are the generated Connect clients of every service for one
// token.
type clients struct {
	hierarchy   zerenv1connect.HierarchyServiceClient
	checklist   zerenv1connect.ChecklistServiceClient
	supervision zerenv1connect.SupervisionServiceClient
	assessment  zerenv1connect.AssessmentServiceClient
}

func clientsFor(url, token string, opts ...connect.ClientOption) clients {
	opts = append([]connect.ClientOption{bearer(token)}, opts...)
	return clients{
		hierarchy:   zerenv1connect.NewHierarchyServiceClient(httpClient, url, opts...),
		checklist:   zerenv1connect.NewChecklistServiceClient(httpClient, url, opts...),
		supervision: zerenv1connect.NewSupervisionServiceClient(httpClient, url, opts...),
		assessment:  zerenv1connect.NewAssessmentServiceClient(httpClient, url, opts...),
	}
}

// city is 示例市 served on loopback with its plan stored, for the 机关工委
// (admin) and for 市财政局 (czj, the subtree under its 党组).
type city struct {
	*fixture
	gw, cz clients
}

// newCity serves 示例市 with the sample calendar; with plan it also stores
// and decomposes the 2026 plan.
func newCity(t testing.TB, plan bool, opts ...server.Option) *city {
	t.Helper()
	cal, err := calendar.New(sample.Calendar(), sample.Location)
	require.NoError(t, err)
	// The sample's reports are dated through 2026 while the server's clock
	// says 2026-07-01: these tests accept reports up to a year old.
	f := newFixture(t, append([]server.Option{server.WithCalendar(cal), server.WithLocation(sample.Location),
		server.WithProgressTolerance(366 * 24 * time.Hour)}, opts...)...)
	c := &city{fixture: f, gw: clientsFor(f.url, adminToken), cz: clientsFor(f.url, financeToken, connect.WithGRPC())}
	if plan {
		ctx := context.Background()
		_, err := c.gw.checklist.PutPlan(ctx, connect.NewRequest(&zerenv1.PutPlanRequest{Plan: sample.Plan()}))
		require.NoError(t, err)
		_, err = c.gw.checklist.Decompose(ctx, connect.NewRequest(&zerenv1.DecomposeRequest{PlanId: sample.PlanID}))
		require.NoError(t, err)
	}
	return c
}

// unchanged runs a call that must fail with a code and checks that it left
// the store as it was.
func (c *city) unchanged(t *testing.T, want connect.Code, call func() error) *connect.Error {
	t.Helper()
	before := c.store.Snapshot()
	err := call()
	require.Error(t, err)
	assert.Equal(t, want, connect.CodeOf(err), "%v", err)
	assert.Equal(t, before, c.store.Snapshot(), "the store changed")
	var ce *connect.Error
	require.True(t, errors.As(err, &ce))
	return ce
}

// problems returns the ValidationProblem details of an error.
func problems(t *testing.T, ce *connect.Error) []*zerenv1.ValidationProblem {
	t.Helper()
	var out []*zerenv1.ValidationProblem
	for _, d := range ce.Details() {
		v, err := d.Value()
		require.NoError(t, err)
		if p, ok := v.(*zerenv1.ValidationProblem); ok {
			out = append(out, p)
		}
	}
	return out
}

func req[T any](m *T) *connect.Request[T] { return connect.NewRequest(m) }

func asConnect(err error) *connect.Error {
	var ce *connect.Error
	errors.As(err, &ce)
	return ce
}
