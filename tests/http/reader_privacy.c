/* reader_privacy.c: a reader's address is kept for comments.keep_addresses_days,
 * then dropped; the comment stays, and so does what moderators judge by. */
#include <criterion/criterion.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "standin/standin.h"
#include "support/bed.h"
#include "support/http_client.h"

#define TOKEN "ghs_privacy_token"

/* The addresses the comments hold now, as "1:127.0.0.1 2:-". */
static void addresses(const struct bed *b, char *out, size_t cap)
{
	sqlite3 *h = NULL;
	cr_assert_eq(sqlite3_open(b->db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	sqlite3_stmt *st = NULL;
	cr_assert_eq(sqlite3_prepare_v2(h, "SELECT id, coalesce(client_ip, '-') FROM comments ORDER BY id",
					-1, &st, NULL), SQLITE_OK);
	out[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out + strlen(out), cap - strlen(out), "%s%lld:%s", *out ? " " : "",
			 (long long)sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	sqlite3_close(h);
}

static void age(const struct bed *b, int id, int days)
{
	sqlite3 *h = NULL;
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE comments SET created_at = created_at - %d WHERE id = %d",
		 days * 86400, id);
	cr_assert_eq(sqlite3_open(b->db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	cr_assert_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

Test(reader_privacy, addresses_are_dropped_after_keep_addresses_days)
{
	struct bed bed;
	bed_open(&bed, "privacy", TOKEN);
	bed_config(&bed, "comments", "moderation = \"none\"\nkeep_addresses_days = 30\n"
				      "min_form_seconds = 0\n");
	const char *env[] = { "GITHUB_TOKEN=" TOKEN, NULL };
	bed_start(&bed, env);
	const char *h[] = { "Content-Type: application/json", NULL };
	for (int i = 0; i < 2; i++) {
		char body[128];
		snprintf(body, sizeof body, "{\"page\":\"/p/\",\"author\":\"Ann %d\",\"body\":\"hi %d\"}", i,
			 i);
		struct http_result res;
		cr_assert_eq(http_do("POST", bed.d.port, "/api/v1/comments", body, strlen(body), h, 0,
				     &res), 0);
		cr_assert_eq(res.status, 201, "%s", res.body.p);
		http_result_free(&res);
	}
	char now[128];
	addresses(&bed, now, sizeof now);
	cr_assert_str_eq(now, "1:127.0.0.1 2:127.0.0.1");
	/* the first is 31 days old, the second 29: on the next start (and every
	 * hour) the old one's address goes */
	cr_assert_eq(daemon_stop(&bed.d, SIGTERM), 0);
	age(&bed, 1, 31);
	age(&bed, 2, 29);
	bed_start(&bed, env);
	for (int i = 0; i < 100; i++) {
		addresses(&bed, now, sizeof now);
		if (strcmp(now, "1:- 2:127.0.0.1") == 0)
			break;
		usleep(50 * 1000);
	}
	cr_expect_str_eq(now, "1:- 2:127.0.0.1", "only the address past 30 days is dropped");
	/* the comment itself stays */
	struct http_result res;
	cr_assert_eq(http_do("GET", bed.d.port, "/api/v1/comments?page=/p/", NULL, 0, NULL, 0, &res), 0);
	cr_expect(strstr(res.body.p, "hi 0") && strstr(res.body.p, "hi 1"), "%s", res.body.p);
	http_result_free(&res);
	cr_expect_eq(bed_close(&bed), 0);
}
