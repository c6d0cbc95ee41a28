package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"

	"github.com/zerenlab/zeren/cmd/internal/cli"
	"github.com/zerenlab/zeren/cmd/internal/testdb"
)

// childArgsEnv carries zerend's arguments to the child process, as JSON.
const childArgsEnv = "ZEREND_TEST_CHILD_ARGS"

const crashToken = "crash-test-admin-token-0123456789"

// crashAuditKey keys the audit log of the zerend children.
const crashAuditKey = "crash-test audit key 0123456789abcdef"

// TestHelperZerend is the child process of TestCrash, not a test of its
// own: it runs zerend's main with the arguments TestCrash gives it.
func TestHelperZerend(t *testing.T) {
	raw := os.Getenv(childArgsEnv)
	if raw == "" {
		t.Skip("the zerend child of TestCrash; runs only when it sets " + childArgsEnv)
	}
	var args []string
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Args = append([]string{"zerend"}, args...)
	main()
}

// child is a zerend process started by the test.
type child struct {
	cmd  *exec.Cmd
	addr string
	mu   sync.Mutex
	logs bytes.Buffer // everything it logged
	done chan struct{}
}

func (c *child) log() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.logs.String()
}

// startZerend starts zerend on a free loopback port over db and waits until
// it listens.
func startZerend(t *testing.T, db string, extra ...string) *child {
	t.Helper()
	args, err := json.Marshal(append([]string{"-addr", "127.0.0.1:0", "-db", db, "-tokens", crashToken + "=crash-test"}, extra...))
	require.NoError(t, err)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperZerend$", "-test.count=1")
	cmd.Env = append(os.Environ(), childArgsEnv+"="+string(args), "ZEREN_AUDIT_KEY="+crashAuditKey)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	c := &child{cmd: cmd, done: make(chan struct{})}
	listening := make(chan string, 1)
	go func() { // drains the log for the child's whole life
		defer close(c.done)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			c.mu.Lock()
			c.logs.WriteString(line + "\n")
			c.mu.Unlock()
			var m struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &m) == nil && m.Msg == "listening" {
				listening <- m.Addr
			}
		}
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	select {
	case c.addr = <-listening:
	case <-c.done:
		_ = cmd.Wait()
		t.Fatalf("zerend exited before listening:\n%s", c.log())
	case <-time.After(2 * time.Minute):
		t.Fatalf("zerend did not listen within 2 minutes:\n%s", c.log())
	}
	return c
}

func bearer(token string) connect.ClientOption {
	return connect.WithInterceptors(connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Authorization", "Bearer "+token)
			return next(ctx, req)
		}
	}))
}

func (c *child) checklist() zerenv1connect.ChecklistServiceClient {
	var p http.Protocols
	p.SetUnencryptedHTTP2(true) // gRPC over h2c, as grpc-java connects
	hc := &http.Client{Transport: &http.Transport{Protocols: &p}, Timeout: 30 * time.Second}
	return zerenv1connect.NewChecklistServiceClient(hc, "http://"+c.addr, bearer(crashToken), connect.WithGRPC())
}

// assignments returns every stored assignment, by id, through
// ListAssignments.
func assignments(t *testing.T, c zerenv1connect.ChecklistServiceClient) map[string]*zerenv1.Assignment {
	t.Helper()
	out := map[string]*zerenv1.Assignment{}
	token := ""
	for {
		resp, err := c.ListAssignments(context.Background(), connect.NewRequest(&zerenv1.ListAssignmentsRequest{PageSize: 1000, PageToken: token}))
		require.NoError(t, err)
		for _, a := range resp.Msg.GetAssignments() {
			out[a.GetId()] = a
		}
		if token = resp.Msg.GetNextPageToken(); token == "" {
			return out
		}
	}
}

// TestCrash starts zerend, records progress through the API from four
// clients, kills zerend with SIGKILL while they write, restarts it on the
// same database and checks that every write it acknowledged is there —
// three times over — then that it shuts down cleanly on SIGTERM and that
// the audit log verifies.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts zerend processes")
	}
	t.Run("sqlite", func(t *testing.T) { testCrash(t, testdb.SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { testCrash(t, testdb.Postgres(t)) })
}

func testCrash(t *testing.T, db string) {
	// Every zerend, killed or not, appends checkpoints of the audit log's
	// head to one file; the log must reach each of them at the end.
	cpFile := filepath.Join(t.TempDir(), "checkpoints.jsonl")
	cps := []string{"-audit-checkpoint-file", cpFile}
	z := startZerend(t, db, append(cps, "-seed-sample")...)
	all := assignments(t, z.checklist())
	require.NotEmpty(t, all, "the seed decomposed 示例市's plan")
	var ids []string
	for id := range all {
		ids = append(ids, id)
	}
	acked := map[string]float64{} // assignment id → value acknowledged
	var next atomic.Int64         // each write takes the next assignment
	// The report's time is left to the server, which stamps its receipt
	// (a caller's `at` may lie at most 72 hours before zerend's clock).
	var at *timestamppb.Timestamp

	for round := range 3 {
		if round > 0 {
			z = startZerend(t, db, cps...)
		}
		client := z.checklist()
		var mu sync.Mutex
		var n, failed atomic.Int64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					i := next.Add(1)
					if int(i) >= len(ids) {
						return
					}
					id, value := ids[i], float64(1000+i)
					_, err := client.RecordProgress(context.Background(), connect.NewRequest(&zerenv1.RecordProgressRequest{
						Records: []*zerenv1.ProgressRecord{{AssignmentId: id, Value: value, At: at, Note: "crash test"}},
					}))
					if err != nil {
						failed.Add(1)
						select {
						case <-stop: // killed: an error is expected
							return
						default:
						}
						if failed.Load() > 3 {
							return
						}
						continue
					}
					mu.Lock()
					acked[id] = value
					mu.Unlock()
					n.Add(1)
				}
			})
		}
		// Kill after a number of acknowledged writes that grows each round,
		// at a different moment of the write in flight.
		want := int64(60 + 60*round)
		require.Eventually(t, func() bool { return n.Load() >= want }, time.Minute, time.Millisecond, "writes are acknowledged:\n%s", z.log())
		time.Sleep(time.Duration(round) * 700 * time.Microsecond)
		require.NoError(t, syscall.Kill(z.cmd.Process.Pid, syscall.SIGKILL))
		close(stop)
		wg.Wait()
		err := z.cmd.Wait()
		var ee *exec.ExitError
		require.True(t, errors.As(err, &ee), "zerend was killed: %v", err)
		ws, _ := ee.Sys().(syscall.WaitStatus)
		require.True(t, ws.Signaled() && ws.Signal() == syscall.SIGKILL, "zerend ended with %v", err)

		// Restarted on the same database, every acknowledged write is there.
		z = startZerend(t, db, cps...)
		now := assignments(t, z.checklist())
		lost := 0
		for id, v := range acked {
			if got := now[id].GetActual(); got != v {
				lost++
				t.Errorf("round %d: assignment %s was acknowledged with %v, reads %v after the restart", round+1, id, v, got)
			}
		}
		unacked := 0
		for i := range int(min(next.Load(), int64(len(ids)))) {
			id := ids[i]
			if _, ok := acked[id]; !ok && now[id].GetActual() == float64(1000+i) {
				unacked++
			}
		}
		t.Logf("round %d: killed after %d acknowledged writes this round (%d in all): %d lost; %d in flight committed without an answer",
			round+1, n.Load(), len(acked), lost, unacked)
		require.Zero(t, lost)
		require.NoError(t, z.cmd.Process.Kill())
		_ = z.cmd.Wait()
	}

	// A last start, a graceful stop: exit 0.
	z = startZerend(t, db, cps...)
	require.NoError(t, z.cmd.Process.Signal(syscall.SIGTERM))
	// Its log is read to the end before Wait, which closes the pipe: the
	// last line ("stopped") was lost now and then.
	<-z.done
	require.NoError(t, z.cmd.Wait(), "zerend exits 0 on SIGTERM:\n%s", z.log())
	assert.Contains(t, z.log(), `"msg":"stopped"`)

	// zeren audit verify passes.
	var out, errOut bytes.Buffer
	code := cli.Main(context.Background(), []string{"audit", "verify", "-lang", "en", "-db", db, "-expect-head", cpFile}, cli.Env{
		Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string { return map[string]string{"ZEREN_AUDIT_KEY": crashAuditKey}[k] },
	})
	require.Equal(t, cli.ExitOK, code, "%s%s", out.String(), errOut.String())
	assert.Contains(t, out.String(), "OK: the audit log verifies")
	t.Logf("zeren audit verify:\n%s", strings.TrimSpace(out.String()))
}
