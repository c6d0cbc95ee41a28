package store

import (
	"errors"
	"time"
)

// Option configures [OpenSQLite], [OpenPostgres] and [Open].
type Option interface {
	apply(*config)
}

type config struct {
	clock func() time.Time
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithClock sets the clock that stamps records and audit entries. The
// default is time.Now. Tests pass a fixed clock.
func WithClock(now func() time.Time) Option {
	return optionFunc(func(c *config) { c.clock = now })
}

func newConfig(opts []Option) (config, error) {
	c := config{clock: time.Now}
	for _, o := range opts {
		if o == nil {
			return c, errors.New("store: nil Option")
		}
		o.apply(&c)
	}
	if c.clock == nil {
		return c, errors.New("store: WithClock(nil): a clock is required")
	}
	return c, nil
}
