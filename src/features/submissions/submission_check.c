/* submission_check.c: validating submissions against the live draft */
#include "features/submissions/submission_check.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/tokens.h"
#include "draft/draft.h"
#include "draft/merge3.h"
#include "markdown/markdown.h"
#include "features/submissions/submission_pages.h"
#include "util/fold_hash.h"
#include "util/log.h"
#include "util/xalloc.h"
#include "store/submissions.h"

void checked_submission_free(struct checked_submission *c)
{
	free(c->payload);
	free(c->section);
	free(c->author);
	free(c->draft_path);
	memset(c, 0, sizeof *c);
}

static int refuse(struct fault *e, enum err code, const char *field, const char *message)
{
	fault_set(e, code, field, message);
	return -1;
}

/* The engine names the field apart from the message (draft_fail). */
static int field_fail(struct fault *e, const char *field, const char *msg)
{
	return refuse(e, ERR_INVALID_FIELD, field ? field : "submission", msg);
}

/* No draft yet: the entry is judged in a draft of one section, so that
 * nothing waits for the next draft that could not go into it. */
static int check_without_draft(struct app *app, const struct submission *s,
			       struct fault *e)
{
	static const char text[] = "+++\ntitle = \"This Month\"\ndate = 0000-01-01\n+++\n\n"
				   "## Entries\n\n<!-- template -->\n";
	struct draft d;
	struct buf err = BUF_INIT, out = BUF_INIT;
	int rc = draft_parse(&d, text, sizeof text - 1, &err);
	if (rc == 0) {
		/* each entry on its own: their sections are not in this draft */
		for (size_t i = 0; i <= s->n_more && rc == 0; i++) {
			struct submission t = i ? s->more[i - 1] : *s;
			char title[] = "Entries";
			t.section = title;
			t.before = NULL;
			t.add_author = false;
			t.n_more = 0;
			bool already;
			const char *field = NULL;
			buf_reset(&out);
			rc = draft_apply(&d, &t, &app->cfg->draft.site, &out, &already,
					 &field, &err);
			if (rc < 0) {
				char named[48];
				if (s->n_more)
					snprintf(named, sizeof named, "entries[%zu]%s%s", i,
						 field ? "." : "", field ? field : "");
				field_fail(e, s->n_more ? named : field, err.p);
			}
		}
		draft_free(&d);
	} else {
		refuse(e, ERR_INTERNAL, NULL, "the entry could not be checked");
	}
	buf_release(&err);
	buf_release(&out);
	return rc;
}

/* Each entry's section and block as it would be written, whitespace runs
 * folded: two submissions with the same key are the same contribution. */
static void entry_key(const struct submission *s, const struct draft *d,
		      const struct strmap *aliases, unsigned char key[ENTRY_KEY_BYTES])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, ENTRY_KEY_BYTES);
	for (size_t i = 0; i <= s->n_more; i++) {
		const struct submission *x = i ? &s->more[i - 1] : s;
		const struct draft_section *sec = d ? draft_find_section(d, x->section, aliases)
						    : NULL;
		struct buf md = BUF_INIT, err = BUF_INIT;
		struct submission one = *x;
		one.n_more = 0;
		submission_block(&one, sec, &md, NULL, &err);
		const char *title = sec ? sec->title : x->section;
		crypto_generichash_update(&st, (const unsigned char *)title, strlen(title) + 1);
		fold_hash_update(&st, md.p, false);
		buf_release(&md);
		buf_release(&err);
	}
	crypto_generichash_final(&st, key, ENTRY_KEY_BYTES);
}

/* The object of entry i: the submission itself, or its "entries"' i-th. */
static json_t *entry_object(json_t *obj, size_t i)
{
	json_t *list = json_object_get(obj, "entries");
	return list ? json_array_get(list, i) : obj;
}

/* As stored: under the draft's own heading (even when an alias was used),
 * and an update with the text it started from (applied later, it must find
 * the entry unchanged, or it is merged or refused, never written over). */
static void settle_entry(struct app *app, const struct live_draft *ld, json_t *eo,
			 struct submission *x)
{
	const struct draft_section *sec =
		draft_find_section(&ld->d, x->section, &app->cfg->draft.site.section_aliases);
	struct buf base = BUF_INIT;
	if (x->replace && !x->replace_base &&
	    draft_entry_text(&ld->d, sec, x->replace, &base) == 0)
		json_object_set_new(eo, "replace_base", json_string(base.p ? base.p : ""));
	buf_release(&base);
	if (sec) {
		free(x->section);
		x->section = xstrdup(sec->title);
		json_object_set_new(eo, "section", json_string(sec->title));
	}
}

int submission_check(struct app *app, const struct live_draft *ld, json_t *obj,
		     struct checked_submission *out, struct fault *e)
{
	memset(out, 0, sizeof *out);
	struct submission s = { 0 };
	struct buf err = BUF_INIT;
	const char *field = NULL;
	int rc = -1;
	if (submission_from_object(&s, obj, &field, &err) < 0) {
		field_fail(e, field, err.p);
		goto done;
	}
	bool updates = s.replace;
	for (size_t i = 0; i < s.n_more; i++)
		updates = updates || s.more[i].replace;
	if (ld->state == LIVE_NONE && updates) {
		refuse(e, ERR_INVALID_FIELD, "replace",
		     "there is no draft yet, so no entry in it to update");
		goto done;
	}
	if (ld->state == LIVE_NONE) {
		if (check_without_draft(app, &s, e) < 0)
			goto done;
		entry_key(&s, NULL, NULL, out->entry_key);
	}
	if (ld->state == LIVE_UNAVAILABLE) {
		refuse(e, ERR_DRAFT_UNAVAILABLE, NULL,
		     "the current draft cannot be read from GitHub right now; try again in a minute");
		goto done;
	}
	if (ld->state == LIVE_OK) {
		struct buf changed = BUF_INIT;
		bool already = false;
		buf_reset(&err);
		field = NULL;
		int ok = draft_apply(&ld->d, &s, &app->cfg->draft.site, &changed, &already, &field, &err);
		buf_release(&changed);
		if (ok < 0) {
			field_fail(e, field, err.p);
			goto done;
		}
		if (already) {
			refuse(e, ERR_INVALID_FIELD, "block", "this is already in the draft");
			e->already = true;
			goto done;
		}
		entry_key(&s, &ld->d, &app->cfg->draft.site.section_aliases, out->entry_key);
		for (size_t i = 0; i <= s.n_more; i++)
			settle_entry(app, ld, entry_object(obj, i), i ? &s.more[i - 1] : &s);
		/* an issue that is out takes nothing more: the entry waits for
		 * the next draft (the pull request job picks it then) */
		out->draft_path = ld->published ? NULL : xstrdup(ld->path);
	}
	out->payload = json_dumps(obj, JSON_COMPACT);
	if (!out->payload || strlen(out->payload) > SUBMISSION_MAX_BYTES) {
		refuse(e, ERR_PAYLOAD_TOO_LARGE, NULL, "the submission is too large");
		goto done;
	}
	out->section = xstrdup(s.section);
	out->author = xstrdup(s.author);
	rc = 0;
done:
	if (rc < 0)
		checked_submission_free(out);
	submission_free(&s);
	buf_release(&err);
	return rc;
}

int submission_check_live(struct app *app, json_t *obj, struct checked_submission *out,
			  struct fault *e)
{
	struct live_draft ld;
	live_draft_open(app, &ld);
	int ok = submission_check(app, &ld, obj, out, e);
	live_draft_close(&ld);
	return ok;
}

int submission_by_token(struct req *r, struct store_submission *sub)
{
	struct app *app = req_app(r);
	const char *token = req_param(r, 0);
	unsigned char hash[TOKEN_HASH_BYTES];
	struct buf err = BUF_INIT;
	if (!token_well_formed(token))
		return 0;
	token_hash(token, hash);
	int got = store_submission_get_by_token(app->store, hash, sub, &err);
	if (got < 0)
		log_error("submission lookup: %s", err.p);
	buf_release(&err);
	return got;
}

int submission_markdown(const struct app *app, const struct live_draft *ld,
			const char *payload, struct buf *md, struct buf *err)
{
	struct submission s = { 0 };
	int rc = submission_from_json(&s, payload, strlen(payload), NULL, err);
	/* several entries: each as it would be written, one after the other */
	for (size_t i = 0; rc == 0 && i <= s.n_more; i++) {
		struct submission one = i ? s.more[i - 1] : s;
		one.n_more = 0;
		const struct draft_section *sec =
			ld && ld->state == LIVE_OK
				? draft_find_section(&ld->d, one.section,
						     &app->cfg->draft.site.section_aliases)
				: NULL;
		struct buf block = BUF_INIT;
		rc = submission_block(&one, sec, &block, NULL, err);
		if (rc == 0) {
			if (md->len)
				buf_adds(md, "\n");
			buf_add(md, block.p ? block.p : "", block.len);
		}
		buf_release(&block);
	}
	submission_free(&s);
	return rc;
}

int submission_conflict(const struct app *app, const struct live_draft *ld, const char *payload,
			struct buf *draft_now, struct buf *update)
{
	if (!ld || ld->state != LIVE_OK)
		return 0;
	struct submission s = { 0 };
	struct buf err = BUF_INIT, merged = BUF_INIT;
	int conflict = 0;
	if (submission_from_json(&s, payload, strlen(payload), NULL, &err) == 0 && s.replace &&
	    s.replace_base) {
		const struct draft_section *sec =
			draft_find_section(&ld->d, s.section, &app->cfg->draft.site.section_aliases);
		if (sec && draft_entry_text(&ld->d, sec, s.replace, draft_now) == 0 &&
		    submission_block(&s, sec, update, NULL, &err) == 0)
			conflict = merge3(s.replace_base, update->p ? update->p : "",
					  draft_now->p ? draft_now->p : "", &merged) != MERGE3_CLEAN;
	}
	if (!conflict) {
		buf_reset(draft_now);
		buf_reset(update);
	}
	submission_free(&s);
	buf_release(&err);
	buf_release(&merged);
	return conflict;
}

void fail_twin(struct req *r, struct resp *rs, const char *field, const struct store_twin *twin)
{
	char msg[160];
	snprintf(msg, sizeof msg, "submission %lld (%s) holds the same entry already",
		 (long long)twin->id, sub_status_name(twin->status));
	fail(r, rs, ERR_DUPLICATE, field, msg);
}

int with_linked_submission(struct req *r, struct resp *rs, linked_fn fn)
{
	struct store_submission sub;
	int got = submission_of_link(r, rs, &sub);
	if (got <= 0)
		return got;
	int rc = fn(req_app(r), r, rs, &sub);
	store_submission_free(&sub);
	return rc;
}

int submission_of_link(struct req *r, struct resp *rs, struct store_submission *sub)
{
	resp_header(rs, "Cache-Control", "no-store");
	int got = submission_by_token(r, sub);
	if (got == 0)
		fail(r, rs, ERR_NOT_FOUND, NULL, "no submission has this token");
	return got;
}

void submission_preview_html(const struct app *app, const struct live_draft *ld,
			     const char *payload, struct buf *html)
{
	struct buf err = BUF_INIT, md = BUF_INIT;
	char why[MARKDOWN_WHY] = "";
	int rc = submission_markdown(app, ld, payload, &md, &err);
	if (rc == 0)
		rc = markdown_to_html(md.p, md.len, html, why);
	if (rc != 0) {
		/* a row from before today's rules, or one the renderer refuses:
		 * the page still shows, saying why this entry does not */
		buf_reset(html);
		render_preview_unavailable(html, why[0] ? why : err.len ? err.p : "the renderer failed");
	}
	buf_release(&err);
	buf_release(&md);
}

json_t *submission_merged(const char *payload, json_t *edits)
{
	json_t *merged = json_loads(payload, 0, NULL);
	if (!json_is_object(merged)) {
		json_decref(merged);
		merged = json_object();
	}
	const char *key;
	json_t *v;
	json_object_foreach(edits, key, v) {
		if (json_is_null(v))
			json_object_del(merged, key);
		else
			json_object_set(merged, key, v);
	}
	return merged;
}
