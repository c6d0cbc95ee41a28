package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/server"
)

const (
	czjCase = "DB-A-T01/czj-pg/2026-M01"
	fgwCase = "DB-A-T01/fgw-pg/2026-M01"
)

var (
	rectifying = zerenv1.CaseState_CASE_STATE_RECTIFYING
	submitted  = zerenv1.CaseState_CASE_STATE_SUBMITTED
	verified   = zerenv1.CaseState_CASE_STATE_VERIFIED
	closed     = zerenv1.CaseState_CASE_STATE_CLOSED
)

// 2026-02-03 is the first working day after January's assignments fell
// due (31 January, a Saturday, moves to Monday 2 February): every monthly
// January assignment still open gets a case.
var overdueDay = day(2026, time.February, 3)

func agenda(t testing.TB, c clients, on *timestamppb.Timestamp) *zerenv1.GetAgendaResponse {
	t.Helper()
	r, err := c.supervision.GetAgenda(context.Background(), req(&zerenv1.GetAgendaRequest{On: on}))
	require.NoError(t, err)
	return r.Msg
}

func TestGetAgendaStoresTheCasesItOpensOnce(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	first := agenda(t, c.gw, overdueDay)
	assert.True(t, first.GetStored())
	require.Len(t, first.GetOpened(), 180, "one case per open January assignment")
	stored := c.store.Snapshot()[server.KindCase]
	assert.Len(t, stored, 180)
	assert.Contains(t, stored, czjCase)
	assert.Contains(t, c.store.Snapshot()[server.KindInspectionPlan], "2026", "the year's inspection plan is made once and kept")

	before := c.store.Snapshot()
	again := agenda(t, c.gw, overdueDay)
	assert.Empty(t, again.GetOpened(), "the same day again opens nothing")
	assert.Equal(t, before, c.store.Snapshot())

	urge := agenda(t, c.gw, day(2026, time.February, 25))
	assert.Len(t, urge.GetUrged(), 180, "cases past their ten working days are urged (催办)")
	for _, u := range urge.GetUrged() {
		assert.Equal(t, int32(1), u.GetOverdueCount())
	}
	assert.Empty(t, agenda(t, c.gw, day(2026, time.February, 25)).GetUrged(), "urged once per deadline")
}

func TestGetAgendaForABranchOrAFutureDayOnlyReports(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	before := c.store.Snapshot()
	mine := agenda(t, c.cz, overdueDay)
	assert.False(t, mine.GetStored())
	require.NotEmpty(t, mine.GetOpened())
	for _, o := range mine.GetOpened() {
		assert.True(t, strings.HasPrefix(o.GetOrganizationId(), "czj-"), o.GetId())
	}
	assert.Less(t, len(mine.GetOpened()), 180)
	assert.Equal(t, before, c.store.Snapshot(), "a branch's agenda stores nothing")

	// The server's clock says 2026-07-01: August is the future.
	future := agenda(t, c.gw, day(2026, time.August, 3))
	assert.False(t, future.GetStored())
	assert.NotEmpty(t, future.GetOpened())
	assert.Equal(t, before, c.store.Snapshot(), "a future day stores nothing")
}

func TestACaseMovesThroughRectification(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	ctx := context.Background()
	agenda(t, c.gw, overdueDay)
	move := func(cl clients, id string, to zerenv1.CaseState) (*zerenv1.SupervisionCase, error) {
		r, err := cl.supervision.TransitionCase(ctx, req(&zerenv1.TransitionCaseRequest{
			CaseId: id, To: to, Note: "按期整改", Measures: []string{"补学第一议题"},
			Evidence: []*zerenv1.Evidence{{Ref: "oa://doc/7", Title: "整改报告"}},
		}))
		if err != nil {
			return nil, err
		}
		return r.Msg.GetCase(), nil
	}
	got, err := move(c.cz, czjCase, rectifying)
	require.NoError(t, err)
	assert.Equal(t, rectifying, got.GetState())
	last := got.GetHistory()[len(got.GetHistory())-1]
	assert.Equal(t, "oa:czj", last.GetActor(), "the caller is the actor")
	assert.Equal(t, []string{"补学第一议题"}, got.GetRectification().GetMeasures())
	_, err = move(c.cz, czjCase, submitted)
	require.NoError(t, err)

	t.Run("a unit may not verify its own case", func(t *testing.T) {
		c.unchanged(t, connect.CodePermissionDenied, func() error { _, err := move(c.cz, czjCase, verified); return err })
	})
	t.Run("a branch token may not touch another unit's case", func(t *testing.T) {
		ce := c.unchanged(t, connect.CodeNotFound, func() error { _, err := move(c.cz, fgwCase, rectifying); return err })
		assert.NotContains(t, ce.Message(), "fgw-pg\"", "the answer names no foreign organisation")
	})
	_, err = move(c.gw, czjCase, verified)
	require.NoError(t, err)
	_, err = move(c.gw, czjCase, closed)
	require.NoError(t, err)

	t.Run("an illegal transition names the case and both states", func(t *testing.T) {
		ce := c.unchanged(t, connect.CodeFailedPrecondition, func() error { _, err := move(c.gw, czjCase, rectifying); return err })
		assert.Contains(t, ce.Message(), czjCase)
		// Chinese by default (the TransitionError's Zh).
		assert.Contains(t, ce.Message(), "不能从已办结销号转为整改中")
		ce = c.unchanged(t, connect.CodeFailedPrecondition, func() error { _, err := move(c.gw, fgwCase, closed); return err })
		assert.Contains(t, ce.Message(), "已立案之后只能转为整改中")
	})
	t.Run("bad transitions are rejected before any work", func(t *testing.T) {
		c.unchanged(t, connect.CodeInvalidArgument, func() error { _, err := move(c.gw, czjCase, 42); return err })
		c.unchanged(t, connect.CodeInvalidArgument, func() error { _, err := move(c.gw, "", rectifying); return err })
		c.unchanged(t, connect.CodeNotFound, func() error { _, err := move(c.gw, "DB-nope", rectifying); return err })
		c.unchanged(t, connect.CodeInvalidArgument, func() error {
			_, err := c.gw.supervision.TransitionCase(ctx, req(&zerenv1.TransitionCaseRequest{CaseId: fgwCase, To: rectifying, Note: strings.Repeat("长", 2000)}))
			return err
		})
	})

	t.Run("ListCases filters by state and subtree", func(t *testing.T) {
		r, err := c.gw.supervision.ListCases(ctx, req(&zerenv1.ListCasesRequest{State: closed}))
		require.NoError(t, err)
		require.Len(t, r.Msg.GetCases(), 1)
		assert.Equal(t, czjCase, r.Msg.GetCases()[0].GetId())

		var mine []*zerenv1.SupervisionCase
		tok := ""
		for {
			r, err := c.cz.supervision.ListCases(ctx, req(&zerenv1.ListCasesRequest{PageSize: 3, PageToken: tok}))
			require.NoError(t, err)
			mine = append(mine, r.Msg.GetCases()...)
			if tok = r.Msg.GetNextPageToken(); tok == "" {
				break
			}
		}
		require.NotEmpty(t, mine)
		for _, cs := range mine {
			assert.True(t, strings.HasPrefix(cs.GetOrganizationId(), "czj-"), cs.GetId())
		}
		_, err = c.cz.supervision.ListCases(ctx, req(&zerenv1.ListCasesRequest{OrganizationId: "fgw-pg"}))
		assert.Equal(t, connect.CodeNotFound, connect.CodeOf(err))
		_, err = c.cz.supervision.ListCases(ctx, req(&zerenv1.ListCasesRequest{State: 77}))
		assert.Equal(t, connect.CodeInvalidArgument, connect.CodeOf(err))
	})
}

func finding(id, org string) *zerenv1.Finding {
	return &zerenv1.Finding{
		Id: id, OrganizationId: org, Dimension: zerenv1.Dimension_DIMENSION_ORGANIZATIONAL,
		Description: "三会一课记录不全", Severity: zerenv1.Severity_SEVERITY_MAJOR, FoundAt: day(2026, time.March, 10),
		InspectionId: "DC-2026-czj",
	}
}

func TestRecordedFindingsOpenCases(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	ctx := context.Background()
	r, err := c.gw.supervision.RecordFindings(ctx, req(&zerenv1.RecordFindingsRequest{Findings: []*zerenv1.Finding{finding("F-2026-001", "czj-b1")}}))
	require.NoError(t, err)
	assert.Equal(t, int32(1), r.Msg.GetRecorded())

	opened := agenda(t, c.gw, day(2026, time.March, 11)).GetOpened()
	var ids []string
	for _, o := range opened {
		ids = append(ids, o.GetId())
	}
	assert.Contains(t, ids, "DB-F-F-2026-001")

	many := make([]*zerenv1.Finding, 10001)
	for i := range many {
		many[i] = finding(fmt.Sprintf("F-%d", i), "czj-b1")
	}
	noDimension := finding("F-2", "czj-b1")
	noDimension.Dimension = 0
	tests := []struct {
		name     string
		code     connect.Code
		findings []*zerenv1.Finding
		cl       clients
	}{
		{"a branch token records a finding", connect.CodePermissionDenied, []*zerenv1.Finding{finding("F-9", "czj-b1")}, c.cz},
		{"no findings", connect.CodeInvalidArgument, nil, c.gw},
		{"10,001 findings", connect.CodeInvalidArgument, many, c.gw},
		{"an unknown organisation", connect.CodeInvalidArgument, []*zerenv1.Finding{finding("F-3", "nowhere")}, c.gw},
		{"a finding without a dimension beside a good one", connect.CodeInvalidArgument, []*zerenv1.Finding{finding("F-4", "czj-b1"), noDimension}, c.gw},
		{"the same id twice", connect.CodeInvalidArgument, []*zerenv1.Finding{finding("F-5", "czj-b1"), finding("F-5", "fgw-b1")}, c.gw},
		{"an id with a slash", connect.CodeInvalidArgument, []*zerenv1.Finding{finding("F/6", "czj-b1")}, c.gw},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.unchanged(t, tt.code, func() error {
				_, err := tt.cl.supervision.RecordFindings(ctx, req(&zerenv1.RecordFindingsRequest{Findings: tt.findings}))
				return err
			})
		})
	}
}

func TestExtendingACaseMovesItsAssignments(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	ctx := context.Background()
	agenda(t, c.gw, overdueDay)
	extend := func(cl clients, to time.Time, reason string) (*zerenv1.ExtendCaseResponse, error) {
		r, err := cl.supervision.ExtendCase(ctx, req(&zerenv1.ExtendCaseRequest{CaseId: czjCase, NewDeadline: day(to.Year(), to.Month(), to.Day()), Reason: reason}))
		if err != nil {
			return nil, err
		}
		return r.Msg, nil
	}
	t.Run("a branch token may not approve an extension", func(t *testing.T) {
		c.unchanged(t, connect.CodePermissionDenied, func() error {
			_, err := extend(c.cz, time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), "材料待补")
			return err
		})
	})
	t.Run("an extension needs a reason and a later deadline", func(t *testing.T) {
		c.unchanged(t, connect.CodeInvalidArgument, func() error {
			_, err := extend(c.gw, time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), "")
			return err
		})
		c.unchanged(t, connect.CodeInvalidArgument, func() error {
			_, err := extend(c.gw, time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC), "材料待补")
			return err
		})
	})
	got, err := extend(c.gw, time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), "春节假期顺延")
	require.NoError(t, err)
	assert.Equal(t, day(2026, time.March, 10).AsTime(), got.GetCase().GetDeadline().AsTime())
	require.Len(t, got.GetAssignments(), 1)
	assert.Equal(t, day(2026, time.March, 10).AsTime(), got.GetAssignments()[0].GetDue().AsTime())
	assert.Equal(t, "gongwei-admin", got.GetCase().GetRectification().GetExtensions()[0].GetApprovedBy())
}
