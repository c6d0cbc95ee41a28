package serverstore_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

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

// TestStructureChangesOnTheRealStore removes a branch with open work on
// zerend's SQLite store: refused with nothing written, the audit log
// included, then rebound into the neighbouring branch, with one audit
// entry per moved record, all by the work committee's subject.
func TestStructureChangesOnTheRealStore(t *testing.T) {
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
	hc := zerenv1connect.NewHierarchyServiceClient(hs.Client(), hs.URL, auth)
	audit := func() []store.AuditEntry {
		var out []store.AuditEntry
		after := uint64(0)
		for {
			es, err := db.Audit(ctx, after, 1000)
			require.NoError(t, err)
			if len(es) == 0 {
				return out
			}
			out = append(out, es...)
			after = es[len(es)-1].Seq
		}
	}

	got, err := hc.GetStructure(ctx, connect.NewRequest(&zerenv1.GetStructureRequest{}))
	require.NoError(t, err)
	var changes []*zerenv1.StructureChange
	for _, a := range got.Msg.GetStructure().GetAppointments() {
		if strings.HasPrefix(a.GetPostId(), "czj-b2-") {
			changes = append(changes, &zerenv1.StructureChange{Change: &zerenv1.StructureChange_RemoveAppointmentId{RemoveAppointmentId: a.GetId()}})
		}
	}
	changes = append(changes,
		&zerenv1.StructureChange{Change: &zerenv1.StructureChange_RemovePostId{RemovePostId: "czj-b2-sec"}},
		&zerenv1.StructureChange{Change: &zerenv1.StructureChange_RemoveOrganizationId{RemoveOrganizationId: "czj-b2"}})
	rm := &zerenv1.ChangeStructureRequest{Changes: changes, ExpectVersion: got.Msg.GetVersion()}

	before := len(audit())
	_, err = hc.ChangeStructure(ctx, connect.NewRequest(rm))
	require.Equal(t, connect.CodeFailedPrecondition, connect.CodeOf(err), "%v", err)
	assert.Len(t, audit(), before, "a refused change writes nothing, the audit log included")

	rm.Rebind, rm.Successors = true, map[string]string{"czj-b2": "czj-b1"}
	done, err := hc.ChangeStructure(ctx, connect.NewRequest(rm))
	require.NoError(t, err)
	entries := audit()[before:]
	require.NotEmpty(t, entries)
	assert.Equal(t, store.Kind(server.KindStructure), entries[0].Kind, "the structure is written first")
	moved := 0
	for _, e := range entries {
		assert.Equal(t, "gongwei-admin", e.Actor)
		if e.Kind == store.Kind(server.KindAssignment) {
			moved++
			a := &zerenv1.Assignment{}
			require.NoError(t, proto.Unmarshal(e.After, a))
			assert.NotEqual(t, "czj-b2", a.GetOrganizationId())
			assert.Equal(t, a.GetOrganizationId(), e.Scope)
		}
	}
	assert.Positive(t, moved)
	assert.Greater(t, done.Msg.GetVersion(), got.Msg.GetVersion())

	// The same change again is a stale diff now.
	_, err = hc.ChangeStructure(ctx, connect.NewRequest(rm))
	assert.Equal(t, connect.CodeAborted, connect.CodeOf(err), "%v", err)
}
