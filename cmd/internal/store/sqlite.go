package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, "sqlite"
)

// OpenSQLite opens (creating it when missing) the SQLite database file at
// path and brings its schema up to date. The database runs in WAL mode with
// synchronous=FULL, so a write that Apply reported committed survives the
// process being killed, and the machine losing power when the disk honours
// fsync. Writes go through one
// connection and BEGIN IMMEDIATE, so concurrent Applies — from this process
// or another one on the same file — wait their turn (up to a 10-second busy
// timeout) instead of failing; reads use a pool of read-only connections
// and do not wait for writers.
//
// The driver is modernc.org/sqlite: pure Go, no cgo, so zerend builds for
// arm64 and loong64 servers.
func OpenSQLite(ctx context.Context, path string, opts ...Option) (*DB, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	switch {
	case path == "":
		return nil, errors.New("store: the SQLite path is empty")
	case path == ":memory:" || strings.HasPrefix(path, "file:"):
		return nil, fmt.Errorf("store: the SQLite path %q is not a file path; in-memory databases are not supported (use a temporary file)", path)
	case strings.ContainsAny(path, "?#"):
		return nil, fmt.Errorf("store: the SQLite path %q contains ? or #, which the driver would take for URI parameters", path)
	}
	const common = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	if cfg.readOnly {
		return openSQLiteReadOnly(ctx, path, cfg)
	}
	w, err := sql.Open("sqlite", path+"?"+common+
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	b := &sqliteBackend{w: w}
	if err := w.PingContext(ctx); err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// Readers open after the writer has switched the file to WAL mode.
	b.r, err = sql.Open("sqlite", path+"?"+common+"&_pragma=query_only(1)")
	if err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	b.r.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	if err := migrate(ctx, b, "sqlite", cfg.clock()); err != nil {
		_ = b.close()
		return nil, fmt.Errorf("%w (database %s)", err, path)
	}
	db := &DB{b: b, d: b.dialect(), clock: cfg.clock, target: path, key: cfg.key}
	if err := db.checkKey(ctx); err != nil {
		_ = b.close()
		return nil, err
	}
	if err := db.buildProjections(ctx); err != nil {
		_ = b.close()
		return nil, err
	}
	return db, nil
}

// openSQLiteReadOnly opens an existing file with mode=ro: SQLite itself
// refuses every write, so the file stays byte for byte as it was, and
// checks that it is a Zeren database.
func openSQLiteReadOnly(ctx context.Context, path string, cfg config) (*DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("store: open %s read-only: %w", path, err)
	}
	// A URI filename: '%' must be escaped; '?' and '#' were refused above.
	uri := "file:" + strings.ReplaceAll(path, "%", "%25") + "?mode=ro&_pragma=busy_timeout(10000)&_pragma=query_only(1)"
	r, err := sql.Open("sqlite", uri)
	if err != nil {
		return nil, fmt.Errorf("store: open %s read-only: %w", path, err)
	}
	r.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	b := &sqliteBackend{r: r}
	version, err := checkSchema(ctx, b, path)
	if err != nil {
		_ = b.close()
		return nil, err
	}
	return &DB{b: b, d: b.dialect(), clock: cfg.clock, target: path, key: cfg.key, readOnly: true, schema: version}, nil
}

var sqliteDialect = dialect{
	name:        "sqlite",
	lockHead:    "SELECT seq, hash FROM audit_head WHERE id = 1",
	length:      "length",
	tableExists: "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
	scopeIn:     "scope IN (SELECT value FROM json_each(?))",
	scopeIndex:  "INDEXED BY records_scope",
	scopeArg: func(scopes []string) any {
		b, _ := json.Marshal(scopes) // strings always marshal
		return string(b)
	},
}

type sqliteBackend struct {
	w     *sql.DB  // one connection: the only writer in this process
	r     *sql.DB  // read-only connections
	stmts sync.Map // query text → *sql.Stmt prepared on r
}

func (b *sqliteBackend) dialect() *dialect { return &sqliteDialect }

func (b *sqliteBackend) reader() querier { return preparedQuerier{b} }

// preparedQuerier runs the reader's one-row queries (Get, Version — asked
// on every call to check the cached structure) as statements prepared once
// per query text and reused on every connection, instead of parsing the
// SQL on each call. The texts are constants, so the cache stays small.
type preparedQuerier struct{ b *sqliteBackend }

func (p preparedQuerier) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := p.b.stmts.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := p.b.r.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if prev, loaded := p.b.stmts.LoadOrStore(query, st); loaded {
		_ = st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

func (p preparedQuerier) exec(ctx context.Context, query string, args ...any) error {
	return sqlQuerier{p.b.r}.exec(ctx, query, args...)
}

func (p preparedQuerier) query(ctx context.Context, query string, args ...any) (rows, error) {
	st, err := p.stmt(ctx, query)
	if err != nil {
		return sqlQuerier{p.b.r}.query(ctx, query, args...)
	}
	r, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{r}, nil
}

func (p preparedQuerier) queryRow(ctx context.Context, query string, args ...any) scanner {
	st, err := p.stmt(ctx, query)
	if err != nil {
		return errScanner{err}
	}
	return st.QueryRowContext(ctx, args...)
}

// errScanner reports a failed preparation from Scan.
type errScanner struct{ err error }

func (e errScanner) Scan(...any) error { return e.err }

func (b *sqliteBackend) view(ctx context.Context, fn func(querier) error) error {
	tx, err := b.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	v := viewPrepared{p: preparedQuerier{b}, tx: tx, missed: &[]string{}}
	err = fn(v)
	_ = tx.Rollback()
	// Texts first met inside the transaction are prepared now that its
	// connection is back in the pool.
	for _, q := range *v.missed {
		_, _ = v.p.stmt(ctx, q)
	}
	return err
}

// viewPrepared runs a read transaction's statements as the reader's
// statements prepared once per query text (preparedQuerier), bound to the
// transaction: a batch of a province's units lists each organisation's
// records, thousands of lists a run, each of which parsed its SQL. A text
// not prepared yet runs unprepared and is prepared after the transaction:
// preparing takes a connection of the pool, and as many transactions as
// the pool has connections, each waiting for one more, would wait forever.
type viewPrepared struct {
	p      preparedQuerier
	tx     *sql.Tx
	missed *[]string
}

// cached returns the prepared statement of a text, if there is one yet.
func (v viewPrepared) cached(query string) (*sql.Stmt, bool) {
	st, ok := v.p.b.stmts.Load(query)
	if !ok {
		*v.missed = append(*v.missed, query)
		return nil, false
	}
	return st.(*sql.Stmt), true
}

func (v viewPrepared) exec(ctx context.Context, query string, args ...any) error {
	st, ok := v.cached(query)
	if !ok {
		return sqlQuerier{v.tx}.exec(ctx, query, args...)
	}
	_, err := v.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	return err
}

func (v viewPrepared) queryRow(ctx context.Context, query string, args ...any) scanner {
	st, ok := v.cached(query)
	if !ok {
		return sqlQuerier{v.tx}.queryRow(ctx, query, args...)
	}
	return v.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
}

func (v viewPrepared) query(ctx context.Context, query string, args ...any) (rows, error) {
	st, ok := v.cached(query)
	if !ok {
		return sqlQuerier{v.tx}.query(ctx, query, args...)
	}
	r, err := v.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{r}, nil
}

func (b *sqliteBackend) update(ctx context.Context, fn func(querier) error) error {
	if b.w == nil {
		return errReadOnly
	}
	tx, err := b.w.BeginTx(ctx, nil) // BEGIN IMMEDIATE: takes the write lock now
	if err != nil {
		return err
	}
	if err := fn(txPrepared{tx: tx, stmts: map[string]*sql.Stmt{}}); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// txPrepared runs a write transaction's statements as statements prepared
// once per query text in the transaction, instead of parsing the SQL again
// for every change: a decomposition writes four or five statements per
// assignment, ten thousand assignments an Apply. (They cannot be prepared
// on the writer outside the transaction: its one connection is the
// transaction's.) Texts beyond maxPrepared run unprepared.
type txPrepared struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

const maxPrepared = 64

func (p txPrepared) stmt(ctx context.Context, query string) *sql.Stmt {
	if st, ok := p.stmts[query]; ok {
		return st
	}
	if len(p.stmts) >= maxPrepared {
		return nil
	}
	st, err := p.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil // run unprepared, to report the error where it arises
	}
	p.stmts[query] = st
	return st
}

func (p txPrepared) exec(ctx context.Context, query string, args ...any) error {
	if st := p.stmt(ctx, query); st != nil {
		_, err := st.ExecContext(ctx, args...)
		return err
	}
	return sqlQuerier{p.tx}.exec(ctx, query, args...)
}

func (p txPrepared) queryRow(ctx context.Context, query string, args ...any) scanner {
	if st := p.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return sqlQuerier{p.tx}.queryRow(ctx, query, args...)
}

func (p txPrepared) query(ctx context.Context, query string, args ...any) (rows, error) {
	if st := p.stmt(ctx, query); st != nil {
		r, err := st.QueryContext(ctx, args...)
		if err != nil {
			return nil, err
		}
		return sqlRows{r}, nil
	}
	return sqlQuerier{p.tx}.query(ctx, query, args...)
}

func (b *sqliteBackend) close() error {
	b.stmts.Range(func(_, st any) bool {
		_ = st.(*sql.Stmt).Close()
		return true
	})
	if b.w == nil {
		return b.r.Close()
	}
	return errors.Join(b.r.Close(), b.w.Close())
}
