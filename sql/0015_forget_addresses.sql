-- Readers' addresses are kept for comments.keep_addresses_days only (issue
-- 31): the comments that still hold one, by age, so that forgetting them is
-- a look at those rows alone.
CREATE INDEX comments_with_address ON comments(created_at) WHERE client_ip IS NOT NULL;

-- The review page's list of one state, newest first (issue 29, item 6):
-- read through an index in id order, so 20 pending cost the same with
-- 10,000 merged beside them (submissions_status is in created_at order,
-- and the planner scanned the table instead).
CREATE INDEX submissions_status_id ON submissions(status, id);
