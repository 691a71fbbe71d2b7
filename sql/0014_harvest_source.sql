-- Harvested proposals (issue 28): `newsdesk harvest` proposes each project's
-- entry of the month as a pending submission.  source says where a row came
-- from (NULL: a contributor, through the form or the API; 'harvest': the
-- harvest), and harvest_key which project of which month it is ("2026-05
-- rust-osdev/uefi-rs"), so that running the harvest again updates the
-- proposal still pending instead of making a second one.
ALTER TABLE submissions ADD COLUMN source TEXT CHECK (source IS NULL OR source IN ('harvest'));
ALTER TABLE submissions ADD COLUMN harvest_key TEXT;
CREATE INDEX submissions_by_harvest_key ON submissions (harvest_key)
    WHERE harvest_key IS NOT NULL;
-- The last harvest of each month, as the month view shows it: when, and
-- what it did (one line per event: entries proposed, repositories GitHub
-- refused).
CREATE TABLE harvest_reports (
    month   TEXT    PRIMARY KEY,          -- "YYYY-MM"
    at      INTEGER NOT NULL,
    report  TEXT    NOT NULL
);
