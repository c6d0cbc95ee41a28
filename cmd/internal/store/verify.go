package store

import (
	"bytes"
	"context"
	"fmt"
)

// VerifyAudit implements [Store.VerifyAudit]. In one snapshot it checks, in
// this order, stopping at the first problem:
//
//  1. the entries are numbered 1, 2, 3… without gaps, each one's PrevHash is
//     the previous entry's Hash (zero for entry 1), and each Hash is what
//     [AuditEntry.ComputeHash] gives;
//  2. the log ends where the store's own head says it does (entries
//     removed from the end);
//  3. every current record is the one written by the last entry about it
//     (kind, id, scope, version, data, time, actor), and every record whose
//     last entry is not a delete exists.
//
// The time it takes grows with the size of the log: it reads every entry.
func (s *DB) VerifyAudit(ctx context.Context) (VerifyReport, error) {
	var rep VerifyReport
	err := s.b.view(ctx, func(tx querier) error {
		rep = VerifyReport{}
		var err error
		if rep.Broken, err = verifyChain(ctx, tx, &rep); err != nil || rep.Broken != nil {
			return err
		}
		if rep.Broken, err = verifyHead(ctx, tx, &rep); err != nil || rep.Broken != nil {
			return err
		}
		if rep.Broken, err = verifyRecords(ctx, tx, &rep); err != nil || rep.Broken != nil {
			return err
		}
		rep.Broken, err = verifyLive(ctx, tx)
		return err
	})
	if err != nil {
		return VerifyReport{}, fmt.Errorf("store: verify the audit log: %w", err)
	}
	return rep, nil
}

func verifyChain(ctx context.Context, tx querier, rep *VerifyReport) (*Break, error) {
	rs, err := tx.query(ctx, "SELECT "+auditColumns+" FROM audit ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	prev := zeroHash
	for rs.Next() {
		e, err := scanEntry(rs)
		if err != nil {
			return nil, err
		}
		want := rep.Entries + 1
		if e.Seq != want {
			return &Break{Seq: want, Reason: fmt.Sprintf("the entry is missing: the log goes from entry %d to entry %d", want-1, e.Seq)}, nil
		}
		if !bytes.Equal(e.PrevHash, prev) {
			if want == 1 {
				return &Break{Seq: 1, Reason: "the first entry's previous hash is not zero"}, nil
			}
			return &Break{Seq: want, Reason: fmt.Sprintf("its previous hash is not entry %d's hash: one of the two entries was altered", want-1)}, nil
		}
		if msg := entryProblem(&e); msg != "" {
			return &Break{Seq: want, Reason: msg}, nil
		}
		if !bytes.Equal(e.ComputeHash(), e.Hash) {
			return &Break{Seq: want, Reason: "its hash does not match its content: the entry was altered"}, nil
		}
		prev = e.Hash
		rep.Entries, rep.HeadSeq, rep.HeadHash = want, want, e.Hash
	}
	return nil, rs.Err()
}

func entryProblem(e *AuditEntry) string {
	switch {
	case e.Action != ActionCreate && e.Action != ActionUpdate && e.Action != ActionDelete:
		return fmt.Sprintf("its action %s is not create, update or delete", quote(string(e.Action)))
	case e.Action == ActionCreate && len(e.Before) > 0:
		return "it creates a record but has data before"
	case e.Action == ActionDelete && len(e.After) > 0:
		return "it deletes a record but has data after"
	case e.Version < 1:
		return fmt.Sprintf("its version %d is not positive", e.Version)
	}
	return ""
}

func verifyHead(ctx context.Context, tx querier, rep *VerifyReport) (*Break, error) {
	var seq int64
	var hash []byte
	if err := tx.queryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&seq, &hash); err != nil {
		if isNoRows(err) {
			return &Break{Seq: rep.HeadSeq, Reason: "the audit head is missing"}, nil
		}
		return nil, err
	}
	head := uint64(seq)
	switch {
	case head > rep.HeadSeq:
		return &Break{Seq: rep.HeadSeq + 1, Reason: fmt.Sprintf("the log ends at entry %d but the store wrote up to entry %d: entries were removed from the end", rep.HeadSeq, head)}, nil
	case head < rep.HeadSeq:
		return &Break{Seq: head + 1, Reason: fmt.Sprintf("the store wrote up to entry %d but the log goes on to entry %d: entries were added behind its back", head, rep.HeadSeq)}, nil
	case head > 0 && !bytes.Equal(hash, rep.HeadHash):
		return &Break{Seq: head, Reason: "the store's head hash is not this entry's hash: the log was rewritten"}, nil
	}
	return nil, nil
}

// verifyRecords checks each current record against the entry that wrote it.
func verifyRecords(ctx context.Context, tx querier, rep *VerifyReport) (*Break, error) {
	rs, err := tx.query(ctx, `SELECT r.kind, r.id, r.scope, r.version, r.data, r.updated_at, r.updated_by, r.audit_seq,
		COALESCE(a.kind, ''), COALESCE(a.id, ''), COALESCE(a.scope, ''), COALESCE(a.action, ''), COALESCE(a.version, 0),
		COALESCE(a.at, 0), COALESCE(a.actor, ''), a.after,
		COALESCE((SELECT max(b.seq) FROM audit b WHERE b.kind = r.kind AND b.id = r.id), 0)
		FROM records r LEFT JOIN audit a ON a.seq = r.audit_seq
		ORDER BY r.kind, r.id`)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	for rs.Next() {
		var r, a struct {
			kind, id, scope, actor, action string
			version, at                    int64
			data                           []byte
		}
		var seq, latest int64
		if err := rs.Scan(&r.kind, &r.id, &r.scope, &r.version, &r.data, &r.at, &r.actor, &seq,
			&a.kind, &a.id, &a.scope, &a.action, &a.version, &a.at, &a.actor, &a.data, &latest); err != nil {
			return nil, err
		}
		rep.Records++
		var msg string
		switch {
		case a.kind == "":
			msg = fmt.Sprintf("the record says entry %d wrote it, but there is no such entry", seq)
		case a.kind != r.kind || a.id != r.id:
			msg = fmt.Sprintf("the record says entry %d wrote it, but that entry is about %s %s", seq, a.kind, quote(a.id))
		case latest != seq:
			msg = fmt.Sprintf("entry %d changed the record after the entry it says wrote it", latest)
		case Action(a.action) == ActionDelete:
			msg = "the entry deleted the record, yet it exists"
		case a.version != r.version:
			msg = fmt.Sprintf("the record is at version %d but the entry wrote version %d", r.version, a.version)
		case a.scope != r.scope:
			msg = "the record's scope is not the one the entry wrote"
		case !bytes.Equal(a.data, r.data):
			msg = "the record's data is not the data the entry wrote"
		case a.at != r.at || a.actor != r.actor:
			msg = "the record's time or actor is not the entry's"
		}
		if msg != "" {
			return &Break{Seq: uint64(seq), Kind: Kind(r.kind), ID: r.id, Reason: msg}, nil
		}
	}
	return nil, rs.Err()
}

// verifyLive finds a record the log says exists but the records table lacks.
func verifyLive(ctx context.Context, tx querier) (*Break, error) {
	var seq int64
	var kind, id string
	err := tx.queryRow(ctx, `SELECT a.seq, a.kind, a.id FROM audit a
		WHERE a.action <> 'delete'
		AND a.seq = (SELECT max(b.seq) FROM audit b WHERE b.kind = a.kind AND b.id = a.id)
		AND NOT EXISTS (SELECT 1 FROM records r WHERE r.kind = a.kind AND r.id = a.id)
		ORDER BY a.seq LIMIT 1`).Scan(&seq, &kind, &id)
	switch {
	case isNoRows(err):
		return nil, nil
	case err != nil:
		return nil, err
	}
	return &Break{Seq: uint64(seq), Kind: Kind(kind), ID: id, Reason: "the entry wrote the record and nothing deleted it, yet it is gone"}, nil
}
