package server_test

import (
	"context"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"
)

// countingStore counts full reads of the structure.
type countingStore struct {
	*server.MemoryStore
	structureReads atomic.Int32
}

func (c *countingStore) Get(ctx context.Context, kind, id string) (server.Record, error) {
	if kind == server.KindStructure {
		c.structureReads.Add(1)
	}
	return c.MemoryStore.Get(ctx, kind, id)
}

// TestTheHierarchyIsBuiltOncePerStructureVersion: with a store that reports
// versions, queries reuse the built hierarchy until the structure changes.
func TestTheHierarchyIsBuiltOncePerStructureVersion(t *testing.T) {
	t.Parallel()
	store := &countingStore{MemoryStore: server.NewMemoryStore()}
	srv, err := server.New(store, server.WithAuthenticator(server.StaticTokens{adminToken: {Subject: "admin"}}),
		server.WithClock(func() time.Time { return sample.RotationDate }))
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, srv.LoadStructure(ctx, "test", frameworks.SanjiWugang(), sample.Structure()))
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	c := zerenv1connect.NewHierarchyServiceClient(hs.Client(), hs.URL, bearer(adminToken))
	chain := func() string {
		r, err := c.GetChain(ctx, connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: sample.RotationBranchID}))
		require.NoError(t, err)
		return r.Msg.GetLinks()[2].GetHolders()[0].GetPersonId()
	}
	for range 5 {
		assert.Equal(t, sample.RotationNewSecretaryID, chain())
	}
	assert.Equal(t, int32(1), store.structureReads.Load(), "five queries, one build")

	changed := sample.Structure()
	for _, a := range changed.GetAppointments() {
		if a.GetId() == sample.RotationNewAppointmentID {
			a.PersonId = sample.RotationOldSecretaryID // the rotation is called off: he stays
		}
	}
	_, err = c.PutStructure(ctx, connect.NewRequest(&zerenv1.PutStructureRequest{Structure: changed}))
	require.NoError(t, err)
	assert.Equal(t, sample.RotationOldSecretaryID, chain(), "a new structure version is rebuilt")
}
