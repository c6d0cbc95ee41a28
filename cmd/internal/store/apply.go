package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"
)

// Apply implements [Store.Apply].
//
// What each change does — the conflict and not-found checks, the record it
// writes, its projection rows, its audit entry and hash — is worked out
// here in Go, from the record's current state, once for both databases;
// only how the statements reach the database differs (see writer):
//
//   - SQLite runs each statement as it comes and reads each record when
//     its change comes: the database is in the process, so a statement
//     costs microseconds.
//   - PostgreSQL reads the current records of up to readAhead changes in
//     one query per kind and sends the writes pipelined, up to
//     maxPipelined statements a round trip (a pgx.Batch). Statement by
//     statement, every SELECT, INSERT and DELETE was a round trip: four or
//     five for each change of a 10,000-change decomposition batch.
//
// The changes of one Apply see each other: a change to a record an earlier
// change of the same Apply wrote or deleted starts from that change's
// result, which Apply keeps in Go (the database has not been sent it yet).
// Nothing is written unless every change succeeds.
func (s *DB) Apply(ctx context.Context, actor string, changes []Change) ([]Record, error) {
	if err := validateApply(actor, changes); err != nil {
		return nil, err
	}
	var out []Record
	err := s.b.update(ctx, func(tx querier) error {
		out = make([]Record, len(changes))
		var seq int64
		var prev []byte
		if err := tx.queryRow(ctx, s.d.lockHead).Scan(&seq, &prev); err != nil {
			return fmt.Errorf("read the audit head: %w", err)
		}
		if s.key == nil {
			// Another instance may have keyed the log since this one
			// opened: an unkeyed entry after keyed ones would break it.
			rec, err := readKeyRecord(ctx, tx)
			if err != nil {
				return fmt.Errorf("read the audit key record: %w", err)
			}
			if rec != nil {
				return keyedElsewhere(rec)
			}
		}
		w, ahead := s.writer(tx)
		cur := currents{tx: tx, changes: changes, known: make(map[KindID]current, len(changes)), ahead: ahead}
		// The clock is read under the lock, so that within one process
		// entries are stamped in sequence order.
		at := s.clock().UTC()
		for i, c := range changes {
			seq++
			was, err := cur.get(ctx, i)
			if err != nil {
				return firstFailure(ctx, w, err)
			}
			e, rec, err := s.change(ctx, w, i, c, was, actor, at, seq)
			if err != nil {
				return firstFailure(ctx, w, err)
			}
			if c.Op == OpDelete {
				cur.known[KindID{c.Kind, c.ID}] = current{}
			} else {
				cur.known[KindID{c.Kind, c.ID}] = current{found: true, scope: rec.Scope, version: rec.Version, data: rec.Data}
			}
			e.Seq, e.PrevHash = uint64(seq), prev
			if s.key != nil {
				e.Hash = e.ComputeKeyedHash(s.key)
			} else {
				e.Hash = e.ComputeHash()
			}
			if err := w.exec(ctx, step{change: i, what: "append the audit entry"}, `INSERT INTO audit (seq, at, actor, kind, id, scope, action, version, before, after, prev_hash, hash)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				seq, e.At.UnixNano(), e.Actor, string(e.Kind), e.ID, e.Scope, string(e.Action), e.Version,
				e.Before, e.After, e.PrevHash, e.Hash); err != nil {
				return err
			}
			prev = e.Hash
			out[i] = rec
		}
		if err := w.exec(ctx, step{}, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq, prev); err != nil {
			return err
		}
		return w.flush(ctx)
	})
	if err != nil {
		var nf *NotFoundError
		var cf *ConflictError
		var ke *KeyError
		if errors.As(err, &nf) || errors.As(err, &cf) || errors.As(err, &ke) {
			return nil, err
		}
		return nil, fmt.Errorf("store: apply by %s: %w", quote(actor), err)
	}
	return out, nil
}

// change works out one change inside Apply's transaction from the record's
// current state cur, hands its writes to w and returns its audit entry
// (without sequence number and hashes) and resulting record; a put records
// seq as the audit entry its new version comes from.
func (s *DB) change(ctx context.Context, w writer, i int, c Change, cur current, actor string, at time.Time, seq int64) (AuditEntry, Record, error) {
	switch {
	case c.ExpectVersion == ExpectAbsent && cur.found,
		c.ExpectVersion > 0 && cur.version != c.ExpectVersion:
		return AuditEntry{}, Record{}, &ConflictError{Change: i, Kind: c.Kind, ID: c.ID, Expected: c.ExpectVersion, Actual: cur.version}
	case c.Op == OpDelete && !cur.found:
		return AuditEntry{}, Record{}, &NotFoundError{Change: i, Kind: c.Kind, ID: c.ID}
	}
	e := AuditEntry{At: at, Actor: actor, Kind: c.Kind, ID: c.ID}
	if c.Op == OpDelete {
		if err := w.exec(ctx, step{i, "delete", c.Kind, c.ID}, "DELETE FROM records WHERE kind = ? AND id = ?", string(c.Kind), c.ID); err != nil {
			return e, Record{}, err
		}
		e.Action, e.Scope, e.Version, e.Before = ActionDelete, cur.scope, cur.version, cur.data
		if err := project(ctx, w, step{i, "project", c.Kind, c.ID}, c.Kind, c.ID, nil); err != nil {
			return e, Record{}, err
		}
		return e, Record{Kind: c.Kind, ID: c.ID, Scope: cur.scope, Version: cur.version, UpdatedAt: at, UpdatedBy: actor}, nil
	}
	data := bytes.Clone(c.Data)
	if data == nil {
		data = []byte{}
	}
	rec := Record{Kind: c.Kind, ID: c.ID, Scope: c.Scope, Version: cur.version + 1, Data: data, UpdatedAt: at, UpdatedBy: actor}
	var err error
	if cur.found {
		err = w.exec(ctx, step{i, "put", c.Kind, c.ID}, "UPDATE records SET scope = ?, version = ?, data = ?, updated_at = ?, updated_by = ?, audit_seq = ? WHERE kind = ? AND id = ?",
			rec.Scope, rec.Version, data, at.UnixNano(), actor, seq, string(c.Kind), c.ID)
		e.Action, e.Before = ActionUpdate, cur.data
	} else {
		err = w.exec(ctx, step{i, "put", c.Kind, c.ID}, `INSERT INTO records (kind, id, scope, version, data, updated_at, updated_by, audit_seq)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, string(c.Kind), c.ID, rec.Scope, rec.Version, data, at.UnixNano(), actor, seq)
		e.Action = ActionCreate
	}
	if err != nil {
		return e, rec, err
	}
	if err := project(ctx, w, step{i, "project", c.Kind, c.ID}, c.Kind, c.ID, data); err != nil {
		return e, rec, err
	}
	e.Scope, e.Version, e.After = rec.Scope, rec.Version, data
	return e, rec, nil
}

// current is a record's state as a change of Apply finds it.
type current struct {
	found   bool
	scope   string
	version int64
	data    []byte // not nil when found
}

// readAhead is how many changes' records Apply reads in one query on
// PostgreSQL. Records of more than readAheadBytes are read when their
// change comes, one query each, so that what Apply holds of the records
// read ahead stays under readAhead × readAheadBytes (64 MiB).
const (
	readAhead      = 1000
	readAheadBytes = 64 << 10
)

// currents gives the changes of one Apply the state of their records: what
// an earlier change of the Apply left (known), else what the database
// holds, read record by record or, with ahead, for the next readAhead
// changes at once.
type currents struct {
	tx      querier
	changes []Change
	known   map[KindID]current
	ahead   bool
	next    int // the changes before next have been read ahead
}

// get returns the state of change i's record.
func (c *currents) get(ctx context.Context, i int) (current, error) {
	ch := c.changes[i]
	k := KindID{ch.Kind, ch.ID}
	if cur, ok := c.known[k]; ok {
		return cur, nil
	}
	if c.ahead && i >= c.next {
		if err := c.readAhead(ctx, i); err != nil {
			return current{}, err
		}
		if cur, ok := c.known[k]; ok {
			return cur, nil
		}
	}
	cur := current{}
	err := c.tx.queryRow(ctx, "SELECT scope, version, data FROM records WHERE kind = ? AND id = ?", string(ch.Kind), ch.ID).
		Scan(&cur.scope, &cur.version, &cur.data)
	cur.found = err == nil
	if err != nil && !isNoRows(err) {
		return cur, fmt.Errorf("change %d: read %s %s: %w", i, ch.Kind, quote(ch.ID), err)
	}
	if cur.found && cur.data == nil {
		cur.data = []byte{}
	}
	return cur, nil
}

// readAhead reads the records of changes from..from+readAhead that no
// earlier change wrote, one query per kind (PostgreSQL's = ANY of a text
// array), into known: a missing record as not found, one of more than
// readAheadBytes not at all (get reads it alone).
func (c *currents) readAhead(ctx context.Context, from int) error {
	end := min(from+readAhead, len(c.changes))
	c.next = end
	var kinds []Kind
	ids := map[Kind][]string{}
	for _, ch := range c.changes[from:end] {
		k := KindID{ch.Kind, ch.ID}
		if _, ok := c.known[k]; ok {
			continue
		}
		c.known[k] = current{}
		if _, ok := ids[ch.Kind]; !ok {
			kinds = append(kinds, ch.Kind)
		}
		ids[ch.Kind] = append(ids[ch.Kind], ch.ID)
	}
	for _, kind := range kinds {
		err := func() error {
			// One id, as in most small applies, is looked up as such: the
			// planner plans = ANY(?) afresh at each call (about 0.1 ms).
			cond, arg := "id = ANY(?)", any(ids[kind])
			if len(ids[kind]) == 1 {
				cond, arg = "id = ?", ids[kind][0]
			}
			rs, err := c.tx.query(ctx, "SELECT id, scope, version, CASE WHEN octet_length(data) <= ? THEN data END, octet_length(data) <= ? FROM records WHERE kind = ? AND "+cond,
				readAheadBytes, readAheadBytes, string(kind), arg)
			if err != nil {
				return err
			}
			defer rs.Close()
			for rs.Next() {
				var id string
				var small bool
				cur := current{found: true}
				if err := rs.Scan(&id, &cur.scope, &cur.version, &cur.data, &small); err != nil {
					return err
				}
				if !small {
					delete(c.known, KindID{kind, id})
					continue
				}
				if cur.data == nil {
					cur.data = []byte{}
				}
				c.known[KindID{kind, id}] = cur
			}
			return rs.Err()
		}()
		if err != nil {
			return fmt.Errorf("changes %d to %d: read the %s records: %w", from, end-1, kind, err)
		}
	}
	return nil
}

// firstFailure returns err, a failure found in Go at a change, unless a
// statement of an earlier change, still queued, fails when sent: that one
// is the first, as it is when statements run one by one.
func firstFailure(ctx context.Context, w writer, err error) error {
	if ferr := w.flush(ctx); ferr != nil {
		return ferr
	}
	return err
}

// writer runs Apply's writes: at once (execWriter) or queued and sent
// pipelined (PostgreSQL's pipeline). A statement's failure is reported as
// its step's; with a queueing writer, from a later exec or from flush.
type writer interface {
	exec(ctx context.Context, st step, query string, args ...any) error
	// flush sends what is queued and waits for its results.
	flush(ctx context.Context) error
}

// step names what a statement does, for the error its failure reports.
type step struct {
	change int    // the change's position in the Apply; -1 for none
	what   string // "put", "delete", "project", "append the audit entry"; "" reports the error as it is
	kind   Kind
	id     string
}

func (st step) wrap(err error) error {
	switch {
	case st.what == "":
		return err
	case st.change < 0:
		return fmt.Errorf("%s %s %s: %w", st.what, st.kind, quote(st.id), err)
	case st.kind == "":
		return fmt.Errorf("change %d: %s: %w", st.change, st.what, err)
	}
	return fmt.Errorf("change %d: %s %s %s: %w", st.change, st.what, st.kind, quote(st.id), err)
}

// execWriter runs each statement at once.
type execWriter struct{ tx querier }

func (w execWriter) exec(ctx context.Context, st step, query string, args ...any) error {
	if err := w.tx.exec(ctx, query, args...); err != nil {
		return st.wrap(err)
	}
	return nil
}

func (execWriter) flush(context.Context) error { return nil }

// writer returns how Apply writes in transaction tx, and whether it reads
// the records ahead: pipelined on PostgreSQL (unless the store was told to
// go statement by statement, the baseline of BenchmarkApplyPipeline), at
// once on SQLite.
func (s *DB) writer(tx querier) (writer, bool) {
	if p, ok := tx.(pipeliner); ok && !s.stepwise {
		if w := p.pipeline(); w != nil {
			return w, true
		}
	}
	return execWriter{tx}, false
}

// pipeliner is a transaction that can queue statements (PostgreSQL's).
type pipeliner interface {
	pipeline() writer
}
