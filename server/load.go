package server

import (
	"context"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// asWorkCommittee returns a context in which actor acts for the whole
// locality, as the start-up code of an OA backend does.
func asWorkCommittee(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, principalKey{}, Principal{Subject: actor})
}

// LoadPlan validates a year's plan (三个清单) against the stored structure,
// stores it and decomposes it to assignments, as actor — what an OA backend
// does at start-up or when its lists change. The plan is held to the limits
// of every request (see the package doc, "Limits"). It is PutPlan followed by
// Decompose and returns their errors (*connect.Error, with
// zeren.v1.ValidationProblem details) and Decompose's summary.
func (s *Server) LoadPlan(ctx context.Context, actor string, plan *zerenv1.Plan) (*zerenv1.DecomposeResponse, error) {
	ctx = asWorkCommittee(ctx, actor)
	if plan != nil {
		if ps := checkLimits(plan); len(ps) > 0 {
			return nil, limitsErr(ps)
		}
	}
	if _, err := s.putPlan(ctx, plan); err != nil {
		return nil, err
	}
	return s.decompose(ctx, plan.GetId())
}

// LoadIndicatorSystem compiles and stores an indicator system (指标体系)
// with its accountability triggers, as actor. It is PutIndicatorSystem and
// returns its errors (*connect.Error, with zeren.v1.ValidationProblem
// details carrying the line and column of a rule that does not compile).
func (s *Server) LoadIndicatorSystem(ctx context.Context, actor string, system *zerenv1.IndicatorSystem, triggers []*zerenv1.Trigger) error {
	m := &zerenv1.PutIndicatorSystemRequest{System: system, Triggers: triggers}
	if ps := checkLimits(m); len(ps) > 0 {
		return limitsErr(ps)
	}
	_, err := s.putSystem(asWorkCommittee(ctx, actor), m)
	return err
}
