-- 0001_init: records, the audit log and its head (SQLite).
-- Times are Unix nanoseconds in UTC; ids compare as bytes (BINARY collation).

-- records holds the current version of every document.
CREATE TABLE records (
    kind       TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    scope      TEXT    NOT NULL,
    version    INTEGER NOT NULL CHECK (version > 0),
    data       BLOB    NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT    NOT NULL,
    audit_seq  INTEGER NOT NULL, -- the audit entry that wrote this version
    PRIMARY KEY (kind, id)
);
CREATE INDEX records_scope ON records (kind, scope, id);

-- audit is the append-only, hash-chained log of every change.
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY, -- 1, 2, 3… without gaps
    at        INTEGER NOT NULL,
    actor     TEXT    NOT NULL,
    kind      TEXT    NOT NULL,
    id        TEXT    NOT NULL,
    scope     TEXT    NOT NULL,
    action    TEXT    NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    version   INTEGER NOT NULL,
    before    BLOB,             -- NULL on create
    after     BLOB,             -- NULL on delete
    prev_hash BLOB    NOT NULL,
    hash      BLOB    NOT NULL
);
CREATE INDEX audit_record ON audit (kind, id, seq);

-- audit_head is the last entry written; every write transaction reads and
-- updates it, and VerifyAudit compares it with the end of the log.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash BLOB    NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, zeroblob(32));

-- The log is append-only. Someone with write access to the file can drop
-- these triggers; the hash chain is what detects that.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
