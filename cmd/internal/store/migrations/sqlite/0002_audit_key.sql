-- 0002_audit_key: the key the audit log is chained with (SQLite).
-- Empty while the log is unkeyed. The first zerend that opens the database
-- with an audit key writes the one row: entries 1..since were written
-- before the key (plain SHA-256), every later one is an HMAC-SHA256 under
-- the key. The row is signed with the key (mac), so it cannot be moved or
-- forged without it; verifying with the key and finding no row is a break.
CREATE TABLE audit_key (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    key_id     TEXT    NOT NULL,
    since      INTEGER NOT NULL CHECK (since >= 0),
    since_hash BLOB    NOT NULL,
    at         INTEGER NOT NULL,
    mac        BLOB    NOT NULL
);
