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
	clock    func() time.Time
	key      *AuditKey
	readOnly bool
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithClock sets the clock that stamps records and audit entries. The
// default is time.Now. Tests pass a fixed clock.
func WithClock(now func() time.Time) Option {
	return optionFunc(func(c *config) { c.clock = now })
}

// WithAuditKey keys the audit log with k (see [AuditKey]). Opened for
// writing, the store adopts the key when the database has none yet (the
// entries already written stay unkeyed) and refuses a database keyed with
// another key. [DB.VerifyAudit] checks every keyed entry's HMAC with it.
// The default is no key: the store then refuses a database that is keyed,
// and its own log is a plain SHA-256 chain, which whoever can write the
// database can rewrite consistently.
func WithAuditKey(k *AuditKey) Option {
	return optionFunc(func(c *config) { c.key = k })
}

// WithReadOnly opens the database read-only, for verifying it: SQLite with
// mode=ro, PostgreSQL with read-only transactions. Nothing is migrated or
// written — [DB.Apply] fails — and a database that is not a Zeren store (an
// unrelated or empty SQLite file, a PostgreSQL schema without Zeren's
// tables) is refused with a *[NotZerenError] and left as it was. The
// default is read-write.
func WithReadOnly() Option {
	return optionFunc(func(c *config) { c.readOnly = true })
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
	if c.key != nil && c.key.secret == nil {
		return c, errors.New("store: WithAuditKey: the key was not made by ParseAuditKey")
	}
	return c, nil
}
