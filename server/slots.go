package server

import (
	"context"
	"fmt"
	"sync"

	"connectrpc.com/connect"
)

// evalSlots bounds the rule evaluations one caller runs at once
// (CheckRule, RunAssessment, DryRun), so that calls a client abandoned, or
// many it sends at once, cannot pile up and hold the server.
type evalSlots struct {
	max  int
	mu   sync.Mutex
	busy map[string]int
}

// acquire takes a slot for the caller, or answers RESOURCE_EXHAUSTED at
// once when the caller's slots are all taken; release gives it back.
func (e *evalSlots) acquire(ctx context.Context) (release func(), err error) {
	p, _ := PrincipalFrom(ctx)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.busy[p.Subject] >= e.max {
		return nil, connect.NewError(connect.CodeResourceExhausted, fmt.Errorf(
			"调用方 %s 已有 %d 个规则计算在进行，请等其结束后再试（%s already has %d rule evaluations running; retry when one ends）",
			p.Subject, e.max, p.Subject, e.max))
	}
	e.busy[p.Subject]++
	return func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		if e.busy[p.Subject]--; e.busy[p.Subject] == 0 {
			delete(e.busy, p.Subject)
		}
	}, nil
}
