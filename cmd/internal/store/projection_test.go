package store_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

// A database whose projections are missing (one written before migration
// 0003) has them filled from its records when it is next opened; deletes
// and updates follow in the same transaction as the record.
func TestProjectionsAreFilledAndFollowChanges(t *testing.T) {
	t.Parallel()
	for name, target := range map[string]func(testing.TB) string{"sqlite": sqlitePath, "postgres": postgresTarget} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			path := target(t)
			s, err := store.Open(ctx, path)
			require.NoError(t, err)
			var changes []store.Change
			for _, id := range []string{"a1", "a2", "a3"} {
				data, err := proto.Marshal(&zerenv1.Assignment{Id: id, OrganizationId: "czj-pg", Actual: 2, Status: zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE,
					Period: &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2026}})
				require.NoError(t, err)
				changes = append(changes, store.Change{Op: store.OpPut, Kind: store.KindAssignment, ID: "2026/" + id, Scope: "czj-pg", Data: data})
			}
			_, err = s.Apply(ctx, "tester", changes)
			require.NoError(t, err)
			n, err := store.CountRaw(ctx, s, "SELECT count(*) FROM p_assignments WHERE status = 'ASSIGNMENT_STATUS_DONE' AND actual = 2 AND year = 2026")
			require.NoError(t, err)
			assert.Equal(t, int64(3), n)

			_, err = s.Apply(ctx, "tester", []store.Change{{Op: store.OpDelete, Kind: store.KindAssignment, ID: "2026/a2"}})
			require.NoError(t, err)
			n, _ = store.CountRaw(ctx, s, "SELECT count(*) FROM p_assignments")
			assert.Equal(t, int64(2), n, "a deleted record leaves its projection")

			// As if written before the projections existed.
			require.NoError(t, store.ExecRaw(ctx, s, "DELETE FROM p_assignments"))
			require.NoError(t, store.ExecRaw(ctx, s, "DELETE FROM p_built"))
			require.NoError(t, s.Close())
			s, err = store.Open(ctx, path)
			require.NoError(t, err)
			defer s.Close()
			n, err = store.CountRaw(ctx, s, "SELECT count(*) FROM p_assignments WHERE record_id IN ('2026/a1', '2026/a3') AND organization_id = 'czj-pg'")
			require.NoError(t, err)
			assert.Equal(t, int64(2), n, "opening fills the projections from the records")
		})
	}
}
