-- The same contribution sent twice is one contribution: the entry key is a
-- hash of the section and the Markdown block it writes (whitespace aside),
-- and a new or edited submission whose key a live one (pending, approved,
-- pull request open) holds is refused.  NULL for rows from before.
ALTER TABLE submissions ADD COLUMN entry_key BLOB;
CREATE INDEX submissions_entry ON submissions(entry_key) WHERE entry_key IS NOT NULL;
