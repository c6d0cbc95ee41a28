package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/server"
)

func TestMemoryStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m := server.NewMemoryStore()
	var changes []server.Change
	for i := range 5 {
		changes = append(changes, server.Change{Kind: "plan", ID: fmt.Sprintf("p%d", i), Scope: fmt.Sprintf("s%d", i%2), Data: []byte{byte(i)}})
	}
	require.NoError(t, m.Apply(ctx, "tester", changes))
	require.ErrorIs(t, m.Apply(ctx, "tester", []server.Change{
		{Kind: "plan", ID: "new", Data: []byte{9}},
		{Kind: "plan", ID: "p1", Data: []byte{9}, ExpectVersion: server.ExpectAbsent},
	}), server.ErrConflict)
	_, err := m.Get(ctx, "plan", "new")
	require.ErrorIs(t, err, server.ErrNotFound, "a failed batch applies nothing")
	require.ErrorIs(t, m.Apply(ctx, "tester", []server.Change{{Kind: "plan", ID: "p1", Data: []byte{1}, ExpectVersion: 2}}), server.ErrConflict)
	require.NoError(t, m.Apply(ctx, "tester", []server.Change{{Kind: "plan", ID: "p1", Scope: "s1", Data: []byte{7}, ExpectVersion: 1}}))
	r, err := m.Get(ctx, "plan", "p1")
	require.NoError(t, err)
	assert.Equal(t, int64(2), r.Version)
	require.Error(t, m.Apply(ctx, " ", nil), "an actor is required")

	page, err := m.List(ctx, "plan", server.ListQuery{PageSize: 2})
	require.NoError(t, err)
	assert.Equal(t, []string{"p0", "p1"}, ids(page.Records))
	page, err = m.List(ctx, "plan", server.ListQuery{PageSize: 2, PageToken: page.NextPageToken})
	require.NoError(t, err)
	assert.Equal(t, []string{"p2", "p3"}, ids(page.Records))
	page, err = m.List(ctx, "plan", server.ListQuery{Scopes: []string{"s1"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"p1", "p3"}, ids(page.Records))
	assert.Empty(t, page.NextPageToken)
	page, err = m.List(ctx, "plan", server.ListQuery{Prefix: "p4"})
	require.NoError(t, err)
	assert.Equal(t, []string{"p4"}, ids(page.Records))

	require.NoError(t, m.Apply(ctx, "tester", []server.Change{{Kind: "plan", ID: "p4"}}))
	_, err = m.Get(ctx, "plan", "p4")
	assert.ErrorIs(t, err, server.ErrNotFound)
}

func ids(rs []server.Record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}
