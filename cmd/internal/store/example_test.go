package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

func Example() {
	dir, _ := os.MkdirTemp("", "zeren-example")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	clock := func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }
	s, err := store.OpenSQLite(ctx, filepath.Join(dir, "zeren.db"), store.WithClock(clock))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	// Create a plan; the data would be a marshalled zeren.v1.Plan.
	plan := store.Change{Op: store.OpPut, Kind: store.KindPlan, ID: "2026", Scope: "org-czj",
		Data: []byte("…"), ExpectVersion: store.ExpectAbsent}
	recs, err := s.Apply(ctx, "admin", []store.Change{plan})
	fmt.Println(recs[0].Version, err)

	// A second create of the same plan conflicts, and writes nothing.
	_, err = s.Apply(ctx, "admin", []store.Change{plan})
	fmt.Println(err)

	es, _ := s.Audit(ctx, 0, 10)
	fmt.Println(len(es), es[0].Action, es[0].Actor, es[0].At)
	rep, _ := s.VerifyAudit(ctx)
	fmt.Println(rep.OK(), rep.Entries)
	// Output:
	// 1 <nil>
	// store: change 0: plan "2026": version conflict: expected no record, found version 1
	// 1 create admin 2026-03-02 09:00:00 +0000 UTC
	// true 1
}
