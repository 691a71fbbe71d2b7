-- Comments brought along from utterances (GitHub issues) and giscus
-- (GitHub Discussions).  GitHub's id of each comment makes an import
-- idempotent: a second run finds it and adds no twin.
ALTER TABLE comments ADD COLUMN github_comment_id TEXT;   -- REST id, or a Discussions node id
ALTER TABLE comments ADD COLUMN imported_from TEXT
    CHECK (imported_from IN ('utterances', 'giscus'));
ALTER TABLE comments ADD COLUMN import_note TEXT;         -- e.g. "minimized on GitHub (SPAM)"
CREATE UNIQUE INDEX comments_github_comment ON comments(github_comment_id);
CREATE INDEX comments_imported ON comments(imported_from, page) WHERE imported_from IS NOT NULL;
