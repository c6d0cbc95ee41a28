package server

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

// gateStore counts version checks; armed, it holds the next check of the
// framework's version after reading it, until released (or its context
// ends). Like a database, it fails reads whose context has ended.
type gateStore struct {
	*MemoryStore
	versions atomic.Int64
	delay    time.Duration
	gate     atomic.Pointer[gate]
	panics   atomic.Bool
}

type gate struct{ entered, release chan struct{} }

func (g *gateStore) arm() *gate {
	x := &gate{entered: make(chan struct{}), release: make(chan struct{})}
	g.gate.Store(x)
	return x
}

func (g *gateStore) Get(ctx context.Context, kind, id string) (Record, error) {
	if err := ctx.Err(); err != nil {
		return Record{}, err
	}
	return g.MemoryStore.Get(ctx, kind, id)
}

func (g *gateStore) Version(ctx context.Context, kind, id string) (int64, error) {
	g.versions.Add(1)
	if g.panics.Load() {
		panic("store bug")
	}
	v, err := g.MemoryStore.Version(ctx, kind, id)
	// The check's cost, in processor time as an SQLite query in process.
	for start := time.Now(); time.Since(start) < g.delay; {
	}
	if kind != KindFramework {
		return v, err
	}
	if x := g.gate.Swap(nil); x != nil {
		close(x.entered)
		select {
		case <-x.release:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	return v, err
}

// Versions checks each key with Version, so that a call's check counts,
// costs and waits as two.
func (g *gateStore) Versions(ctx context.Context, keys ...Key) ([]int64, error) {
	out := make([]int64, len(keys))
	for i, k := range keys {
		v, err := g.Version(ctx, k.Kind, k.ID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func newFlightServer(t *testing.T, delay time.Duration) (*Server, *gateStore) {
	t.Helper()
	st := &gateStore{MemoryStore: NewMemoryStore(), delay: delay}
	s, err := New(st, WithAuthenticator(StaticTokens{"flight-test-token-0123456789abcdef": {Subject: "test"}}),
		WithClock(func() time.Time { return sample.RotationDate }))
	require.NoError(t, err)
	require.NoError(t, s.LoadStructure(context.Background(), "test", frameworks.SanjiWugang(), sample.Structure()))
	_, err = s.sharedHierarchy(context.Background()) // cached: later loads check versions
	require.NoError(t, err)
	return s, st
}

// secretary is the rotation branch's secretary in a hierarchy.
func secretary(t *testing.T, h *responsibility.Hierarchy) string {
	t.Helper()
	links, err := h.Chain(sample.RotationBranchID, sample.RotationDate)
	require.NoError(t, err)
	return links[2].GetHolders()[0].GetPersonId()
}

// Concurrent calls share version checks: fewer checks than calls, where
// each call alone makes two.
func TestConcurrentHierarchyLoadsShareVersionChecks(t *testing.T) {
	t.Parallel()
	s, st := newFlightServer(t, time.Millisecond)
	st.versions.Store(0)
	const workers, each = 32, 10
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for range each {
				h, err := s.sharedHierarchy(context.Background())
				if assert.NoError(t, err) {
					assert.Equal(t, sample.RotationNewSecretaryID, secretary(t, h))
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	t.Logf("%d calls, %d version checks", workers*each, st.versions.Load())
	// Alone, each call makes two checks; how many calls overlap depends on
	// the machine's load (about one check a call when idle, more when the
	// test runs beside others), but sharing always saves some.
	assert.Less(t, st.versions.Load(), int64(2*workers*each), "without sharing, two checks a call")
}

// A call never takes the outcome of a check that started before it
// arrived: a change stored meanwhile (through another instance, say) is
// seen.
func TestHierarchyLoadAfterAChangeSeesIt(t *testing.T) {
	t.Parallel()
	s, st := newFlightServer(t, 0)
	ctx := context.Background()
	g := st.arm()
	a := make(chan *responsibility.Hierarchy, 1)
	go func() { h, _ := s.sharedHierarchy(ctx); a <- h }()
	<-g.entered // A has read the old versions and is held

	changed := sample.Structure()
	for _, ap := range changed.GetAppointments() {
		if ap.GetId() == sample.RotationNewAppointmentID {
			ap.PersonId = sample.RotationOldSecretaryID // the rotation is called off
		}
	}
	require.NoError(t, s.LoadStructure(ctx, "other instance", frameworks.SanjiWugang(), changed))

	b := make(chan *responsibility.Hierarchy, 1)
	go func() {
		h, err := s.sharedHierarchy(ctx)
		assert.NoError(t, err)
		b <- h
	}()
	select {
	case <-b:
		t.Fatal("B answered while A's check, which started before B arrived, was still running")
	case <-time.After(50 * time.Millisecond):
	}
	close(g.release)
	assert.Equal(t, sample.RotationNewSecretaryID, secretary(t, <-a), "A arrived before the change")
	assert.Equal(t, sample.RotationOldSecretaryID, secretary(t, <-b), "B arrived after it")
}

// A call never takes an error that was the leading call's own (its context
// ended) but loads again. Here a call arrives while flight 1 runs; flight 2,
// which started after it arrived, ends with its leader's cancellation.
func TestHierarchyLoadOutlivesItsLeadersCancellation(t *testing.T) {
	t.Parallel()
	s, _ := newFlightServer(t, 0)
	fl := &s.flights
	one := &hierarchyFlight{done: make(chan struct{})}
	fl.mu.Lock()
	base := fl.started
	fl.started++
	one.seq, fl.cur = fl.started, one
	fl.mu.Unlock()

	c := make(chan *responsibility.Hierarchy, 1)
	go func() {
		h, err := s.sharedHierarchy(context.Background())
		assert.NoError(t, err)
		c <- h
	}()
	time.Sleep(20 * time.Millisecond) // the call waits on flight 1
	fl.mu.Lock()
	fl.started++
	two := &hierarchyFlight{seq: fl.started, done: make(chan struct{}), err: context.Canceled, own: true}
	close(two.done)
	one.own, one.err = true, context.Canceled
	fl.cur, fl.last = nil, two
	fl.mu.Unlock()
	close(one.done)

	h := <-c
	require.NotNil(t, h)
	assert.Equal(t, sample.RotationNewSecretaryID, secretary(t, h))
	assert.Equal(t, base+3, fl.started, "the call led a third flight")
}

// The leader's own cancellation is its own error; a call whose context
// ends while it waits returns at once.
func TestHierarchyLoadCancellation(t *testing.T) {
	t.Parallel()
	s, st := newFlightServer(t, 0)
	g := st.arm()
	ctxA, cancel := context.WithCancel(context.Background())
	a := make(chan error, 1)
	go func() { _, err := s.sharedHierarchy(ctxA); a <- err }()
	<-g.entered
	cancel()
	assert.ErrorIs(t, <-a, context.Canceled)
	// The leader returns at once; its flight ends as the loader sees the
	// cancellation, marked as the leader's own failure.
	require.Eventually(t, func() bool {
		s.flights.mu.Lock()
		defer s.flights.mu.Unlock()
		return s.flights.cur == nil && s.flights.last != nil && s.flights.last.own
	}, 5*time.Second, time.Millisecond)
	h, err := s.sharedHierarchy(context.Background())
	require.NoError(t, err)
	assert.Equal(t, sample.RotationNewSecretaryID, secretary(t, h))

	g = st.arm()
	go func() { _, _ = s.sharedHierarchy(context.Background()) }()
	<-g.entered
	ctxC, cancelC := context.WithCancel(context.Background())
	cancelC()
	_, err = s.sharedHierarchy(ctxC)
	assert.ErrorIs(t, err, context.Canceled)
	close(g.release)
}

// BenchmarkHierarchyConcurrent loads the hierarchy from 16 goroutines over
// a store whose version check costs 20 µs of processor time, about what
// an SQLite query in process does, alone (each call checks) and shared
// (sharedHierarchy), and reports the version checks per call.
func BenchmarkHierarchyConcurrent(b *testing.B) {
	for _, bc := range []struct {
		name string
		load func(*Server, context.Context) (*responsibility.Hierarchy, error)
	}{
		{"alone", (*Server).hierarchy},
		{"shared", (*Server).sharedHierarchy},
	} {
		b.Run(bc.name, func(b *testing.B) {
			st := &gateStore{MemoryStore: NewMemoryStore()}
			s, err := New(st, WithAuthenticator(StaticTokens{"flight-test-token-0123456789abcdef": {Subject: "test"}}))
			require.NoError(b, err)
			ctx := context.Background()
			require.NoError(b, s.LoadStructure(ctx, "test", frameworks.SanjiWugang(), sample.Structure()))
			_, err = s.hierarchy(ctx)
			require.NoError(b, err)
			st.delay = 20 * time.Microsecond
			st.versions.Store(0)
			b.SetParallelism(8) // 16 callers on 2 cores
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := bc.load(s, ctx); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(st.versions.Load())/float64(b.N), "checks/op")
		})
	}
}

// A load that panics (it runs on a loader goroutine, where nothing else
// would recover) fails its calls instead of the process.
func TestHierarchyLoadPanicIsAnError(t *testing.T) {
	t.Parallel()
	s, st := newFlightServer(t, 0)
	st.panics.Store(true)
	_, err := s.sharedHierarchy(context.Background())
	assert.ErrorContains(t, err, "store bug")
	st.panics.Store(false)
	h, err := s.sharedHierarchy(context.Background())
	require.NoError(t, err)
	assert.Equal(t, sample.RotationNewSecretaryID, secretary(t, h))
}
