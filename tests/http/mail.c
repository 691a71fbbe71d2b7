/* mail.c: reply notifications by email against the real binary and a real
 * SMTP server on loopback (tests/support/smtp_sink.py, aiosmtpd): the
 * double opt-in per comment (once published, one mail an hour, a link that
 * confirms what it listed, nothing after "nothing more" or "forget", the
 * unconfirmed purged), a reply's mail after approval (and none for a reply that
 * is rejected meanwhile, none to oneself), the unsubscribe page and RFC
 * 8058's one-click POST, forgetting an address, a relay that refuses
 * (451 then OK, 550), hangs past the timeout or dies with newsdesk (sent
 * once, never lost, never twice), the moderators' digest, and each mail's
 * headers as Python's email package (policy=default) reads them. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "support/admin_session.h"
#include "support/daemon.h"
#include "support/http_client.h"
#include "support/smtp_sink.h"

#define PASSWORD "correct horse battery staple"
#define PAGE "/this-month/2021-12/"
#define FROM "news@newsdesk.example"

static char dir[64], cfg_path[128], log_path[128], db_path[128], sink_dir[128];
static struct daemon d;
static struct smtp_sink sink;
static bool running;

static void setup(void)
{
	strcpy(dir, "/tmp/newsdesk-mail-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(cfg_path, sizeof cfg_path, "%s/c.toml", dir);
	snprintf(log_path, sizeof log_path, "%s/log", dir);
	snprintf(db_path, sizeof db_path, "%s/nd.db", dir);
	snprintf(sink_dir, sizeof sink_dir, "%s/sink", dir);
	running = false;
	smtp_sink_start(&sink, sink_dir);
}

static void teardown(void)
{
	/* a clean stop: under ASan a leak or a memory error is an exit code */
	if (running)
		cr_expect_eq(daemon_stop(&d, SIGTERM), 0, "newsdesk did not stop cleanly (see %s)",
			     log_path);
	smtp_sink_stop(&sink);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(mail, .init = setup, .fini = teardown, .timeout = 90);

/* The config: mail to the sink (unless mail is NULL: mail off), these
 * [comments] lines, and a maintainer. */
static void configure(const char *comments, const char *mail)
{
	FILE *f = fopen(cfg_path, "w");
	cr_assert_not_null(f);
	fprintf(f, "[server]\nlisten = \"127.0.0.1:0\"\nweb_root = \"%s/web\"\n"
		   "access_log = false\npublic_url = \"https://newsdesk.example\"\n"
		   "[storage]\ndatabase = \"%s\"\ndurability = \"process\"\n"
		   "[github]\napi_url = \"http://127.0.0.1:1\"\nrefresh_seconds = 0\n"
		   "[comments]\nmin_form_seconds = 0\nrate_limit_per_minute = 1000\n%s\n",
		NEWSDESK_SRCDIR, db_path, comments);
	if (mail)
		fprintf(f, "[mail]\nhost = \"127.0.0.1\"\nport = %u\n%s"
			   "from = \"" FROM "\"\nfrom_name = \"Newsdesk Tëst\"\n"
			   "timeout_seconds = 2\n%s\n", sink.port,
			strstr(mail, "tls =") ? "" : "tls = \"none\"\n", mail);
	fclose(f);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "printf '%s\\n' | %s user add mod --config %s >/dev/null 2>&1",
		 PASSWORD, daemon_bin(), cfg_path);
	cr_assert_eq(system(cmd), 0);
}

static void start(void)
{
	cr_assert_eq(daemon_start(&d, cfg_path, log_path, NULL), 0);
	running = true;
}

static void stop(int sig)
{
	int rc = daemon_stop(&d, sig);
	if (sig == SIGTERM)
		cr_expect_eq(rc, 0, "newsdesk did not stop cleanly");
	running = false;
}

/* POST /api/v1/comments; returns the status, *id the new comment's. */
static long post(const char *json, int64_t *id, struct buf *body)
{
	const char *h[] = { "Content-Type: application/json", NULL };
	struct http_result res;
	cr_assert_eq(http_do("POST", d.port, "/api/v1/comments", json, strlen(json), h, 0, &res),
		     0);
	long status = res.status;
	json_t *j = json_loads(res.body.p, 0, NULL);
	if (id)
		*id = j ? json_integer_value(json_object_get(j, "id")) : 0;
	if (body)
		buf_adds(body, res.body.p);
	json_decref(j);
	http_result_free(&res);
	return status;
}

static int64_t comment(const char *author, const char *email, int64_t parent, bool notify)
{
	char json[512], mail[160] = "", par[48] = "";
	if (email)
		snprintf(mail, sizeof mail, ",\"email\":\"%s\"", email);
	if (parent)
		snprintf(par, sizeof par, ",\"parent\":%lld", (long long)parent);
	static int n;
	snprintf(json, sizeof json,
		 "{\"page\":\"" PAGE "\",\"author\":\"%s\",\"body\":\"words %d\"%s%s%s}", author,
		 ++n, mail, par, notify ? ",\"notify_replies\":true" : "");
	int64_t id = 0;
	struct buf body = BUF_INIT;
	cr_assert_eq(post(json, &id, &body), 201, "%s", body.p);
	buf_release(&body);
	return id;
}

/* The first column of the first row of sql, as text ("" for none). */
static void sql(const char *query, struct buf *out)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	buf_reset(out);
	cr_assert_eq(sqlite3_open(db_path, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	cr_assert_eq(sqlite3_prepare_v2(h, query, -1, &st, NULL), SQLITE_OK, "%s",
		     sqlite3_errmsg(h));
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		buf_adds(out, (const char *)sqlite3_column_text(st, 0));
	cr_assert(rc == SQLITE_ROW || rc == SQLITE_DONE, "%s", sqlite3_errmsg(h));
	sqlite3_finalize(st);
	sqlite3_close(h);
}

static long long sql_int(const char *query)
{
	struct buf v = BUF_INIT;
	sql(query, &v);
	long long n = atoll(v.p);
	buf_release(&v);
	return n;
}

/* Waits until no mail job is due or running (each ran to its end; a
 * confirmation held for its hour waits). */
static void mail_jobs_settle(void)
{
	for (int i = 0; i < 400; i++) {
		if (sql_int("SELECT count(*) FROM jobs WHERE kind LIKE 'mail_%' AND (state ="
			    " 'running' OR (state = 'queued' AND run_after <= unixepoch()))") == 0)
			return;
		usleep(50 * 1000);
	}
	cr_assert_fail("mail jobs did not settle");
}

/* The token of the link to path in the n-th mail's text. */
static void link_token(int n, const char *path, char *out, size_t cap)
{
	struct buf facts = BUF_INIT, text = BUF_INIT;
	smtp_sink_facts(&sink, n, &facts);
	cr_assert(mail_fact(facts.p, "plain", &text));
	char needle[64];
	snprintf(needle, sizeof needle, "https://newsdesk.example%s/", path);
	const char *p = strstr(text.p, needle);
	cr_assert_not_null(p, "mail %d has no link to %s: %s", n, path, text.p);
	p += strlen(needle);
	snprintf(out, cap, "%.*s", (int)strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv"
					      "wxyz0123456789-_"), p);
	buf_release(&facts);
	buf_release(&text);
}

static long get(const char *path, struct buf *body)
{
	struct http_result res;
	cr_assert_eq(http_do("GET", d.port, path, NULL, 0, NULL, 0, &res), 0);
	long status = res.status;
	if (body)
		buf_adds(body, res.body.p);
	http_result_free(&res);
	return status;
}

static long form_post(const char *path, const char *form, struct buf *body)
{
	const char *h[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
	struct http_result res;
	cr_assert_eq(http_do("POST", d.port, path, form, strlen(form), h, 0, &res), 0);
	long status = res.status;
	if (body)
		buf_adds(body, res.body.p);
	http_result_free(&res);
	return status;
}

/* Confirms through the n-th mail's link (it must have come). */
static void confirm_by(int n)
{
	cr_assert(smtp_sink_wait(&sink, "accepted", n, 10000), "no confirmation mail %d", n);
	char t[96], path[140];
	link_token(n, "/mail/confirm", t, sizeof t);
	snprintf(path, sizeof path, "/mail/confirm/%s", t);
	cr_assert_eq(form_post(path, "", NULL), 200);
}

/* An hour on: the confirmation mails held back are due now. */
static void an_hour_later(void)
{
	struct buf ignored = BUF_INIT;
	sql("UPDATE mail_addresses SET confirm_mailed_at = confirm_mailed_at - 3600"
	    " RETURNING id", &ignored);
	sql("UPDATE jobs SET run_after = run_after - 3600 WHERE kind = 'mail_confirm'"
	    " AND state = 'queued' RETURNING id", &ignored);
	buf_release(&ignored);
}

/* Ann's comment asking for replies, confirmed through the mail's link
 * (published first when moderated, by a): mail 1 is that confirmation. */
static int64_t confirmed_parent_by(struct admin_session *a);

static int64_t confirmed_parent(void)
{
	return confirmed_parent_by(NULL);
}

static void approve(struct admin_session *a, int64_t id, const char *action)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/admin/comments/%lld/%s", (long long)id, action);
	struct http_result res;
	cr_assert_eq(admin_call(a, "POST", path, "", &res), 200, "%s", res.body.p);
	http_result_free(&res);
}

static int64_t confirmed_parent_by(struct admin_session *a)
{
	int64_t parent = comment("Ann", "ann@example.org", 0, true);
	if (a)
		approve(a, parent, "approve");
	confirm_by(1);
	return parent;
}

/* What an MTA and a mail client check of every mail. */
static void expect_well_formed(int n, const char *to)
{
	struct buf facts = BUF_INIT, v = BUF_INIT;
	smtp_sink_facts(&sink, n, &facts);
	const struct { const char *name, *want; } exact[] = {
		{ "defects", "0" }, { "from_domain", "newsdesk.example" },
		{ "message_id_domain", "newsdesk.example" }, { "from_name", "Newsdesk Tëst" },
		{ "to", to }, { "list_unsubscribe_post", "List-Unsubscribe=One-Click" },
		{ "auto_submitted", "auto-generated" }, { "content_type", "multipart/alternative" },
		{ "parts", "text/plain,text/html" }, { "bare_lf", "0" }, { "plain_defects", "0" },
		{ "html_defects", "0" },
	};
	for (size_t i = 0; i < sizeof exact / sizeof *exact; i++) {
		cr_assert(mail_fact(facts.p, exact[i].name, &v), "mail %d lacks %s", n,
			  exact[i].name);
		cr_expect_str_eq(v.p, exact[i].want, "mail %d: %s", n, exact[i].name);
	}
	mail_fact(facts.p, "date", &v);
	cr_expect_neq(strcmp(v.p, "unparseable"), 0, "mail %d: Date", n);
	cr_expect(strncmp(v.p, "20", 2) == 0 && strstr(v.p, "+00:00"), "mail %d: Date %s", n, v.p);
	mail_fact(facts.p, "list_unsubscribe", &v);
	cr_expect(strstr(v.p, "<https://newsdesk.example/mail/unsubscribe/"), "%s", v.p);
	mail_fact(facts.p, "longest_line", &v);
	cr_expect_leq(atoi(v.p), 998, "mail %d: a line of %s bytes", n, v.p);
	/* the address never shows in a link */
	cr_expect_null(strstr(facts.p, "/ann@"), "mail %d", n);
	buf_release(&facts);
	buf_release(&v);
}

Test(mail, nothing_asks_for_an_email_it_cannot_use)
{
	configure("moderation = \"none\"", NULL);
	start();
	struct buf body = BUF_INIT;
	cr_assert_eq(get("/api/v1/comments/form-token", &body), 200);
	cr_expect(strstr(body.p, "\"mail\":false"), "%s", body.p);
	buf_reset(&body);
	cr_assert_eq(get("/comments?page=" PAGE, &body), 200);
	cr_expect_null(strstr(body.p, "notify_replies"), "the plain form offers reply mails");
	buf_reset(&body);
	cr_expect_eq(post("{\"page\":\"/p/\",\"author\":\"Ann\",\"email\":\"ann@example.org\","
			  "\"body\":\"hi\",\"notify_replies\":true}", NULL, &body), 400);
	cr_expect(strstr(body.p, "notify_replies"), "%s", body.p);
	buf_release(&body);
}

Test(mail, reply_mails_need_an_address)
{
	configure("moderation = \"none\"", "");
	start();
	struct buf body = BUF_INIT;
	cr_assert_eq(get("/api/v1/comments/form-token", &body), 200);
	cr_expect(strstr(body.p, "\"mail\":true"), "%s", body.p);
	buf_reset(&body);
	cr_assert_eq(get("/comments?page=" PAGE, &body), 200);
	cr_expect(strstr(body.p, "name=\"notify_replies\""), "the plain form lacks the checkbox");
	buf_reset(&body);
	cr_expect_eq(post("{\"page\":\"/p/\",\"author\":\"Ann\",\"body\":\"hi\","
			  "\"notify_replies\":true}", NULL, &body), 400);
	cr_expect(strstr(body.p, "\"field\":\"email\""), "%s", body.p);
	buf_reset(&body);
	cr_expect_eq(post("{\"page\":\"/p/\",\"author\":\"Ann\",\"body\":\"hi\","
			  "\"notify_replies\":\"yes\"}", NULL, &body), 400);
	buf_release(&body);
	mail_jobs_settle();
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 0);
}

Test(mail, one_confirmation_an_hour_and_a_button_that_confirms)
{
	configure("moderation = \"none\"", "");
	start();
	int64_t first = comment("Ann", "Ann@Example.org", 0, true);
	cr_assert(smtp_sink_wait(&sink, "accepted", 1, 10000), "no confirmation mail");
	/* the same address a second later waits for the next hour */
	int64_t second = comment("Ann", "ann@example.ORG", 0, true);
	mail_jobs_settle();
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 1, "one confirmation, not one a comment");
	cr_expect_eq(sql_int("SELECT count(*) FROM mail_subscriptions"), 2);
	cr_expect_eq(sql_int("SELECT count(*) FROM jobs WHERE kind = 'mail_confirm' AND state ="
			     " 'queued' AND run_after > unixepoch() + 3000"), 1);
	expect_well_formed(1, "ann@example.org");
	struct buf env = BUF_INIT, facts = BUF_INIT, v = BUF_INIT;
	smtp_sink_envelope(&sink, 1, &env);
	cr_expect_str_eq(env.p, "from " FROM "\nto ann@example.org\n");
	/* the mail says which comment it is about */
	smtp_sink_facts(&sink, 1, &facts);
	mail_fact(facts.p, "plain", &v);
	cr_expect(strstr(v.p, "- " PAGE ", 20"), "%s", v.p);

	char t[96], path[160], form[140];
	link_token(1, "/mail/confirm", t, sizeof t);
	/* a link scanner's GET confirms nothing: it gets a button */
	snprintf(path, sizeof path, "/mail/confirm/%s", t);
	struct buf page = BUF_INIT;
	cr_assert_eq(get(path, &page), 200);
	char form_tag[200];
	snprintf(form_tag, sizeof form_tag, "<form method=\"post\" action=\"%s\">", path);
	cr_expect(strstr(page.p, form_tag), "%s", page.p);
	cr_expect_eq(sql_int("SELECT count(*) FROM mail_subscriptions WHERE confirmed_at IS NOT "
			     "NULL"), 0, "a GET confirmed");
	/* a token flipped in one place is no token */
	snprintf(form, sizeof form, "/mail/confirm/%c%s", t[0] == 'A' ? 'B' : 'A', t + 1);
	cr_expect_eq(form_post(form, "", NULL), 404);
	buf_reset(&page);
	cr_assert_eq(form_post(path, "", &page), 200);
	cr_expect(strstr(page.p, "Address confirmed"), "%s", page.p);
	/* the mail confirmed what it listed: not the comment made after it */
	char q[128];
	snprintf(q, sizeof q, "SELECT comment_id FROM mail_subscriptions WHERE confirmed_at IS NOT"
		 " NULL");
	cr_expect_eq(sql_int(q), first);
	cr_expect_eq(sql_int("SELECT count(*) FROM mail_subscriptions WHERE confirmed_at IS NOT "
			     "NULL"), 1);
	/* pressed again: nothing more to confirm */
	buf_reset(&page);
	cr_assert_eq(form_post(path, "", &page), 200);
	cr_expect(strstr(page.p, "Already confirmed"), "%s", page.p);
	/* the unsubscribe link is no confirmation link */
	link_token(1, "/mail/unsubscribe", t, sizeof t);
	snprintf(form, sizeof form, "/mail/confirm/%s", t);
	cr_expect_eq(form_post(form, "", NULL), 404);
	/* an hour on, the second comment's own confirmation goes */
	an_hour_later();
	cr_assert(smtp_sink_wait(&sink, "accepted", 2, 10000), "the held confirmation never went");
	mail_jobs_settle();
	confirm_by(2);
	snprintf(q, sizeof q, "SELECT count(*) FROM mail_subscriptions WHERE comment_id = %lld"
		 " AND confirmed_at IS NOT NULL", (long long)second);
	cr_expect_eq(sql_int(q), 1);
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 2);
	buf_release(&page);
	buf_release(&env);
	buf_release(&facts);
	buf_release(&v);
}

/* Anyone can type someone's address into a comment: a held comment mails
 * nobody, and a confirmed address does not make a stranger's opt-in good. */
Test(mail, each_opt_in_is_confirmed_once_published)
{
	configure("moderation = \"all\"", "");
	start();
	struct admin_session a;
	admin_sign_in(&a, d.port, "mod", PASSWORD);
	int64_t spam = comment("Mallory", "ann@example.org", 0, true);
	mail_jobs_settle();
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 0, "a held comment sent mail");
	approve(&a, spam, "spam");
	mail_jobs_settle();
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 0, "a spam comment sent mail");
	/* Ann's own, published: its confirmation lists it alone */
	int64_t own = confirmed_parent_by(&a);
	struct buf facts = BUF_INIT, v = BUF_INIT;
	smtp_sink_facts(&sink, 1, &facts);
	mail_fact(facts.p, "plain", &v);
	cr_expect(strstr(v.p, "Replies to this comment"), "%s", v.p);
	/* Mallory's, published later under Ann's confirmed address: not
	 * confirmed by that, and Bob's reply to it is not mailed */
	int64_t later = comment("Mallory", "ann@example.org", 0, true);
	approve(&a, later, "approve");
	int64_t bob = comment("Bob", "bob@example.org", later, false);
	approve(&a, bob, "approve");
	mail_jobs_settle();
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 1, "a reply to an unconfirmed opt-in");
	char q[160];
	snprintf(q, sizeof q, "SELECT count(*) FROM mail_subscriptions WHERE confirmed_at IS NOT "
		 "NULL AND comment_id IN (%lld, %lld)", (long long)later, (long long)spam);
	cr_expect_eq(sql_int(q), 0);
	/* replaying Ann's old link confirms nothing new */
	char t[96], path[140];
	link_token(1, "/mail/confirm", t, sizeof t);
	snprintf(path, sizeof path, "/mail/confirm/%s", t);
	cr_expect_eq(form_post(path, "", NULL), 200);
	cr_expect_eq(sql_int(q), 0, "an old link confirmed a newer opt-in");
	snprintf(q, sizeof q, "SELECT count(*) FROM mail_subscriptions WHERE confirmed_at IS NOT "
		 "NULL AND comment_id = %lld", (long long)own);
	cr_expect_eq(sql_int(q), 1);
	/* its own confirmation comes an hour on, and lists it */
	an_hour_later();
	cr_assert(smtp_sink_wait(&sink, "accepted", 2, 10000));
	buf_reset(&facts);
	smtp_sink_facts(&sink, 2, &facts);
	mail_fact(facts.p, "plain", &v);
	cr_expect(strstr(v.p, "Replies to this comment"), "%s", v.p);
	buf_release(&facts);
	buf_release(&v);
}

/* After "nothing more" or "forget", no comment giving the address mails it
 * again, and no old confirmation link undoes that. */
Test(mail, nothing_more_means_nothing_more)
{
	configure("moderation = \"none\"", "");
	start();
	confirmed_parent();
	char t[96], path[160], confirm[140];
	link_token(1, "/mail/confirm", t, sizeof t);
	snprintf(confirm, sizeof confirm, "/mail/confirm/%s", t);
	link_token(1, "/mail/unsubscribe", t, sizeof t);
	snprintf(path, sizeof path, "/mail/unsubscribe/%s", t);
	cr_assert_eq(form_post(path, "action=all", NULL), 200);
	comment("Ann", "ann@example.org", 0, true);
	an_hour_later();
	mail_jobs_settle();
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 1, "mail after nothing more");
	cr_expect_eq(sql_int("SELECT count(*) FROM mail_subscriptions"), 0);
	/* the old confirmation link does not bring it back */
	struct buf page = BUF_INIT;
	cr_expect_eq(form_post(confirm, "", &page), 404, "%s", page.p);
	cr_expect_eq(sql_int("SELECT count(*) FROM mail_addresses WHERE unsubscribed_at IS NULL"),
		     0);
	/* forgotten: the row goes, a hash stays, and still nothing is sent */
	cr_assert_eq(form_post(path, "action=forget", NULL), 200);
	cr_expect_eq(sql_int("SELECT count(*) FROM mail_addresses"), 0);
	cr_expect_eq(sql_int("SELECT count(*) FROM mail_suppressed"), 1);
	struct buf v = BUF_INIT;
	sql("SELECT count(*) FROM mail_suppressed WHERE instr(hash, 'ann') > 0", &v);
	cr_expect_str_eq(v.p, "0");
	comment("Ann", "ANN@example.org", 0, true);
	mail_jobs_settle();
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 1, "mail after being forgotten");
	cr_expect_eq(sql_int("SELECT count(*) FROM mail_addresses"), 0);
	buf_release(&page);
	buf_release(&v);
}

/* Opt-ins nobody confirmed lapse after 30 days, and an address nothing
 * uses goes with them (the service's hourly purge, here at start-up). */
Test(mail, unconfirmed_addresses_do_not_stay)
{
	configure("moderation = \"none\"", "");
	start();
	confirmed_parent();
	comment("Ann", "ann@example.org", 0, true);   /* held for its hour, never confirmed */
	mail_jobs_settle();
	stop(SIGTERM);
	struct buf ignored = BUF_INIT;
	sql("UPDATE mail_subscriptions SET created_at = created_at - 31 * 86400 RETURNING 1",
	    &ignored);
	sql("UPDATE mail_addresses SET confirm_mailed_at = confirm_mailed_at - 31 * 86400"
	    " RETURNING 1", &ignored);
	sql("INSERT INTO mail_addresses (email) VALUES ('zed@example.org') RETURNING 1", &ignored);
	buf_release(&ignored);
	start();
	for (int i = 0; i < 50 && sql_int("SELECT count(*) FROM mail_subscriptions") != 1; i++)
		usleep(100 * 1000);
	cr_expect_eq(sql_int("SELECT count(*) FROM mail_subscriptions"), 1, "the confirmed stays");
	cr_expect_eq(sql_int("SELECT count(*) FROM mail_addresses"), 1);
	cr_expect_eq(sql_int("SELECT count(*) FROM mail_addresses WHERE email = 'zed@example.org'"),
		     0);
}

Test(mail, a_published_reply_is_mailed_once_and_only_that)
{
	configure("moderation = \"all\"", "");
	start();
	struct admin_session a;
	admin_sign_in(&a, d.port, "mod", PASSWORD);
	int64_t parent = confirmed_parent_by(&a);
	int64_t bob = comment("Bob", "bob@example.org", parent, false);
	int64_t carol = comment("Carol", NULL, parent, false);
	int64_t self = comment("Ann again", "ANN@example.org", parent, false);
	/* pending: nothing goes */
	mail_jobs_settle();
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 1, "a pending reply was mailed");
	/* the relay hangs on Bob's mail; meanwhile Carol's reply is approved
	 * and rejected again: its job finds it rejected */
	smtp_sink_mode(&sink, "hang");
	approve(&a, bob, "approve");
	cr_assert(smtp_sink_wait(&sink, "hung", 1, 10000));
	approve(&a, carol, "approve");
	approve(&a, carol, "reject");
	approve(&a, self, "approve");
	/* the relay answers again; Bob's mail goes on its retry */
	smtp_sink_mode(&sink, "ok");
	cr_assert(smtp_sink_wait(&sink, "accepted", 2, 20000), "Bob's reply was not mailed");
	mail_jobs_settle();
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 2,
		     "a rejected reply or one's own was mailed");
	cr_expect_eq(sql_int("SELECT attempts FROM jobs WHERE kind = 'mail_reply' AND "
			     "subject_id = (SELECT max(id) FROM comments WHERE author = 'Bob')"), 2);
	expect_well_formed(2, "ann@example.org");
	struct buf facts = BUF_INIT, v = BUF_INIT;
	smtp_sink_facts(&sink, 2, &facts);
	mail_fact(facts.p, "subject", &v);
	cr_expect_str_eq(v.p, "Bob replied to your comment on " PAGE);
	mail_fact(facts.p, "message_id", &v);
	cr_expect(strncmp(v.p, "<reply.", 7) == 0, "%s", v.p);
	struct buf first = BUF_INIT, id1 = BUF_INIT;
	smtp_sink_facts(&sink, 1, &first);
	mail_fact(first.p, "message_id", &id1);
	cr_expect_str_neq(id1.p, v.p, "two mails, one Message-ID");
	buf_release(&first);
	buf_release(&id1);
	mail_fact(facts.p, "plain", &v);
	char anchor[48];
	snprintf(anchor, sizeof anchor, "#comment-%lld", (long long)bob);
	cr_expect(strstr(v.p, anchor), "%s", v.p);
	/* approving again queues the job again, and it sends nothing */
	approve(&a, bob, "reject");
	approve(&a, bob, "approve");
	mail_jobs_settle();
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 2, "one reply, two mails");
	buf_release(&facts);
	buf_release(&v);
}

/* Ann's comment with a confirmed address and Bob's published reply to it:
 * mail 2 is the reply's. */
static int64_t replied(void)
{
	int64_t parent = confirmed_parent();
	comment("Bob", "bob@example.org", parent, false);
	cr_assert(smtp_sink_wait(&sink, "accepted", 2, 10000), "no reply mail");
	return parent;
}

Test(mail, unsubscribing_from_a_comment_and_with_one_click)
{
	configure("moderation = \"none\"", "");
	start();
	int64_t parent = replied();
	int64_t other = comment("Ann", "ann@example.org", 0, true);
	/* its own confirmation, an hour on: mail 3 */
	an_hour_later();
	confirm_by(3);
	char t[80], path[160];
	link_token(2, "/mail/unsubscribe", t, sizeof t);
	snprintf(path, sizeof path, "/mail/unsubscribe/%s", t);
	struct buf page = BUF_INIT;
	cr_assert_eq(get(path, &page), 200);
	cr_expect(strstr(page.p, "value=\"comment\""), "%s", page.p);
	cr_expect(strstr(page.p, "value=\"all\""), "%s", page.p);
	cr_expect(strstr(page.p, "value=\"forget\""), "%s", page.p);
	cr_expect_eq(sql_int("SELECT count(*) FROM mail_subscriptions"), 2, "a GET unsubscribed");
	/* this comment's replies only */
	cr_assert_eq(form_post(path, "action=comment", NULL), 200);
	char q[96];
	snprintf(q, sizeof q, "SELECT count(*) FROM mail_subscriptions WHERE comment_id = %lld",
		 (long long)parent);
	cr_expect_eq(sql_int(q), 0);
	comment("Bob", "bob@example.org", parent, false);
	comment("Bob", "bob@example.org", other, false);
	cr_assert(smtp_sink_wait(&sink, "accepted", 4, 10000), "the other comment's reply");
	mail_jobs_settle();
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 4, "a reply to the unsubscribed comment");
	/* RFC 8058: the mail client's POST, the token in the URL, nothing else */
	link_token(4, "/mail/unsubscribe", t, sizeof t);
	snprintf(path, sizeof path, "/mail/unsubscribe/%s", t);
	buf_reset(&page);
	cr_assert_eq(form_post(path, "List-Unsubscribe=One-Click", &page), 200, "%s", page.p);
	cr_expect_eq(sql_int("SELECT count(*) FROM mail_addresses WHERE unsubscribed_at IS NOT NULL"),
		     1);
	cr_expect_eq(sql_int("SELECT count(*) FROM mail_subscriptions"), 0);
	comment("Bob", "bob@example.org", other, false);
	mail_jobs_settle();
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 4, "mail after unsubscribing from all");
	/* a second click is answered the same */
	cr_expect_eq(form_post(path, "List-Unsubscribe=One-Click", NULL), 200);
	buf_release(&page);
}

Test(mail, forgetting_an_address_takes_it_off_every_comment)
{
	configure("moderation = \"none\"", "");
	start();
	replied();
	comment("Ann", "ANN@example.org", 0, false);
	comment("Zed", "zed@example.org", 0, false);
	cr_expect_eq(sql_int("SELECT count(*) FROM comments WHERE lower(email) = 'ann@example.org'"),
		     2);
	char t[80], path[160];
	link_token(2, "/mail/unsubscribe", t, sizeof t);
	snprintf(path, sizeof path, "/mail/unsubscribe/%s", t);
	struct buf page = BUF_INIT, v = BUF_INIT;
	cr_assert_eq(form_post(path, "action=forget", &page), 200);
	cr_expect(strstr(page.p, "gone from 2 comments"), "%s", page.p);
	cr_expect_eq(sql_int("SELECT count(*) FROM comments WHERE lower(email) = 'ann@example.org'"
			     " OR author_key LIKE '%ann@%'"), 0);
	sql("SELECT group_concat(author_key, ' ') FROM comments WHERE author = 'Ann'", &v);
	cr_expect_str_eq(v.p, "name:ann name:ann");
	cr_expect_eq(sql_int("SELECT count(*) FROM comments WHERE email = 'zed@example.org'"), 1);
	cr_expect_eq(sql_int("SELECT count(*) FROM mail_addresses"), 0);
	cr_expect_eq(sql_int("SELECT count(*) FROM mail_subscriptions"), 0);
	/* the links of old mails lead nowhere now */
	cr_expect_eq(get(path, NULL), 404);
	buf_release(&page);
	buf_release(&v);
}

Test(mail, a_451_is_retried_and_delivered_once)
{
	configure("moderation = \"none\"", "");
	smtp_sink_mode(&sink, "451");
	start();
	comment("Ann", "ann@example.org", 0, true);
	cr_assert(smtp_sink_wait(&sink, "refused 451", 1, 10000));
	smtp_sink_mode(&sink, "ok");
	cr_assert(smtp_sink_wait(&sink, "accepted", 1, 20000), "not retried");
	mail_jobs_settle();
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 1);
	cr_expect_eq(sql_int("SELECT attempts FROM jobs WHERE kind = 'mail_confirm'"), 2);
	cr_expect(daemon_log_has(&d, "the relay answered 451"));
	cr_expect(!daemon_log_has(&d, "ann@example.org"), "the address is in the log");
}

Test(mail, a_550_is_given_up_and_logged)
{
	configure("moderation = \"none\"", "");
	smtp_sink_mode(&sink, "550");
	start();
	comment("Ann", "ann@example.org", 0, true);
	cr_assert(smtp_sink_wait(&sink, "refused 550", 1, 10000));
	mail_jobs_settle();
	cr_expect_eq(sql_int("SELECT count(*) FROM jobs WHERE kind = 'mail_confirm' AND "
			     "state = 'failed' AND attempts = 1"), 1);
	cr_expect(daemon_log_has(&d, "the relay answered 550"));
	cr_expect(daemon_log_has(&d, "failed after 1 attempts"));
	cr_expect(!daemon_log_has(&d, "ann@example.org"), "the address is in the log");
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 0);
}

Test(mail, a_relay_that_hangs_loses_nothing_across_a_restart)
{
	configure("moderation = \"none\"", "");
	smtp_sink_mode(&sink, "hang");
	start();
	comment("Ann", "ann@example.org", 0, true);
	cr_assert(smtp_sink_wait(&sink, "hung", 1, 10000));
	/* newsdesk dies in the middle of the conversation */
	stop(SIGKILL);
	cr_expect_eq(sql_int("SELECT count(*) FROM jobs WHERE kind = 'mail_confirm' AND "
			     "state = 'running'"), 1);
	smtp_sink_mode(&sink, "ok");
	start();
	cr_assert(smtp_sink_wait(&sink, "accepted", 1, 20000), "the mail was lost");
	mail_jobs_settle();
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 1);
	/* a job run again after the relay took its mail sends nothing: the
	 * Message-ID was recorded with the job's end */
	stop(SIGTERM);
	struct buf ignored = BUF_INIT;
	sql("UPDATE jobs SET state = 'queued', run_after = 0 WHERE kind = 'mail_confirm'"
	    " RETURNING id", &ignored);
	buf_release(&ignored);
	start();
	mail_jobs_settle();
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 1, "sent twice");
}

Test(mail, a_hostile_name_stays_out_of_the_headers)
{
	configure("moderation = \"none\"", "");
	start();
	int64_t parent = confirmed_parent();
	/* what the API refuses (a line break) may still be in a row (an old
	 * import): a reply, published, queued for its mail */
	char q[512];
	snprintf(q, sizeof q, "INSERT INTO comments (page, parent_id, author, author_key, body_md,"
		 " body_html, body_hash, status, created_at, updated_at) VALUES ('" PAGE "', %lld,"
		 " 'Évé ☃\r\nBcc: victim@example.org\r\nX-Evil: 1 <b>', 'name:eve',"
		 " '<script>alert(1)</script>', '', x'00', 'approved', 1, 1) RETURNING id",
		 (long long)parent);
	struct buf id = BUF_INIT;
	sql(q, &id);
	snprintf(q, sizeof q, "INSERT INTO jobs (kind, subject_id, run_after, created_at, updated_at)"
		 " VALUES ('mail_reply', %s, 0, 0, 0) RETURNING id", id.p);
	struct buf job = BUF_INIT;
	sql(q, &job);
	buf_release(&job);
	cr_assert(smtp_sink_wait(&sink, "accepted", 2, 10000), "no reply mail");
	expect_well_formed(2, "ann@example.org");
	struct buf facts = BUF_INIT, v = BUF_INIT;
	smtp_sink_facts(&sink, 2, &facts);
	mail_fact(facts.p, "headers", &v);
	cr_expect_str_eq(v.p, "from,to,subject,date,message-id,mime-version,auto-submitted,"
			      "list-unsubscribe,list-unsubscribe-post,content-type");
	mail_fact(facts.p, "subject", &v);
	cr_expect_str_eq(v.p, "Évé ☃  Bcc: victim@example.org  X-Evil: 1 <b> replied to your "
			      "comment on " PAGE);
	struct buf env = BUF_INIT;
	smtp_sink_envelope(&sink, 2, &env);
	cr_expect_str_eq(env.p, "from " FROM "\nto ann@example.org\n");
	mail_fact(facts.p, "html", &v);
	cr_expect(strstr(v.p, "&lt;script&gt;alert(1)&lt;/script&gt;"), "%s", v.p);
	cr_expect_null(strstr(v.p, "<script>"));
	cr_expect_null(strstr(v.p, "<b>"));
	buf_release(&facts);
	buf_release(&v);
	buf_release(&env);
	buf_release(&id);
}

Test(mail, the_moderators_digest_goes_once_a_period)
{
	configure("moderation = \"all\"",
		  "digest_hours = 24\ndigest_to = [\"mod1@example.org\", \"mod2@example.org\"]");
	struct buf ignored = BUF_INIT;
	sql("INSERT INTO submissions (token_hash, section, payload, author, created_at, updated_at)"
	    " VALUES (x'01', 'Other Projects', '{}', 'octo<dev>', 1, 1) RETURNING id", &ignored);
	buf_release(&ignored);
	start();
	comment("Pat <first>", "pat@example.org", 0, false);
	comment("Quinn", NULL, 0, false);
	/* the service's clock queues this period's digest (on its next tick) */
	cr_assert(smtp_sink_wait(&sink, "accepted", 2, 15000), "no digest");
	mail_jobs_settle();
	expect_well_formed(1, "mod1@example.org");
	expect_well_formed(2, "mod2@example.org");
	struct buf facts = BUF_INIT, v = BUF_INIT;
	smtp_sink_facts(&sink, 1, &facts);
	mail_fact(facts.p, "subject", &v);
	cr_expect_str_eq(v.p, "Waiting for you: 2 comments and 1 contribution");
	mail_fact(facts.p, "html", &v);
	cr_expect(strstr(v.p, "Pat &lt;first&gt;"), "%s", v.p);
	cr_expect(strstr(v.p, "octo&lt;dev&gt;</strong>, Other Projects"), "%s", v.p);
	cr_expect(strstr(v.p, "https://newsdesk.example/admin"), "%s", v.p);
	mail_fact(facts.p, "plain", &v);
	cr_expect(strstr(v.p, "- Quinn, " PAGE ": words"), "%s", v.p);
	cr_expect_null(strstr(facts.p, "pat@example.org"), "a reader's address in the digest");
	/* a restart in the same period sends no second digest */
	stop(SIGTERM);
	start();
	cr_assert(sql_int("SELECT count(*) FROM jobs WHERE kind = 'mail_digest'") >= 1);
	for (int i = 0; i < 60 && sql_int("SELECT count(*) FROM jobs WHERE kind = 'mail_digest'")
				      < 2; i++)
		usleep(100 * 1000);
	mail_jobs_settle();
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 2, "a second digest in one period");
	buf_release(&facts);
	buf_release(&v);
}

Test(mail, starttls_never_falls_back_to_the_clear)
{
	/* the sink offers no STARTTLS: with "starttls" nothing is sent */
	configure("moderation = \"none\"", "tls = \"starttls\"");
	start();
	comment("Ann", "ann@example.org", 0, true);
	for (int i = 0; i < 200 && !daemon_log_has(&d, "retrying in"); i++)
		usleep(50 * 1000);
	cr_expect(daemon_log_has(&d, "mail to address 1:"), "the refusal is not logged");
	cr_expect(daemon_log_has(&d, "retrying in"), "not kept for another try");
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 0, "a mail went in the clear");
}

/* A self-signed certificate for 127.0.0.1 made now, as dir/NAME.pem with
 * its key dir/NAME.key. */
static void make_cert(const char *name)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd,
		 "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
		 "-days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 "
		 "-keyout '%s/%s.key' -out '%s/%s.pem' >/dev/null 2>&1",
		 dir, name, dir, name);
	cr_assert_eq(system(cmd), 0, "openssl could not make a certificate");
}

/* The sink again, over TLS ("starttls" or "tls"), showing dir/relay.pem. */
static void tls_sink(const char *tls)
{
	smtp_sink_stop(&sink);
	make_cert("relay");
	char cert[200], key[200];
	snprintf(cert, sizeof cert, "%s/relay.pem", dir);
	snprintf(key, sizeof key, "%s/relay.key", dir);
	smtp_sink_start_tls(&sink, sink_dir, tls, cert, key);
}

/* Did the sink's n-th mail come over TLS? */
static bool came_over_tls(int n)
{
	char path[200], line[8] = "";
	snprintf(path, sizeof path, "%s/%04d.tls", sink_dir, n);
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	bool yes = fgets(line, sizeof line, f) && strcmp(line, "yes\n") == 0;
	fclose(f);
	return yes;
}

/* The relay's certificate is checked against mail.ca_file: with STARTTLS
 * and with TLS from the first byte, the mail goes over TLS. */
static void sent_over(const char *tls)
{
	tls_sink(tls);
	char mail[400];
	snprintf(mail, sizeof mail, "tls = \"%s\"\nca_file = \"%s/relay.pem\"", tls, dir);
	configure("moderation = \"none\"", mail);
	start();
	comment("Ann", "ann@example.org", 0, true);
	cr_assert(smtp_sink_wait(&sink, "accepted", 1, 10000), "no mail over %s", tls);
	cr_expect(came_over_tls(1), "the mail did not come over TLS (%s)", tls);
}

Test(mail, starttls_to_a_relay_whose_certificate_holds)
{
	sent_over("starttls");
}

Test(mail, tls_from_the_first_byte)
{
	sent_over("tls");
}

/* A relay whose certificate nobody vouched for is not sent to: the mail
 * waits for another try, and nothing goes. */
Test(mail, a_relay_certificate_nobody_vouched_for_is_refused)
{
	tls_sink("starttls");
	make_cert("other");
	char mail[400];
	snprintf(mail, sizeof mail, "tls = \"starttls\"\nca_file = \"%s/other.pem\"", dir);
	configure("moderation = \"none\"", mail);
	start();
	comment("Ann", "ann@example.org", 0, true);
	for (int i = 0; i < 200 && !daemon_log_has(&d, "retrying in"); i++)
		usleep(50 * 1000);
	cr_expect(daemon_log_has(&d, "retrying in"), "not kept for another try");
	cr_expect_eq(smtp_sink_events(&sink, "accepted"), 0, "a mail went to an unproven relay");
}
