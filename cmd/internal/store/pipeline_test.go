package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"

	"github.com/zerenlab/zeren/cmd/internal/store"
	"github.com/zerenlab/zeren/cmd/internal/store/storetest"
)

// Apply on PostgreSQL reads ahead and pipelines its writes; statement by
// statement (as before, and as on SQLite) it must have written the same
// records, the same audit log, hashes and all, and the same projections.
// The workload mixes every projected kind, large applies that span several
// read-aheads and pipelined batches, and puts, updates and deletes of the
// same records within one apply.
func TestPipelinedApplyWritesWhatStepwiseApplyWrites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	work := projectedWorkload(t)
	dumps := map[string][]string{}
	for _, name := range []string{"postgres pipelined", "postgres stepwise", "sqlite"} {
		var c storetest.Clock
		var s store.Store
		if name == "sqlite" {
			s = openSQLite(t, store.WithClock(c.Now))
		} else {
			s = openPostgres(t, store.WithClock(c.Now))
		}
		if name == "postgres stepwise" {
			store.Stepwise(s)
		}
		for i, changes := range work {
			_, err := s.Apply(ctx, "tester", changes)
			require.NoError(t, err, "%s: apply %d", name, i)
			for _, row := range dumpStore(t, s) {
				dumps[name] = append(dumps[name], fmt.Sprintf("after apply %d: %s", i, row))
			}
		}
		rep, err := s.VerifyAudit(ctx)
		require.NoError(t, err)
		require.True(t, rep.OK(), "%s: %v", name, rep.Broken)
	}
	assert.Equal(t, dumps["postgres stepwise"], dumps["postgres pipelined"])
	assert.Equal(t, dumps["sqlite"], dumps["postgres pipelined"])
	// The workload reached every projection.
	for _, table := range []string{"p_organizations", "p_posts", "p_appointments", "p_assignments", "p_cases", "p_results", "p_proposals"} {
		assert.True(t, slices.ContainsFunc(dumps["sqlite"], func(row string) bool { return strings.HasPrefix(row, "after apply 1: "+table+" ") }),
			"no rows in %s", table)
	}
}

// dumpStore returns every row of the records, the audit log and the
// projections of s as text, in an order that does not depend on the
// database's collation.
func dumpStore(t *testing.T, s store.Store) []string {
	t.Helper()
	var out []string
	for _, q := range []struct {
		table string
		cols  int
	}{
		{"records", 8}, {"audit", 12}, {"audit_head", 3},
		{"p_organizations", 7}, {"p_posts", 4}, {"p_appointments", 8}, {"p_assignments", 18},
		{"p_cases", 12}, {"p_results", 11}, {"p_proposals", 13},
	} {
		rows, err := store.RowsRaw(context.Background(), s, q.cols, "SELECT * FROM "+q.table)
		require.NoError(t, err, q.table)
		for _, r := range rows {
			out = append(out, q.table+" "+r)
		}
	}
	slices.Sort(out)
	return out
}

// projectedWorkload returns three applies: a decomposition's (a structure,
// 1,500 assignments, 200 cases), 3,000 random changes to them and to
// results, proposals, plans and the structure, and a few deletes.
func projectedWorkload(t *testing.T) [][]store.Change {
	t.Helper()
	rnd := rand.New(rand.NewPCG(12, 1))
	at := time.Date(2026, 6, 30, 16, 0, 0, 0, time.UTC)
	marshal := func(m proto.Message) []byte {
		b, err := proto.Marshal(m)
		require.NoError(t, err)
		return b
	}
	structure := func(n int) store.Change {
		st := &zerenv1.Structure{}
		for i := range n {
			st.Organizations = append(st.Organizations, &zerenv1.Organization{Id: fmt.Sprintf("org-%d", i), Name: fmt.Sprintf("第%d党支部", i), UnitId: "unit-1", MemberCount: int32(10 + i)})
			st.Posts = append(st.Posts, &zerenv1.Post{Id: fmt.Sprintf("post-%d", i), OrganizationId: fmt.Sprintf("org-%d", i), Title: "党支部书记"})
			st.People = append(st.People, &zerenv1.Person{Id: fmt.Sprintf("p-%d", i), Name: fmt.Sprintf("张%d", i)})
			st.Appointments = append(st.Appointments, &zerenv1.Appointment{Id: fmt.Sprintf("ap-%d", i), PostId: fmt.Sprintf("post-%d", i), PersonId: fmt.Sprintf("p-%d", i),
				Start: timestamppb.New(at.AddDate(-1, 0, i))})
		}
		return store.Change{Op: store.OpPut, Kind: store.KindStructure, ID: "current", Data: marshal(st)}
	}
	assignment := func(i int, actual float64) store.Change {
		org := fmt.Sprintf("org-%d", i%5)
		return store.Change{Op: store.OpPut, Kind: store.KindAssignment, ID: fmt.Sprintf("2026/a-%05d", i), Scope: org, Data: marshal(&zerenv1.Assignment{
			Id: fmt.Sprintf("a-%05d", i), TaskId: fmt.Sprintf("t-%d", i%30), OrganizationId: org, PostId: "post-1", PersonId: "p-1",
			Period: &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_MONTH, Year: 2026, Index: int32(i%12 + 1)},
			Target: 1, Actual: actual, Due: timestamppb.New(at.AddDate(0, 0, i%40)), Status: zerenv1.AssignmentStatus(i % 3),
		})}
	}
	kase := func(i, overdue int) store.Change {
		return store.Change{Op: store.OpPut, Kind: store.KindCase, ID: fmt.Sprintf("case-%04d", i), Scope: "org-1", Data: marshal(&zerenv1.SupervisionCase{
			Id: fmt.Sprintf("case-%04d", i), Title: "逾期未完成", OrganizationId: "org-1", OpenedAt: timestamppb.New(at), OverdueCount: int32(overdue), YellowCard: overdue > 1,
		})}
	}
	result := func(i int, score string) store.Change {
		return store.Change{Op: store.OpPut, Kind: store.KindResult, ID: fmt.Sprintf("sys/2026/3/%d/unit-%d", i, i), Scope: "unit-1", Data: marshal(&zerenv1.Result{
			UnitId: fmt.Sprintf("unit-%d", i), Score: score, GradeId: "好", Rank: int32(i + 1),
			Period: &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2026},
		})}
	}
	proposal := func(i int, status zerenv1.ProposalStatus) store.Change {
		return store.Change{Op: store.OpPut, Kind: store.KindProposal, ID: fmt.Sprintf("prop-%03d", i), Scope: "unit-1", Data: marshal(&zerenv1.Proposal{
			TriggerId: "A3", UnitId: "unit-1", OrganizationId: "org-1", Status: status, DecidedBy: "王书记",
		})}
	}

	first := []store.Change{structure(5)}
	for i := range 1500 {
		first = append(first, assignment(i, 0))
	}
	for i := range 200 {
		first = append(first, kase(i, 0))
	}

	var second []store.Change
	gone := map[string]bool{}
	for len(second) < 3000 {
		switch r := rnd.IntN(100); {
		case r < 50: // an assignment progresses, is retired, or comes back
			i := rnd.IntN(1500)
			c := assignment(i, float64(rnd.IntN(3)))
			if !gone[c.ID] && rnd.IntN(5) == 0 {
				c = store.Change{Op: store.OpDelete, Kind: c.Kind, ID: c.ID}
			}
			gone[c.ID] = c.Op == store.OpDelete
			second = append(second, c)
		case r < 70: // a case is escalated, closed or reopened
			i := rnd.IntN(200)
			c := kase(i, rnd.IntN(3))
			if !gone[c.ID] && rnd.IntN(4) == 0 {
				c = store.Change{Op: store.OpDelete, Kind: c.Kind, ID: c.ID}
			}
			gone[c.ID] = c.Op == store.OpDelete
			second = append(second, c)
		case r < 85:
			second = append(second, result(rnd.IntN(50), fmt.Sprintf("%d.%02d", 60+rnd.IntN(40), rnd.IntN(100))))
		case r < 97:
			second = append(second, proposal(rnd.IntN(40), zerenv1.ProposalStatus(rnd.IntN(3))))
		case r < 98:
			second = append(second, structure(3+rnd.IntN(4)))
		default: // no projection
			second = append(second, store.Change{Op: store.OpPut, Kind: store.KindPlan, ID: fmt.Sprintf("plan-%d", rnd.IntN(3)), Data: []byte{byte(r)}})
		}
	}

	third := []store.Change{{Op: store.OpDelete, Kind: store.KindStructure, ID: "current"}}
	for i := range 1500 {
		if id := fmt.Sprintf("2026/a-%05d", i); i%7 == 0 && !gone[id] {
			third = append(third, store.Change{Op: store.OpDelete, Kind: store.KindAssignment, ID: id})
		}
	}
	return [][]store.Change{first, second, third}
}

// A statement that the database refuses in the middle of a pipelined batch
// (here an audit entry whose sequence number someone took behind the
// store's back) fails the apply with the change it belongs to, and nothing
// of the apply is written.
func TestApplyNamesTheChangeWhoseStatementFailed(t *testing.T) {
	t.Parallel()
	for name, open := range map[string]func(testing.TB, ...store.Option) store.Store{"sqlite": openSQLite, "postgres": openPostgres} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := open(t)
			var changes []store.Change
			for i := range 10 {
				changes = append(changes, store.Change{Op: store.OpPut, Kind: store.KindPlan, ID: fmt.Sprintf("plan-%d", i), Data: []byte("v1")})
			}
			_, err := s.Apply(ctx, "tester", changes)
			require.NoError(t, err)
			require.NoError(t, store.ExecRaw(ctx, s, `INSERT INTO audit (seq, at, actor, kind, id, scope, action, version, before, after, prev_hash, hash)
				VALUES (?, 0, 'intruder', 'plan', 'x', '', 'create', 1, NULL, ?, ?, ?)`, 10+1500, []byte("x"), make([]byte, 32), make([]byte, 32)))

			changes = changes[:0]
			for i := range 3000 {
				changes = append(changes, store.Change{Op: store.OpPut, Kind: store.KindAssignment, ID: fmt.Sprintf("a-%04d", i), Scope: "org-1", Data: make([]byte, 100)})
			}
			_, err = s.Apply(ctx, "tester", changes)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "change 1499: append the audit entry: ")
			assert.NotErrorIs(t, err, store.ErrConflict)
			n, err := store.CountRaw(ctx, s, "SELECT count(*) FROM records")
			require.NoError(t, err)
			assert.Equal(t, int64(10), n, "records")
			n, err = store.CountRaw(ctx, s, "SELECT count(*) FROM audit")
			require.NoError(t, err)
			assert.Equal(t, int64(11), n, "audit entries")
			n, err = store.CountRaw(ctx, s, "SELECT seq FROM audit_head")
			require.NoError(t, err)
			assert.Equal(t, int64(10), n, "audit head")
		})
	}
}

// Projections filled from the records when a database is opened without
// them (pipelined on PostgreSQL, 500 records a transaction) are the ones
// Apply wrote.
func TestFilledProjectionsAreTheAppliedOnes(t *testing.T) {
	t.Parallel()
	work := projectedWorkload(t)
	for name, target := range map[string]func(testing.TB) string{"sqlite": sqlitePath, "postgres": postgresTarget} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			path := target(t)
			s, err := store.Open(ctx, path)
			require.NoError(t, err)
			for _, changes := range work[:2] {
				_, err := s.Apply(ctx, "tester", changes)
				require.NoError(t, err)
			}
			applied := dumpStore(t, s)
			for _, table := range []string{"p_organizations", "p_posts", "p_appointments", "p_assignments", "p_cases", "p_results", "p_proposals", "p_built"} {
				require.NoError(t, store.ExecRaw(ctx, s, "DELETE FROM "+table))
			}
			require.NoError(t, s.Close())
			s, err = store.Open(ctx, path)
			require.NoError(t, err)
			defer s.Close()
			assert.Equal(t, applied, dumpStore(t, s))
		})
	}
}
