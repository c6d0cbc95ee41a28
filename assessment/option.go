package assessment

import (
	"runtime"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Option configures an [Engine] built by [New].
type Option interface {
	apply(*config)
}

type config struct {
	workers int
	inputs  bool
	budget  uint64
	plan    *zerenv1.Plan
}

func defaultConfig() config {
	return config{workers: runtime.GOMAXPROCS(0), inputs: true}
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithWorkers sets how many goroutines [Engine.Run] scores units with. The
// default is runtime.GOMAXPROCS(0) at the time [New] is called; values
// below 1 mean 1.
func WithWorkers(n int) Option {
	return optionFunc(func(c *config) { c.workers = max(n, 1) })
}

// WithInputs sets whether each indicator's derivation records the facts its
// formula read (计分依据, [zerenv1.IndicatorResult] inputs). The default is
// true; turning it off makes scoring two to three times as fast for simple
// formulas (tracing evaluates each filter a second time to name the items
// it kept), at the cost of a thinner derivation.
func WithInputs(on bool) Option {
	return optionFunc(func(c *config) { c.inputs = on })
}

// WithRunBudget sets a cost budget (in cel-go cost units) shared by every
// rule evaluation of one [Engine.Run] or [Engine.Score]; once spent, the run
// fails with an error matching cel.ErrBudgetExhausted. The default is no
// budget beyond each evaluation's own cost limit (see cel.WithCostLimit).
func WithRunBudget(cost uint64) Option {
	return optionFunc(func(c *config) { c.budget = cost })
}

// RunOption configures one [Engine.Run], [Engine.Score] or [DryRun].
type RunOption interface {
	applyRun(*runConfig)
}

type runConfig struct {
	reviews []*zerenv1.Review
}

type runOptionFunc func(*runConfig)

func (f runOptionFunc) applyRun(c *runConfig) { f(c) }

// WithReviews supplies the 述职评议 ballots of the period, at most one
// review per unit. A unit's ballots are scored by the system's review
// scheme; a unit without a review falls back to the scored review in its
// facts (UnitFacts.review), if any. The default is no ballots.
func WithReviews(reviews ...*zerenv1.Review) RunOption {
	return runOptionFunc(func(c *runConfig) { c.reviews = append(c.reviews, reviews...) })
}
