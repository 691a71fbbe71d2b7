-- "first-time" moderation no longer looks comments up by author_key (a
-- typed name or email proves nothing; see comment_tokens.h): the index
-- that served that lookup only costs writes now.  The column stays:
-- dropping it would mean rebuilding the table, for a few bytes a row.
DROP INDEX IF EXISTS comments_author;
