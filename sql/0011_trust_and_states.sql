-- Trust a moderator can take back: each comment remembers the comment
-- whose author token vouched for it, so marking any of them spam or
-- rejecting it ends the trust of the whole chain.
ALTER TABLE comments ADD COLUMN vouched_by INTEGER;
CREATE INDEX comments_vouched_by ON comments(vouched_by) WHERE vouched_by IS NOT NULL;
CREATE INDEX comments_github_status ON comments(github_id, status) WHERE github_id IS NOT NULL;
-- Sign-in states are pruned by an index, not a scan.
CREATE INDEX oauth_states_expires ON oauth_states(expires_at);
