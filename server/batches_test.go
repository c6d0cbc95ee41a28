package server_test

import (
	"bytes"
	"context"
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

// Decompose works a batch of organisations at a time; the assignments it
// stores and the counts it answers are the same whatever the batch, for a
// first decomposition and for one after the plan lost a task and a unit
// left a task's scope (whose assignments are retired, in a batch or by the
// sweep of organisations the plan no longer reaches).
func TestDecomposeBatchDoesNotChangeTheDecomposition(t *testing.T) {
	t.Parallel()
	type outcome struct {
		first, second *zerenv1.DecomposeResponse
		stored        map[string]server.Record
	}
	// The edited plan keeps the 党支部书记's tasks only, so that the 党组 and
	// 机关党委 are no longer reached (the sweep retires theirs), and narrows
	// one of them to key units (a batch retires the others').
	edited := func() *zerenv1.Plan {
		p := proto.CloneOf(sample.Plan())
		kept := map[string]bool{}
		var tasks []*zerenv1.Task
		for _, t := range p.GetTasks() {
			if t.GetOwnerPostKindId() == "branch-secretary" {
				kept[t.GetId()] = true
				tasks = append(tasks, t)
			}
		}
		p.Tasks = tasks
		tasks[0].Scope.KeyUnitsOnly = true
		var rs []*zerenv1.ResponsibilityEntry
		for _, r := range p.GetResponsibilities() {
			if kept[r.GetTaskId()] {
				rs = append(rs, r)
			}
		}
		p.Responsibilities = rs
		return p
	}
	decompose := func(batch int) outcome {
		var opts []server.Option
		if batch > 0 {
			opts = append(opts, server.WithAssignmentBatch(batch))
		}
		c := newCity(t, false, opts...)
		ctx := context.Background()
		var o outcome
		for i, plan := range []*zerenv1.Plan{sample.Plan(), edited()} {
			_, err := c.gw.checklist.PutPlan(ctx, req(&zerenv1.PutPlanRequest{Plan: plan}))
			require.NoError(t, err)
			resp, err := c.gw.checklist.Decompose(ctx, req(&zerenv1.DecomposeRequest{PlanId: plan.GetId()}))
			require.NoError(t, err, "decomposition %d", i+1)
			if i == 0 {
				o.first = resp.Msg
			} else {
				o.second = resp.Msg
			}
		}
		o.stored = c.store.Snapshot()[server.KindAssignment]
		return o
	}
	want := decompose(0)
	require.NotZero(t, want.first.GetAdded())
	require.NotZero(t, want.second.GetRetired())
	retired := 0
	kept := map[string]bool{}
	for _, t := range edited().GetTasks() {
		kept[t.GetId()] = true
	}
	for _, r := range want.stored {
		a := &zerenv1.Assignment{}
		require.NoError(t, proto.Unmarshal(r.Data, a))
		if a.GetStatus() == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED {
			retired++
		} else {
			assert.True(t, kept[a.GetTaskId()], "%s: the plan dropped its task, yet it is %v", a.GetId(), a.GetStatus())
		}
	}
	assert.Equal(t, int(want.second.GetRetired()), retired, "what the answer counts as retired is stored retired")
	for _, batch := range []int{1, 7, 100} {
		got := decompose(batch)
		assert.True(t, proto.Equal(want.first, got.first), "batch %d: first %v, want %v", batch, got.first, want.first)
		assert.True(t, proto.Equal(want.second, got.second), "batch %d: second %v, want %v", batch, got.second, want.second)
		require.Len(t, got.stored, len(want.stored), "batch %d", batch)
		for id, r := range want.stored {
			g, ok := got.stored[id]
			require.True(t, ok, "batch %d: %s missing", batch, id)
			assert.True(t, bytes.Equal(r.Data, g.Data), "batch %d: %s differs", batch, id)
			assert.Equal(t, r.Scope, g.Scope, "batch %d: %s", batch, id)
		}
	}
}

// GetAgenda computes a batch of units at a time and merges the batches'
// agendas: over a sequence of days — cases opened, findings recorded,
// reminders, a dispatch, urges — the answers hold the same items and the
// store ends the same whatever the batch, and whether the agenda comes in
// one answer or in pages of units; only the order of the lists follows the
// batches.
func TestUnitBatchDoesNotChangeTheAgenda(t *testing.T) {
	t.Parallel()
	days := []*timestamppb.Timestamp{
		day(2026, time.January, 22), // T-7 reminders of January
		overdueDay,                  // January's cases open
		day(2026, time.February, 10),
		day(2026, time.February, 25), // urged
		day(2026, time.April, 1),     // the first quarter's dispatch
		day(2026, time.April, 2),
	}
	type run struct {
		answers []*zerenv1.GetAgendaResponse
		cases   map[string]server.Record
	}
	// batch > 0 sets WithUnitBatch; per > 0 pages the answers.
	agendas := func(batch, per int) run {
		var opts []server.Option
		if batch > 0 {
			opts = append(opts, server.WithUnitBatch(batch))
		}
		c := newCity(t, true, opts...)
		ctx := context.Background()
		var r run
		for i, on := range days {
			if i == 2 {
				_, err := c.gw.supervision.RecordFindings(ctx, req(&zerenv1.RecordFindingsRequest{Findings: []*zerenv1.Finding{
					finding("F-batch-1", "czj-b1"), finding("F-batch-2", "fgw-pg")}}))
				require.NoError(t, err)
			}
			if per > 0 {
				r.answers = append(r.answers, sortedAgenda(pagedAgenda(t, c.gw, on, per)))
			} else {
				r.answers = append(r.answers, sortedAgenda(agenda(t, c.gw, on)))
			}
		}
		r.cases = c.store.Snapshot()[server.KindCase]
		return r
	}
	want := agendas(0, 0)
	var reminders, opened, urged, dispatched int
	for _, a := range want.answers {
		reminders, opened, urged, dispatched = reminders+len(a.GetReminders()), opened+len(a.GetOpened()), urged+len(a.GetUrged()), dispatched+len(a.GetDispatches())
	}
	require.NotZero(t, reminders)
	require.NotZero(t, opened)
	require.NotZero(t, urged)
	require.NotZero(t, dispatched)
	for _, tc := range []struct{ batch, per int }{{1, 0}, {5, 0}, {0, 1}, {2, 5}} {
		batch := tc
		got := agendas(tc.batch, tc.per)
		for i := range days {
			assert.True(t, proto.Equal(want.answers[i], got.answers[i]), "%+v, %s: the agenda differs", batch, days[i].AsTime().Format(time.DateOnly))
		}
		require.Len(t, got.cases, len(want.cases), "batch %d", batch)
		for id, r := range want.cases {
			assert.True(t, bytes.Equal(r.Data, got.cases[id].Data), "batch %d: case %s differs", batch, id)
		}
	}
}

// pagedAgenda pages through a day's agenda, per units a page, and joins the
// pages: their lists concatenated, their dispatches joined.
func pagedAgenda(t *testing.T, c clients, on *timestamppb.Timestamp, per int) *zerenv1.GetAgendaResponse {
	t.Helper()
	all := &zerenv1.GetAgendaResponse{}
	tok := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 100, "paging does not end")
		r, err := c.supervision.GetAgenda(context.Background(), req(&zerenv1.GetAgendaRequest{On: on, UnitsPerPage: int32(per), PageToken: tok}))
		require.NoError(t, err)
		m := r.Msg
		all.Stored = m.GetStored()
		all.Reminders = append(all.Reminders, m.GetReminders()...)
		all.Opened = append(all.Opened, m.GetOpened()...)
		all.Urged = append(all.Urged, m.GetUrged()...)
		all.Inspections = append(all.Inspections, m.GetInspections()...)
		all.Problems = append(all.Problems, m.GetProblems()...)
		for _, d := range m.GetDispatches() {
			if len(all.Dispatches) == 0 {
				all.Dispatches = append(all.Dispatches, proto.CloneOf(d))
				continue
			}
			j := all.Dispatches[0]
			j.AssignmentIds = append(j.AssignmentIds, d.GetAssignmentIds()...)
			for _, o := range d.GetOrganizationIds() {
				if !slices.Contains(j.OrganizationIds, o) {
					j.OrganizationIds = append(j.OrganizationIds, o)
				}
			}
		}
		if tok = m.GetNextPageToken(); tok == "" {
			return all
		}
	}
}

// sortedAgenda orders an agenda's lists by id, so that agendas computed in
// different batches compare.
func sortedAgenda(a *zerenv1.GetAgendaResponse) *zerenv1.GetAgendaResponse {
	a = proto.CloneOf(a)
	byID := func(x, y interface{ GetId() string }) int { return strings.Compare(x.GetId(), y.GetId()) }
	slices.SortFunc(a.Reminders, func(x, y *zerenv1.Reminder) int { return byID(x, y) })
	slices.SortFunc(a.Opened, func(x, y *zerenv1.SupervisionCase) int { return byID(x, y) })
	slices.SortFunc(a.Urged, func(x, y *zerenv1.SupervisionCase) int { return byID(x, y) })
	slices.SortFunc(a.Inspections, func(x, y *zerenv1.Inspection) int { return byID(x, y) })
	for _, d := range a.Dispatches {
		slices.Sort(d.AssignmentIds)
		slices.Sort(d.OrganizationIds)
	}
	slices.SortFunc(a.Problems, func(x, y *zerenv1.ValidationProblem) int {
		return strings.Compare(x.GetId()+x.GetField(), y.GetId()+y.GetField())
	})
	return a
}

// A page token is for the day, the page size and the caller it was issued
// to; a size out of range, or a token without a size, is refused.
func TestAgendaPagesAreBoundToTheirQuery(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	ctx := context.Background()
	first, err := c.gw.supervision.GetAgenda(ctx, req(&zerenv1.GetAgendaRequest{On: overdueDay, UnitsPerPage: 2}))
	require.NoError(t, err)
	tok := first.Msg.GetNextPageToken()
	require.NotEmpty(t, tok)
	units := map[string]bool{}
	for _, o := range first.Msg.GetOpened() {
		units[o.GetLeadUnitId()] = true
	}
	assert.LessOrEqual(t, len(units), 2, "a page covers its units: %v", units)
	for name, r := range map[string]*zerenv1.GetAgendaRequest{
		"another day":        {On: day(2026, time.February, 4), UnitsPerPage: 2, PageToken: tok},
		"another size":       {On: overdueDay, UnitsPerPage: 3, PageToken: tok},
		"no size":            {On: overdueDay, PageToken: tok},
		"a negative size":    {On: overdueDay, UnitsPerPage: -1},
		"too many units":     {On: overdueDay, UnitsPerPage: 1001},
		"a token not issued": {On: overdueDay, UnitsPerPage: 2, PageToken: "bm90IGEgdG9rZW4"},
	} {
		t.Run(name, func(t *testing.T) {
			c.unchanged(t, connect.CodeInvalidArgument, func() error {
				_, err := c.gw.supervision.GetAgenda(ctx, req(r))
				return err
			})
		})
	}
	c.unchanged(t, connect.CodeInvalidArgument, func() error {
		_, err := c.cz.supervision.GetAgenda(ctx, req(&zerenv1.GetAgendaRequest{On: overdueDay, UnitsPerPage: 2, PageToken: tok}))
		return err
	})
}
