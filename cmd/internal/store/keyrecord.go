package store

import (
	"bytes"
	"context"
	"fmt"
)

// checkKey runs when a store opens for writing. With a key, it adopts the
// key when the database has none (writing the signed key record under the
// head lock, so that concurrent instances agree) and refuses a database
// keyed with another key; without one, it refuses a keyed database, whose
// chain an unkeyed entry would break.
func (s *DB) checkKey(ctx context.Context) error {
	return s.b.update(ctx, func(tx querier) error {
		var seq int64
		var hash []byte
		if err := tx.queryRow(ctx, s.d.lockHead).Scan(&seq, &hash); err != nil {
			return fmt.Errorf("store: read the audit head: %w", err)
		}
		rec, err := readKeyRecord(ctx, tx)
		if err != nil {
			return fmt.Errorf("store: read the audit key record: %w", err)
		}
		switch {
		case rec == nil && s.key == nil:
			return nil
		case rec != nil && s.key == nil:
			return keyedElsewhere(rec)
		case rec != nil && rec.KeyID != s.key.ID():
			return &KeyError{
				Zh: fmt.Sprintf("该数据库的审计日志用密钥 %s 链接，而给出的是密钥 %s：请给出正确的密钥", rec.KeyID, s.key.ID()),
				En: fmt.Sprintf("the database's audit log is keyed with key %s, but key %s was given: give the right key", rec.KeyID, s.key.ID()),
			}
		case rec != nil:
			s.keyRec = rec
			return nil
		}
		rec = &KeyRecord{KeyID: s.key.ID(), Since: uint64(seq), SinceHash: hash, At: s.clock().UTC(), Adopted: true}
		rec.MAC = rec.computeMAC(s.key)
		if err := tx.exec(ctx, "INSERT INTO audit_key (id, key_id, since, since_hash, at, mac) VALUES (1, ?, ?, ?, ?, ?)",
			rec.KeyID, seq, rec.SinceHash, rec.At.UnixNano(), rec.MAC); err != nil {
			return fmt.Errorf("store: record the audit key: %w", err)
		}
		s.keyRec = rec
		return nil
	})
}

func keyedElsewhere(rec *KeyRecord) error {
	return &KeyError{
		Zh: fmt.Sprintf("该数据库的审计日志自第 %d 条起用密钥 %s 链接：没有该密钥不能写入（请给出 -audit-key-file 或 ZEREN_AUDIT_KEY）", rec.Since+1, rec.KeyID),
		En: fmt.Sprintf("the database's audit log is keyed with key %s from entry %d on: it cannot be written without that key (give -audit-key-file or ZEREN_AUDIT_KEY)", rec.KeyID, rec.Since+1),
	}
}

// readKeyRecord returns the database's key record, or nil when the log is
// unkeyed.
func readKeyRecord(ctx context.Context, tx querier) (*KeyRecord, error) {
	var rec KeyRecord
	var since, at int64
	err := tx.queryRow(ctx, "SELECT key_id, since, since_hash, at, mac FROM audit_key WHERE id = 1").
		Scan(&rec.KeyID, &since, &rec.SinceHash, &at, &rec.MAC)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rec.Since, rec.At = uint64(since), fromNanos(at)
	return &rec, nil
}

// KeyRecord returns the database's key record as of opening: nil for an
// unkeyed log, or for a store opened read-only. Adopted tells whether this
// opening wrote it.
func (s *DB) KeyRecord() *KeyRecord { return s.keyRec }

// verifyKeyRecord checks the key record against the key given to verify.
func (r *KeyRecord) verify(k *AuditKey) bool {
	return r.KeyID == k.ID() && bytes.Equal(r.MAC, r.computeMAC(k))
}
