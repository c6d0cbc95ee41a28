package store

import (
	"context"
	"fmt"
	"hash/fnv"
)

// LockName holds a lock named by name for as long as the caller works, in
// every process that shares the database, waiting for it at most until ctx
// ends; unlock releases it. On PostgreSQL it is a session advisory lock
// (pg_advisory_lock, which 人大金仓 and openGauss also provide) held on a
// connection of its own, so a process that dies releases it with its
// session. On SQLite, which one zerend process writes, there is nothing to
// hold across processes and unlock does nothing; the server's own lock
// serialises the process's callers.
func (s *DB) LockName(ctx context.Context, name string) (unlock func(), err error) {
	pb, ok := s.b.(*pgBackend)
	if !ok {
		return func() {}, nil
	}
	if pb.readOnly {
		return nil, errReadOnly
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte("zeren-lock/" + name))
	key := int64(h.Sum64()) //nolint:gosec // a lock id; wrapping is intended
	conn, err := pb.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: lock %s: %w", quote(name), err)
	}
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", key); err != nil {
		// The wait was cut short (its context ended) or failed: end the
		// session, so that a lock granted as the wait was cancelled cannot
		// outlive it.
		_ = conn.Conn().Close(context.WithoutCancel(ctx))
		conn.Release()
		return nil, fmt.Errorf("store: lock %s: %w", quote(name), err)
	}
	return func() {
		ctx := context.WithoutCancel(ctx)
		if _, err := conn.Exec(ctx, "SELECT pg_advisory_unlock($1)", key); err != nil {
			_ = conn.Conn().Close(ctx)
		}
		conn.Release()
	}, nil
}
