package server_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"
)

var (
	year2026 = &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2026}
	jan2026  = &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_MONTH, Year: 2026, Index: 1}
)

func day(y int, m time.Month, d int) *timestamppb.Timestamp {
	return timestamppb.New(time.Date(y, m, d, 0, 0, 0, 0, sample.Location))
}

func progress(id string, v float64, at *timestamppb.Timestamp) *zerenv1.ProgressRecord {
	return &zerenv1.ProgressRecord{AssignmentId: id, Value: v, At: at, ReportedBy: "p-czj-01",
		Evidence: []*zerenv1.Evidence{{Ref: "oa://doc/1", Title: "第一议题学习记录（1月）"}}}
}

// listAll pages through ListAssignments and returns every assignment.
func listAll(t *testing.T, c zerenv1connect_checklist, r *zerenv1.ListAssignmentsRequest) []*zerenv1.Assignment {
	t.Helper()
	var out []*zerenv1.Assignment
	for page := 0; ; page++ {
		require.Less(t, page, 10000, "paging does not end")
		resp, err := c.ListAssignments(context.Background(), req(r))
		require.NoError(t, err)
		out = append(out, resp.Msg.GetAssignments()...)
		if resp.Msg.GetNextPageToken() == "" {
			return out
		}
		r.PageToken = resp.Msg.GetNextPageToken()
	}
}

type zerenv1connect_checklist interface {
	ListAssignments(context.Context, *connect.Request[zerenv1.ListAssignmentsRequest]) (*connect.Response[zerenv1.ListAssignmentsResponse], error)
}

func TestDecomposingTwiceChangesNothing(t *testing.T) {
	t.Parallel()
	c := newCity(t, false)
	ctx := context.Background()
	put, err := c.gw.checklist.PutPlan(ctx, req(&zerenv1.PutPlanRequest{Plan: sample.Plan()}))
	require.NoError(t, err)
	assert.Positive(t, put.Msg.GetVersion())

	first, err := c.gw.checklist.Decompose(ctx, req(&zerenv1.DecomposeRequest{PlanId: sample.PlanID}))
	require.NoError(t, err)
	assert.Equal(t, int32(4589), first.Msg.GetAdded(), "示例市's 2026 plan decomposes to 4,589 assignments")
	assert.Zero(t, first.Msg.GetChanged()+first.Msg.GetRetired()+first.Msg.GetUnchanged())
	assert.Len(t, c.store.Snapshot()[server.KindAssignment], 4589)

	before := c.store.Snapshot()
	second, err := c.gw.checklist.Decompose(ctx, req(&zerenv1.DecomposeRequest{PlanId: sample.PlanID}))
	require.NoError(t, err)
	assert.True(t, proto.Equal(&zerenv1.DecomposeResponse{Unchanged: 4589}, second.Msg), "%v", second.Msg)
	assert.Equal(t, before, c.store.Snapshot(), "a second decomposition writes nothing")
}

func TestProgressSurvivesARedecomposition(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	ctx := context.Background()
	const id = "T01/czj-pg/2026-M01"
	rec, err := c.cz.checklist.RecordProgress(ctx, req(&zerenv1.RecordProgressRequest{Records: []*zerenv1.ProgressRecord{
		progress(id, 1, day(2026, 1, 20)),
	}}))
	require.NoError(t, err)
	require.Len(t, rec.Msg.GetAssignments(), 1)
	done := rec.Msg.GetAssignments()[0]
	assert.Equal(t, zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE, done.GetStatus())
	assert.Equal(t, 1.0, done.GetActual())

	// The 工委 drops the last task from the list and decomposes again.
	plan := sample.Plan()
	dropped := plan.Tasks[len(plan.Tasks)-1].GetId()
	plan.Tasks = plan.Tasks[:len(plan.Tasks)-1]
	plan.Responsibilities = slices.DeleteFunc(plan.Responsibilities, func(r *zerenv1.ResponsibilityEntry) bool { return r.GetTaskId() == dropped })
	_, err = c.gw.checklist.PutPlan(ctx, req(&zerenv1.PutPlanRequest{Plan: plan}))
	require.NoError(t, err)
	again, err := c.gw.checklist.Decompose(ctx, req(&zerenv1.DecomposeRequest{PlanId: sample.PlanID}))
	require.NoError(t, err)
	assert.Positive(t, again.Msg.GetRetired())
	assert.Zero(t, again.Msg.GetAdded())
	assert.Equal(t, int32(4589), again.Msg.GetRetired()+again.Msg.GetUnchanged())

	got := listAll(t, c.cz.checklist, &zerenv1.ListAssignmentsRequest{TaskId: "T01", Period: jan2026})
	require.Len(t, got, 1)
	assert.Equal(t, id, got[0].GetId())
	assert.Equal(t, zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE, got[0].GetStatus(), "progress survives")
	assert.Len(t, got[0].GetEvidence(), 1)

	retired := listAll(t, c.gw.checklist, &zerenv1.ListAssignmentsRequest{TaskId: dropped, Period: year2026OfAnyKind()})
	require.NotEmpty(t, retired)
	for _, a := range retired {
		assert.Equal(t, zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED, a.GetStatus(), a.GetId())
	}
}

func year2026OfAnyKind() *zerenv1.Period { return &zerenv1.Period{Year: 2026} }

func TestListAssignmentsPagesThroughTheCallersSubtree(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	t.Run("the 工委 pages through one month of one task, five at a time", func(t *testing.T) {
		got := listAll(t, c.gw.checklist, &zerenv1.ListAssignmentsRequest{TaskId: "T01", Period: jan2026, PageSize: 5})
		assert.Len(t, got, 12, "one per 党组（党委）")
		for _, a := range got {
			assert.Equal(t, "T01", a.GetTaskId())
			assert.Equal(t, int32(1), a.GetPeriod().GetIndex())
		}
		assert.True(t, slices.IsSortedFunc(got, func(a, b *zerenv1.Assignment) int { return strings.Compare(a.GetId(), b.GetId()) }))
	})
	t.Run("a branch token sees only its own subtree", func(t *testing.T) {
		got := listAll(t, c.cz.checklist, &zerenv1.ListAssignmentsRequest{PageSize: 1000})
		require.NotEmpty(t, got)
		for _, a := range got {
			assert.True(t, strings.HasPrefix(a.GetOrganizationId(), "czj-"), a.GetId())
		}
		all := listAll(t, c.gw.checklist, &zerenv1.ListAssignmentsRequest{PageSize: 1000})
		assert.Len(t, all, 4589)
		assert.Less(t, len(got), len(all))
	})
	t.Run("an organisation filter keeps its subtree", func(t *testing.T) {
		got := listAll(t, c.gw.checklist, &zerenv1.ListAssignmentsRequest{OrganizationId: "czj-b1", Period: year2026OfAnyKind()})
		require.NotEmpty(t, got)
		for _, a := range got {
			assert.Equal(t, "czj-b1", a.GetOrganizationId())
		}
	})
	t.Run("a page token is bound to its query", func(t *testing.T) {
		first, err := c.gw.checklist.ListAssignments(context.Background(), req(&zerenv1.ListAssignmentsRequest{TaskId: "T01", PageSize: 2}))
		require.NoError(t, err)
		require.NotEmpty(t, first.Msg.GetNextPageToken())
		_, err = c.gw.checklist.ListAssignments(context.Background(), req(&zerenv1.ListAssignmentsRequest{TaskId: "T02", PageToken: first.Msg.GetNextPageToken()}))
		assert.Equal(t, connect.CodeInvalidArgument, connect.CodeOf(err))
	})
}

func TestChecklistAuthorisationBoundaries(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	ctx := context.Background()
	tests := []struct {
		name string
		want connect.Code
		call func() error
	}{
		{"a branch token stores a plan", connect.CodePermissionDenied, func() error {
			_, err := c.cz.checklist.PutPlan(ctx, req(&zerenv1.PutPlanRequest{Plan: sample.Plan()}))
			return err
		}},
		{"a branch token decomposes", connect.CodePermissionDenied, func() error {
			_, err := c.cz.checklist.Decompose(ctx, req(&zerenv1.DecomposeRequest{PlanId: sample.PlanID}))
			return err
		}},
		{"a branch token lists another unit's assignments", connect.CodeNotFound, func() error {
			_, err := c.cz.checklist.ListAssignments(ctx, req(&zerenv1.ListAssignmentsRequest{OrganizationId: "fgw-pg"}))
			return err
		}},
		{"a branch token records progress on another unit's assignment beside its own", connect.CodeNotFound, func() error {
			_, err := c.cz.checklist.RecordProgress(ctx, req(&zerenv1.RecordProgressRequest{Records: []*zerenv1.ProgressRecord{
				progress("T01/czj-pg/2026-M01", 1, day(2026, 1, 20)),
				progress("T01/fgw-pg/2026-M01", 1, day(2026, 1, 20)),
			}}))
			return err
		}},
		{"a branch token records progress on an assignment that does not exist", connect.CodeNotFound, func() error {
			_, err := c.cz.checklist.RecordProgress(ctx, req(&zerenv1.RecordProgressRequest{Records: []*zerenv1.ProgressRecord{
				progress("T01/nowhere/2026-M01", 1, day(2026, 1, 20)),
			}}))
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.unchanged(t, tt.want, tt.call)
		})
	}
	t.Run("another unit's assignment and a missing one look alike to a branch", func(t *testing.T) {
		record := func(id string) string {
			_, err := c.cz.checklist.RecordProgress(ctx, req(&zerenv1.RecordProgressRequest{Records: []*zerenv1.ProgressRecord{
				progress(id, 1, day(2026, 1, 20)),
			}}))
			require.Error(t, err)
			return connect.CodeOf(err).String() + " " + strings.ReplaceAll(asConnect(err).Message(), id, "ID")
		}
		assert.Equal(t, record("T01/fgw-pg/2026-M01"), record("T01/nowhere/2026-M01"))
	})
}

func TestChecklistBadRequestsGetClearErrorsAndLeaveTheStoreUnchanged(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	ctx := context.Background()
	record := func(rs ...*zerenv1.ProgressRecord) func() error {
		return func() error {
			_, err := c.gw.checklist.RecordProgress(ctx, req(&zerenv1.RecordProgressRequest{Records: rs}))
			return err
		}
	}
	many := make([]*zerenv1.ProgressRecord, 10001)
	for i := range many {
		many[i] = progress("T01/czj-pg/2026-M01", 1, day(2026, 1, 20))
	}
	noYear := sample.Plan()
	noYear.Year = 0
	otherID := sample.Plan()
	otherID.Id = "2026-bis"
	slashed := sample.Plan()
	slashed.Tasks[0].Id = "T/01"
	nextYear := sample.Plan()
	nextYear.Year = 2027
	tooMuchEvidence := progress("T01/czj-pg/2026-M01", 1, day(2026, 1, 20))
	tooMuchEvidence.Evidence = make([]*zerenv1.Evidence, 101)
	tests := []struct {
		name  string
		code  connect.Code
		field string
		call  func() error
	}{
		{"a plan request without a plan", connect.CodeInvalidArgument, "plan", func() error {
			_, err := c.gw.checklist.PutPlan(ctx, req(&zerenv1.PutPlanRequest{}))
			return err
		}},
		{"a plan without a year", connect.CodeInvalidArgument, "year", func() error {
			_, err := c.gw.checklist.PutPlan(ctx, req(&zerenv1.PutPlanRequest{Plan: noYear}))
			return err
		}},
		{"a task id with a slash", connect.CodeInvalidArgument, "plan.tasks[0].id", func() error {
			_, err := c.gw.checklist.PutPlan(ctx, req(&zerenv1.PutPlanRequest{Plan: slashed}))
			return err
		}},
		{"a second plan for the same year", connect.CodeFailedPrecondition, "", func() error {
			_, err := c.gw.checklist.PutPlan(ctx, req(&zerenv1.PutPlanRequest{Plan: otherID}))
			return err
		}},
		{"a plan that changes its year", connect.CodeFailedPrecondition, "", func() error {
			_, err := c.gw.checklist.PutPlan(ctx, req(&zerenv1.PutPlanRequest{Plan: nextYear}))
			return err
		}},
		{"decomposing a plan never stored", connect.CodeNotFound, "", func() error {
			_, err := c.gw.checklist.Decompose(ctx, req(&zerenv1.DecomposeRequest{PlanId: "1999"}))
			return err
		}},
		{"decomposing without a plan id", connect.CodeInvalidArgument, "plan_id", func() error {
			_, err := c.gw.checklist.Decompose(ctx, req(&zerenv1.DecomposeRequest{}))
			return err
		}},
		{"no progress records", connect.CodeInvalidArgument, "records", record()},
		{"10,001 progress records", connect.CodeInvalidArgument, "records", record(many...)},
		{"a record dated after its receipt", connect.CodeInvalidArgument, "records[0].at", record(progress("T01/czj-pg/2026-M01", 1, day(2026, 7, 2)))},
		{"a record with an invalid time", connect.CodeInvalidArgument, "records[0].at", record(progress("T01/czj-pg/2026-M01", 1, &timestamppb.Timestamp{Seconds: 1e15}))},
		{"a record with 101 pieces of evidence", connect.CodeInvalidArgument, "records[0].evidence", record(tooMuchEvidence)},
		{"a valid record beside one that is not a number", connect.CodeInvalidArgument, "value", record(
			progress("T01/czj-pg/2026-M02", 1, day(2026, 2, 20)), progress("T01/czj-pg/2026-M01", math.NaN(), day(2026, 1, 20)))},
		{"a negative value", connect.CodeInvalidArgument, "value", record(progress("T01/czj-pg/2026-M01", -3, day(2026, 1, 20)))},
		{"an unknown assignment", connect.CodeInvalidArgument, "assignment_id", record(progress("T99/czj-pg/2026-M01", 1, day(2026, 1, 20)))},
		{"an assignment id with a control character", connect.CodeInvalidArgument, "records[0].assignment_id", record(progress("T01/czj-pg\x00/2026-M01", 1, day(2026, 1, 20)))},
		{"a page of 5,000", connect.CodeInvalidArgument, "page_size", func() error {
			_, err := c.gw.checklist.ListAssignments(ctx, req(&zerenv1.ListAssignmentsRequest{PageSize: 5000}))
			return err
		}},
		{"a forged page token", connect.CodeInvalidArgument, "page_token", func() error {
			_, err := c.gw.checklist.ListAssignments(ctx, req(&zerenv1.ListAssignmentsRequest{PageToken: "eyJ0IjoiIiwiZiI6IngifQ"}))
			return err
		}},
		{"a period of an unknown kind", connect.CodeInvalidArgument, "period.kind", func() error {
			_, err := c.gw.checklist.ListAssignments(ctx, req(&zerenv1.ListAssignmentsRequest{Period: &zerenv1.Period{Kind: 99, Year: 2026}}))
			return err
		}},
		{"a thirteenth month", connect.CodeInvalidArgument, "period.index", func() error {
			_, err := c.gw.checklist.ListAssignments(ctx, req(&zerenv1.ListAssignmentsRequest{Period: &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_MONTH, Year: 2026, Index: 13}}))
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ce := c.unchanged(t, tt.code, tt.call)
			if tt.field != "" {
				ps := problems(t, ce)
				require.NotEmpty(t, ps, "%v", ce)
				assert.True(t, slices.ContainsFunc(ps, func(p *zerenv1.ValidationProblem) bool { return strings.Contains(p.GetField(), tt.field) }),
					"no problem names %q: %v", tt.field, ps)
			}
		})
	}
}
