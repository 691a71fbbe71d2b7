/* reactions_api.c: POST and DELETE /api/v1/reactions (a reader adds or
 * takes back one of GitHub's eight reactions on a page's thread or on one
 * of its approved comments; the no-JavaScript page's forms post too), and
 * POST /api/v1/reactions/mine (which ones are the reader's).
 *
 * A reader is a GitHub sign-in (gh:ID) or an anonymous reader token
 * (comment_tokens.h), handed out with the first reaction.  Each change is
 * one statement through the store's writer, the request suspended until
 * it is committed; a change drops the page's cached thread, whose counts
 * it holds. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/cors.h"
#include "core/visitor.h"
#include "features/comments/comment_api.h"
#include "features/comments/comment_pages.h"
#include "features/comments/comment_reactions.h"
#include "features/comments/comments.h"
#include "http/errors.h"
#include "http/fields.h"
#include "util/log.h"
#include "util/xalloc.h"
#include "store/comments.h"

#define READER_COOKIE_DAYS 365

/* Who is reacting, from the request: 1 with key (and, when a new anonymous
 * reader was made, token), 0 after refusing on rs. */
static int reactor(struct app *app, struct req *r, struct resp *rs,
		   char key[REACTOR_KEY_MAX + 1], char token[READER_TOKEN_CHARS + 1])
{
	token[0] = '\0';
	if (req_is_form(r)) {
		reactor_of_visitor(app, r, key);
	} else if (in_text(r, "github_token")) {
		/* the widget's sign-in, for the site it was made for (its Origin) */
		const char *origin = req_header(r, "Origin");
		struct github_identity who;
		enum identity_verdict v = IDENTITY_WRONG_AUDIENCE;
		if (origin && site_origin_allowed(app, origin))
			v = identity_token_check(app->identity_key, in_text(r, "github_token"),
						 origin, (int64_t)time(NULL), &who);
		if (v != IDENTITY_OK) {
			fail(r, rs, v == IDENTITY_WRONG_AUDIENCE ? ERR_ORIGIN_NOT_ALLOWED
								 : ERR_GITHUB_SIGNIN,
			     "github_token", identity_verdict_message(v));
			return 0;
		}
		snprintf(key, REACTOR_KEY_MAX + 1, "gh:%lld", (long long)who.id);
	} else if (reader_token_key(&app->comment_keys, in_text(r, "reader_token"), key) < 0) {
		key[0] = '\0';   /* none, or not ours (an old key): a new reader */
	}
	return 1;
}

/* A new anonymous reader when the request named none. */
static void new_reader(struct app *app, char key[REACTOR_KEY_MAX + 1],
		       char token[READER_TOKEN_CHARS + 1])
{
	reader_token_new(&app->comment_keys, token);
	reader_token_key(&app->comment_keys, token, key);
}

/* The page and the comment reacted to (approved, on that page): 1, or 0
 * after refusing. */
static int target_of(struct app *app, struct req *r, struct resp *rs, char *page,
		     struct reaction_target *t)
{
	if (!page_required(r, rs, page))
		return 0;
	t->page = page;
	t->comment = 0;
	if (!in_int(r, "comment", &t->comment))
		return 1;
	struct store_comment c;
	struct buf err = BUF_INIT;
	int found = store_comment_get(app->store, t->comment, &c, &err);
	if (found < 0)
		log_error("reaction on comment %lld: %s", (long long)t->comment, err.p);
	buf_release(&err);
	bool here = found > 0 && c.status == COMMENT_APPROVED && strcmp(c.page, page) == 0;
	if (found > 0)
		store_comment_free(&c);
	if (found < 0)
		fail(r, rs, ERR_UNAVAILABLE, NULL, "reactions cannot be saved right now");
	else if (!here)
		fail(r, rs, ERR_NOT_FOUND, NULL, "no such comment on this page");
	return found >= 0 && here;
}

/* The content asked, and whether it is taken back: a form's "undo" button
 * names it, JSON says it with the method. */
static int content_of(struct req *r, struct resp *rs, bool *add, enum reaction_content *c)
{
	const char *name = in_text(r, "content");
	if (req_is_form(r) && in_text(r, "undo")) {
		name = in_text(r, "undo");
		*add = false;
	}
	if (reaction_content_parse(name, c))
		return 1;
	fail(r, rs, ERR_INVALID_FIELD, "content",
	     "must be one of +1, -1, laugh, hooray, confused, heart, rocket, eyes");
	return 0;
}

/* The per-network limit: true with the try taken, else refused. */
static bool limited(struct app *app, struct req *r, struct resp *rs, int64_t now)
{
	if (rate_limit_take(&app->reaction_limit, req_client_net(r), now))
		return false;
	int64_t wait = rate_limit_retry_after(&app->reaction_limit, req_client_net(r), now);
	char secs[24];
	snprintf(secs, sizeof secs, "%lld", (long long)(wait > 0 ? wait : 1));
	resp_header(rs, "Retry-After", secs);
	fail(r, rs, ERR_RATE_LIMITED, NULL, "too many reactions from your address; wait a minute");
	return true;
}

/* The answer from the target's totals and the reader's own. */
static void answer_with(struct resp *rs, const struct reaction_target *t,
			const struct reaction_tallies *all, const struct reaction_tallies *mine,
			const char *token)
{
	json_t *o = json_pack("{s:s,s:o,s:o}", "page", t->page, "reactions",
			      reaction_counts_json(reaction_tally_of(all, t->comment)), "mine",
			      reaction_list_json(reaction_tally_of(mine, t->comment)));
	json_object_set_new(o, "comment", t->comment ? json_integer(t->comment) : json_null());
	if (*token)
		json_object_set_new(o, "reader_token", json_string(token));
	resp_header(rs, "Cache-Control", "no-store");
	resp_json(rs, HTTP_OK, o);
}

/* Both tallies of the page (mine: key's), 0, or -1 with neither kept. */
static int tallies_of(struct app *app, const char *page, const char *key,
		      struct reaction_tallies *all, struct reaction_tallies *mine)
{
	if (reaction_tallies_read(app, page, NULL, all) < 0)
		return -1;
	if (reaction_tallies_read(app, page, key, mine) < 0) {
		reaction_tallies_free(all);
		return -1;
	}
	return 0;
}

/* The target's totals and the reader's own, read now. */
static void answer(struct app *app, struct req *r, struct resp *rs,
		   const struct reaction_target *t, const char *key, const char *token)
{
	struct reaction_tallies all, mine;
	if (tallies_of(app, t->page, key, &all, &mine) < 0) {
		fail(r, rs, ERR_UNAVAILABLE, NULL, "reactions cannot be read right now");
		return;
	}
	answer_with(rs, t, &all, &mine, token);
	reaction_tallies_free(&all);
	reaction_tallies_free(&mine);
}

/* A form's way back: the thread page, at what was reacted to; the reader's
 * token rides in a cookie of ours (the page is framed by another site, so
 * over https it must be SameSite=None). */
static void back_to_thread(struct app *app, struct resp *rs, const struct reaction_target *t,
			   const char *token)
{
	const char *pub = app->cfg->server.public_url;
	bool https = strncmp(pub, "https://", 8) == 0;
	if (*token)
		resp_cookie(rs, READER_COOKIE, token, READER_COOKIE_DAYS * 86400L,
			    https ? "None" : "Lax", https);
	/* relative: the form is on our own thread page, whatever public_url says */
	struct buf loc = BUF_INIT;
	comment_thread_url(&loc, "", t->page, NULL);
	if (t->comment)
		buf_addf(&loc, "#comment-%lld", (long long)t->comment);
	else
		buf_adds(&loc, "#reactions");
	resp_redirect(rs, HTTP_SEE_OTHER, loc.p);
	buf_release(&loc);
}

/* A reaction on its way through the store's writer: the request waits
 * suspended, holding no thread (an anonymous client's most frequent
 * write, and with durability "full" each waits for its flush). */
struct reaction_change {
	struct store_async w;
	struct app *app;
	struct req *r;
	char page[PAGE_PATH_MAX + 1];
	struct reaction_target t;
	enum reaction_content c;
	char key[REACTOR_KEY_MAX + 1], token[READER_TOKEN_CHARS + 1];
	bool add, form;
	int64_t now, limit_taken_at;
	int changed;
	struct reaction_tallies all, mine; /* for the answer, read in the same transaction */
};

static int change_run(struct store *s, void *arg, struct buf *err)
{
	struct reaction_change *ch = arg;
	(void)s;
	ch->changed = store_reaction_step(ch->app->store, &ch->t, ch->c, ch->key, ch->add, ch->now,
					  err);
	if (ch->changed < 0)
		return -1;
	if (!ch->form && tallies_of(ch->app, ch->page, ch->key, &ch->all, &ch->mine) < 0) {
		buf_adds(err, "the counts could not be read back");
		return -1;
	}
	return 0;
}

/* On the writer's thread, after the commit: the answer, sent once the
 * commit is durable. */
static void change_done(void *arg, int rc, const char *err, uint64_t seq)
{
	struct reaction_change *ch = arg;
	struct resp rs;
	resp_init(&rs);
	if (rc < 0) {
		log_error("reaction: %s", err);
		rate_limit_give_back(&ch->app->reaction_limit, req_client_net(ch->r),
				     ch->limit_taken_at);
		fail(ch->r, &rs, ERR_INTERNAL, NULL, "the reaction could not be saved");
	} else {
		if (ch->changed)
			comment_page_changed(ch->app, ch->page);
		if (ch->form)
			back_to_thread(ch->app, &rs, &ch->t, ch->token);
		else
			answer_with(&rs, &ch->t, &ch->all, &ch->mine, ch->token);
		reaction_tallies_free(&ch->all);
		reaction_tallies_free(&ch->mine);
	}
	req_answer(ch->r, &rs, rc < 0 ? 0 : seq);
	free(ch);
}

static void change_start(void *arg)
{
	struct reaction_change *ch = arg;
	store_write_async(ch->app->store, &ch->w);
}

static int react(struct req *r, struct resp *rs, bool add)
{
	struct app *app = req_app(r);
	int64_t now = (int64_t)time(NULL);
	char page[PAGE_PATH_MAX + 1], key[REACTOR_KEY_MAX + 1], token[READER_TOKEN_CHARS + 1];
	struct reaction_target t;
	enum reaction_content c;
	if (limited(app, r, rs, now))
		return 0;
	if (!target_of(app, r, rs, page, &t) || !content_of(r, rs, &add, &c) ||
	    !reactor(app, r, rs, key, token))
		goto refused;
	req_set_back(r, page);
	/* a form is the no-JS page's, made for this very reader */
	if (req_is_form(r) &&
	    !reaction_form_token_check(&app->comment_keys, in_text(r, "reaction_token"), key, now)) {
		fail(r, rs, ERR_INVALID_FIELD, "reaction_token",
		     "the page is too old or not one of ours; reload it");
		goto refused;
	}
	/* a reader with no token yet gets one with their first reaction; one
	 * who has none has nothing to take back */
	if (!*key && add)
		new_reader(app, key, token);
	if (!*key) {
		if (req_is_form(r))
			back_to_thread(app, rs, &t, token);
		else
			answer(app, r, rs, &t, key, token);
		return 0;
	}
	struct reaction_change *ch = xcalloc(1, sizeof *ch);
	*ch = (struct reaction_change){ .app = app, .r = r, .c = c, .add = add,
					.form = req_is_form(r), .now = now, .limit_taken_at = now };
	snprintf(ch->page, sizeof ch->page, "%s", page);
	snprintf(ch->key, sizeof ch->key, "%s", key);
	snprintf(ch->token, sizeof ch->token, "%s", token);
	ch->t = (struct reaction_target){ .page = ch->page, .comment = t.comment };
	ch->w = (struct store_async){ .run = change_run, .done = change_done, .arg = ch };
	req_set_back(r, ch->page);
	req_defer(r, change_start, ch);
	return 0;
refused:
	rate_limit_give_back(&app->reaction_limit, req_client_net(r), now);
	return 0;
}

int handle_reaction_add(struct req *r, struct resp *rs)
{
	return react(r, rs, true);
}

int handle_reaction_remove(struct req *r, struct resp *rs)
{
	return react(r, rs, false);
}

const struct input_spec reaction_input = INPUT(IN_JSON | IN_FORM, "request",
	FIELD("page", FT_TEXT, 0, 2048),
	FIELD_INT("comment", F_NULLABLE, 1, INT64_MAX),
	FIELD("content", FT_TEXT, 0, 16),
	FIELD("reader_token", FT_TEXT, F_NULLABLE, 128),
	FIELD("github_token", FT_TEXT, F_NULLABLE, IDENTITY_TOKEN_MAX),
	FIELD("reaction_token", FT_TEXT, F_FORM_ONLY, 128),
	FIELD("undo", FT_TEXT, F_FORM_ONLY, 16));

const struct input_spec reactions_mine_input = INPUT(IN_JSON, "request",
	FIELD("page", FT_TEXT, 0, 2048),
	FIELD("reader_token", FT_TEXT, F_NULLABLE, 128),
	FIELD("github_token", FT_TEXT, F_NULLABLE, IDENTITY_TOKEN_MAX));

/* Which reactions on the page are the reader's: per reader, so never in
 * the shared cached thread. */
int handle_reactions_mine(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	char page[PAGE_PATH_MAX + 1], key[REACTOR_KEY_MAX + 1], token[READER_TOKEN_CHARS + 1];
	if (!page_required(r, rs, page) || !reactor(app, r, rs, key, token))
		return 0;
	struct reaction_tallies mine = { 0 };
	if (*key && reaction_tallies_read(app, page, key, &mine) < 0) {
		fail(r, rs, ERR_UNAVAILABLE, NULL, "reactions cannot be read right now");
		return 0;
	}
	json_t *comments = json_object();
	json_t *own = NULL;
	for (size_t i = 0; i < mine.n; i++) {
		json_t *l = reaction_list_json(mine.v[i].n);
		if (mine.v[i].comment == 0) {
			own = l;
			continue;
		}
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)mine.v[i].comment);
		json_object_set_new(comments, id, l);
	}
	reaction_tallies_free(&mine);
	resp_header(rs, "Cache-Control", "no-store");
	resp_json(rs, HTTP_OK, json_pack("{s:s,s:{s:o,s:o}}", "page", page, "mine", "page",
					 own ? own : json_array(), "comments", comments));
	return 0;
}
