package server

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
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
		"考核“%s”正由另一次调用进行，等待期间本次调用已到期限（run %q is being made by another call; this call's deadline passed while waiting for it）: %w",
		problem.Printable(runID), runID, err))
}

// runGroups merges waiting runs: calls that ask, as the same caller, for
// exactly the same run (equal requests) while an earlier run of the period
// is being made are answered together by one run made after it, instead of
// each making its own in turn. The run they get starts after each of them
// arrived, so it reflects every change they could expect it to.
type runGroups struct {
	mu      sync.Mutex
	pending map[string]*runGroup // by run id: the group waiting for its turn
}

type runGroup struct {
	subject string
	req     *zerenv1.RunAssessmentRequest
	done    chan struct{}
	run     *zerenv1.RunAssessmentResponse
	err     error
	retry   bool // the leader's wait ended before its turn: followers try again
}

// joinOrLead returns a group to wait for (lead false), or a new group the
// caller makes the run for (lead true), registered as the period's pending
// group when there is none.
func (r *runGroups) joinOrLead(runID, subject string, m *zerenv1.RunAssessmentRequest) (g *runGroup, lead bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if g := r.pending[runID]; g != nil && g.subject == subject && proto.Equal(g.req, m) {
		return g, false
	}
	g = &runGroup{subject: subject, req: m, done: make(chan struct{})}
	if r.pending == nil {
		r.pending = map[string]*runGroup{}
	}
	if r.pending[runID] == nil {
		r.pending[runID] = g
	}
	return g, true
}

// started closes the group to newcomers: its run is about to begin.
func (r *runGroups) started(runID string, g *runGroup) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pending[runID] == g {
		delete(r.pending, runID)
	}
}
