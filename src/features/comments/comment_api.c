/* comment_api.c: the comment handlers' shared pieces */
#include "features/comments/comment_api.h"
#include "http/errors.h"
#include "http/fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "features/comments/comment_input.h"
#include "features/comments/comment_reactions.h"
#include "util/log.h"
#include "util/text_fmt.h"
#include "store/comments.h"

json_t *comment_public_json(const struct app *app, const struct store_comment *c)
{
	char created[TIME_RFC3339_MAX], edited[TIME_RFC3339_MAX], avatar[17];
	time_rfc3339(c->created_at, created);
	time_rfc3339(c->edited_at, edited);
	comment_avatar(&app->comment_keys, c->author, c->email, avatar);
	json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)c->id, "author",
			      c->author, "avatar", avatar, "html", c->body_html, "created_at",
			      created);
	json_object_set_new(o, "parent",
			    c->parent_id ? json_integer((json_int_t)c->parent_id) : json_null());
	json_object_set_new(o, "website", c->website ? json_string(c->website) : json_null());
	json_object_set_new(o, "edited_at", c->edited_at ? json_string(edited) : json_null());
	/* GitHub's word, apart from any name a reader could type */
	json_object_set_new(o, "verified", json_boolean(c->github_id > 0));
	if (c->github_id > 0 && c->avatar_url)
		json_object_set_new(o, "avatar_url", json_string(c->avatar_url));
	return o;
}

struct thread_build {
	struct app *app;
	json_t *list;
	const struct reaction_tallies *counts;
};

static void add_comment(struct store_comment *c, void *arg)
{
	struct thread_build *t = arg;
	json_t *o = comment_public_json(t->app, c);
	json_object_set_new(o, "reactions",
			    reaction_counts_json(reaction_tally_of(t->counts, c->id)));
	json_array_append_new(t->list, o);
}

struct comment_blob *comment_thread_json(struct app *app, const char *page)
{
	struct comment_blob *b = comment_cache_get(app->comments, page);
	if (b)
		return b;
	uint64_t gen = comment_cache_generation(app->comments);
	struct reaction_tallies counts;
	if (reaction_tallies_read(app, page, NULL, &counts) < 0)
		return NULL;
	json_t *list = json_array();
	struct thread_build t = { app, list, &counts };
	struct buf err = BUF_INIT;
	if (store_comment_list_page(app->store, page, COMMENT_APPROVED, COMMENTS_PER_PAGE_MAX,
				    add_comment, &t, &err) < 0) {
		log_error("comments of %s: %s", page, err.p);
		buf_release(&err);
		json_decref(list);
		reaction_tallies_free(&counts);
		return NULL;
	}
	/* the page's own reactions; a comment's are with it (only shown ones) */
	json_t *doc = json_pack("{s:s,s:o,s:o}", "page", page, "reactions",
				reaction_counts_json(reaction_tally_of(&counts, 0)), "comments",
				list);
	reaction_tallies_free(&counts);
	char *text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	b = comment_blob_new(text, strlen(text));
	free(text);
	comment_cache_put(app->comments, page, gen, b);
	return b;
}

void comment_page_changed(struct app *app, const char *page)
{
	comment_cache_invalidate(app->comments, page);
}

int page_param(struct req *r, struct resp *rs, char page[PAGE_PATH_MAX + 1])
{
	const char *raw = in_text(r, "page"), *why;
	if (!raw)
		return 0;
	if (page_path_normalise(raw, page, &why) == 0)
		return 1;
	fail(r, rs, ERR_INVALID_FIELD, "page", why);
	return -1;
}

bool page_required(struct req *r, struct resp *rs, char page[PAGE_PATH_MAX + 1])
{
	int given = page_param(r, rs, page);
	if (given == 0)
		fail(r, rs, ERR_INVALID_FIELD, "page", "page is required");
	return given > 0;
}

int64_t comment_id_param(struct req *r)
{
	int64_t id;
	return parse_id(req_param(r, 0), &id) == 0 ? id : -1;
}

const struct input_spec comment_page_input = INPUT(IN_QUERY, NULL,
	FIELD("page", FT_TEXT, 0, 2048));
