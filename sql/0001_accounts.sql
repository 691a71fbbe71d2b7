-- Maintainer accounts, their sessions and the audit log of what they did.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    password_hash TEXT,                 -- argon2id (libsodium string); NULL: GitHub sign-in only
    github_login  TEXT    UNIQUE,
    created_at    INTEGER NOT NULL,     -- unix seconds
    updated_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash   BLOB    PRIMARY KEY,   -- BLAKE2b of the cookie value; the value itself is never stored
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    via          TEXT    NOT NULL CHECK (via IN ('password', 'github')),
    csrf_token   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    actor   TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    subject TEXT,
    detail  TEXT
);
