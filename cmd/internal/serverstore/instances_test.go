package serverstore_test

import (
	"context"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"

	"github.com/zerenlab/zeren/cmd/internal/testdb"
)

const token = "token-gongwei"

// instance is one zerend-like server over its own connection to a shared
// database, served on loopback.
type instance struct {
	srv        *server.Server
	hierarchy  zerenv1connect.HierarchyServiceClient
	checklist  zerenv1connect.ChecklistServiceClient
	assessment zerenv1connect.AssessmentServiceClient
}

func newInstance(t *testing.T, target string) *instance {
	t.Helper()
	cal, err := calendar.New(sample.Calendar(), sample.Location)
	require.NoError(t, err)
	srv, err := server.New(open(t, target),
		server.WithAuthenticator(server.StaticTokens{token: {Subject: "gongwei-admin"}}),
		server.WithClock(func() time.Time { return sample.RotationDate }), server.WithCalendar(cal),
		server.WithLocation(sample.Location), server.WithMaxEvaluationsPerCaller(8),
		server.WithProgressTolerance(366*24*time.Hour))
	require.NoError(t, err)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	auth := connect.WithInterceptors(connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, r connect.AnyRequest) (connect.AnyResponse, error) {
			r.Header().Set("Authorization", "Bearer "+token)
			return next(ctx, r)
		}
	}))
	return &instance{srv: srv,
		hierarchy:  zerenv1connect.NewHierarchyServiceClient(hs.Client(), hs.URL, auth),
		checklist:  zerenv1connect.NewChecklistServiceClient(hs.Client(), hs.URL, auth),
		assessment: zerenv1connect.NewAssessmentServiceClient(hs.Client(), hs.URL, auth, connect.WithGRPC()),
	}
}

// twoInstances stores 示例市, its 2026 plan and its indicator system through
// the first of two instances over one database.
func twoInstances(t *testing.T, target string) (a, b *instance) {
	t.Helper()
	a, b = newInstance(t, target), newInstance(t, target)
	ctx := context.Background()
	require.NoError(t, a.srv.LoadStructure(ctx, "setup", frameworks.SanjiWugang(), sample.Structure()))
	_, err := a.srv.LoadPlan(ctx, "setup", sample.Plan())
	require.NoError(t, err)
	require.NoError(t, a.srv.LoadIndicatorSystem(ctx, "setup", sample.IndicatorSystem(), sample.Triggers()))
	return a, b
}

var year2026 = &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2026}

// Concurrent RunAssessment calls on one period, spread over the instances,
// all succeed: each waits for the run before it (across processes on
// PostgreSQL, by an advisory lock) and gets a complete generation; the
// ranking read afterwards is complete.
func TestConcurrentRunsAcrossInstances(t *testing.T) {
	t.Parallel()
	for _, db := range []struct {
		name   string
		target func(testing.TB) string
		n      int
	}{
		{"sqlite", testdb.SQLite, 1}, // one process writes an SQLite file
		{"postgres", testdb.Postgres, 2},
	} {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			target := db.target(t)
			a, b := twoInstances(t, target)
			insts := []*instance{a, b}[:db.n]
			const runs = 6
			var wg sync.WaitGroup
			gens := make([]int32, runs)
			errs := make([]error, runs)
			for i := range runs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r := &zerenv1.RunAssessmentRequest{SystemId: sample.IndicatorsID, Period: year2026, Facts: sample.Facts2026(), Reviews: sample.Reviews2026()}
					resp, err := insts[i%len(insts)].assessment.RunAssessment(context.Background(), connect.NewRequest(r))
					errs[i] = err
					if err == nil {
						gens[i] = resp.Msg.GetGeneration()
					}
				}()
			}
			wg.Wait()
			for i, err := range errs {
				require.NoError(t, err, "run %d", i)
			}
			// Calls that waited together in one instance share a run; the
			// runs made are numbered without a gap.
			distinct := slices.Compact(slices.Sorted(slices.Values(gens)))
			for i, g := range distinct {
				require.Equal(t, int32(i+1), g, "generations %v", gens)
			}
			var units []string
			req := &zerenv1.ListResultsRequest{RunId: sample.IndicatorsID + "/2026"}
			for {
				resp, err := b.assessment.ListResults(context.Background(), connect.NewRequest(req))
				require.NoError(t, err)
				for _, r := range resp.Msg.GetResults() {
					units = append(units, r.GetUnitId())
				}
				if req.PageToken = resp.Msg.GetNextPageToken(); req.PageToken == "" {
					break
				}
			}
			assert.Len(t, units, 11, "the last generation is complete and alone: %v", units)
		})
	}
}

// With two instances over one database, a change made through one is seen
// by the other on its next call: each keeps the built hierarchy and the
// compiled indicator system in memory, but checks the stored versions
// first.
func TestChangesThroughOneInstanceReachTheOther(t *testing.T) {
	t.Parallel()
	for _, db := range []struct {
		name   string
		target func(testing.TB) string
	}{{"sqlite", testdb.SQLite}, {"postgres", testdb.Postgres}} {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			a, b := twoInstances(t, db.target(t))
			ctx := context.Background()
			name := func() string {
				resp, err := b.hierarchy.GetChain(ctx, connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: sample.RotationOrgID}))
				require.NoError(t, err)
				return resp.Msg.GetLinks()[0].GetOrganizationName()
			}
			before := name()
			st := sample.Structure()
			for _, o := range st.GetOrganizations() {
				if o.GetId() == sample.RotationOrgID {
					o.Name += "（更名）"
				}
			}
			_, err := a.hierarchy.PutStructure(ctx, connect.NewRequest(&zerenv1.PutStructureRequest{Structure: st}))
			require.NoError(t, err)
			assert.Equal(t, before+"（更名）", name(), "the other instance sees the new structure")

			run := func() string {
				r := &zerenv1.RunAssessmentRequest{SystemId: sample.IndicatorsID, Period: year2026, Facts: sample.Facts2026(), Reviews: sample.Reviews2026()}
				resp, err := b.assessment.RunAssessment(ctx, connect.NewRequest(r))
				require.NoError(t, err)
				return resp.Msg.GetSystemVersion()
			}
			first := run()
			sys := sample.IndicatorSystem()
			sys.Version = first + "-修订"
			_, err = a.assessment.PutIndicatorSystem(ctx, connect.NewRequest(&zerenv1.PutIndicatorSystemRequest{System: sys, Triggers: sample.Triggers()}))
			require.NoError(t, err)
			assert.Equal(t, first+"-修订", run(), "the other instance scores with the new system")
		})
	}
}
