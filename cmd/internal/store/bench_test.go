package store_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

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
	b.Run("ApplyParallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				putOne(b)
			}
		})
	})
}
