package server

import (
	"context"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A caller waiting for a run another call holds gets DEADLINE_EXCEEDED when
// its deadline passes; the lock is then free for the next caller, and locks
// of other keys never wait.
func TestLockRunWaitsWithTheDeadline(t *testing.T) {
	s := &Server{store: NewMemoryStore()}
	unlock, err := s.lockRun(context.Background(), "sys/2026")
	require.NoError(t, err)

	other, err := s.lockRun(context.Background(), "sys/2026-Q1")
	require.NoError(t, err, "another period does not wait")
	other()

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = s.lockRun(ctx, "sys/2026")
	require.Error(t, err)
	assert.Equal(t, connect.CodeDeadlineExceeded, connect.CodeOf(err), "%v", err)
	assert.Contains(t, err.Error(), "正由另一次调用进行")

	got := make(chan error, 1)
	go func() {
		u, err := s.lockRun(context.Background(), "sys/2026")
		if err == nil {
			u()
		}
		got <- err
	}()
	select {
	case <-got:
		t.Fatal("the second caller did not wait for the first")
	case <-time.After(30 * time.Millisecond):
	}
	unlock()
	require.NoError(t, <-got)
	s.runs.mu.Lock()
	assert.Empty(t, s.runs.chans, "no lock is left behind")
	s.runs.mu.Unlock()
}
