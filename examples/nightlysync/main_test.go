package main

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"testing"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/internal/golden"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/server"
)

// sortByID orders every kind of a structure by id, to compare structures
// as sets of records.
func sortByID(st *zerenv1.Structure) *zerenv1.Structure {
	st = proto.Clone(st).(*zerenv1.Structure)
	slices.SortFunc(st.Units, func(a, b *zerenv1.Unit) int { return cmp.Compare(a.GetId(), b.GetId()) })
	slices.SortFunc(st.Organizations, func(a, b *zerenv1.Organization) int { return cmp.Compare(a.GetId(), b.GetId()) })
	slices.SortFunc(st.Posts, func(a, b *zerenv1.Post) int { return cmp.Compare(a.GetId(), b.GetId()) })
	slices.SortFunc(st.People, func(a, b *zerenv1.Person) int { return cmp.Compare(a.GetId(), b.GetId()) })
	slices.SortFunc(st.Appointments, func(a, b *zerenv1.Appointment) int { return cmp.Compare(a.GetId(), b.GetId()) })
	slices.SortFunc(st.DutyAreas, func(a, b *zerenv1.DutyArea) int { return cmp.Compare(a.GetId(), b.GetId()) })
	return st
}

// TestTwoMonthsOfNightlySyncs runs eight weekly exports of 示例市 through
// the diff and ChangeStructure against a server on loopback: at the end
// the stored structure is the last export and every assignment names an
// organisation, a post and an appointment that exist. The log is checked
// against a golden file (go test -update rewrites it).
func TestTwoMonthsOfNightlySyncs(t *testing.T) {
	ctx := context.Background()
	l, err := newLocal(ctx)
	require.NoError(t, err)
	defer l.close()
	var buf bytes.Buffer
	require.NoError(t, l.run(ctx, &buf))
	golden.Assert(t, "nightlysync.golden", buf.Bytes())

	nights := Nights()
	require.Len(t, nights, 8)
	last := nights[len(nights)-1].Export
	c := zerenv1connect.NewHierarchyServiceClient(l.client(), l.url, connect.WithInterceptors(bearer("dev-gongwei")))
	got, err := c.GetStructure(ctx, connect.NewRequest(&zerenv1.GetStructureRequest{}))
	require.NoError(t, err)
	assert.True(t, proto.Equal(sortByID(last), sortByID(got.Msg.GetStructure())), "the stored structure is the last export")
	assert.Equal(t, int64(9), got.Msg.GetVersion(), "one change per night after the start-up load")

	orgs, posts, apps := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, o := range last.GetOrganizations() {
		orgs[o.GetId()] = true
	}
	for _, p := range last.GetPosts() {
		posts[p.GetId()] = true
	}
	for _, a := range last.GetAppointments() {
		apps[a.GetId()] = true
	}
	var n, merged int
	tok := ""
	for {
		page, err := l.store.List(ctx, server.KindAssignment, server.ListQuery{PageSize: 1000, PageToken: tok})
		require.NoError(t, err)
		for _, r := range page.Records {
			a := &zerenv1.Assignment{}
			require.NoError(t, proto.Unmarshal(r.Data, a))
			n++
			require.True(t, orgs[a.GetOrganizationId()], "assignment %s points at missing organisation %q", a.GetId(), a.GetOrganizationId())
			require.True(t, posts[a.GetPostId()], "assignment %s points at missing post %q", a.GetId(), a.GetPostId())
			if a.GetAppointmentId() != "" {
				require.True(t, apps[a.GetAppointmentId()], "assignment %s points at missing appointment %q", a.GetId(), a.GetAppointmentId())
			}
			assert.Equal(t, a.GetOrganizationId(), r.Scope)
			if a.GetOrganizationId() == "gw-b1" {
				if len(a.GetId()) > 0 && bytes.Contains([]byte(a.GetId()), []byte("/gw-b2/")) {
					merged++
				}
			}
		}
		if tok = page.NextPageToken; tok == "" {
			break
		}
	}
	assert.Equal(t, 4589, n, "no assignment was lost")
	assert.Equal(t, 73, merged, "the merged branch's work moved to 第一支部")
}

func TestSyncOfTheSameExportChangesNothing(t *testing.T) {
	ctx := context.Background()
	l, err := newLocal(ctx)
	require.NoError(t, err)
	defer l.close()
	c := zerenv1connect.NewHierarchyServiceClient(l.client(), l.url, connect.WithInterceptors(bearer("dev-gongwei")))
	// The OA's export arrives as a JSON document.
	data, err := protojson.Marshal(Nights()[0].Export)
	require.NoError(t, err)
	first, err := responsibility.ParseStructure(data)
	require.NoError(t, err)
	prev, err := Sync(ctx, c, first, Options{DryRun: true})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"put_person": 1, "rotation": 1}, prev.Changes)
	assert.Equal(t, int64(1), prev.Version, "a dry run stores nothing")
	r, err := Sync(ctx, c, first, Options{})
	require.NoError(t, err)
	require.NotEmpty(t, r.Changes)
	again, err := Sync(ctx, c, first, Options{})
	require.NoError(t, err)
	assert.Empty(t, again.Changes)
	assert.Equal(t, r.Version, again.Version)

	other := proto.Clone(first).(*zerenv1.Structure)
	other.FrameworkId = "siji-sigang"
	_, err = Sync(ctx, c, other, Options{})
	assert.ErrorContains(t, err, "导出的组织结构属于框架")
}
