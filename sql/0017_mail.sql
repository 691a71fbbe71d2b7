-- Reply notifications by email (issue 31, features/mail/): the addresses
-- readers asked to be told at, what they asked for, and which mails went.
-- An address is named in mail links by its id, never by itself.
CREATE TABLE mail_addresses (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: links name ids
    email            TEXT    NOT NULL UNIQUE,            -- lower-case
    confirm_queued_at INTEGER,                           -- the last confirmation mail asked for
    confirmed_at     INTEGER,                            -- double opt-in done; NULL = not (again)
    unsubscribed_at  INTEGER                             -- "nothing more to this address"
);
-- "Tell me about replies to this comment"; goes with the comment or the address.
CREATE TABLE mail_subscriptions (
    comment_id  INTEGER PRIMARY KEY REFERENCES comments(id) ON DELETE CASCADE,
    address_id  INTEGER NOT NULL REFERENCES mail_addresses(id) ON DELETE CASCADE
);
CREATE INDEX mail_subscriptions_address ON mail_subscriptions(address_id);
-- Each mail that the relay accepted, by its Message-ID (one per kind and
-- target): a job run again after that finds it here and sends nothing.
CREATE TABLE mail_sent (
    message_id  TEXT    PRIMARY KEY,
    sent_at     INTEGER NOT NULL
) WITHOUT ROWID;
