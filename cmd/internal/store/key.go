package store

import (
	"bytes"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"os"
	"time"
)

// MinAuditKeyBytes is the shortest secret [ParseAuditKey] accepts.
const MinAuditKeyBytes = 32

// AuditKey is the secret (审计密钥) that keys the audit log's hash chain:
// with a key, each entry's hash is an HMAC-SHA256 ([AuditEntry.ComputeKeyedHash])
// instead of a plain SHA-256, so rewriting the log consistently — editing an
// entry and re-hashing to the end, re-attributing it, appending a forged
// one — needs the key. Keep it outside the database: in a file readable
// only by zerend's user, or in the environment.
//
// A database is keyed once, by the first zerend opened on it with a key
// ([WithAuditKey]): the store then writes a key record, signed with the key,
// saying from which entry on the log is keyed. Entries written before stay
// as they were (unkeyed SHA-256); they are covered by the first keyed entry,
// whose hash takes in theirs. From then on the database opens for writing
// only with the same key. Rotating the key is not supported.
//
// An AuditKey is immutable and safe for concurrent use.
type AuditKey struct {
	secret []byte
	id     string
}

// ParseAuditKey makes a key from a secret: the bytes of a key file or of
// $ZEREN_AUDIT_KEY, with surrounding white space removed, at least
// [MinAuditKeyBytes] long (for instance the 44 characters of
// `head -c 32 /dev/urandom | base64`). The bytes are the secret as they are;
// they are not decoded.
func ParseAuditKey(secret []byte) (*AuditKey, error) {
	s := bytes.TrimSpace(secret)
	if len(s) < MinAuditKeyBytes {
		return nil, &KeyError{
			Zh: fmt.Sprintf("审计密钥只有 %d 字节，至少需要 %d 字节（可用 head -c 32 /dev/urandom | base64 生成）", len(s), MinAuditKeyBytes),
			En: fmt.Sprintf("the audit key is %d bytes long; it needs at least %d (make one with: head -c 32 /dev/urandom | base64)", len(s), MinAuditKeyBytes),
		}
	}
	k := &AuditKey{secret: bytes.Clone(s)}
	m := hmac.New(sha256.New, k.secret)
	m.Write([]byte("zeren.audit.key-id\x00"))
	k.id = hex.EncodeToString(m.Sum(nil)[:8])
	return k, nil
}

// ReadAuditKeyFile reads a key file with [ParseAuditKey].
func ReadAuditKeyFile(path string) (*AuditKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &KeyError{
			Zh:  fmt.Sprintf("无法读取审计密钥文件 %s：%v", path, err),
			En:  fmt.Sprintf("cannot read the audit key file %s: %v", path, err),
			Err: err,
		}
	}
	k, err := ParseAuditKey(data)
	if err != nil {
		ke := err.(*KeyError)
		ke.Zh, ke.En = "审计密钥文件 "+path+"："+ke.Zh, "audit key file "+path+": "+ke.En
		return nil, ke
	}
	return k, nil
}

// ID names the key without revealing it: 16 hex digits of an HMAC of a
// fixed string under the key. Logs, checkpoints and the database's key
// record carry it, so that a wrong key is told from a tampered log.
func (k *AuditKey) ID() string { return k.id }

// DeriveKey derives a key of n bytes for another purpose from the audit key,
// with HKDF-SHA256 (RFC 5869) and the purpose as its info, so that every
// zerend holding the audit key derives the same key without further
// configuration, and the derived key tells nothing of the audit key nor of
// a key derived for another purpose. n is at most 8,160 (255 × 32).
func (k *AuditKey) DeriveKey(purpose string, n int) ([]byte, error) {
	return hkdf.Key(sha256.New, k.secret, nil, purpose, n)
}

// String returns "audit key " and the key's ID, never the secret.
func (k *AuditKey) String() string { return "audit key " + k.id }

func (k *AuditKey) mac(domain string, write func(m *macWriter)) []byte {
	m := &macWriter{h: hmac.New(sha256.New, k.secret)}
	m.h.Write([]byte(domain))
	write(m)
	return m.h.Sum(nil)
}

type macWriter struct {
	h hash.Hash
}

func (m *macWriter) uint64(v uint64) {
	var b [8]byte
	for i := range 8 {
		b[i] = byte(v >> (56 - 8*i))
	}
	m.h.Write(b[:])
}

func (m *macWriter) bytes(b []byte) {
	m.uint64(uint64(len(b)))
	m.h.Write(b)
}

// KeyRecord is a database's record of the key its audit log is chained
// with (the audit_key table).
type KeyRecord struct {
	KeyID string
	// Since is the number of entries written before the key: entries 1 to
	// Since are unkeyed, entries after it keyed. SinceHash is entry Since's
	// hash (all zero when Since is 0).
	Since     uint64
	SinceHash []byte
	At        time.Time // when the key was adopted
	// MAC signs the fields above with the key.
	MAC []byte
	// Adopted is true when this very opening of the store wrote the record.
	Adopted bool
}

func (r *KeyRecord) computeMAC(k *AuditKey) []byte {
	return k.mac("zeren.audit.key.v1\x00", func(m *macWriter) {
		m.bytes([]byte(r.KeyID))
		m.uint64(r.Since)
		m.bytes(r.SinceHash)
		m.uint64(uint64(r.At.UnixNano()))
	})
}

// KeyError is a problem with the audit key: unreadable or too short, a
// database keyed with another key, or a keyed database opened without its
// key. Zh is the message in Chinese, En in English.
type KeyError struct {
	Zh, En string
	Err    error // the cause, if any
}

func (e *KeyError) Error() string { return "store: " + e.En }

// Unwrap returns the cause.
func (e *KeyError) Unwrap() error { return e.Err }
