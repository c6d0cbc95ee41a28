package serverstore_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"

	"github.com/zerenlab/zeren/cmd/internal/serverstore"
	"github.com/zerenlab/zeren/cmd/internal/store"
	"github.com/zerenlab/zeren/cmd/internal/testdb"
)

// TestFarFutureDatesCommitNothing is issue 9's break 5 on the real store:
// ExtendCase to 9999-12-31 used to answer 500 after committing two audit
// entries, and GetAgenda on that day answered 500. Both are now refused as
// INVALID_ARGUMENT before any write, the audit log included, and the
// listings keep working.
func TestFarFutureDatesCommitNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := store.Open(ctx, testdb.SQLite(t))
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	cal, err := calendar.New(sample.Calendar(), sample.Location)
	require.NoError(t, err)
	srv, err := server.New(serverstore.New(db),
		server.WithAuthenticator(server.StaticTokens{"gw": {Subject: "gongwei-admin"}}),
		server.WithClock(func() time.Time { return sample.RotationDate }),
		server.WithCalendar(cal), server.WithLocation(sample.Location))
	require.NoError(t, err)
	require.NoError(t, srv.LoadStructure(ctx, "setup", frameworks.SanjiWugang(), sample.Structure()))
	_, err = srv.LoadPlan(ctx, "setup", sample.Plan())
	require.NoError(t, err)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	auth := connect.WithInterceptors(connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, r connect.AnyRequest) (connect.AnyResponse, error) {
			r.Header().Set("Authorization", "Bearer gw")
			return next(ctx, r)
		}
	}))
	sv := zerenv1connect.NewSupervisionServiceClient(hs.Client(), hs.URL, auth)
	cl := zerenv1connect.NewChecklistServiceClient(hs.Client(), hs.URL, auth)

	ag, err := sv.GetAgenda(ctx, connect.NewRequest(&zerenv1.GetAgendaRequest{On: timestamppb.New(time.Date(2026, 2, 3, 0, 0, 0, 0, sample.Location))}))
	require.NoError(t, err)
	require.NotEmpty(t, ag.Msg.GetOpened())
	caseID := ag.Msg.GetOpened()[0].GetId()

	entries := func() int {
		n, after := 0, uint64(0)
		for {
			es, err := db.Audit(ctx, after, 1000)
			require.NoError(t, err)
			if len(es) == 0 {
				return n
			}
			n += len(es)
			after = es[len(es)-1].Seq
		}
	}
	before := entries()
	farFuture := timestamppb.New(time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC))
	_, err = sv.ExtendCase(ctx, connect.NewRequest(&zerenv1.ExtendCaseRequest{CaseId: caseID, NewDeadline: farFuture, Reason: "延期"}))
	assert.Equal(t, connect.CodeInvalidArgument, connect.CodeOf(err), "%v", err)
	_, err = sv.GetAgenda(ctx, connect.NewRequest(&zerenv1.GetAgendaRequest{On: farFuture}))
	assert.Equal(t, connect.CodeInvalidArgument, connect.CodeOf(err), "%v", err)
	assert.Equal(t, before, entries(), "a refused call writes no audit entry")

	_, err = sv.ListCases(ctx, connect.NewRequest(&zerenv1.ListCasesRequest{}))
	require.NoError(t, err, "the cases still list")
	_, err = cl.ListAssignments(ctx, connect.NewRequest(&zerenv1.ListAssignmentsRequest{}))
	require.NoError(t, err, "the assignments still list")
	rep, err := db.VerifyAudit(ctx)
	require.NoError(t, err)
	assert.True(t, rep.OK())
}
