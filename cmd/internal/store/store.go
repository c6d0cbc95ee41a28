package store

import (
	"context"
	"time"
)

// Store keeps zeren.v1 documents as versioned records and appends every
// change to a hash-chained audit log (审计日志) in the same transaction.
//
// Both implementations, [OpenSQLite] and [OpenPostgres], are safe for
// concurrent use by multiple goroutines.
type Store interface {
	// Get returns the current version of one record. It returns a
	// *[NotFoundError] (errors.Is [ErrNotFound]) when there is none and a
	// *[ValidationError] (errors.Is [ErrInvalid]) for a malformed kind or id.
	Get(ctx context.Context, kind Kind, id string) (Record, error)

	// List returns one page of the records of a kind in byte order of their
	// ids, filtered by q.
	List(ctx context.Context, kind Kind, q ListQuery) (Page, error)

	// Apply makes all changes or none, in order, on behalf of actor. It
	// appends one audit entry per change in the same transaction and returns
	// one [Record] per change: the stored record after a put, and for a
	// delete the deleted record's kind, id, scope and version with nil Data.
	// A malformed input is a *[ValidationError] naming every problem; a
	// failed expectation is a *[ConflictError]; deleting a missing record
	// without an expected version is a *[NotFoundError]. When Apply returns
	// an error the store is unchanged.
	Apply(ctx context.Context, actor string, changes []Change) ([]Record, error)

	// Audit returns up to limit audit entries with sequence numbers greater
	// than after, in sequence order (limit 0 means [DefaultPageSize]; larger
	// than [MaxPageSize] is lowered to it). A page also stops early once its
	// before and after data reach [MaxPageBytes].
	Audit(ctx context.Context, after uint64, limit int) ([]AuditEntry, error)

	// VerifyAudit walks the whole audit log in one snapshot, recomputing
	// every hash (with the audit key, if the store has one), compares the
	// log with the checkpoints given, checks that the current records are
	// exactly what the log says, and that the log's append-only triggers
	// stand. A broken chain is reported in the [VerifyReport], not as an
	// error; the error is for failing to read the database, or a
	// *[KeyError] for a keyed log verified without its key.
	VerifyAudit(ctx context.Context, expect ...Checkpoint) (VerifyReport, error)

	// Close releases the database connections.
	Close() error
}

// Kind names a kind of document, such as [KindPlan]. The store treats it as
// an opaque label: 1 to [MaxKindBytes] bytes of lower-case ASCII letters,
// digits and '_', starting with a letter.
type Kind string

// The kinds of document the server keeps. Other well-formed kinds are
// accepted too.
const (
	KindFramework       Kind = "framework"        // 责任体系 (zeren.v1.Framework)
	KindStructure       Kind = "structure"        // the organisations, posts, people and appointments
	KindPlan            Kind = "plan"             // a year's lists (zeren.v1.Plan)
	KindAssignment      Kind = "assignment"       // 分解任务 (zeren.v1.Assignment)
	KindCase            Kind = "case"             // 督办单, a supervision case
	KindIndicatorSystem Kind = "indicator_system" // 指标体系 (zeren.v1.IndicatorSystem)
	KindResult          Kind = "result"           // an assessment result (zeren.v1.Result)
	KindProposal        Kind = "proposal"         // a proposed accountability measure (zeren.v1.Proposal)
)

// Record is the current version of one document.
type Record struct {
	Kind Kind
	ID   string
	// Scope is the organisation or unit the document belongs to, so that
	// authorisation can filter by subtree; empty for documents that belong
	// to no one organisation.
	Scope string
	// Version is 1 when the record is created and grows by one with every
	// put. A record deleted and created again starts at 1.
	Version int64
	// Data is the document, a deterministic protobuf marshal; the store
	// never looks inside.
	Data      []byte
	UpdatedAt time.Time // in UTC, to the nanosecond
	UpdatedBy string    // the actor of the last change
}

// Op is what a [Change] does.
type Op string

// The operations of a [Change].
const (
	OpPut    Op = "put"    // create the record or replace its data and scope
	OpDelete Op = "delete" // remove the record
)

// ExpectAbsent, as [Change.ExpectVersion], makes a change succeed only when
// the record does not exist yet.
const ExpectAbsent int64 = -1

// Change is one put or delete within an [Store.Apply].
type Change struct {
	Op    Op
	Kind  Kind
	ID    string // 1 to MaxIDBytes bytes of printable UTF-8, no surrounding spaces
	Scope string // for a put; at most MaxScopeBytes, same characters as an id
	Data  []byte // for a put; at most MaxDataBytes
	// ExpectVersion makes the change conditional (optimistic concurrency):
	// 0 means unconditional, a positive value requires the record to be at
	// exactly that version, and [ExpectAbsent] requires it not to exist.
	ExpectVersion int64
}

// ListQuery selects and pages the records of one kind.
type ListQuery struct {
	// Prefix keeps only ids that start with it.
	Prefix string
	// Scopes, when not nil, keeps only records whose scope is one of them;
	// an empty, non-nil slice matches nothing. At most MaxScopes.
	Scopes []string
	// PageSize is the most records to return: 0 means DefaultPageSize, and
	// more than MaxPageSize is lowered to it. A page also stops early once
	// its data reach MaxPageBytes, but always holds at least one record.
	PageSize int
	// PageToken continues from a previous Page's NextPageToken.
	PageToken string
}

// Page is one page of a [Store.List].
type Page struct {
	Records []Record
	// NextPageToken continues the listing; empty on the last page.
	NextPageToken string
}

// Action is what an audit entry recorded.
type Action string

// The actions of an [AuditEntry].
const (
	ActionCreate Action = "create" // a put of a record that did not exist: Before is nil
	ActionUpdate Action = "update" // a put of an existing record
	ActionDelete Action = "delete" // After is nil
)

// AuditEntry is one change in the append-only audit log. Entries are numbered
// 1, 2, 3… without gaps, and each one's Hash covers its content and the
// previous entry's hash (see [AuditEntry.ComputeHash]), so altering, removing
// or reordering an entry breaks the chain.
type AuditEntry struct {
	Seq    uint64
	At     time.Time // UTC, to the nanosecond
	Actor  string
	Kind   Kind
	ID     string
	Scope  string // the record's scope after a put, before a delete
	Action Action
	// Version is the record's version after a put, or the version deleted.
	Version  int64
	Before   []byte // nil on a create
	After    []byte // nil on a delete
	PrevHash []byte // 32 bytes; all zero for entry 1
	Hash     []byte // 32 bytes
}

// VerifyReport is the outcome of [Store.VerifyAudit].
type VerifyReport struct {
	// Entries is how many audit entries were checked.
	Entries uint64
	// HeadSeq and HeadHash identify the last entry. Record them outside the
	// database (zerend's checkpoints do): a log rolled back, wiped or
	// rewritten from some entry onwards verifies on its own, but no longer
	// reaches a head recorded before.
	HeadSeq  uint64
	HeadHash []byte
	// Records is how many current records were checked against the log.
	Records int64
	// KeyID names the key the log is chained with; empty for an unkeyed
	// log. Unkeyed is how many entries, from entry 1, were written without
	// the key (all of them in an unkeyed log): a consistent rewrite of
	// those is found only against a checkpoint.
	KeyID   string
	Unkeyed uint64
	// Checkpoints is how many of the checkpoints given were checked.
	Checkpoints int
	// Broken is the first problem found, or nil when everything verifies.
	Broken *Break
}

// OK reports whether the log and the records verified.
func (r VerifyReport) OK() bool { return r.Broken == nil }

// BreakCode classifies a [Break].
type BreakCode string

// The kinds of break.
const (
	BreakMissing    BreakCode = "missing"    // an entry is missing from the sequence
	BreakLink       BreakCode = "link"       // an entry's previous hash is not the previous entry's hash
	BreakAltered    BreakCode = "altered"    // an entry's hash does not match its content (or was made without the key)
	BreakMalformed  BreakCode = "malformed"  // an entry is not a possible change
	BreakHead       BreakCode = "head"       // the log does not end where the store's head says
	BreakRecord     BreakCode = "record"     // a current record is not what the log says
	BreakKey        BreakCode = "key"        // the key record is missing, forged or for another key
	BreakCheckpoint BreakCode = "checkpoint" // a checkpoint given has a bad signature
	BreakRollback   BreakCode = "rollback"   // the log has fewer entries than a checkpoint: rolled back or wiped
	BreakRewritten  BreakCode = "rewritten"  // the log has another hash at a checkpoint's entry
	BreakGuard      BreakCode = "guard"      // an append-only trigger was dropped, disabled or changed
)

// Break is where an audit log stops verifying.
type Break struct {
	// Seq is the first entry found broken (or missing). For a record that
	// does not match the log it is the entry the record claims to come from.
	// It is 0 for a problem of the whole log (its key record, its triggers,
	// a checkpoint's signature).
	Seq  uint64
	Code BreakCode
	Kind Kind   // set when the break is about a record
	ID   string // set when the break is about a record
	// Reason says what is wrong, in English; ReasonZh in Chinese.
	Reason   string
	ReasonZh string
}

func (b *Break) String() string {
	where := "audit log"
	if b.Seq > 0 {
		where = "audit entry " + uitoa(b.Seq)
	}
	if b.ID != "" {
		return where + ": " + string(b.Kind) + " " + quote(b.ID) + ": " + b.Reason
	}
	return where + ": " + b.Reason
}

// Zh returns the break in Chinese, as String does in English.
func (b *Break) Zh() string {
	where := "审计日志"
	if b.Seq > 0 {
		where = "审计日志第 " + uitoa(b.Seq) + " 条"
	}
	if b.ID != "" {
		return where + "（" + string(b.Kind) + " " + quote(b.ID) + "）：" + b.ReasonZh
	}
	return where + "：" + b.ReasonZh
}

func brk(seq uint64, code BreakCode, zh, en string) *Break {
	return &Break{Seq: seq, Code: code, Reason: en, ReasonZh: zh}
}
