package server

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"connectrpc.com/connect"
)

// RunLocker is implemented by stores that several server processes share
// (zerend's PostgreSQL store): LockRun holds a lock named by key across
// every process using the database until unlock is called, waiting for it
// at most until ctx ends. RunAssessment takes it, after the process's own
// lock, so that runs of one period are made one at a time everywhere
// instead of failing on each other's versions.
type RunLocker interface {
	LockRun(ctx context.Context, key string) (unlock func(), err error)
}

// keyedLock is a lock per key within the process; waiting for it ends with
// the waiter's context.
type keyedLock struct {
	mu    sync.Mutex
	chans map[string]*keyedEntry
}

type keyedEntry struct {
	ch      chan struct{} // holds one token while the key is locked
	waiters int
}

// lock takes the key's lock, waiting at most until ctx ends.
func (k *keyedLock) lock(ctx context.Context, key string) (unlock func(), err error) {
	k.mu.Lock()
	if k.chans == nil {
		k.chans = map[string]*keyedEntry{}
	}
	e := k.chans[key]
	if e == nil {
		e = &keyedEntry{ch: make(chan struct{}, 1)}
		k.chans[key] = e
	}
	e.waiters++
	k.mu.Unlock()
	done := func() {
		k.mu.Lock()
		if e.waiters--; e.waiters == 0 {
			delete(k.chans, key)
		}
		k.mu.Unlock()
	}
	select {
	case e.ch <- struct{}{}:
		return func() { <-e.ch; done() }, nil
	case <-ctx.Done():
		done()
		return nil, ctx.Err()
	}
}

// lockRun serialises the runs of one run id (a system and a period): in
// the process, and across processes when the store is a RunLocker. A
// caller whose deadline passes while another run holds the lock gets
// DEADLINE_EXCEEDED (or CANCELED), never a version conflict.
func (s *Server) lockRun(ctx context.Context, runID string) (unlock func(), err error) {
	local, err := s.runs.lock(ctx, runID)
	if err != nil {
		return nil, waitError(runID, err)
	}
	rl, ok := s.store.(RunLocker)
	if !ok {
		return local, nil
	}
	remote, err := rl.LockRun(ctx, "run/"+runID)
	if err != nil {
		local()
		if ctx.Err() != nil {
			return nil, waitError(runID, ctx.Err())
		}
		return nil, toConnect(err)
	}
	return func() { remote(); local() }, nil
}

func waitError(runID string, err error) error {
	code := connect.CodeDeadlineExceeded
	if errors.Is(err, context.Canceled) {
		code = connect.CodeCanceled
	}
	return connect.NewError(code, fmt.Errorf(
		"考核 %q 正由另一次调用进行，等待期间本次调用已到期限（run %q is being made by another call; this call's deadline passed while waiting for it）: %w",
		runID, runID, err))
}
