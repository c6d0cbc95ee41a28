package serverstore_test

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/timestamppb"
	_ "modernc.org/sqlite"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"

	"github.com/zerenlab/zeren/cmd/internal/testdb"
)

// query runs one SQL query on the database as a report tool would, with
// its own connection, and returns the rows as strings.
func query(t *testing.T, target, q string, args ...any) [][]string {
	t.Helper()
	ctx := context.Background()
	var out [][]string
	add := func(n int, scan func(...any) error) {
		vals := make([]sql.NullString, n)
		ptrs := make([]any, n)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, scan(ptrs...))
		row := make([]string, n)
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	if strings.HasPrefix(target, "postgres") {
		c, err := pgx.Connect(ctx, target)
		require.NoError(t, err)
		defer c.Close(ctx)
		rs, err := c.Query(ctx, q, args...)
		require.NoError(t, err)
		defer rs.Close()
		for rs.Next() {
			add(len(rs.FieldDescriptions()), rs.Scan)
		}
		require.NoError(t, rs.Err())
		return out
	}
	db, err := sql.Open("sqlite", target)
	require.NoError(t, err)
	defer db.Close()
	rs, err := db.QueryContext(ctx, q, args...)
	require.NoError(t, err)
	defer rs.Close()
	cols, _ := rs.Columns()
	for rs.Next() {
		add(len(cols), rs.Scan)
	}
	require.NoError(t, rs.Err())
	return out
}

// The projections hold real columns that plain SQL reads, and follow every
// change in the transaction that makes it: the structure's organisations,
// posts and appointments, assignments with their progress, results and
// proposals of a run.
func TestProjections(t *testing.T) {
	t.Parallel()
	for _, db := range []struct {
		name   string
		target func(testing.TB) string
		arg    func(int) string
	}{
		{"sqlite", testdb.SQLite, func(int) string { return "?" }},
		{"postgres", testdb.Postgres, func(i int) string { return "$" + string(rune('0'+i)) }},
	} {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			target := db.target(t)
			a, _ := twoInstances(t, target)
			ctx := context.Background()
			st := sample.Structure()

			got := query(t, target, "SELECT count(*) FROM p_organizations")
			assert.Equal(t, [][]string{{strconv.Itoa(len(st.GetOrganizations()))}}, got)
			got = query(t, target, "SELECT name, unit_id FROM p_organizations WHERE id = "+db.arg(1), sample.RotationOrgID)
			require.Len(t, got, 1)
			assert.Equal(t, "czj", got[0][1])
			got = query(t, target, "SELECT count(*) FROM p_appointments WHERE person_name <> '' AND organization_id <> ''")
			assert.Equal(t, [][]string{{strconv.Itoa(len(st.GetAppointments()))}}, got)

			const id = "T01/czj-pg/2026-M01"
			got = query(t, target, "SELECT status, actual, evidence_count FROM p_assignments WHERE id = "+db.arg(1), id)
			require.Len(t, got, 1)
			assert.Equal(t, "ASSIGNMENT_STATUS_OPEN", got[0][0])
			_, err := a.checklist.RecordProgress(ctx, connect.NewRequest(&zerenv1.RecordProgressRequest{Records: []*zerenv1.ProgressRecord{{
				AssignmentId: id, Value: 1, At: timestamppb.New(sample.RotationDate.Add(-time.Hour)),
				Evidence: []*zerenv1.Evidence{{Ref: "oa://doc/1", Title: "第一议题学习记录（1月）"}},
			}}}))
			require.NoError(t, err)
			got = query(t, target, "SELECT status, actual, evidence_count, received_at FROM p_assignments WHERE id = "+db.arg(1), id)
			require.Len(t, got, 1)
			assert.Equal(t, []string{"ASSIGNMENT_STATUS_DONE", "1", "1"}, got[0][:3], "progress is projected with the record")
			assert.Equal(t, sample.RotationDate.UTC().Format(time.RFC3339), got[0][3])

			r := &zerenv1.RunAssessmentRequest{SystemId: sample.IndicatorsID, Period: year2026, Facts: sample.Facts2026(), Reviews: sample.Reviews2026()}
			_, err = a.assessment.RunAssessment(ctx, connect.NewRequest(r))
			require.NoError(t, err)
			_, err = a.assessment.RunAssessment(ctx, connect.NewRequest(r))
			require.NoError(t, err)
			got = query(t, target, "SELECT unit_id, ranking, score, grade_id, generation FROM p_results WHERE run_id = "+db.arg(1)+" ORDER BY ranking", sample.IndicatorsID+"/2026")
			require.Len(t, got, 11, "only the current generation's results are left")
			assert.Equal(t, []string{"sws", "1", "99.74", "good", "2"}, got[0])
			got = query(t, target, "SELECT count(*) FROM p_proposals WHERE status = 'PROPOSAL_STATUS_PROPOSED'")
			assert.NotEqual(t, "0", got[0][0], "the run's proposals are projected")
			got = query(t, target, "SELECT count(*) FROM p_results r JOIN p_organizations o ON o.unit_id = r.unit_id")
			assert.NotEqual(t, "0", got[0][0], "results join the organisations by unit")
		})
	}
}
