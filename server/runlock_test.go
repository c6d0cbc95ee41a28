package server_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
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

// Concurrent runs of one period wait for each other instead of failing on
// the run record's version: every call succeeds, equal requests that waited
// together are answered by one run, and the ranking read afterwards is the
// complete one.
func TestConcurrentRunsOfOnePeriodSerialise(t *testing.T) {
	st := &slowRunStore{MemoryStore: server.NewMemoryStore()}
	cal, err := calendar.New(sample.Calendar(), sample.Location)
	require.NoError(t, err)
	srv, err := server.New(st, server.WithAuthenticator(server.StaticTokens{adminToken: {Subject: "gongwei-admin"}}),
		server.WithClock(func() time.Time { return sample.RotationDate }), server.WithCalendar(cal),
		server.WithLocation(sample.Location), server.WithMaxEvaluationsPerCaller(8))
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, srv.LoadStructure(ctx, "setup", frameworks.SanjiWugang(), sample.Structure()))
	_, err = srv.LoadPlan(ctx, "setup", sample.Plan())
	require.NoError(t, err)
	require.NoError(t, srv.LoadIndicatorSystem(ctx, "setup", sample.IndicatorSystem(), sample.Triggers()))
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	c := clientsFor(hs.URL, adminToken)

	const n = 5
	var wg sync.WaitGroup
	gens := make([]int32, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &zerenv1.RunAssessmentRequest{SystemId: sample.IndicatorsID, Period: year2026, Facts: sample.Facts2026(), Reviews: sample.Reviews2026()}
			resp, err := c.assessment.RunAssessment(ctx, req(r))
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
	assertMerged(t, gens)
	assert.Equal(t, ranking2026, results(t, c, &zerenv1.ListResultsRequest{RunId: runID}))
	assert.Equal(t, int32(0), st.overlaps.Load(), "two runs wrote at once")

	// Different requests are never merged: each gets a run of its own.
	var other [2]int32
	for i := range other {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &zerenv1.RunAssessmentRequest{SystemId: sample.IndicatorsID, Period: year2026, Facts: sample.Facts2026(), Reviews: sample.Reviews2026()}
			if i == 1 {
				r.Reviews = r.Reviews[1:]
			}
			resp, err := c.assessment.RunAssessment(ctx, req(r))
			require.NoError(t, err)
			other[i] = resp.Msg.GetGeneration()
		}()
	}
	wg.Wait()
	assert.NotEqual(t, other[0], other[1], "unequal requests share no run")
	assert.Equal(t, int32(0), st.overlaps.Load(), "two runs wrote at once")
}

// slowRunStore is a memory store whose writes of a run's records take a
// while, so that runs not serialised would overlap; it counts overlaps.
type slowRunStore struct {
	*server.MemoryStore
	writing, overlaps atomic.Int32
	slowGet           string // a kind whose reads take a while
}

func (s *slowRunStore) Get(ctx context.Context, kind, id string) (server.Record, error) {
	r, err := s.MemoryStore.Get(ctx, kind, id)
	if kind == s.slowGet {
		time.Sleep(20 * time.Millisecond)
	}
	return r, err
}

func (s *slowRunStore) Apply(ctx context.Context, actor string, changes []server.Change) error {
	for _, c := range changes {
		if c.Kind == server.KindResult || c.Kind == server.KindRun {
			if s.writing.Add(1) > 1 {
				s.overlaps.Add(1)
			}
			time.Sleep(20 * time.Millisecond)
			s.writing.Add(-1)
			break
		}
	}
	return s.MemoryStore.Apply(ctx, actor, changes)
}

// Reports on one assignment that race each other are all applied, one
// after the other, instead of failing on the version the other wrote.
func TestConcurrentReportsOnOneAssignment(t *testing.T) {
	st := &slowRunStore{MemoryStore: server.NewMemoryStore(), slowGet: server.KindAssignment}
	srv, err := server.New(st, server.WithAuthenticator(server.StaticTokens{adminToken: {Subject: "gongwei-admin"}}),
		server.WithClock(func() time.Time { return sample.RotationDate }), server.WithLocation(sample.Location),
		server.WithProgressTolerance(366*24*time.Hour))
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, srv.LoadStructure(ctx, "setup", frameworks.SanjiWugang(), sample.Structure()))
	_, err = srv.LoadPlan(ctx, "setup", sample.Plan())
	require.NoError(t, err)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	c := clientsFor(hs.URL, adminToken)

	const id, n = "T01/czj-pg/2026-M01", 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := progress(id, 1, day(2026, 1, 20))
			r.Evidence[0].Ref = fmt.Sprintf("oa://doc/%d", i)
			_, errs[i] = c.checklist.RecordProgress(ctx, req(&zerenv1.RecordProgressRequest{Records: []*zerenv1.ProgressRecord{r}}))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "report %d", i)
	}
	rec, err := st.MemoryStore.Get(ctx, server.KindAssignment, "2026/"+id)
	require.NoError(t, err)
	a := &zerenv1.Assignment{}
	require.NoError(t, proto.Unmarshal(rec.Data, a))
	var refs []string
	for _, e := range a.GetEvidence() {
		refs = append(refs, e.GetRef())
	}
	slices.Sort(refs)
	assert.Equal(t, []string{"oa://doc/0", "oa://doc/1", "oa://doc/2", "oa://doc/3", "oa://doc/4", "oa://doc/5"}, refs, "every report's evidence is kept")
}

// assertMerged checks the generations concurrent equal runs got: every
// call got one, the runs made are numbered 1, 2, … without a gap, and calls
// that waited together shared a run, so there were fewer runs than calls.
func assertMerged(t *testing.T, gens []int32) {
	t.Helper()
	distinct := slices.Compact(slices.Sorted(slices.Values(gens)))
	for i, g := range distinct {
		require.Equal(t, int32(i+1), g, "generations %v", gens)
	}
	assert.Less(t, len(distinct), len(gens), "calls that waited together share a run: %v", gens)
}
