-- 0001_init: records, the audit log and its head (PostgreSQL).
-- Times are Unix nanoseconds in UTC; ids use the "C" collation so that they
-- sort by bytes, as in SQLite, whatever the database's locale.

-- records holds the current version of every document.
CREATE TABLE records (
    kind       text COLLATE "C" NOT NULL,
    id         text COLLATE "C" NOT NULL,
    scope      text COLLATE "C" NOT NULL,
    version    bigint NOT NULL CHECK (version > 0),
    data       bytea  NOT NULL,
    updated_at bigint NOT NULL,
    updated_by text   NOT NULL,
    audit_seq  bigint NOT NULL, -- the audit entry that wrote this version
    PRIMARY KEY (kind, id)
);
CREATE INDEX records_scope ON records (kind, scope, id);

-- audit is the append-only, hash-chained log of every change.
CREATE TABLE audit (
    seq       bigint PRIMARY KEY, -- 1, 2, 3… without gaps
    at        bigint NOT NULL,
    actor     text   NOT NULL,
    kind      text COLLATE "C" NOT NULL,
    id        text COLLATE "C" NOT NULL,
    scope     text COLLATE "C" NOT NULL,
    action    text   NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    version   bigint NOT NULL,
    before    bytea,              -- NULL on create
    after     bytea,              -- NULL on delete
    prev_hash bytea  NOT NULL,
    hash      bytea  NOT NULL
);
CREATE INDEX audit_record ON audit (kind, id, seq);

-- audit_head is the last entry written. Every write transaction locks this
-- row first (SELECT … FOR UPDATE), so writers from several zerend instances
-- take turns and the chain stays linear.
CREATE TABLE audit_head (
    id   integer PRIMARY KEY CHECK (id = 1),
    seq  bigint NOT NULL,
    hash bytea  NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'));

-- The log is append-only. Its owner can drop these triggers; the hash chain
-- is what detects that.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END
$$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
