package store

import (
	"bytes"
	"context"
	"crypto/hmac"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Checkpoint (检查点) is the head of the audit log at a moment — how many
// entries it had and the last one's hash — signed with the audit key when
// there is one. zerend writes checkpoints to its log and, if configured, to
// a file outside the database; [DB.VerifyAudit] given a checkpoint finds a
// log rolled back or wiped (fewer entries than the checkpoint says) or
// rewritten (another hash at the checkpoint's entry), which the chain alone
// cannot show. In JSON, one object per line:
//
//	{"seq":1234,"hash":"<64 hex>","at":"2026-03-02T09:00:00Z","key_id":"<16 hex>","mac":"<64 hex>"}
type Checkpoint struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"` // entry Seq's hash in hex; 64 zeros for an empty log
	// At is when the checkpoint was taken; empty in a checkpoint typed by
	// hand (seq:hash).
	At time.Time `json:"at,omitzero"`
	// KeyID and MAC sign the checkpoint with the audit key (HMAC-SHA256);
	// empty when the log is unkeyed or the checkpoint was typed by hand.
	KeyID string `json:"key_id,omitempty"`
	MAC   string `json:"mac,omitempty"`
}

// String returns "seq:hash", the form [ParseCheckpoint] reads.
func (c Checkpoint) String() string { return strconv.FormatUint(c.Seq, 10) + ":" + c.Hash }

func (c Checkpoint) computeMAC(k *AuditKey) string {
	h, _ := hex.DecodeString(c.Hash)
	return hex.EncodeToString(k.mac("zeren.audit.checkpoint.v1\x00", func(m *macWriter) {
		m.bytes([]byte(k.ID()))
		m.uint64(c.Seq)
		m.bytes(h)
		m.uint64(uint64(c.At.UnixNano()))
	}))
}

// Checkpoint returns the current head of the audit log, taken at at and
// signed with the store's key if it has one.
func (s *DB) Checkpoint(ctx context.Context, at time.Time) (Checkpoint, error) {
	var seq int64
	var hash []byte
	if err := s.b.reader().queryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&seq, &hash); err != nil {
		return Checkpoint{}, fmt.Errorf("store: read the audit head: %w", err)
	}
	c := Checkpoint{Seq: uint64(seq), Hash: hex.EncodeToString(hash), At: at.UTC()}
	if s.key != nil {
		c.KeyID, c.MAC = s.key.ID(), c.computeMAC(s.key)
	}
	return c, nil
}

// CheckpointError is a checkpoint that does not parse. Line counts from 1
// in a checkpoint file, 0 for a single seq:hash. Zh is the message in
// Chinese, En in English.
type CheckpointError struct {
	Line   int
	Zh, En string
}

func (e *CheckpointError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("store: checkpoint on line %d: %s", e.Line, e.En)
	}
	return "store: checkpoint: " + e.En
}

// ParseCheckpoint reads a checkpoint written as seq:hash, e.g.
// "1234:9f86d0…" (64 hex digits), as printed by zeren audit verify. It is
// unsigned.
func ParseCheckpoint(s string) (Checkpoint, error) {
	num, h, ok := strings.Cut(strings.TrimSpace(s), ":")
	seq, err := strconv.ParseUint(num, 10, 63)
	if !ok || err != nil {
		return Checkpoint{}, &CheckpointError{Zh: fmt.Sprintf("%q 不是“条数:哈希”的形式", s), En: fmt.Sprintf("%q is not count:hash", s)}
	}
	c := Checkpoint{Seq: seq, Hash: strings.ToLower(h)}
	if err := c.check(); err != nil {
		return Checkpoint{}, err
	}
	return c, nil
}

func (c Checkpoint) check() *CheckpointError {
	if b, err := hex.DecodeString(c.Hash); err != nil || len(b) != 32 {
		return &CheckpointError{Zh: fmt.Sprintf("哈希 %q 不是 64 位十六进制数", c.Hash), En: fmt.Sprintf("hash %q is not 64 hex digits", c.Hash)}
	}
	if c.Seq == 0 && c.Hash != hex.EncodeToString(zeroHash) {
		return &CheckpointError{Zh: "0 条的检查点哈希必须全为 0", En: "a checkpoint of 0 entries has an all-zero hash"}
	}
	if (c.MAC == "") != (c.KeyID == "") {
		return &CheckpointError{Zh: "签名与密钥编号须同时给出", En: "mac and key_id go together"}
	}
	return nil
}

// ReadCheckpoints reads a checkpoint file: one JSON [Checkpoint] per line,
// as zerend appends them. Lines of zerend's JSON log are read too — an
// "audit checkpoint" line holds the checkpoint in its "checkpoint" field;
// other log lines are skipped — so a whole log can be given. Empty lines
// are skipped; anything else is an error naming the line.
func ReadCheckpoints(data []byte) ([]Checkpoint, error) {
	var out []Checkpoint
	for i, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var raw struct {
			Checkpoint *Checkpoint `json:"checkpoint"`
			Msg        *string     `json:"msg"`
			Seq        *uint64     `json:"seq"`
		}
		if err := json.Unmarshal(line, &raw); err != nil {
			return nil, &CheckpointError{Line: i + 1, Zh: "不是 JSON 检查点：" + err.Error(), En: "not a JSON checkpoint: " + err.Error()}
		}
		var c Checkpoint
		switch {
		case raw.Checkpoint != nil:
			c = *raw.Checkpoint
		case raw.Seq != nil:
			if err := json.Unmarshal(line, &c); err != nil {
				return nil, &CheckpointError{Line: i + 1, Zh: "不是 JSON 检查点：" + err.Error(), En: "not a JSON checkpoint: " + err.Error()}
			}
		case raw.Msg != nil:
			continue // another line of zerend's log
		default:
			return nil, &CheckpointError{Line: i + 1, Zh: "缺少 seq 字段", En: "no seq field"}
		}
		if err := c.check(); err != nil {
			err.Line = i + 1
			return nil, err
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, &CheckpointError{Zh: "文件中没有检查点", En: "the file holds no checkpoint"}
	}
	return out, nil
}

// verifyCheckpoints compares the verified log with each checkpoint. hashes
// holds the hash of each entry a checkpoint names, if the log has it.
func verifyCheckpoints(rep *VerifyReport, hashes map[uint64][]byte, cps []Checkpoint, k *AuditKey) *Break {
	for _, c := range cps {
		when := c.String()
		if !c.At.IsZero() {
			when = c.At.Format(time.RFC3339)
		}
		if c.MAC != "" {
			switch {
			case k == nil:
				return brk(0, BreakCheckpoint,
					fmt.Sprintf("%s 的检查点由密钥 %s 签名，而审计日志未加密钥：日志可能被去掉密钥重写", when, c.KeyID),
					fmt.Sprintf("the checkpoint of %s is signed with key %s, but the log is not keyed: it may have been rewritten without the key", when, c.KeyID))
			case c.KeyID != k.ID():
				return brk(0, BreakCheckpoint,
					fmt.Sprintf("%s 的检查点由密钥 %s 签名，不是给出的密钥 %s", when, c.KeyID, k.ID()),
					fmt.Sprintf("the checkpoint of %s is signed with key %s, not the given key %s", when, c.KeyID, k.ID()))
			case !hmac.Equal([]byte(c.MAC), []byte(c.computeMAC(k))):
				return brk(0, BreakCheckpoint,
					fmt.Sprintf("%s 的检查点签名不符：检查点被伪造或改动", when),
					fmt.Sprintf("the checkpoint of %s has a bad signature: it was forged or altered", when))
			}
		}
		rep.Checkpoints++
		if c.Seq > rep.Entries {
			what, whatZh := "rolled back", "被回滚"
			if rep.Entries == 0 {
				what, whatZh = "wiped", "被清空"
			}
			return brk(rep.Entries+1, BreakRollback,
				fmt.Sprintf("日志只到第 %d 条，而 %s 的检查点记有 %d 条：日志%s", rep.Entries, when, c.Seq, whatZh),
				fmt.Sprintf("the log ends at entry %d but the checkpoint of %s recorded %d entries: the log was %s", rep.Entries, when, c.Seq, what))
		}
		got := zeroHash
		if c.Seq > 0 {
			got = hashes[c.Seq]
		}
		if hex.EncodeToString(got) != c.Hash {
			return brk(c.Seq, BreakRewritten,
				fmt.Sprintf("该条的哈希与 %s 的检查点不符：日志被改写", when),
				fmt.Sprintf("its hash is not the one the checkpoint of %s recorded: the log was rewritten", when))
		}
	}
	return nil
}
