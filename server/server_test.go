package server_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"
)

const (
	adminToken   = "token-gongwei"
	financeToken = "token-czj"
)

type fixture struct {
	url   string
	store *server.MemoryStore
	admin zerenv1connect.HierarchyServiceClient
	czj   zerenv1connect.HierarchyServiceClient
}

func bearer(tok string) connect.ClientOption {
	return connect.WithInterceptors(connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Authorization", "Bearer "+tok)
			return next(ctx, req)
		}
	}))
}

// newFixture serves a loaded 示例市 on loopback. The finance bureau's token
// sees only its 党组's subtree.
func newFixture(t testing.TB, opts ...server.Option) *fixture {
	t.Helper()
	store := server.NewMemoryStore()
	opts = append([]server.Option{
		server.WithAuthenticator(server.StaticTokens{
			adminToken:   {Subject: "gongwei-admin"},
			financeToken: {Subject: "oa:czj", Root: "czj-pg"},
		}),
		server.WithClock(func() time.Time { return sample.RotationDate }),
	}, opts...)
	srv, err := server.New(store, opts...)
	require.NoError(t, err)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	f := &fixture{
		url: hs.URL, store: store,
		admin: zerenv1connect.NewHierarchyServiceClient(hs.Client(), hs.URL, bearer(adminToken)),
		czj:   zerenv1connect.NewHierarchyServiceClient(hs.Client(), hs.URL, bearer(financeToken), connect.WithGRPC()),
	}
	ctx := context.Background()
	_, err = f.admin.PutFramework(ctx, connect.NewRequest(&zerenv1.PutFrameworkRequest{Framework: frameworks.SanjiWugang()}))
	require.NoError(t, err)
	_, err = f.admin.PutStructure(ctx, connect.NewRequest(&zerenv1.PutStructureRequest{Structure: sample.Structure()}))
	require.NoError(t, err)
	return f
}

func codeOf(err error) connect.Code { return connect.CodeOf(err) }

func TestChainOverConnectAndGRPC(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	for _, c := range []zerenv1connect.HierarchyServiceClient{f.admin, f.czj} {
		before, err := c.GetChain(ctx, connect.NewRequest(&zerenv1.GetChainRequest{
			OrganizationId: sample.RotationBranchID, At: timestamppb.New(sample.RotationDate.Add(-time.Hour)),
		}))
		require.NoError(t, err)
		links := before.Msg.GetLinks()
		require.Len(t, links, 3)
		assert.Equal(t, sample.RotationOldSecretaryID, links[2].GetHolders()[0].GetPersonId())

		now, err := c.GetChain(ctx, connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: sample.RotationBranchID}))
		require.NoError(t, err)
		assert.Equal(t, sample.RotationNewSecretaryID, now.Msg.GetLinks()[2].GetHolders()[0].GetPersonId(), "unset at means the server's now")
	}
}

func TestAuthorisationBoundaries(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	otherUnit := "fgw-b1"
	tests := []struct {
		name string
		call func() error
		want connect.Code
	}{
		{"a branch token reads another unit's chain", func() error {
			_, err := f.czj.GetChain(ctx, connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: otherUnit}))
			return err
		}, connect.CodeNotFound},
		{"a branch token asks liability in another unit", func() error {
			_, err := f.czj.GetLiability(ctx, connect.NewRequest(&zerenv1.GetLiabilityRequest{OrganizationId: otherUnit, At: timestamppb.Now()}))
			return err
		}, connect.CodeNotFound},
		{"a branch token lists holders of another unit's post", func() error {
			_, err := f.czj.ListHolders(ctx, connect.NewRequest(&zerenv1.ListHoldersRequest{PostId: "fgw-pg-sec"}))
			return err
		}, connect.CodeNotFound},
		{"a branch token replaces the structure", func() error {
			_, err := f.czj.PutStructure(ctx, connect.NewRequest(&zerenv1.PutStructureRequest{Structure: sample.Structure()}))
			return err
		}, connect.CodePermissionDenied},
		{"a branch token replaces the framework", func() error {
			_, err := f.czj.PutFramework(ctx, connect.NewRequest(&zerenv1.PutFrameworkRequest{Framework: frameworks.SanjiWugang()}))
			return err
		}, connect.CodePermissionDenied},
		{"no token at all", func() error {
			c := zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, f.url)
			_, err := c.GetChain(ctx, connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: "czj-b1"}))
			return err
		}, connect.CodeUnauthenticated},
		{"a wrong token", func() error {
			c := zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, f.url, bearer("guess"))
			_, err := c.GetChain(ctx, connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: "czj-b1"}))
			return err
		}, connect.CodeUnauthenticated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			require.Error(t, err)
			assert.Equal(t, tt.want, codeOf(err), "%v", err)
		})
	}
	t.Run("the branch token sees its own subtree", func(t *testing.T) {
		_, err := f.czj.GetChain(ctx, connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: "czj-b1"}))
		require.NoError(t, err)
	})
	t.Run("coverage is filtered to the caller's subtree", func(t *testing.T) {
		r, err := f.czj.GetCoverage(ctx, connect.NewRequest(&zerenv1.GetCoverageRequest{At: timestamppb.New(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))}))
		require.NoError(t, err)
		require.NotEmpty(t, r.Msg.GetGaps())
		for _, g := range r.Msg.GetGaps() {
			assert.Equal(t, "czj", g.GetUnitId())
		}
	})
}

func TestBadRequestsGetClearErrorsAndLeaveTheStoreUnchanged(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	before, err := f.store.Get(ctx, server.KindStructure, "current")
	require.NoError(t, err)

	broken := sample.Structure()
	broken.Organizations[5].ParentId = "nowhere"
	_, err = f.admin.PutStructure(ctx, connect.NewRequest(&zerenv1.PutStructureRequest{Structure: broken}))
	require.Error(t, err)
	assert.Equal(t, connect.CodeInvalidArgument, codeOf(err))
	var cerr *connect.Error
	require.True(t, errors.As(err, &cerr))
	require.Len(t, cerr.Details(), 1)
	d, err := cerr.Details()[0].Value()
	require.NoError(t, err)
	problem := d.(*zerenv1.ValidationProblem)
	assert.Equal(t, "organization", problem.GetRecord())
	assert.Equal(t, "parent_id", problem.GetField())

	_, err = f.admin.GetCoverage(ctx, connect.NewRequest(&zerenv1.GetCoverageRequest{PageSize: 5000}))
	assert.Equal(t, connect.CodeInvalidArgument, codeOf(err))
	_, err = f.admin.GetCoverage(ctx, connect.NewRequest(&zerenv1.GetCoverageRequest{PageToken: "%%%"}))
	assert.Equal(t, connect.CodeInvalidArgument, codeOf(err))
	_, err = f.admin.GetLiability(ctx, connect.NewRequest(&zerenv1.GetLiabilityRequest{OrganizationId: "czj-b1"}))
	assert.Equal(t, connect.CodeInvalidArgument, codeOf(err), "liability needs a date")
	_, err = f.admin.GetChain(ctx, connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: "nope"}))
	assert.Equal(t, connect.CodeNotFound, codeOf(err))
	_, err = f.admin.GetChain(ctx, connect.NewRequest(&zerenv1.GetChainRequest{OrganizationId: "czj-b1", At: &timestamppb.Timestamp{Seconds: 1e15}}))
	assert.Equal(t, connect.CodeInvalidArgument, codeOf(err))

	after, err := f.store.Get(ctx, server.KindStructure, "current")
	require.NoError(t, err)
	assert.Equal(t, before.Version, after.Version)
}

func TestHostileHTTPBodies(t *testing.T) {
	t.Parallel()
	f := newFixture(t, server.WithMaxRequestBytes(1<<20))
	post := func(body io.Reader, contentType string) (*http.Response, string) {
		req, err := http.NewRequest(http.MethodPost, f.url+"/zeren.v1.HierarchyService/GetChain", body)
		require.NoError(t, err)
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Authorization", "Bearer "+adminToken)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, body := post(strings.NewReader(`{"organizationId":"czj-b1"}`), "application/json")
	assert.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, "中共示例市财政局党组")

	resp, body = post(strings.NewReader(`{"organizationId":`), "application/json")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, body)

	resp, body = post(strings.NewReader(`{"organizationId":"czj-b1","surprise":1}`), "application/json")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, body)

	huge := bytes.Repeat([]byte(" "), 2<<20)
	resp, body = post(io.MultiReader(strings.NewReader(`{"organizationId":"czj-b1"`), bytes.NewReader(huge), strings.NewReader("}")), "application/json")
	assert.NotEqual(t, http.StatusOK, resp.StatusCode, body)
}

func TestNewReportsConfigurationErrors(t *testing.T) {
	t.Parallel()
	_, err := server.New(nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "a store is required")
	assert.Contains(t, err.Error(), "an authenticator is required")

	_, err = server.New(server.NewMemoryStore(), server.WithAuthenticator(server.StaticTokens{}),
		server.WithPageTokenKey([]byte("short")), server.WithRunBudget(0), server.WithMaxFactsBytes(-1), server.WithProgressTolerance(-time.Hour))
	require.Error(t, err)
	for _, want := range []string{"page token key is 5 bytes; it must be 32", "run budget must be positive", "max facts bytes -1", "progress tolerance -1h0m0s"} {
		assert.Contains(t, err.Error(), want)
	}
}
