package checklist

import (
	"time"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Option configures [Decompose] and [DecomposeSeq].
type Option interface {
	apply(*config)
}

type config struct {
	asOf     time.Time
	previous []*zerenv1.Assignment
	orgs     func(orgID string) bool
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithAsOf binds each open assignment to whoever holds its post as of t,
// clamped into the assignment's period, recording a Handover for each
// changeover in the period up to t (see [Rebind]). Default: the binding at
// each period's start, with no handovers — what a decomposition made at the
// start of the year shows.
func WithAsOf(t time.Time) Option {
	return optionFunc(func(c *config) { c.asOf = t })
}

// WithPrevious gives the assignments of an earlier decomposition of the same
// plan (after edits to the plan or the hierarchy), so that the new one
// updates them instead of starting afresh: an assignment with the same id
// keeps its recorded progress (actual value, evidence, status, completion
// time) and its holder history; one no longer produced is kept, marked
// RETIRED. See [Decompose] for the rules and [Diff] for what changed.
// Default: none. The previous assignments are not modified.
func WithPrevious(previous []*zerenv1.Assignment) Option {
	return optionFunc(func(c *config) { c.previous = previous })
}

// WithOrganizations decomposes only the assignments of the organisations
// keep accepts, so that a province can be decomposed a batch of
// organisations at a time (see [Plan.Organizations] for their sizes): the
// assignments of a batch are those [Decompose] produces for the whole plan
// whose organisation is in the batch, in the same order. With
// [WithPrevious], give the previous assignments of the same organisations:
// a previous assignment the batch does not produce is retired, whatever its
// organisation. Default: every organisation.
func WithOrganizations(keep func(orgID string) bool) Option {
	return optionFunc(func(c *config) { c.orgs = keep })
}

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}
