package store_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

func BenchmarkSQLite(b *testing.B) { benchmarkStore(b, openSQLite) }

func BenchmarkPostgres(b *testing.B) { benchmarkStore(b, openPostgres) }

// benchmarkStore measures one put of a 1 KiB record per Apply (one
// transaction, one audit entry, a durable commit), a Get of such a record,
// and Applies from GOMAXPROCS goroutines at once, which take turns on the
// audit head.
func benchmarkStore(b *testing.B, open func(testing.TB, ...store.Option) store.Store) {
	ctx := context.Background()
	s := open(b)
	data := make([]byte, 1024)
	var n atomic.Int64
	putOne := func(b *testing.B) {
		id := fmt.Sprintf("a-%09d", n.Add(1))
		if _, err := s.Apply(ctx, "bench", []store.Change{{Op: store.OpPut, Kind: store.KindAssignment, ID: id, Scope: "org-1", Data: data}}); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("Apply", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			putOne(b)
		}
	})
	b.Run("Get", func(b *testing.B) {
		putOne(b)
		id := fmt.Sprintf("a-%09d", n.Load())
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Get(ctx, store.KindAssignment, id); err != nil {
				b.Fatal(err)
			}
		}
	})
	// A batch of 1,000 assignments in one Apply, as a decomposition writes
	// them: ns/change is what a province's seeding pays per assignment.
	b.Run("ApplyBatch", func(b *testing.B) {
		changes := make([]store.Change, 1000)
		b.ReportAllocs()
		for b.Loop() {
			for j := range changes {
				changes[j] = store.Change{Op: store.OpPut, Kind: store.KindAssignment, ID: fmt.Sprintf("b-%012d", n.Add(1)), Scope: "org-1", Data: data[:400]}
			}
			if _, err := s.Apply(ctx, "bench", changes); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(changes)), "ns/change")
	})
	b.Run("ApplyParallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				putOne(b)
			}
		})
	})
}

// BenchmarkApplyPipeline writes assignments on PostgreSQL as a
// decomposition does — real Assignment documents, so that every change
// also writes its projection row — first statement by statement (the way
// Apply worked before it was pipelined, and still works on SQLite: a round
// trip per statement), then pipelined, and reports the stepwise run's time
// per change as a ratio of the pipelined run's. Applies of 1,000 changes
// (half create assignments, half update those of the apply before) show
// the gain; applies of one change show that a single write is not slower.
// Skipped without ZEREN_TEST_POSTGRES_DSN.
func BenchmarkApplyPipeline(b *testing.B) {
	ctx := context.Background()
	for _, batch := range []int{1000, 1} {
		b.Run(fmt.Sprintf("changes=%d", batch), func(b *testing.B) {
			perChange := map[string]float64{}
			for _, mode := range []string{"stepwise", "pipelined"} {
				b.Run(mode, func(b *testing.B) {
					s := openPostgres(b)
					if mode == "stepwise" {
						store.Stepwise(s)
					}
					changes := make([]store.Change, batch)
					next := 0
					b.ReportAllocs()
					for b.Loop() {
						for j := range changes {
							i := next + j
							if j%2 == 1 && next > 0 {
								i -= batch // an update of the apply before
							}
							data, err := proto.Marshal(&zerenv1.Assignment{Id: fmt.Sprintf("a-%09d", i), TaskId: "t-1", OrganizationId: "org-1", PostId: "post-1", PersonId: "p-1",
								Period: &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_MONTH, Year: 2026, Index: int32(i%12 + 1)}, Target: 1, Actual: float64(next % 3)})
							if err != nil {
								b.Fatal(err)
							}
							changes[j] = store.Change{Op: store.OpPut, Kind: store.KindAssignment, ID: fmt.Sprintf("2026/a-%09d", i), Scope: "org-1", Data: data}
						}
						if _, err := s.Apply(ctx, "bench", changes); err != nil {
							b.Fatal(err)
						}
						next += batch
					}
					ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N*batch)
					perChange[mode] = ns
					b.ReportMetric(ns, "ns/change")
					b.ReportMetric(1e9/ns, "changes/s")
					if base := perChange["stepwise"]; mode == "pipelined" && base > 0 {
						b.ReportMetric(base/ns, "stepwise/pipelined")
					}
				})
			}
		})
	}
}

// BenchmarkVerifyAudit verifies a 2,000-entry SQLite log, unkeyed and keyed
// (HMAC-SHA256), read-only as zeren audit verify does, and reports the
// keyed run's time as a ratio of the unkeyed one's.
func BenchmarkVerifyAudit(b *testing.B) {
	ctx := context.Background()
	key := mustKey(b)
	const entries = 2000
	perOp := map[string]float64{}
	for _, tc := range []struct {
		name string
		opts []store.Option
	}{{"unkeyed", nil}, {"keyed", []store.Option{store.WithAuditKey(key)}}} {
		b.Run(tc.name, func(b *testing.B) {
			path := sqlitePath(b)
			s, err := store.Open(ctx, path, tc.opts...)
			if err != nil {
				b.Fatal(err)
			}
			changes := make([]store.Change, 100)
			for i := range entries / len(changes) {
				for j := range changes {
					changes[j] = store.Change{Op: store.OpPut, Kind: store.KindAssignment, ID: fmt.Sprintf("a-%05d", i*len(changes)+j), Scope: "org-1", Data: make([]byte, 512)}
				}
				if _, err := s.Apply(ctx, "bench", changes); err != nil {
					b.Fatal(err)
				}
			}
			_ = s.Close()
			ro, err := store.Open(ctx, path, append(tc.opts, store.WithReadOnly())...)
			if err != nil {
				b.Fatal(err)
			}
			defer ro.Close()
			b.ReportAllocs()
			for b.Loop() {
				rep, err := ro.VerifyAudit(ctx)
				if err != nil || !rep.OK() || rep.Entries != entries {
					b.Fatal(err, rep.Broken)
				}
			}
			perOp[tc.name] = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			if u := perOp["unkeyed"]; tc.name == "keyed" && u > 0 {
				b.ReportMetric(perOp["keyed"]/u, "keyed/unkeyed")
			}
		})
	}
}
