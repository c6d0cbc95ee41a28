package server_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

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
