package cel

import (
	"cel.dev/cel-go/common/functions"
	"errors"
	"fmt"
	"slices"
	"time"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Default limits. Each can be changed with the option named beside it; every
// limit is always on.
const (
	// DefaultMaxSourceBytes is the longest rule accepted, in bytes of UTF-8
	// source (WithMaxSourceBytes).
	DefaultMaxSourceBytes = 16 << 10
	// DefaultMaxNesting is the deepest expression nesting the parser accepts
	// (WithMaxNesting). A chain of binary operators counts one level per
	// operator, so `a + b + … ` may have at most this many terms; use sum()
	// for longer sums.
	DefaultMaxNesting = 64
	// DefaultCostLimit is the cost budget of one evaluation, in cel-go cost
	// units (WithCostLimit). Reading a field costs 1, a call 1, a comparison
	// 1, and each element a comprehension visits costs the cost of its body.
	DefaultCostLimit = 1_000_000
	// DefaultInterruptCheckFrequency is how many comprehension iterations
	// pass between two checks of the context (WithInterruptCheckFrequency).
	DefaultInterruptCheckFrequency = 100
	// DefaultMaxBindNesting is the deepest nesting of cel.bind accepted
	// (WithMaxBindNesting). cel-go's cost estimate takes time exponential in
	// it: 10 levels take under a millisecond, 24 take seconds.
	DefaultMaxBindNesting = 10
	// DefaultMaxRegexProgram is the most instructions the compiled RE2
	// program of a matches pattern may have (WithMaxRegexProgram). Ordinary
	// patterns need a few dozen: '整改|落实|完成' compiles to 10.
	DefaultMaxRegexProgram = 1000
	// DefaultMaxMatchWork is the most work one call of matches may do, in
	// instruction-bytes: program size × (input bytes + 1)
	// (WithMaxMatchWork). 4 Mi allows a 1,000-instruction pattern on a 4 KiB
	// string and takes at most about 20 ms.
	DefaultMaxMatchWork = 4 << 20
)

// Default size hints for the static cost estimate (WithSizes). A rule whose
// worst-case cost over facts of these sizes exceeds the cost limit is rejected
// at compile time. Facts larger than the hints are still evaluated: the
// runtime cost limit then bounds the work.
const (
	// MaxAssignments is the most assignments (分解任务) a unit has in a period.
	MaxAssignments = 5000
	// MaxFindings is the most inspection findings (督查发现) of a unit.
	MaxFindings = 1000
	// MaxCases is the most supervision cases (督办单) of a unit.
	MaxCases = 1000
	// MaxOrganizations is the most organisations (党组织) in a unit's chain.
	MaxOrganizations = 500
	// MaxMetrics is the most custom metrics the OA supplies for a unit.
	MaxMetrics = 1000
	// MaxItems is the most elements of any other list or map in the facts
	// (evidence, handovers, a case's history, …).
	MaxItems = 100
	// MaxStringBytes is the longest string in the facts, in bytes.
	MaxStringBytes = 4096
)

// Sizes are the size hints of the static cost estimate: the largest facts a
// rule must be able to handle within the cost limit.
type Sizes struct {
	Assignments   int // facts.assignments (default MaxAssignments)
	Findings      int // facts.findings (default MaxFindings)
	Cases         int // facts.cases (default MaxCases)
	Organizations int // facts.organizations (default MaxOrganizations)
	Metrics       int // facts.metrics (default MaxMetrics)
	Items         int // every other list or map (default MaxItems)
	StringBytes   int // every string (default MaxStringBytes)
}

// DefaultSizes returns the default size hints.
func DefaultSizes() Sizes {
	return Sizes{
		Assignments:   MaxAssignments,
		Findings:      MaxFindings,
		Cases:         MaxCases,
		Organizations: MaxOrganizations,
		Metrics:       MaxMetrics,
		Items:         MaxItems,
		StringBytes:   MaxStringBytes,
	}
}

// Option configures an [Env] (and [Library]).
type Option interface {
	applyOption(*config)
}

type optionFunc func(*config)

func (f optionFunc) applyOption(c *config) { f(c) }

// WithLocation sets the time zone of calendar dates: where periods start and
// end (period_start, period_end) and which day an instant falls on
// (working_days_between, is_working_day). The default is the fixed zone "CST",
// UTC+8, without daylight saving.
func WithLocation(loc *time.Location) Option {
	return optionFunc(func(c *config) {
		c.location = loc
		if loc == nil {
			c.problems = append(c.problems, errors.New("cel: WithLocation: location is nil"))
		}
	})
}

// WithCalendar sets the working-day calendar (工作日历) used by
// working_days_between and is_working_day: its holidays are rest days and its
// make-up workdays (调休上班) are working days. It is validated as package
// calendar validates it for supervision, so rules and due dates read one
// document the same way. The default is no calendar: Monday to Friday are
// working days.
func WithCalendar(cal *zerenv1.Calendar) Option {
	return optionFunc(func(c *config) { c.calendar = cal })
}

// WithMaxSourceBytes sets the longest rule accepted, in bytes. The default is
// [DefaultMaxSourceBytes] (16 KiB).
func WithMaxSourceBytes(n int) Option {
	return optionFunc(func(c *config) { c.maxSourceBytes = n })
}

// WithMaxNesting sets the deepest expression nesting accepted. The default is
// [DefaultMaxNesting].
func WithMaxNesting(n int) Option {
	return optionFunc(func(c *config) { c.maxNesting = n })
}

// WithCostLimit sets the cost budget of one evaluation: a rule whose static
// worst-case estimate exceeds it is rejected by [Env.Compile], and an
// evaluation that exceeds it at run time stops with [ErrCostLimit]. The
// default is [DefaultCostLimit].
func WithCostLimit(n uint64) Option {
	return optionFunc(func(c *config) { c.costLimit = n })
}

// WithInterruptCheckFrequency sets how many comprehension iterations pass
// between two checks of the evaluation's context. The default is
// [DefaultInterruptCheckFrequency].
func WithInterruptCheckFrequency(n uint) Option {
	return optionFunc(func(c *config) { c.interruptFrequency = n })
}

// WithMaxBindNesting sets the deepest nesting of cel.bind accepted by
// [Env.Compile]. The default is [DefaultMaxBindNesting].
func WithMaxBindNesting(n int) Option {
	return optionFunc(func(c *config) { c.maxBindNesting = n })
}

// WithMaxRegexProgram sets the most instructions the compiled program of a
// matches pattern may have; [Env.Compile] rejects a larger pattern. The
// default is [DefaultMaxRegexProgram].
func WithMaxRegexProgram(n int) Option {
	return optionFunc(func(c *config) { c.maxRegexProgram = n })
}

// WithMaxMatchWork sets the most work one call of matches may do, in
// instruction-bytes (program size × (input bytes + 1)); a call over it is an
// evaluation error and the match does not run. The default is
// [DefaultMaxMatchWork].
func WithMaxMatchWork(n uint64) Option {
	return optionFunc(func(c *config) { c.maxMatchWork = n })
}

// WithSizes sets the size hints of the static cost estimate. Zero fields keep
// their defaults (see [DefaultSizes]).
func WithSizes(s Sizes) Option {
	return optionFunc(func(c *config) {
		d := DefaultSizes()
		pick := func(v, def int) int {
			if v == 0 {
				return def
			}
			return v
		}
		c.sizes = Sizes{
			Assignments:   pick(s.Assignments, d.Assignments),
			Findings:      pick(s.Findings, d.Findings),
			Cases:         pick(s.Cases, d.Cases),
			Organizations: pick(s.Organizations, d.Organizations),
			Metrics:       pick(s.Metrics, d.Metrics),
			Items:         pick(s.Items, d.Items),
			StringBytes:   pick(s.StringBytes, d.StringBytes),
		}
	})
}

// config is the resolved configuration of an environment. It is not changed
// after newConfig returns.
type config struct {
	location           *time.Location
	calendar           *zerenv1.Calendar
	maxSourceBytes     int
	maxNesting         int
	costLimit          uint64
	interruptFrequency uint
	maxRegexProgram    int
	maxBindNesting     int
	maxMatchWork       uint64
	sizes              Sizes
	celOnly            bool // WithCELOnly

	days     workdays // the calendar, resolved in location
	problems []error
	// impls are the implementations of the preCosts overloads, set by
	// NewEnv once the environment is built (nil for Library, whose calls
	// are then only preceded by a context check).
	impls map[string]*functions.Overload
}

// defaultLocation is the fixed zone of China Standard Time.
func defaultLocation() *time.Location { return time.FixedZone("CST", 8*60*60) }

// newConfig applies the options over the defaults and reports every problem
// found, joined.
func newConfig(opts []Option) (*config, error) {
	c := &config{
		location:           defaultLocation(),
		maxSourceBytes:     DefaultMaxSourceBytes,
		maxNesting:         DefaultMaxNesting,
		costLimit:          DefaultCostLimit,
		interruptFrequency: DefaultInterruptCheckFrequency,
		maxRegexProgram:    DefaultMaxRegexProgram,
		maxBindNesting:     DefaultMaxBindNesting,
		maxMatchWork:       DefaultMaxMatchWork,
		sizes:              DefaultSizes(),
	}
	for _, o := range opts {
		if o != nil {
			o.applyOption(c)
		}
	}
	if c.maxSourceBytes <= 0 {
		c.problems = append(c.problems, fmt.Errorf("cel: WithMaxSourceBytes: %d is not positive", c.maxSourceBytes))
	}
	if c.maxNesting <= 0 {
		c.problems = append(c.problems, fmt.Errorf("cel: WithMaxNesting: %d is not positive", c.maxNesting))
	}
	if c.costLimit == 0 {
		c.problems = append(c.problems, errors.New("cel: WithCostLimit: the limit must be positive"))
	}
	if c.interruptFrequency == 0 {
		c.problems = append(c.problems, errors.New("cel: WithInterruptCheckFrequency: the frequency must be positive"))
	}
	if c.maxRegexProgram <= 0 {
		c.problems = append(c.problems, fmt.Errorf("cel: WithMaxRegexProgram: %d is not positive", c.maxRegexProgram))
	}
	if c.maxBindNesting <= 0 {
		c.problems = append(c.problems, fmt.Errorf("cel: WithMaxBindNesting: %d is not positive", c.maxBindNesting))
	}
	if c.maxMatchWork == 0 {
		c.problems = append(c.problems, errors.New("cel: WithMaxMatchWork: the limit must be positive"))
	}
	s := c.sizes
	for _, f := range []struct {
		name string
		v    int
	}{
		{"Assignments", s.Assignments}, {"Findings", s.Findings}, {"Cases", s.Cases},
		{"Organizations", s.Organizations}, {"Metrics", s.Metrics}, {"Items", s.Items},
		{"StringBytes", s.StringBytes},
	} {
		if f.v < 0 {
			c.problems = append(c.problems, fmt.Errorf("cel: WithSizes: %s is negative (%d)", f.name, f.v))
		}
	}
	if c.location != nil {
		days, errs := newWorkdays(c.calendar, c.location)
		c.days = days
		c.problems = append(c.problems, errs...)
	}
	if len(c.problems) > 0 {
		return nil, errors.Join(slices.Clip(c.problems)...)
	}
	return c, nil
}
