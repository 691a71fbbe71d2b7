-- Consent to reply mails is per subscription (issue 31's review): an
-- address confirmed once no longer makes every later "tell me about
-- replies" with it good, since anyone can type an address into a comment.
-- A confirmation mail lists the published comments it covers; its link
-- confirms those and nothing made after it.
ALTER TABLE mail_subscriptions ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mail_subscriptions ADD COLUMN confirmed_at INTEGER;
UPDATE mail_subscriptions SET confirmed_at = (SELECT a.confirmed_at FROM mail_addresses a
    WHERE a.id = mail_subscriptions.address_id AND a.unsubscribed_at IS NULL);
-- when the last confirmation mail was made (at most one an hour)
ALTER TABLE mail_addresses RENAME COLUMN confirm_queued_at TO confirm_mailed_at;
-- a moderator's digest address: kept while no comment uses it
ALTER TABLE mail_addresses ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;
-- Addresses that asked for nothing more and then to be forgotten: only a
-- keyed hash stays (auth/comment_tokens.h mail_address_hash), so that no
-- later comment giving the address mails it again.  An address that
-- unsubscribed from everything keeps its row, unsubscribed_at set, for
-- the same reason.
CREATE TABLE mail_suppressed (
    hash   BLOB    PRIMARY KEY,
    since  INTEGER NOT NULL
) WITHOUT ROWID;
