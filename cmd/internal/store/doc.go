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
//
// # The audit log
//
// Every change appends an [AuditEntry] — who, when, what, the data before
// and after — in the same transaction. Entries are numbered without gaps and
// hash-chained: each one's hash ([AuditEntry.ComputeHash]) covers its
// content and the previous entry's hash. [Store.VerifyAudit] walks the chain
// and checks the current records against it, so an entry altered, removed
// or reordered, or a record changed behind the store's back, is found and
// reported by sequence number. Writers take turns on the chain's head row,
// so the chain stays linear with any number of goroutines and, on
// PostgreSQL, of processes.
//
// # Schema
//
// Each database's schema is a list of numbered SQL migrations embedded in
// the binary (migrations/sqlite, migrations/postgres). Opening a store runs
// the pending ones in one transaction and records them in a migrations
// table; [DB.SchemaVersion] tells where a database is.
package store
