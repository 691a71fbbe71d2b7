-- Contributions and the persistent queue of work that talks to GitHub.
CREATE TABLE submissions (
    id          INTEGER PRIMARY KEY,
    token_hash  BLOB    NOT NULL UNIQUE,  -- status-page capability, stored hashed
    status      TEXT    NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending','approved','pr_open','merged','rejected','closed')),
    section     TEXT    NOT NULL,
    payload     TEXT    NOT NULL,         -- the submission JSON (SPEC §4), as last edited
    author      TEXT    NOT NULL,
    reason      TEXT,                     -- rejection reason
    branch      TEXT,
    commit_sha  TEXT,
    pr_number   INTEGER,
    pr_url      TEXT,
    last_error  TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX submissions_status ON submissions(status, created_at);

CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL,
    subject_id   INTEGER NOT NULL,
    state        TEXT    NOT NULL DEFAULT 'queued'
                 CHECK (state IN ('queued','running','done','failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    run_after    INTEGER NOT NULL,        -- unix seconds; backoff moves it forward
    claimed_at   INTEGER,
    last_error   TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
-- At most one live job of a kind per subject: re-approving cannot queue a twin.
CREATE UNIQUE INDEX jobs_live ON jobs(kind, subject_id) WHERE state IN ('queued','running');
CREATE INDEX jobs_due ON jobs(state, run_after);
