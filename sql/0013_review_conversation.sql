-- Review is a conversation (issue 27): a maintainer may ask for changes, the
-- contributor revises or withdraws, and each step is kept.  SQLite cannot
-- widen a CHECK in place, so the table is rebuilt with the same columns;
-- withdrawals kept so far as 'closed' with their reason become 'withdrawn'.
CREATE TABLE submissions_v13 (
    id          INTEGER PRIMARY KEY,
    token_hash  BLOB    NOT NULL UNIQUE,
    status      TEXT    NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending','changes_requested','approved','pr_open','merged',
                                  'rejected','closed','withdrawn')),
    section     TEXT    NOT NULL,
    payload     TEXT    NOT NULL,
    author      TEXT    NOT NULL,
    reason      TEXT,                     -- why it was rejected, or what a maintainer asks for
    branch      TEXT,
    commit_sha  TEXT,
    pr_number   INTEGER,
    pr_url      TEXT,
    last_error  TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    draft_path  TEXT,
    base_sha    TEXT,
    prev_commit_sha TEXT,
    note        TEXT,
    approved_at INTEGER,
    status_token TEXT,
    entry_key   BLOB,
    author_github_id INTEGER,
    checks      TEXT
);
INSERT INTO submissions_v13 (id, token_hash, status, section, payload, author, reason, branch,
    commit_sha, pr_number, pr_url, last_error, created_at, updated_at, draft_path, base_sha,
    prev_commit_sha, note, approved_at, status_token, entry_key, author_github_id, checks)
SELECT id, token_hash,
    CASE WHEN status = 'closed' AND reason = 'withdrawn by its contributor' AND pr_number IS NULL
         THEN 'withdrawn' ELSE status END,
    section, payload, author, reason, branch, commit_sha, pr_number, pr_url, last_error,
    created_at, updated_at, draft_path, base_sha, prev_commit_sha, note, approved_at,
    status_token, entry_key, author_github_id, checks
FROM submissions;
DROP TABLE submissions;
ALTER TABLE submissions_v13 RENAME TO submissions;
CREATE INDEX submissions_status ON submissions(status, created_at);
CREATE INDEX submissions_entry ON submissions(entry_key) WHERE entry_key IS NOT NULL;
-- "your contributions": a contributor GitHub vouched for finds theirs
CREATE INDEX submissions_github ON submissions(author_github_id, id)
    WHERE author_github_id IS NOT NULL;

-- What happened to a submission, oldest first, for its review card and
-- status page: who asked for what, and what changed.
CREATE TABLE submission_events (
    id            INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    at            INTEGER NOT NULL,
    actor         TEXT    NOT NULL,
    kind          TEXT    NOT NULL
                  CHECK (kind IN ('changes_requested','revised','withdrawn')),
    message       TEXT,                   -- the maintainer's request
    detail        TEXT                    -- JSON: the fields a revision changed
);
CREATE INDEX submission_events_of ON submission_events(submission_id, id);
