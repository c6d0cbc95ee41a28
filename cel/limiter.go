package cel

import (
	"context"
	"sync"
)

// Limiter bounds how many evaluations run at once for one caller (a unit's
// token, a user), so that work a caller abandons — a DryRun whose client
// gave up — cannot pile up behind new requests. Give each of the caller's
// evaluations the same Limiter with [WithLimiter], or hold a slot for a
// whole request with [Limiter.Acquire] or [Limiter.TryAcquire]; [Limiters]
// keeps one per caller. A Limiter is safe for concurrent use.
type Limiter struct {
	slots chan struct{}
}

// NewLimiter returns a limiter of n slots (at least 1).
func NewLimiter(n int) *Limiter {
	return &Limiter{slots: make(chan struct{}, max(n, 1))}
}

// Limit returns the number of slots.
func (l *Limiter) Limit() int { return cap(l.slots) }

// InUse returns the number of slots taken.
func (l *Limiter) InUse() int { return len(l.slots) }

// Acquire takes a slot, waiting until one is free or the context is done
// (then it returns the context's error). Call release exactly once when the
// work ends; later calls do nothing.
func (l *Limiter) Acquire(ctx context.Context) (release func(), err error) {
	select {
	case l.slots <- struct{}{}:
		return l.releaser(), nil
	default:
	}
	select {
	case l.slots <- struct{}{}:
		return l.releaser(), nil
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
}

// TryAcquire takes a slot if one is free at once, else it returns false.
func (l *Limiter) TryAcquire() (release func(), ok bool) {
	select {
	case l.slots <- struct{}{}:
		return l.releaser(), true
	default:
		return nil, false
	}
}

func (l *Limiter) releaser() func() {
	var once sync.Once
	return func() { once.Do(func() { <-l.slots }) }
}

// Limiters keeps one [Limiter] per caller, created on first use with the
// same number of slots. The embedder names the callers (e.g. by a token's
// subject); the map holds one small entry per caller ever
// seen, so key it by a bounded set such as units or accounts, never by
// request. Limiters is safe for concurrent use.
type Limiters struct {
	perCaller int
	mu        sync.Mutex
	byCaller  map[string]*Limiter
}

// DefaultEvaluationsPerCaller is a suitable number of concurrent
// evaluations per caller for [NewLimiters]: enough for a caller's own
// assessment run to use two cores, too few to hold a server.
const DefaultEvaluationsPerCaller = 2

// NewLimiters returns limiters of perCaller slots each (at least 1).
func NewLimiters(perCaller int) *Limiters {
	return &Limiters{perCaller: max(perCaller, 1), byCaller: map[string]*Limiter{}}
}

// For returns the caller's limiter.
func (ls *Limiters) For(caller string) *Limiter {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	l, ok := ls.byCaller[caller]
	if !ok {
		l = NewLimiter(ls.perCaller)
		ls.byCaller[caller] = l
	}
	return l
}
