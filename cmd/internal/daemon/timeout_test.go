package daemon_test

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"

	"github.com/zerenlab/zeren/cmd/internal/daemon"
	"github.com/zerenlab/zeren/cmd/internal/testdb"
)

// TestASlowBodyIsCutOffByTheReadTimeout: a client that sends its headers and
// then trickles its body is disconnected once -read-timeout has passed,
// instead of holding the connection (issue 9: bodies were held past 150 s).
func TestASlowBodyIsCutOffByTheReadTimeout(t *testing.T) {
	t.Parallel()
	cfg := config(testdb.SQLite(t))
	cfg.ReadTimeout = 300 * time.Millisecond
	d, _ := start(t, cfg)
	conn, err := net.Dial("tcp", d.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	_, err = fmt.Fprintf(conn, "POST /zeren.v1.HierarchyService/GetChain HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"+
		"Authorization: Bearer %s\r\nContent-Length: 1000\r\n\r\n{", adminToken)
	require.NoError(t, err)
	closed := make(chan error, 1)
	go func() {
		// Trickle one byte every 50 ms, for up to 20 s.
		for range 400 {
			time.Sleep(50 * time.Millisecond)
			if _, err := conn.Write([]byte(" ")); err != nil {
				closed <- err
				return
			}
		}
		closed <- nil
	}()
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(20*time.Second)))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err == nil {
		resp.Body.Close()
		assert.NotEqual(t, http.StatusOK, resp.StatusCode)
	} else {
		var ne net.Error
		if assert.ErrorAs(t, err, &ne) {
			assert.False(t, ne.Timeout(), "the server, not the test's 20 s deadline, ended the request")
		}
	}
}

// TestPageTokenKeyFile: instances sharing a key file honour each other's
// page tokens; a malformed key file stops the start.
func TestPageTokenKeyFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	key := filepath.Join(dir, "page.key")
	require.NoError(t, os.WriteFile(key, []byte(strings.Repeat("ab", 32)+"\n"), 0o600))
	db := testdb.SQLite(t)
	cfg := config(db)
	cfg.PageTokenKeyFile, cfg.SeedSample = key, true
	one, _ := start(t, cfg)
	cfg2 := config(db)
	cfg2.PageTokenKeyFile = key
	two, _ := start(t, cfg2)

	ctx := context.Background()
	url := func(d interface{ Addr() net.Addr }) string { return "http://" + d.Addr().String() }
	c1 := zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, url(one), bearer(adminToken))
	c2 := zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, url(two), bearer(adminToken))
	at := timestamppb.New(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	first, err := c1.GetCoverage(ctx, connect.NewRequest(&zerenv1.GetCoverageRequest{PageSize: 1, At: at}))
	require.NoError(t, err)
	require.NotEmpty(t, first.Msg.GetNextPageToken())
	_, err = c2.GetCoverage(ctx, connect.NewRequest(&zerenv1.GetCoverageRequest{PageSize: 1, At: at, PageToken: first.Msg.GetNextPageToken()}))
	assert.NoError(t, err, "the other instance opens the token")

	require.NoError(t, os.WriteFile(key, []byte("not hex"), 0o600))
	bad := config(testdb.SQLite(t))
	bad.PageTokenKeyFile = key
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	_, err = daemon.Start(ctx, bad, slog.New(slog.DiscardHandler), ln)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "64 hex digits")
}

// Without a page-token key file, instances sharing an audit key (as every
// instance of one database does) derive the same page-token key from it and
// honour each other's page tokens; an instance with another audit key
// refuses them.
func TestPageTokenKeyDerivedFromTheAuditKey(t *testing.T) {
	t.Parallel()
	db := testdb.SQLite(t)
	cfg := config(db)
	cfg.SeedSample = true
	one, logs := start(t, cfg)
	two, _ := start(t, config(db))
	other := config(testdb.SQLite(t))
	other.SeedSample, other.AuditKey = true, "another audit key, 0123456789abcdef"
	three, _ := start(t, other)
	assert.Contains(t, logs.messages(t), "page tokens sealed with a key derived from the audit key: every instance with this audit key honours them")

	ctx := context.Background()
	client := func(d *daemon.Daemon) zerenv1connect.HierarchyServiceClient {
		return zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, "http://"+d.Addr().String(), bearer(adminToken))
	}
	at := timestamppb.New(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	first, err := client(one).GetCoverage(ctx, connect.NewRequest(&zerenv1.GetCoverageRequest{PageSize: 1, At: at}))
	require.NoError(t, err)
	token := first.Msg.GetNextPageToken()
	require.NotEmpty(t, token)
	next := connect.NewRequest(&zerenv1.GetCoverageRequest{PageSize: 1, At: at, PageToken: token})
	page, err := client(two).GetCoverage(ctx, next)
	require.NoError(t, err, "the instance with the same audit key opens the token")
	assert.NotEqual(t, first.Msg.GetGaps()[0].String(), page.Msg.GetGaps()[0].String(), "and answers the next page")

	// The same data, keyed with another audit key: the token is refused.
	_, err = client(three).GetCoverage(ctx, connect.NewRequest(&zerenv1.GetCoverageRequest{PageSize: 1, At: at}))
	require.NoError(t, err)
	_, err = client(three).GetCoverage(ctx, next)
	assert.Equal(t, connect.CodeInvalidArgument, connect.CodeOf(err), "another audit key's instance refuses the token: %v", err)
}
