package store_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

const (
	crashTargetEnv = "ZEREN_STORE_CRASH_TARGET" // the database the child writes to
	crashPrefixEnv = "ZEREN_STORE_CRASH_PREFIX" // the ids it writes start with this
)

// TestHelperWriter is the child process of TestCrash, not a test of its
// own: it writes to the store in a loop and prints each id once Apply has
// returned, that is once the write is committed, until it is killed.
func TestHelperWriter(t *testing.T) {
	target := os.Getenv(crashTargetEnv)
	if target == "" {
		t.Skip("the child process of TestCrash; runs only when it sets " + crashTargetEnv)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, target)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	prefix := os.Getenv(crashPrefixEnv)
	data := make([]byte, 64<<10)
	for i := 0; ; i++ {
		id := fmt.Sprintf("%s-%06d", prefix, i)
		binary.BigEndian.PutUint64(data, uint64(i))
		_, err := s.Apply(ctx, "crash writer", []store.Change{
			{Op: store.OpPut, Kind: store.KindAssignment, ID: id, Scope: "org-1", Data: data},
			{Op: store.OpPut, Kind: store.KindPlan, ID: prefix, Data: []byte(id)},
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		fmt.Printf("committed %s\n", id) // os.Stdout is not buffered
	}
}

// TestCrash kills a writing process with SIGKILL, three times over, and
// checks after each kill that every write the process reported committed is
// there and that the audit chain verifies.
func TestCrash(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testCrash(t, sqlitePath(t)) })
	t.Run("postgres", func(t *testing.T) { testCrash(t, postgresTarget(t)) })
}

func testCrash(t *testing.T, target string) {
	ctx := context.Background()
	var committed []string
	for round := range 3 {
		prefix := fmt.Sprintf("round%d", round)
		// Kill at a different point of the write in each round.
		delay := time.Duration(round) * 1500 * time.Microsecond
		ids := writeUntilKilled(t, target, prefix, 10+10*round, delay)
		committed = append(committed, ids...)

		s, err := store.Open(ctx, target)
		require.NoError(t, err, "reopen after kill %d", round+1)
		for i, id := range committed {
			rec, err := s.Get(ctx, store.KindAssignment, id)
			require.NoError(t, err, "%s was reported committed before the kill", id)
			var n int
			_, _ = fmt.Sscanf(id[strings.LastIndexByte(id, '-')+1:], "%d", &n)
			require.Equal(t, uint64(n), binary.BigEndian.Uint64(rec.Data), "data of %s (%d)", id, i)
		}
		last, err := s.Get(ctx, store.KindPlan, prefix)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, string(last.Data), ids[len(ids)-1], "the last write reported committed")
		page, err := s.List(ctx, store.KindAssignment, store.ListQuery{Prefix: prefix + "-", PageSize: store.MaxPageSize})
		require.NoError(t, err)
		rep, err := s.VerifyAudit(ctx)
		require.NoError(t, err)
		require.True(t, rep.OK(), "after kill %d: %v", round+1, rep.Broken)
		t.Logf("kill %d, %v after the last report: %d writes reported committed, all present, %d more committed unreported; the log verifies (%d entries)",
			round+1, delay, len(ids), len(page.Records)-len(ids), rep.Entries)
		require.NoError(t, s.Close())
	}
}

// writeUntilKilled runs TestHelperWriter in a child process, kills it with
// SIGKILL delay after it has reported n commits, and returns every id it
// reported.
func writeUntilKilled(t *testing.T, target, prefix string, n int, delay time.Duration) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashTargetEnv+"="+target, crashPrefixEnv+"="+prefix)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	watchdog := time.AfterFunc(2*time.Minute, func() { _ = cmd.Process.Kill() })
	defer watchdog.Stop()

	var ids []string
	killed := false
	sc := bufio.NewScanner(out)
	for sc.Scan() { // goes on after the kill with what the child printed before it
		id, ok := strings.CutPrefix(sc.Text(), "committed ")
		if !ok {
			continue
		}
		ids = append(ids, id)
		if len(ids) == n {
			time.Sleep(delay)
			require.NoError(t, syscall.Kill(cmd.Process.Pid, syscall.SIGKILL))
			killed = true
		}
	}
	err = cmd.Wait()
	require.True(t, killed, "the writer stopped after %d commits: %v\n%s", len(ids), err, stderr.String())
	var ee *exec.ExitError
	require.True(t, errors.As(err, &ee), "the writer was not killed: %v", err)
	ws, _ := ee.Sys().(syscall.WaitStatus)
	require.True(t, ws.Signaled() && ws.Signal() == syscall.SIGKILL, "the writer ended with %v\n%s", err, stderr.String())
	return ids
}
