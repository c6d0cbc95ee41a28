package xlsx

import (
	"github.com/zerenlab/zeren/responsibility"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Option configures a template, an import or an export.
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	limits    Limits
	framework *zerenv1.Framework
	h         *responsibility.Hierarchy
}

func newConfig(opts []Option) *config {
	c := &config{limits: DefaultLimits()}
	for _, o := range opts {
		if o != nil {
			o.apply(c)
		}
	}
	if c.h != nil {
		if c.framework == nil {
			c.framework = c.h.Framework()
		}
	}
	return c
}

// WithLimits sets the limits of an import. Zero fields keep their defaults
// ([DefaultLimits]).
func WithLimits(l Limits) Option {
	return optionFunc(func(c *config) {
		d := DefaultLimits()
		if l.MaxBytes <= 0 {
			l.MaxBytes = d.MaxBytes
		}
		if l.MaxUnzipped <= 0 {
			l.MaxUnzipped = d.MaxUnzipped
		}
		if l.MaxRows <= 0 {
			l.MaxRows = d.MaxRows
		}
		if l.MaxColumns <= 0 {
			l.MaxColumns = d.MaxColumns
		}
		c.limits = l
	})
}

// WithFramework names the post kinds: templates and exports offer and write
// their names (党组（党委）书记 …), and imports accept a name or an id. By
// default post kinds are written as ids, or named from the hierarchy's
// framework when [WithHierarchy] is given.
func WithFramework(fw *zerenv1.Framework) Option {
	return optionFunc(func(c *config) { c.framework = fw })
}

// WithHierarchy checks an imported plan against the hierarchy with
// checklist.Validate, locating each problem at its row and column, and lets
// exports write unit, organisation, post and person names. By default an
// import checks only what the workbook itself shows (kinds of values,
// duplicate ids, references between its sheets).
func WithHierarchy(h *responsibility.Hierarchy) Option {
	return optionFunc(func(c *config) { c.h = h })
}
