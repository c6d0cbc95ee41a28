package store

import (
	"encoding/hex"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// The encoding behind AuditEntry.ComputeHash is a format: logs written by
// one build must verify in every later one. This pins it; the value was
// checked against an independent implementation of the documented encoding.
func TestComputeHashIsStable(t *testing.T) {
	e := AuditEntry{
		Seq: 7, At: time.Date(2026, 3, 2, 1, 0, 0, 123, time.UTC), Actor: "李明", Kind: KindPlan,
		ID: "2026-市财政局", Scope: "org-czj", Action: ActionUpdate, Version: 3,
		Before: []byte("before"), After: []byte("after"), PrevHash: zeroHash,
	}
	assert.Equal(t, "5e06e8b13ecf6b6de62bca146911a66b0d18be657c41ff06f282aba60aee7a2a", hex.EncodeToString(e.ComputeHash()))
}

func TestComputeHashCoversEveryField(t *testing.T) {
	base := AuditEntry{
		Seq: 1, At: time.Unix(0, 1), Actor: "a", Kind: KindPlan, ID: "p", Scope: "s",
		Action: ActionUpdate, Version: 1, Before: []byte("b"), After: []byte("c"), PrevHash: zeroHash,
	}
	h := hex.EncodeToString(base.ComputeHash())
	for name, change := range map[string]func(*AuditEntry){
		"seq":       func(e *AuditEntry) { e.Seq++ },
		"at":        func(e *AuditEntry) { e.At = e.At.Add(1) },
		"actor":     func(e *AuditEntry) { e.Actor = "b" },
		"kind":      func(e *AuditEntry) { e.Kind = KindCase },
		"id":        func(e *AuditEntry) { e.ID = "q" },
		"scope":     func(e *AuditEntry) { e.Scope = "" },
		"action":    func(e *AuditEntry) { e.Action = ActionCreate },
		"version":   func(e *AuditEntry) { e.Version++ },
		"before":    func(e *AuditEntry) { e.Before = []byte("x") },
		"after":     func(e *AuditEntry) { e.After = nil },
		"prev hash": func(e *AuditEntry) { e.PrevHash = make([]byte, 32); e.PrevHash[31] = 1 },
		// Length prefixes keep field boundaries: "a"+"plan" is not "ap"+"lan".
		"boundary": func(e *AuditEntry) { e.Actor, e.Kind = "ap", "lan" },
	} {
		e := base
		change(&e)
		assert.NotEqual(t, h, hex.EncodeToString(e.ComputeHash()), name)
	}
}
