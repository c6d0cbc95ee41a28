// Package store keeps zerend's documents — frameworks, structures, plans,
// assignments, supervision cases, indicator systems, results and proposals,
// each a zeren.v1 protobuf message marshalled deterministically — as
// versioned records behind one small interface, [Store], with two
// implementations: SQLite through a pure-Go driver ([OpenSQLite], the
// embedded default) and PostgreSQL through pgx ([OpenPostgres], for several
// zerend instances behind a load balancer). [Open] picks one from a path or
// URL.
//
// # Changes
//
// [Store.Apply] makes a list of puts and deletes atomically. Each change may
// expect a version (optimistic concurrency): a stale one fails the whole
// Apply with a *[ConflictError] and nothing is written. Input is checked
// first against the limits ([MaxIDBytes], [MaxDataBytes], …); a
// *[ValidationError] names every problem, by change, record and field.
// The changes of one Apply see each other's results. On PostgreSQL, Apply
// reads the records of many changes in one query and pipelines its writes
// (a round trip for thousands of statements instead of one each); what it
// writes is the same as statement by statement.
//
// # The audit log
//
// Every change appends an [AuditEntry] — who, when, what, the data before
// and after — in the same transaction. Entries are numbered without gaps and
// hash-chained: each one's hash covers its content and the previous entry's
// hash. Writers take turns on the chain's head row, so the chain stays
// linear with any number of goroutines and, on PostgreSQL, of processes.
//
// Three things anchor the chain outside the database, against whoever can
// write to it:
//
//   - An [AuditKey] ([WithAuditKey]): keyed entries are HMAC-SHA256
//     ([AuditEntry.ComputeKeyedHash]), so an entry cannot be edited,
//     re-attributed or forged and "re-hashed" without the key. A database
//     adopts a key once, in a signed [KeyRecord] that marks the first keyed
//     entry; entries written before keep their SHA-256 hashes
//     ([AuditEntry.ComputeHash]).
//   - A [Checkpoint] ([DB.Checkpoint]): the head's count and hash, signed
//     with the key, kept elsewhere. Only a checkpoint shows entries removed
//     from the end — a rollback or a wipe.
//   - The append-only triggers, which [Store.VerifyAudit] checks.
//
// [Store.VerifyAudit] walks the chain, compares it with the checkpoints
// given, and checks the current records against it, so an entry altered,
// removed or reordered, a record changed behind the store's back, a log
// rolled back past a checkpoint or a trigger dropped is found and reported
// by sequence number, in English and Chinese ([Break]). [WithReadOnly] opens
// a database for verifying it without writing, and refuses one that is not
// a Zeren store (*[NotZerenError]).
//
// # Schema
//
// Each database's schema is a list of numbered SQL migrations embedded in
// the binary (migrations/sqlite, migrations/postgres). Opening a store runs
// the pending ones in one transaction and records them in a migrations
// table; [DB.SchemaVersion] tells where a database is.
package store
