package store

import (
	"bytes"
	"context"
	"fmt"
)

// VerifyAudit implements [Store.VerifyAudit]. In one snapshot it checks, in
// this order, stopping at the first problem:
//
//  1. the key: a store given an [AuditKey] needs the database's key record
//     to be for that key and signed with it — a log without one was
//     written, or rewritten, without the key. A keyed log verified without
//     its key is a *[KeyError], not a report;
//  2. the entries are numbered 1, 2, 3… without gaps, each one's PrevHash is
//     the previous entry's Hash (zero for entry 1), and each Hash is what
//     [AuditEntry.ComputeHash] gives — [AuditEntry.ComputeKeyedHash] for
//     the entries after the key record's Since, the last unkeyed entry's
//     hash being the one the key record signed;
//  3. the log ends where the store's own head says it does (entries
//     removed from the end);
//  4. each checkpoint in expect: its signature, when it has one, is the
//     key's; the log reaches its entry count (else it was rolled back or
//     wiped) and has its hash there (else it was rewritten);
//  5. every current record is the one written by the last entry about it
//     (kind, id, scope, version, data, time, actor), and every record whose
//     last entry is not a delete exists;
//  6. the triggers that keep the log append-only exist, are enabled and
//     are the ones the schema created.
//
// Without a key and a checkpoint, whoever can write the database can
// rewrite the log consistently; with the key they cannot rewrite, forge or
// re-attribute entries, but only a checkpoint shows entries removed from
// the end.
//
// The time it takes grows with the size of the log: it reads every entry.
func (s *DB) VerifyAudit(ctx context.Context, expect ...Checkpoint) (VerifyReport, error) {
	for i, c := range expect {
		if err := c.check(); err != nil {
			err.Line = i + 1
			return VerifyReport{}, err
		}
	}
	var rep VerifyReport
	var keyErr error
	err := s.b.view(ctx, func(tx querier) error {
		rep = VerifyReport{}
		var rec *KeyRecord
		if !s.readOnly || s.schema >= 2 {
			var err error
			if rec, err = readKeyRecord(ctx, tx); err != nil {
				return err
			}
		}
		if rec != nil && s.key == nil {
			keyErr = &KeyError{
				Zh: fmt.Sprintf("该数据库的审计日志自第 %d 条起用密钥 %s 链接：校验需要该密钥（-audit-key-file 或 ZEREN_AUDIT_KEY）", rec.Since+1, rec.KeyID),
				En: fmt.Sprintf("the database's audit log is keyed with key %s from entry %d on: verifying it needs that key (-audit-key-file or ZEREN_AUDIT_KEY)", rec.KeyID, rec.Since+1),
			}
			return nil
		}
		if rep.Broken = verifyKeyRecord(rec, s.key); rep.Broken != nil {
			return nil
		}
		keyedAfter := ^uint64(0)
		if rec != nil {
			keyedAfter, rep.KeyID = rec.Since, rec.KeyID
		}
		var err error
		hashes := map[uint64][]byte{}
		for _, c := range expect {
			hashes[c.Seq] = nil
		}
		if rep.Broken, err = s.verifyChain(ctx, tx, &rep, rec, hashes); err != nil || rep.Broken != nil {
			return err
		}
		rep.Unkeyed = min(rep.Entries, keyedAfter)
		if rep.Broken, err = verifyHead(ctx, tx, &rep); err != nil || rep.Broken != nil {
			return err
		}
		if rep.Broken = verifyCheckpoints(&rep, hashes, expect, s.key); rep.Broken != nil {
			return nil
		}
		if rep.Broken, err = verifyRecords(ctx, tx, &rep); err != nil || rep.Broken != nil {
			return err
		}
		if rep.Broken, err = verifyLive(ctx, tx); err != nil || rep.Broken != nil {
			return err
		}
		rep.Broken, err = s.verifyGuards(ctx, tx)
		return err
	})
	if err != nil {
		return VerifyReport{}, fmt.Errorf("store: verify the audit log: %w", err)
	}
	if keyErr != nil {
		return VerifyReport{}, keyErr
	}
	return rep, nil
}

// verifyKeyRecord checks the database's key record against the key given.
func verifyKeyRecord(rec *KeyRecord, k *AuditKey) *Break {
	switch {
	case k == nil:
		return nil
	case rec == nil:
		return brk(0, BreakKey,
			fmt.Sprintf("给出了审计密钥 %s，但日志没有密钥记录：日志是不用密钥写入的（-insecure-audit），或被去掉密钥重写", k.ID()),
			fmt.Sprintf("audit key %s was given but the log has no key record: it was written without the key (-insecure-audit), or rewritten without it", k.ID()))
	case rec.KeyID != k.ID():
		return brk(0, BreakKey,
			fmt.Sprintf("日志的密钥记录是密钥 %s，不是给出的密钥 %s：给错了密钥，或日志被用另一密钥重写", rec.KeyID, k.ID()),
			fmt.Sprintf("the log's key record is for key %s, not the given key %s: the wrong key was given, or the log was rewritten with another key", rec.KeyID, k.ID()))
	case !rec.verify(k):
		return brk(0, BreakKey,
			"日志的密钥记录签名不符：记录被伪造或改动",
			"the log's key record has a bad signature: it was forged or altered")
	}
	return nil
}

func (s *DB) verifyChain(ctx context.Context, tx querier, rep *VerifyReport, rec *KeyRecord, hashes map[uint64][]byte) (*Break, error) {
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
			return brk(want, BreakMissing,
				fmt.Sprintf("该条缺失：日志从第 %d 条跳到第 %d 条", want-1, e.Seq),
				fmt.Sprintf("the entry is missing: the log goes from entry %d to entry %d", want-1, e.Seq)), nil
		}
		if !bytes.Equal(e.PrevHash, prev) {
			if want == 1 {
				return brk(1, BreakLink, "第一条的前一哈希不为零", "the first entry's previous hash is not zero"), nil
			}
			return brk(want, BreakLink,
				fmt.Sprintf("其前一哈希不是第 %d 条的哈希：两条之一被改动", want-1),
				fmt.Sprintf("its previous hash is not entry %d's hash: one of the two entries was altered", want-1)), nil
		}
		if zh, en := entryProblem(&e); en != "" {
			return brk(want, BreakMalformed, zh, en), nil
		}
		keyed := rec != nil && want > rec.Since
		var sum []byte
		if keyed {
			sum = e.ComputeKeyedHash(s.key)
		} else {
			sum = e.ComputeHash()
		}
		if !bytes.Equal(sum, e.Hash) {
			if keyed {
				return brk(want, BreakAltered,
					"其哈希不是审计密钥下的哈希：该条被改动、伪造或改了操作人，并在没有密钥的情况下重算了哈希",
					"its hash is not its keyed hash: the entry was altered, forged or re-attributed and re-hashed without the key"), nil
			}
			return brk(want, BreakAltered, "其哈希与内容不符：该条被改动", "its hash does not match its content: the entry was altered"), nil
		}
		if rec != nil && want == rec.Since && !bytes.Equal(e.Hash, rec.SinceHash) {
			return brk(want, BreakKey,
				"其哈希不是密钥记录签名时的哈希：启用密钥前的日志被改写",
				"its hash is not the one the key record signed: the log before the key was rewritten"), nil
		}
		if _, ok := hashes[want]; ok {
			hashes[want] = e.Hash
		}
		prev = e.Hash
		rep.Entries, rep.HeadSeq, rep.HeadHash = want, want, e.Hash
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	if rec != nil && rec.Since > rep.Entries {
		return brk(rep.Entries+1, BreakKey,
			fmt.Sprintf("密钥记录表明启用密钥前已有 %d 条，而日志只有 %d 条：日志被回滚或清空", rec.Since, rep.Entries),
			fmt.Sprintf("the key record says %d entries preceded the key, but the log has %d: it was rolled back or wiped", rec.Since, rep.Entries)), nil
	}
	return nil, nil
}

func entryProblem(e *AuditEntry) (zh, en string) {
	switch {
	case e.Action != ActionCreate && e.Action != ActionUpdate && e.Action != ActionDelete:
		return fmt.Sprintf("其操作 %s 不是 create、update 或 delete", quote(string(e.Action))),
			fmt.Sprintf("its action %s is not create, update or delete", quote(string(e.Action)))
	case e.Action == ActionCreate && len(e.Before) > 0:
		return "它创建记录，却有之前的数据", "it creates a record but has data before"
	case e.Action == ActionDelete && len(e.After) > 0:
		return "它删除记录，却有之后的数据", "it deletes a record but has data after"
	case e.Version < 1:
		return fmt.Sprintf("其版本 %d 不是正数", e.Version), fmt.Sprintf("its version %d is not positive", e.Version)
	}
	return "", ""
}

func verifyHead(ctx context.Context, tx querier, rep *VerifyReport) (*Break, error) {
	var seq int64
	var hash []byte
	if err := tx.queryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&seq, &hash); err != nil {
		if isNoRows(err) {
			return brk(rep.HeadSeq, BreakHead, "审计日志的末条记录缺失", "the audit head is missing"), nil
		}
		return nil, err
	}
	head := uint64(seq)
	switch {
	case head > rep.HeadSeq:
		return brk(rep.HeadSeq+1, BreakHead,
			fmt.Sprintf("日志只到第 %d 条，而存储写到了第 %d 条：末尾的条目被删除", rep.HeadSeq, head),
			fmt.Sprintf("the log ends at entry %d but the store wrote up to entry %d: entries were removed from the end", rep.HeadSeq, head)), nil
	case head < rep.HeadSeq:
		return brk(head+1, BreakHead,
			fmt.Sprintf("存储只写到第 %d 条，而日志延续到第 %d 条：有条目被绕过存储追加", head, rep.HeadSeq),
			fmt.Sprintf("the store wrote up to entry %d but the log goes on to entry %d: entries were added behind its back", head, rep.HeadSeq)), nil
	case head > 0 && !bytes.Equal(hash, rep.HeadHash):
		return brk(head, BreakHead,
			"存储记下的末条哈希不是该条的哈希：日志被改写",
			"the store's head hash is not this entry's hash: the log was rewritten"), nil
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
		var zh, en string
		switch {
		case a.kind == "":
			zh = fmt.Sprintf("记录称由第 %d 条写入，但没有这一条", seq)
			en = fmt.Sprintf("the record says entry %d wrote it, but there is no such entry", seq)
		case a.kind != r.kind || a.id != r.id:
			zh = fmt.Sprintf("记录称由第 %d 条写入，但该条关于 %s %s", seq, a.kind, quote(a.id))
			en = fmt.Sprintf("the record says entry %d wrote it, but that entry is about %s %s", seq, a.kind, quote(a.id))
		case latest != seq:
			zh = fmt.Sprintf("第 %d 条在记录所称的写入条目之后又改动了它", latest)
			en = fmt.Sprintf("entry %d changed the record after the entry it says wrote it", latest)
		case Action(a.action) == ActionDelete:
			zh, en = "该条删除了记录，记录却仍存在", "the entry deleted the record, yet it exists"
		case a.version != r.version:
			zh = fmt.Sprintf("记录为第 %d 版，而该条写入的是第 %d 版", r.version, a.version)
			en = fmt.Sprintf("the record is at version %d but the entry wrote version %d", r.version, a.version)
		case a.scope != r.scope:
			zh, en = "记录的范围不是该条写入的范围", "the record's scope is not the one the entry wrote"
		case !bytes.Equal(a.data, r.data):
			zh, en = "记录的数据不是该条写入的数据", "the record's data is not the data the entry wrote"
		case a.at != r.at || a.actor != r.actor:
			zh, en = "记录的时间或操作人不是该条的", "the record's time or actor is not the entry's"
		}
		if en != "" {
			return &Break{Seq: uint64(seq), Code: BreakRecord, Kind: Kind(r.kind), ID: r.id, Reason: en, ReasonZh: zh}, nil
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
	return &Break{Seq: uint64(seq), Code: BreakRecord, Kind: Kind(kind), ID: id,
		Reason:   "the entry wrote the record and nothing deleted it, yet it is gone",
		ReasonZh: "该条写入了记录且之后未被删除，记录却不见了"}, nil
}
