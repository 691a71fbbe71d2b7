-- GitHub sign-in.  An authorization on its way to GitHub and back is an
-- oauth_states row: single use (deleted as it is read), expiring, and bound
-- to the browser that started it by a cookie whose hash it keeps.
CREATE TABLE oauth_states (
    state_hash   BLOB    PRIMARY KEY,   -- BLAKE2b of the state sent to GitHub
    binding_hash BLOB    NOT NULL,      -- BLAKE2b of the browser's nd_oauth cookie
    purpose      TEXT    NOT NULL CHECK (purpose IN ('admin', 'submit', 'comment')),
    origin       TEXT,                  -- comment: the site the popup answers (an allowed origin)
    return_to    TEXT,                  -- a path on this service to go back to
    expires_at   INTEGER NOT NULL
);

-- Maintainers who sign in with GitHub are users too, found by GitHub's
-- numeric id (a login can be renamed, and given to someone else).
ALTER TABLE users ADD COLUMN github_id INTEGER;
CREATE UNIQUE INDEX users_github_id ON users(github_id);

-- A maintainer signed in with GitHub: the access token (encrypted with a
-- server key, never readable from the database alone) lets the service ask
-- GitHub again whether they are still a member; checked_at says when it did.
ALTER TABLE sessions ADD COLUMN github_token_box BLOB;
ALTER TABLE sessions ADD COLUMN checked_at INTEGER;

-- Who wrote it, as GitHub vouches: NULL for anyone not signed in.
ALTER TABLE submissions ADD COLUMN author_github_id INTEGER;
ALTER TABLE comments ADD COLUMN github_id INTEGER;
ALTER TABLE comments ADD COLUMN avatar_url TEXT;
-- "first-time" moderation trusts a login once one of its comments was approved
CREATE INDEX comments_github ON comments(github_id, status) WHERE github_id IS NOT NULL;
