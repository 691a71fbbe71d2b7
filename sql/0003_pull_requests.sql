-- What the pull-request worker needs to find its work again after a restart,
-- and the webhook deliveries already handled.
ALTER TABLE submissions ADD COLUMN draft_path TEXT;       -- the draft the submission was made for
ALTER TABLE submissions ADD COLUMN base_sha TEXT;         -- the head of `branch` our commit sits on
ALTER TABLE submissions ADD COLUMN prev_commit_sha TEXT;  -- our commit before the latest rebuild
ALTER TABLE submissions ADD COLUMN note TEXT;             -- what the worker wants maintainers to know
ALTER TABLE submissions ADD COLUMN approved_at INTEGER;
-- The status page shows only what the public pull request shows, so its
-- link may appear in the PR body; lookups still go by token_hash.
ALTER TABLE submissions ADD COLUMN status_token TEXT;

-- GitHub may deliver the same event twice; X-GitHub-Delivery tells.
CREATE TABLE webhook_deliveries (
    delivery_id TEXT    PRIMARY KEY,
    event       TEXT    NOT NULL,
    received_at INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_age ON webhook_deliveries(received_at);
