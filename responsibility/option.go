package responsibility

import "time"

// Option configures New.
type Option interface {
	apply(*config)
}

type config struct {
	loc *time.Location
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithLocation sets the time zone in which dates are shown in messages and
// in which a day begins for day-granular questions. Default: China Standard Time
// (UTC+8) as a fixed zone, so no time-zone database is needed.
func WithLocation(loc *time.Location) Option {
	return optionFunc(func(c *config) {
		if loc != nil {
			c.loc = loc
		}
	})
}

func newConfig(opts []Option) config {
	c := config{loc: time.FixedZone("CST", 8*3600)}
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}
