package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// OpenPostgres connects to PostgreSQL (or a compatible database) with a pgx
// connection pool and brings the schema up to date. dsn is a libpq URL or
// keyword string; pool settings such as pool_max_conns and a search_path
// for a schema of its own go in it too.
//
// Several zerend instances may share one database: every write transaction
// first locks the audit head row (SELECT … FOR UPDATE), so writers take
// turns, version checks see every earlier commit, and the audit sequence and
// hash chain stay linear. Migrations run under a transaction-scoped advisory
// lock, so instances starting together migrate once.
func OpenPostgres(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	pc, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message may quote the DSN, password and all.
		return nil, errors.New("store: the PostgreSQL DSN does not parse")
	}
	if cfg.readOnly {
		// Every transaction of every connection is read-only, whatever
		// the code above it does.
		pc.ConnConfig.RuntimeParams["default_transaction_read_only"] = "on"
	}
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("store: connect to PostgreSQL: %w", err)
	}
	b := &pgBackend{pool: pool, readOnly: cfg.readOnly}
	if cfg.readOnly {
		version, err := checkSchema(ctx, b, redactDSN(dsn))
		if err != nil {
			pool.Close()
			return nil, err
		}
		return &DB{b: b, d: b.dialect(), clock: cfg.clock, target: dsn, key: cfg.key, readOnly: true, schema: version}, nil
	}
	if err := migrate(ctx, b, "postgres", cfg.clock()); err != nil {
		pool.Close()
		return nil, err
	}
	db := &DB{b: b, d: b.dialect(), clock: cfg.clock, target: dsn, key: cfg.key}
	if err := db.checkKey(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	if err := db.buildProjections(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// redactDSN hides the password of a PostgreSQL URL; a keyword DSN is named
// only as PostgreSQL.
func redactDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		return u.Redacted()
	}
	return "the PostgreSQL database"
}

var postgresDialect = dialect{
	name:        "postgres",
	lockHead:    "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE",
	length:      "octet_length",
	tableExists: "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?",
	scopeIn:     "scope = ANY(?)",
	scopeArg:    func(scopes []string) any { return scopes },
	// 0x7a6572656e ("zeren"): one key for every zerend migrating this database.
	migrationLock: "SELECT pg_advisory_xact_lock(525688005998)",
}

type pgBackend struct {
	pool     *pgxpool.Pool
	readOnly bool
}

func (b *pgBackend) dialect() *dialect { return &postgresDialect }

func (b *pgBackend) reader() querier { return pgxQuerier{b.pool} }

func (b *pgBackend) view(ctx context.Context, fn func(querier) error) error {
	return b.tx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

// update runs in READ COMMITTED: once Apply holds the head lock, each
// statement sees every transaction committed before it.
func (b *pgBackend) update(ctx context.Context, fn func(querier) error) error {
	if b.readOnly {
		return errReadOnly
	}
	return b.tx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, fn)
}

func (b *pgBackend) tx(ctx context.Context, opts pgx.TxOptions, fn func(querier) error) error {
	tx, err := b.pool.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	if err := fn(pgxQuerier{tx}); err != nil {
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return err
	}
	return tx.Commit(ctx)
}

func (b *pgBackend) close() error {
	b.pool.Close()
	return nil
}

// Limits of one pipelined round trip of Apply's writes: a batch is sent
// when it holds maxPipelined statements or maxPipelinedBytes of byte
// arguments (records' data and audit entries), so that what is queued in
// memory stays bounded whatever the size of the Apply.
const (
	maxPipelined      = 4000
	maxPipelinedBytes = 16 << 20
)

func (p pgxQuerier) pipeline() writer {
	if tx, ok := p.q.(pgx.Tx); ok {
		return &pipeline{tx: tx, rebound: map[string]string{}}
	}
	return nil
}

// pipeline queues Apply's statements into a pgx.Batch and sends them in one
// round trip (PostgreSQL's extended protocol, pipelined, one Sync at the
// end) when the batch is full or flushed; they run in order in the
// transaction, and the first to fail aborts it.
type pipeline struct {
	tx      pgx.Tx
	batch   pgx.Batch
	steps   []step // what each queued statement does, for its error
	bytes   int
	rebound map[string]string // query with ? → with $n
}

func (p *pipeline) exec(ctx context.Context, st step, query string, args ...any) error {
	q, ok := p.rebound[query]
	if !ok {
		q = rebind(query)
		p.rebound[query] = q
	}
	p.batch.Queue(q, args...)
	p.steps = append(p.steps, st)
	for _, a := range args {
		if b, ok := a.([]byte); ok {
			p.bytes += len(b)
		}
	}
	if len(p.steps) >= maxPipelined || p.bytes >= maxPipelinedBytes {
		return p.flush(ctx)
	}
	return nil
}

func (p *pipeline) flush(ctx context.Context) error {
	if len(p.steps) == 0 {
		return nil
	}
	br := p.tx.SendBatch(ctx, &p.batch)
	var err error
	for _, st := range p.steps {
		if _, e := br.Exec(); e != nil {
			err = st.wrap(e)
			break
		}
	}
	if e := br.Close(); err == nil {
		err = e
	}
	p.batch, p.steps, p.bytes = pgx.Batch{}, p.steps[:0], 0
	return err
}
