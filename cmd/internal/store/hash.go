package store

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"hash"
)

// The domain strings that start every hashed entry, so that an entry's hash
// can never be mistaken for the hash of anything else: hashDomain for an
// unkeyed entry (SHA-256), keyedDomain for a keyed one (HMAC-SHA256).
const (
	hashDomain  = "zeren.audit.v1\x00"
	keyedDomain = "zeren.audit.v2\x00"
)

// zeroHash is entry 1's PrevHash.
var zeroHash = make([]byte, sha256.Size)

// ComputeHash returns the SHA-256 hash that e.Hash holds when the log is not
// keyed (or the entry was written before the key was adopted, see
// [AuditKey]): over the domain string "zeren.audit.v1\x00" followed by, in
// order,
//
//	Seq                  8 bytes, big-endian
//	At                   8 bytes, big-endian Unix nanoseconds (two's complement)
//	Actor, Kind, ID,
//	Scope, Action        each a 4-byte big-endian length, then its UTF-8 bytes
//	Version              8 bytes, big-endian
//	SHA-256(Before)      32 bytes (of zero bytes when Before is nil)
//	SHA-256(After)       32 bytes (likewise)
//	PrevHash             4-byte length, then its bytes
//
// Action tells a nil Before or After from an empty one. Another program can
// verify an exported log with these rules alone.
func (e *AuditEntry) ComputeHash() []byte {
	h := sha256.New()
	h.Write([]byte(hashDomain))
	e.writeTo(h)
	return h.Sum(nil)
}

// ComputeKeyedHash returns the hash that e.Hash holds in a keyed log: the
// HMAC-SHA256 under the key's secret of the domain string
// "zeren.audit.v2\x00" followed by the same fields as [AuditEntry.ComputeHash].
// Without the secret, nobody can compute it, so an entry altered, forged or
// re-attributed and "re-hashed" to the end no longer verifies.
func (e *AuditEntry) ComputeKeyedHash(k *AuditKey) []byte {
	h := hmac.New(sha256.New, k.secret)
	h.Write([]byte(keyedDomain))
	e.writeTo(h)
	return h.Sum(nil)
}

func (e *AuditEntry) writeTo(h hash.Hash) {
	putUint64(h, e.Seq)
	putUint64(h, uint64(e.At.UnixNano()))
	putString(h, e.Actor)
	putString(h, string(e.Kind))
	putString(h, e.ID)
	putString(h, e.Scope)
	putString(h, string(e.Action))
	putUint64(h, uint64(e.Version))
	before := sha256.Sum256(e.Before)
	h.Write(before[:])
	after := sha256.Sum256(e.After)
	h.Write(after[:])
	putString(h, string(e.PrevHash))
}

func putUint64(h hash.Hash, v uint64) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	h.Write(b[:])
}

func putString(h hash.Hash, s string) {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], uint32(len(s)))
	h.Write(b[:])
	h.Write([]byte(s))
}
