package server

import (
	"context"
	"errors"
	"sync"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/assessment"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// compiledCache keeps, per indicator system, the engine and proposer last
// compiled from it, keyed by what they were compiled from: the stored
// system's version, the hierarchy (itself rebuilt when the structure or
// framework version changes) and the version of the plan the system is
// bound to. A change through any instance changes a version, so every
// instance compiles again on its next run; a run never scores with rules
// older than the store's.
type compiledCache struct {
	mu       sync.Mutex
	bySystem map[string]compiledEntry
	compiles int64 // how many compilations the cache did not spare
}

type compiledKey struct {
	version     int64
	h           *responsibility.Hierarchy
	planVersion int64
}

type compiledEntry struct {
	key      compiledKey
	engine   *assessment.Engine
	proposer *accountability.Proposer
}

// compiledSystem returns the engine and proposer of the stored system rec
// (at version), compiling them only when the system, the hierarchy or the
// bound plan changed since the last compilation.
func (s *Server) compiledSystem(ctx context.Context, version int64, rec *zerenv1.PutIndicatorSystemRequest) (*assessment.Engine, *accountability.Proposer, error) {
	h, err := s.hierarchy(ctx)
	if err != nil {
		return nil, nil, toConnect(err)
	}
	key := compiledKey{version: version, h: h}
	if id := rec.GetSystem().GetPlanId(); id != "" {
		key.planVersion, err = s.version(ctx, KindPlan, id)
		if errors.Is(err, ErrNotFound) {
			key.planVersion = ExpectAbsent
		} else if err != nil {
			return nil, nil, toConnect(err)
		}
	}
	id := rec.GetSystem().GetId()
	c := &s.compiled
	c.mu.Lock()
	e, ok := c.bySystem[id]
	c.mu.Unlock()
	if ok && e.key == key {
		return e.engine, e.proposer, nil
	}
	engine, proposer, err := s.compileSystem(ctx, rec.GetSystem(), rec.GetTriggers())
	if err != nil {
		return nil, nil, err
	}
	c.mu.Lock()
	if c.bySystem == nil {
		c.bySystem = map[string]compiledEntry{}
	}
	c.bySystem[id] = compiledEntry{key: key, engine: engine, proposer: proposer}
	c.compiles++
	c.mu.Unlock()
	return engine, proposer, nil
}

// version returns a record's version, without its data when the store can.
func (s *Server) version(ctx context.Context, kind, id string) (int64, error) {
	if v, ok := s.store.(Versioner); ok {
		return v.Version(ctx, kind, id)
	}
	r, err := s.store.Get(ctx, kind, id)
	return r.Version, err
}
