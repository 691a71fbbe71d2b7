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
	[STMT_JOB_DONE] =
		"UPDATE jobs SET state = 'done', last_error = NULL, updated_at = ?2"
		" WHERE id = ?1 AND state = 'running'",
	[STMT_JOB_RETRY] =
		"UPDATE jobs SET state = 'queued', run_after = ?2, last_error = ?3, updated_at = ?4"
		" WHERE id = ?1 AND state = 'running'",
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
};
