-- A sign-in for no one purpose (SPEC's plain /auth/github/login): the
-- contributor's identity, and the review page too for maintainers.  The
-- states are short-lived, so the table is simply made again.
DROP TABLE oauth_states;
CREATE TABLE oauth_states (
    state_hash   BLOB    PRIMARY KEY,   -- BLAKE2b of the state sent to GitHub
    binding_hash BLOB    NOT NULL,      -- BLAKE2b of the browser's nd_oauth cookie
    purpose      TEXT    NOT NULL CHECK (purpose IN ('admin', 'submit', 'comment', 'any')),
    origin       TEXT,                  -- comment: the site the popup answers (an allowed origin)
    return_to    TEXT,                  -- a path on this service to go back to
    expires_at   INTEGER NOT NULL
);
