-- The checks before approval (jobs/check_links.c): the last result as JSON,
-- {"checked_at","links":[…]}, shown on the review card; NULL until run.
ALTER TABLE submissions ADD COLUMN checks TEXT;
