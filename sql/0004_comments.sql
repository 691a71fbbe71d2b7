-- Reader comments.  One page path (normalised, see util/page_path.h) is one
-- thread.  The Markdown is rendered once, when written; readers get body_html.
CREATE TABLE comments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: edit tokens name ids
    page        TEXT    NOT NULL,
    parent_id   INTEGER REFERENCES comments(id),    -- same page (checked on write)
    author      TEXT    NOT NULL,
    author_key  TEXT    NOT NULL,                   -- lower-case email, else "name:" + lower-case name
    email       TEXT,                               -- never shown; avatar hash and notifications only
    website     TEXT,
    body_md     TEXT    NOT NULL,
    body_html   TEXT    NOT NULL,
    body_hash   BLOB    NOT NULL,                   -- of the whitespace-folded body: duplicate check
    status      TEXT    NOT NULL
                CHECK (status IN ('pending','approved','rejected','spam')),
    client_ip   TEXT,                               -- for moderators judging spam
    created_at  INTEGER NOT NULL,
    edited_at   INTEGER,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX comments_page ON comments(page, status, id);
CREATE INDEX comments_status ON comments(status, id);
CREATE INDEX comments_author ON comments(author_key, status);
CREATE INDEX comments_body ON comments(page, body_hash);

-- Keys the service makes for itself on first start (edit and form tokens).
CREATE TABLE server_keys (
    name  TEXT PRIMARY KEY,
    key   BLOB NOT NULL
);
