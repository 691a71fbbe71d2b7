-- Reactions (issue 31): GitHub's eight, on a page's thread (comment_id NULL)
-- or on one of its comments.  One row per reader per reaction: the reactor
-- is "gh:ID" for a GitHub sign-in, or "anon:" and a keyed hash of an
-- anonymous reader's id (never the token the reader holds).  page is the
-- thread's, also for a comment's reactions, so that a page's counts are one
-- look at one index.  Deleting a comment takes its reactions with it.
CREATE TABLE reactions (
    id          INTEGER PRIMARY KEY,
    page        TEXT    NOT NULL,
    comment_id  INTEGER REFERENCES comments(id) ON DELETE CASCADE,
    content     TEXT    NOT NULL
                CHECK (content IN ('+1','-1','laugh','hooray','confused','heart','rocket','eyes')),
    reactor     TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX reactions_one ON reactions(page, ifnull(comment_id, 0), content, reactor);
CREATE INDEX reactions_by_reactor ON reactions(reactor, page);

-- Counts an import brought from GitHub (utterances' issues, giscus's
-- discussions and their comments): they have no reactor here, so they are
-- kept apart and added to the readers' own rows.
CREATE TABLE reaction_counts (
    id          INTEGER PRIMARY KEY,
    page        TEXT    NOT NULL,
    comment_id  INTEGER REFERENCES comments(id) ON DELETE CASCADE,
    content     TEXT    NOT NULL
                CHECK (content IN ('+1','-1','laugh','hooray','confused','heart','rocket','eyes')),
    count       INTEGER NOT NULL CHECK (count > 0)
);
CREATE UNIQUE INDEX reaction_counts_one ON reaction_counts(page, ifnull(comment_id, 0), content);
