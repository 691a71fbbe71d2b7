-- Readers' addresses are kept for comments.keep_addresses_days only (issue
-- 31): the comments that still hold one, by age, so that forgetting them is
-- a look at those rows alone.
CREATE INDEX comments_with_address ON comments(created_at) WHERE client_ip IS NOT NULL;
