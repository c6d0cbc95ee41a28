package server

import (
	"context"
	"fmt"

	"connectrpc.com/connect"

	"github.com/zerenlab/zeren/cel"
)

// evalSlots bounds the rule evaluations one caller runs at once
// (CheckRule, RunAssessment, DryRun), so that calls a client abandoned, or
// many it sends at once, cannot pile up and hold the server. It is the rule
// environment's own per-caller limiter ([cel.Limiters]), keyed by the
// token's subject — a bounded set.
type evalSlots struct {
	max    int
	byUser *cel.Limiters
}

// acquire takes a slot for the caller, or answers RESOURCE_EXHAUSTED at
// once when the caller's slots are all taken; release gives it back.
func (e *evalSlots) acquire(ctx context.Context) (release func(), err error) {
	p, _ := PrincipalFrom(ctx)
	release, ok := e.byUser.For(p.Subject).TryAcquire()
	if !ok {
		return nil, connect.NewError(connect.CodeResourceExhausted, fmt.Errorf(
			"调用方 %s 已有 %d 个规则计算在进行，请等其结束后再试（%s already has %d rule evaluations running; retry when one ends）",
			p.Subject, e.max, p.Subject, e.max))
	}
	return release, nil
}
