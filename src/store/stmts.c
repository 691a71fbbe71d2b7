/* stmts.c: every SQL statement newsdesk runs, addressed by enum stmt.
 * Only constant text lives here; values are always bound parameters. */
#include "store/store_internal.h"

const char *const store_sql[STMT__MAX] = {
	[STMT_PING] = "SELECT 1",
	[STMT_USER_UPSERT_PASSWORD] =
		"INSERT INTO users (name, password_hash, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?3)"
		" ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash,"
		" updated_at = excluded.updated_at",
	[STMT_JOB_ENQUEUE] =
		"INSERT INTO jobs (kind, subject_id, run_after, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?3, ?3)"
		" ON CONFLICT (kind, subject_id) WHERE state IN ('queued','running') DO NOTHING",
	[STMT_JOB_FIND_LIVE] =
		"SELECT id FROM jobs WHERE kind = ?1 AND subject_id = ?2"
		" AND state IN ('queued','running')",
	/* one statement, so two workers can never claim the same row */
	[STMT_JOB_CLAIM] =
		"UPDATE jobs SET state = 'running', claimed_at = ?1, updated_at = ?1,"
		" attempts = attempts + 1"
		" WHERE id = (SELECT id FROM jobs WHERE state = 'queued' AND run_after <= ?1"
		" ORDER BY run_after, id LIMIT 1)"
		" RETURNING id, kind, subject_id, state, attempts, run_after,"
		" coalesce(last_error, '')",
	/* a lane: only the jobs of one kind (?3 = 1), or all but them (?3 = 0) */
	[STMT_JOB_CLAIM_LANE] =
		"UPDATE jobs SET state = 'running', claimed_at = ?1, updated_at = ?1,"
		" attempts = attempts + 1"
		" WHERE id = (SELECT id FROM jobs WHERE state = 'queued' AND run_after <= ?1"
		" AND (kind = ?2) = (?3 = 1) ORDER BY run_after, id LIMIT 1)"
		" RETURNING id, kind, subject_id, state, attempts, run_after,"
		" coalesce(last_error, '')",
	[STMT_JOB_DONE] =
		"UPDATE jobs SET state = 'done', last_error = NULL, updated_at = ?2"
		" WHERE id = ?1 AND state = 'running'",
	[STMT_JOB_RETRY] =
		"UPDATE jobs SET state = 'queued', run_after = ?2, last_error = ?3, updated_at = ?4"
		" WHERE id = ?1 AND state = 'running'",
	[STMT_STATS_JOBS] = "SELECT kind, state, count(*) FROM jobs GROUP BY kind, state",
	[STMT_STATS_COMMENTS] = "SELECT status, '', count(*) FROM comments GROUP BY status",
	[STMT_STATS_SUBMISSIONS] = "SELECT status, '', count(*) FROM submissions GROUP BY status",
	[STMT_SUB_SET_CHECKS] = "UPDATE submissions SET checks = ?2 WHERE id = ?1",

	/* waiting is not failing: the attempt does not count */
	[STMT_JOB_WAIT] =
		"UPDATE jobs SET state = 'queued', run_after = ?2, last_error = ?3, updated_at = ?4,"
		" attempts = max(attempts - 1, 0) WHERE id = ?1 AND state = 'running'",
	[STMT_JOB_FAIL] =
		"UPDATE jobs SET state = 'failed', last_error = ?2, updated_at = ?3"
		" WHERE id = ?1 AND state = 'running'",
	/* after a crash or restart: what was running is run again */
	[STMT_JOB_REQUEUE_RUNNING] =
		"UPDATE jobs SET state = 'queued', run_after = ?1, updated_at = ?1"
		" WHERE state = 'running'",
	[STMT_JOB_GET] =
		"SELECT id, kind, subject_id, state, attempts, run_after, coalesce(last_error, '')"
		" FROM jobs WHERE id = ?1",
#define SUB_COLS "id, status, section, payload, author, reason, branch, commit_sha," \
	" prev_commit_sha, base_sha, pr_number, pr_url, last_error, draft_path, note," \
	" created_at, updated_at, approved_at, status_token, coalesce(author_github_id, 0), checks," \
	" source"
	[STMT_SUB_INSERT] =
		"INSERT INTO submissions (token_hash, status_token, section, payload, author,"
		" draft_path, created_at, updated_at, entry_key, author_github_id)"
		" VALUES (?1, ?7, ?2, ?3, ?4, ?5, ?6, ?6, ?8, nullif(?9, 0))",
	[STMT_SUB_GET] = "SELECT " SUB_COLS " FROM submissions WHERE id = ?1",
	[STMT_SUB_GET_BY_TOKEN] = "SELECT " SUB_COLS " FROM submissions WHERE token_hash = ?1",
	/* an issue's approved entries, oldest approval first: its monthly pull
	 * request holds exactly these (per-entry branches are not theirs) */
	[STMT_SUB_MONTHLY_BATCH] =
		"SELECT " SUB_COLS " FROM submissions WHERE status IN ('approved', 'pr_open')"
		" AND (draft_path = ?1 OR draft_path IS NULL)"
		" AND (branch IS NULL OR branch LIKE 'newsdesk/%/monthly-%')"
		" ORDER BY coalesce(approved_at, created_at), id LIMIT 500",
	[STMT_SUB_SET_STATUS] =
		"UPDATE submissions SET status = ?2, reason = ?3, updated_at = ?4 WHERE id = ?1",
	/* approving again is how a maintainer retries a job that gave up */
	[STMT_SUB_APPROVE] =
		"UPDATE submissions SET status = 'approved', reason = NULL, last_error = NULL,"
		" approved_at = coalesce(approved_at, ?2), updated_at = ?2"
		" WHERE id = ?1 AND status IN ('pending', 'approved')",
	[STMT_SUB_SET_BRANCH] =
		"UPDATE submissions SET branch = ?2, draft_path = ?4, updated_at = ?3 WHERE id = ?1",
	[STMT_SUB_SET_COMMIT] =
		"UPDATE submissions SET prev_commit_sha = ?5, commit_sha = ?2,"
		" base_sha = ?3, updated_at = ?4 WHERE id = ?1",
	[STMT_SUB_SET_PR] =
		"UPDATE submissions SET pr_number = ?2, pr_url = ?3, status = ?4,"
		" last_error = NULL, updated_at = ?5 WHERE id = ?1",
	[STMT_SUB_SET_ERROR] =
		"UPDATE submissions SET last_error = ?2, updated_at = ?3 WHERE id = ?1",
	[STMT_SUB_SET_NOTE] =
		"UPDATE submissions SET note = ?2, updated_at = ?3 WHERE id = ?1",
	[STMT_SUB_IDS_BY_STATUS] =
		"SELECT id FROM submissions WHERE status = ?1 ORDER BY id",
	[STMT_WEBHOOK_SEEN] =
		"INSERT INTO webhook_deliveries (delivery_id, event, received_at)"
		" VALUES (?1, ?2, ?3) ON CONFLICT (delivery_id) DO NOTHING",
	[STMT_WEBHOOK_PRUNE] = "DELETE FROM webhook_deliveries WHERE received_at < ?1",
	[STMT_USER_BY_NAME] =
		"SELECT id, coalesce(password_hash, '') FROM users WHERE name = ?1",
	[STMT_SESSION_CREATE] =
		"INSERT INTO sessions (token_hash, user_id, via, csrf_token, created_at,"
		" last_seen_at, expires_at, github_token_box, checked_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?5)",
	[STMT_SESSION_GET] =
		"SELECT s.user_id, u.name, s.via, s.csrf_token, s.created_at, s.last_seen_at,"
		" s.expires_at, coalesce(u.github_login, ''), s.checked_at, s.github_token_box"
		" FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1",
	[STMT_SESSION_CHECKED] = "UPDATE sessions SET checked_at = ?2 WHERE token_hash = ?1",
	/* GitHub sessions whose last yes is old, for the background re-check */
	[STMT_SESSION_GITHUB_DUE] =
		"SELECT s.user_id, u.name, s.via, s.csrf_token, s.created_at, s.last_seen_at,"
		" s.expires_at, coalesce(u.github_login, ''), s.checked_at, s.github_token_box,"
		" s.token_hash"
		" FROM sessions s JOIN users u ON u.id = s.user_id"
		" WHERE s.via = 'github' AND s.checked_at <= ?1 AND s.expires_at > ?2",
	[STMT_SESSION_TOUCH] =
		"UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
	[STMT_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?1",
	[STMT_SESSION_PRUNE] =
		"DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen_at <= ?2",
	[STMT_AUDIT_ADD] =
		"INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_SUB_LIST] =
		"SELECT " SUB_COLS " FROM submissions WHERE status = ?1 ORDER BY id DESC LIMIT ?2",
	[STMT_SUB_LIST_ALL] =
		"SELECT " SUB_COLS " FROM submissions ORDER BY id DESC LIMIT ?2",
	/* maintainers edit before approval only: after it, GitHub has the text */
	[STMT_SUB_EDIT] =
		/* GitHub vouched for the login it had: another one is nobody's word */
		"UPDATE submissions SET payload = ?2, section = ?3, author = ?4,"
		" author_github_id = CASE WHEN lower(author) = lower(?4) THEN author_github_id END,"
		" draft_path = coalesce(?5, draft_path), updated_at = ?6, entry_key = ?7"
		" WHERE id = ?1 AND status = 'pending'",
	[STMT_USER_END_SESSIONS] =
		"DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?1)",
	/* its sessions go with it (ON DELETE CASCADE) */
	[STMT_USER_REMOVE] = "DELETE FROM users WHERE name = ?1",
	[STMT_USER_LIST] =
		"SELECT u.name, u.password_hash IS NOT NULL, coalesce(u.github_login, ''),"
		" u.created_at, u.updated_at,"
		" (SELECT count(*) FROM sessions s WHERE s.user_id = u.id AND s.expires_at > ?1)"
		" FROM users u ORDER BY u.name",
	[STMT_SUB_TWIN] =
		"SELECT id, status, coalesce(status_token, ''), coalesce(author_github_id, 0)"
		" FROM submissions"
		" WHERE entry_key = ?1 AND id != ?2"
		" AND status IN ('pending', 'changes_requested', 'approved', 'pr_open')"
		" ORDER BY id LIMIT 1",
	/* the harvest's newest proposal for a project of a month */
	[STMT_SUB_HARVEST_FIND] =
		"SELECT id, status, payload FROM submissions WHERE harvest_key = ?1"
		" ORDER BY id DESC LIMIT 1",
	[STMT_SUB_HARVEST_INSERT] =
		"INSERT INTO submissions (token_hash, status_token, section, payload, author,"
		" draft_path, created_at, updated_at, source, harvest_key)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, 'harvest', ?8)",
	/* a proposal still waiting takes the new text; the review's is kept otherwise */
	[STMT_SUB_HARVEST_UPDATE] =
		"UPDATE submissions SET payload = ?2, section = ?3, author = ?4,"
		" draft_path = coalesce(?5, draft_path), updated_at = ?6, entry_key = NULL"
		" WHERE id = ?1 AND status = 'pending' AND source = 'harvest'",
	[STMT_HARVEST_REPORT_SET] =
		"INSERT INTO harvest_reports (month, at, report) VALUES (?1, ?2, ?3)"
		" ON CONFLICT (month) DO UPDATE SET at = excluded.at, report = excluded.report",
	[STMT_HARVEST_REPORT_GET] = "SELECT month, at, report FROM harvest_reports WHERE month = ?1",
	[STMT_HARVEST_REPORT_NEWEST] =
		"SELECT month, at, report FROM harvest_reports ORDER BY month DESC LIMIT 1",
	/* withdrawn by its contributor while review goes on, before any pull request */
	[STMT_SUB_WITHDRAW] =
		"UPDATE submissions SET status = 'withdrawn', reason = ?2, updated_at = ?3"
		" WHERE id = ?1 AND status IN ('pending', 'changes_requested')",
	[STMT_SUB_REJECT] =
		"UPDATE submissions SET status = 'rejected', reason = ?2, updated_at = ?3"
		" WHERE id = ?1 AND status IN ('pending', 'changes_requested')",
	[STMT_SUB_REQUEST_CHANGES] =
		"UPDATE submissions SET status = 'changes_requested', reason = ?2, updated_at = ?3"
		" WHERE id = ?1 AND status = 'pending'",
	/* the contributor's new text: back to review, the request answered */
	[STMT_SUB_REVISE] =
		"UPDATE submissions SET payload = ?2, section = ?3, author = ?4,"
		" author_github_id = CASE WHEN lower(author) = lower(?4) THEN author_github_id END,"
		" draft_path = coalesce(?5, draft_path), updated_at = ?6, entry_key = ?7,"
		" status = 'pending', reason = NULL"
		" WHERE id = ?1 AND status IN ('pending', 'changes_requested')",
	[STMT_SUB_EVENT_ADD] =
		"INSERT INTO submission_events (submission_id, at, actor, kind, message, detail)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[STMT_SUB_EVENTS] =
		"SELECT at, actor, kind, message, detail FROM submission_events"
		" WHERE submission_id = ?1 ORDER BY id",
	[STMT_SUB_BY_GITHUB] =
		"SELECT " SUB_COLS " FROM submissions WHERE author_github_id = ?1"
		" ORDER BY id DESC LIMIT ?2",
#define COMMENT_COLS "id, page, coalesce(parent_id, 0), author, email, website, body_md," \
	" body_html, status, client_ip, created_at, coalesce(edited_at, 0), updated_at," \
	" coalesce(github_id, 0), avatar_url"
	[STMT_COMMENT_INSERT] =
		"INSERT INTO comments (page, parent_id, author, author_key, email, website,"
		" body_md, body_html, body_hash, status, client_ip, created_at, updated_at,"
		" github_id, avatar_url, vouched_by)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, nullif(?13, 0), ?14,"
		" nullif(?15, 0))",
	[STMT_COMMENT_GET] = "SELECT " COMMENT_COLS " FROM comments WHERE id = ?1",
	[STMT_COMMENT_PAGE] =
		"SELECT " COMMENT_COLS " FROM comments WHERE page = ?1 AND status = ?2"
		" ORDER BY created_at, id LIMIT ?3",
	[STMT_COMMENT_BY_STATUS] =
		"SELECT " COMMENT_COLS " FROM comments WHERE status = ?1 ORDER BY id LIMIT ?2",
	[STMT_COMMENT_RECENT] =
		"SELECT " COMMENT_COLS " FROM comments WHERE status = 'approved'"
		" ORDER BY created_at DESC, id DESC LIMIT ?1",
	[STMT_COMMENT_RECENT_PAGE] =
		"SELECT " COMMENT_COLS " FROM comments WHERE page = ?2 AND status = 'approved'"
		" ORDER BY created_at DESC, id DESC LIMIT ?1",
	[STMT_COMMENT_COUNT] =
		"SELECT count(*) FROM comments WHERE page = ?1 AND status = 'approved'",
	[STMT_COMMENT_DUPLICATE] =
		"SELECT EXISTS (SELECT 1 FROM comments WHERE page = ?1 AND body_hash = ?2"
		" AND created_at >= ?3)",
	/* ?5: the status after the edit, NULL = unchanged */
	[STMT_COMMENT_EDIT] =
		"UPDATE comments SET body_md = ?2, body_html = ?3, body_hash = ?4,"
		" status = coalesce(?5, status), edited_at = ?6, updated_at = ?6 WHERE id = ?1",
	[STMT_COMMENT_SET_STATUS] =
		"UPDATE comments SET status = ?2, updated_at = ?3 WHERE id = ?1",
	/* replies of a removed comment move up to its parent, not away */
	[STMT_COMMENT_REPARENT] =
		"UPDATE comments SET parent_id = (SELECT parent_id FROM comments WHERE id = ?1)"
		" WHERE parent_id = ?1",
	[STMT_COMMENT_DELETE] = "DELETE FROM comments WHERE id = ?1",
	[STMT_COMMENT_FORGET_ADDRESSES] =
		"UPDATE comments SET client_ip = NULL WHERE client_ip IS NOT NULL AND created_at < ?1",
	[STMT_KEY_CREATE] =
		"INSERT INTO server_keys (name, key) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
	[STMT_KEY_GET] = "SELECT key FROM server_keys WHERE name = ?1",
	[STMT_KEY_DROP] = "DELETE FROM server_keys WHERE name = ?1",
	[STMT_DATA_VERSION] = "PRAGMA data_version",
	[STMT_OAUTH_STATE_PUT] =
		"INSERT INTO oauth_states (state_hash, binding_hash, purpose, origin, return_to,"
		" expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	/* reading a state uses it up: a replayed callback finds nothing */
	[STMT_OAUTH_STATE_TAKE] =
		"DELETE FROM oauth_states WHERE state_hash = ?1"
		" RETURNING binding_hash, purpose, origin, return_to, expires_at",
	[STMT_OAUTH_STATE_PRUNE] = "DELETE FROM oauth_states WHERE expires_at <= ?1",
	/* a login GitHub gave to another account since: the old row lets go
	 * of it (and of its "@login" name), so that the new owner can sign in */
	[STMT_GITHUB_LOGIN_RELEASE] =
		"UPDATE users SET github_login = NULL,"
		" name = CASE WHEN name = '@' || ?1 THEN name || '~' || github_id ELSE name END,"
		" updated_at = ?3 WHERE github_login = ?1 AND github_id IS NOT ?2",
	[STMT_GITHUB_USER_UPSERT] =
		"INSERT INTO users (name, github_login, github_id, created_at, updated_at)"
		" VALUES ('@' || ?1, ?1, ?2, ?3, ?3) ON CONFLICT (github_id) DO UPDATE SET"
		" github_login = excluded.github_login, name = excluded.name,"
		" updated_at = excluded.updated_at RETURNING id, name",
	[STMT_COMMENT_IMPORT] =
		"INSERT INTO comments (page, parent_id, author, author_key, email, website,"
		" body_md, body_html, body_hash, status, client_ip, created_at, edited_at, updated_at,"
		" github_id, avatar_url, github_comment_id, imported_from, import_note)"
		" VALUES (?1, ?2, ?3, ?4, NULL, NULL, ?5, ?6, ?7, ?8, NULL, ?9, nullif(?10, 0),"
		" max(?9, ?10), nullif(?11, 0), ?12, ?13, ?14, ?15)"
		" ON CONFLICT (github_comment_id) DO NOTHING RETURNING id",
	[STMT_COMMENT_BY_GITHUB_COMMENT] = "SELECT id FROM comments WHERE github_comment_id = ?1",
	[STMT_COMMENT_IMPORTED_PAGES] =
		"SELECT imported_from, page, count(*), sum(status = 'approved'), min(created_at),"
		" max(created_at) FROM comments WHERE imported_from IS NOT NULL"
		" GROUP BY imported_from, page ORDER BY page, imported_from",
	/* trusted: one comment approved and none marked spam or rejected */
	[STMT_COMMENT_GITHUB_TRUSTED] =
		"SELECT EXISTS (SELECT 1 FROM comments WHERE github_id = ?1 AND status = 'approved')"
		" AND NOT EXISTS (SELECT 1 FROM comments WHERE github_id = ?1"
		" AND status IN ('spam', 'rejected'))",
	[STMT_COMMENT_VOUCHER_REVOKED] =
		"SELECT EXISTS (SELECT 1 FROM comments WHERE (id = ?1 OR vouched_by = ?1)"
		" AND status IN ('spam', 'rejected'))",
	/* one per reader per reaction: a second add changes nothing */
	[STMT_REACTION_ADD] =
		"INSERT INTO reactions (page, comment_id, content, reactor, created_at)"
		" SELECT ?1, nullif(?2, 0), ?3, ?4, ?5 WHERE ?2 = 0 OR EXISTS (SELECT 1 FROM comments"
		" WHERE id = ?2 AND page = ?1 AND status = 'approved') ON CONFLICT DO NOTHING",
	[STMT_REACTION_REMOVE] =
		"DELETE FROM reactions WHERE page = ?1 AND ifnull(comment_id, 0) = ?2"
		" AND content = ?3 AND reactor = ?4",
	/* a page's totals, readers' own and imported, in one look at each index */
	[STMT_REACTION_COUNTS] =
		"SELECT target, content, sum(n) FROM ("
		" SELECT ifnull(comment_id, 0) AS target, content, count(*) AS n FROM reactions"
		" WHERE page = ?1 GROUP BY ifnull(comment_id, 0), content"
		" UNION ALL SELECT ifnull(comment_id, 0), content, count FROM reaction_counts"
		" WHERE page = ?1) GROUP BY target, content ORDER BY target, content",
	[STMT_REACTION_MINE] =
		"SELECT ifnull(comment_id, 0), content FROM reactions WHERE reactor = ?2 AND page = ?1"
		" ORDER BY 1, 2",
	[STMT_REACTION_IMPORTED_CLEAR] =
		"DELETE FROM reaction_counts WHERE page = ?1 AND ifnull(comment_id, 0) = ?2",
	[STMT_REACTION_IMPORTED_SET] =
		"INSERT INTO reaction_counts (page, comment_id, content, count)"
		" VALUES (?1, nullif(?2, 0), ?3, ?4)",
#define MAIL_ADDRESS_COLS "id, email, coalesce(confirm_mailed_at, 0), coalesce(confirmed_at, 0)," \
	" coalesce(unsubscribed_at, 0)"
	/* DO UPDATE, so that RETURNING gives an old row too */
	[STMT_MAIL_ADDRESS_UPSERT] =
		"INSERT INTO mail_addresses (email) VALUES (lower(?1))"
		" ON CONFLICT (email) DO UPDATE SET email = excluded.email RETURNING " MAIL_ADDRESS_COLS,
	[STMT_MAIL_DIGEST_ADDRESS_UPSERT] =
		"INSERT INTO mail_addresses (email, digest) VALUES (lower(?1), 1)"
		" ON CONFLICT (email) DO UPDATE SET digest = 1 RETURNING " MAIL_ADDRESS_COLS,
	[STMT_MAIL_ADDRESS_GET] = "SELECT " MAIL_ADDRESS_COLS " FROM mail_addresses WHERE id = ?1",
	[STMT_MAIL_SUPPRESSED] =
		"SELECT EXISTS (SELECT 1 FROM mail_suppressed WHERE hash = ?2) OR EXISTS (SELECT 1"
		" FROM mail_addresses WHERE email = lower(?1) AND unsubscribed_at IS NOT NULL)",
	[STMT_MAIL_SUPPRESS] =
		"INSERT INTO mail_suppressed (hash, since) VALUES (?1, ?2) ON CONFLICT (hash) DO NOTHING",
	/* a comment that changes address asks for a new confirmation */
	[STMT_MAIL_SUBSCRIBE] =
		"INSERT INTO mail_subscriptions (comment_id, address_id, created_at) VALUES (?1, ?2, ?3)"
		" ON CONFLICT (comment_id) DO UPDATE SET address_id = excluded.address_id,"
		" created_at = excluded.created_at, confirmed_at = NULL"
		" WHERE address_id <> excluded.address_id",
	[STMT_MAIL_CONFIRM_DUE] =
		"SELECT a.id, coalesce(a.confirm_mailed_at, 0) FROM mail_subscriptions s"
		" JOIN mail_addresses a ON a.id = s.address_id"
		" WHERE s.comment_id = ?1 AND s.confirmed_at IS NULL AND a.unsubscribed_at IS NULL",
	/* only published comments: a held or spam comment mails nobody */
	[STMT_MAIL_AWAITING] =
		"SELECT s.comment_id, c.created_at, c.page, c.body_md FROM mail_subscriptions s"
		" JOIN comments c ON c.id = s.comment_id WHERE s.address_id = ?1"
		" AND s.confirmed_at IS NULL AND c.status = 'approved'"
		" ORDER BY s.comment_id DESC LIMIT ?2",
	[STMT_MAIL_CONFIRM_MAILED] = "UPDATE mail_addresses SET confirm_mailed_at = ?2 WHERE id = ?1",
	[STMT_MAIL_SUBSCRIPTION_OF] =
		"SELECT address_id FROM mail_subscriptions WHERE comment_id = ?1"
		" AND confirmed_at IS NOT NULL",
	[STMT_MAIL_CONFIRM_ADDRESS] =
		"UPDATE mail_addresses SET confirmed_at = coalesce(confirmed_at, ?2)"
		" WHERE id = ?1 AND unsubscribed_at IS NULL",
	/* what the mail listed: published, and made before it */
	[STMT_MAIL_CONFIRM] =
		"UPDATE mail_subscriptions SET confirmed_at = ?3 WHERE address_id = ?1"
		" AND comment_id <= ?2 AND confirmed_at IS NULL"
		" AND comment_id IN (SELECT id FROM comments WHERE status = 'approved')",
	[STMT_MAIL_PURGE_SUBSCRIPTIONS] =
		"DELETE FROM mail_subscriptions WHERE confirmed_at IS NULL AND created_at < ?1",
	/* an address that said "nothing more" stays, to keep saying it */
	[STMT_MAIL_PURGE_ADDRESSES] =
		"DELETE FROM mail_addresses WHERE digest = 0 AND unsubscribed_at IS NULL"
		" AND coalesce(confirm_mailed_at, 0) < ?1 AND NOT EXISTS"
		" (SELECT 1 FROM mail_subscriptions s WHERE s.address_id = mail_addresses.id)",
	[STMT_MAIL_UNSUBSCRIBE_COMMENT] =
		"DELETE FROM mail_subscriptions WHERE comment_id = ?1 AND address_id = ?2",
	[STMT_MAIL_UNSUBSCRIBE_ALL] =
		"UPDATE mail_addresses SET unsubscribed_at = coalesce(unsubscribed_at, ?2) WHERE id = ?1",
	[STMT_MAIL_DROP_SUBSCRIPTIONS] = "DELETE FROM mail_subscriptions WHERE address_id = ?1",
	/* the key of first-time moderation was the address: it becomes the
	 * name's, as for a comment without one (a GitHub sign-in keeps its own) */
	[STMT_MAIL_FORGET_COMMENTS] =
		"UPDATE comments SET email = NULL, author_key = CASE WHEN author_key LIKE 'gh:%'"
		" THEN author_key ELSE 'name:' || lower(author) END"
		" WHERE email IS NOT NULL AND lower(email) ="
		" (SELECT email FROM mail_addresses WHERE id = ?1)",
	[STMT_MAIL_ADDRESS_DELETE] = "DELETE FROM mail_addresses WHERE id = ?1",
	[STMT_MAIL_WAS_SENT] = "SELECT EXISTS (SELECT 1 FROM mail_sent WHERE message_id = ?1)",
	[STMT_MAIL_SENT] =
		"INSERT INTO mail_sent (message_id, sent_at) VALUES (?1, ?2)"
		" ON CONFLICT (message_id) DO NOTHING",
};
