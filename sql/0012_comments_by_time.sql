-- A thread reads in the order its comments were written: an import brings
-- old comments after new ones (their ids are later), so threads and feeds
-- are ordered by created_at, through these indexes.
CREATE INDEX comments_page_time ON comments(page, status, created_at, id);
CREATE INDEX comments_status_time ON comments(status, created_at, id);
