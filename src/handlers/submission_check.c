/* submission_check.c: validating submissions against the live draft */
#include "handlers/submission_check.h"

#include <stdlib.h>
#include <string.h>

#include "auth/tokens.h"
#include "draft/draft.h"
#include "handlers/errors.h"
#include "render/markdown.h"
#include "util/log.h"
#include "util/xalloc.h"

void checked_submission_free(struct checked_submission *c)
{
	free(c->payload);
	free(c->section);
	free(c->author);
	free(c->draft_path);
	memset(c, 0, sizeof *c);
}

/* "field: message" → the field name (the engine's convention). */
static void field_error_from(struct resp *rs, const char *field, const char *msg)
{
	const char *colon = strstr(msg, ": ");
	resp_field_error(rs, field ? field : "submission", colon && field ? colon + 2 : msg);
}

int submission_check(struct app *app, json_t *obj, struct checked_submission *out,
		     struct resp *rs)
{
	memset(out, 0, sizeof *out);
	char *text = json_dumps(obj, JSON_COMPACT);
	struct submission s = { 0 };
	struct buf err = BUF_INIT;
	const char *field = NULL;
	char *draft = NULL, *path = NULL;
	int rc = -1;
	if (!text) {
		resp_error(rs, 500, "internal", "the submission could not be read");
		goto done;
	}
	if (strlen(text) > SUBMISSION_MAX_BYTES) {
		resp_error(rs, 413, "payload_too_large", "the submission is too large");
		goto done;
	}
	if (submission_from_json(&s, text, strlen(text), &field, &err) < 0) {
		field_error_from(rs, field, err.p);
		goto done;
	}
	int found = app->drafts ? draft_source_get(app->drafts, &draft, &path, &err) : 0;
	if (found < 0) {
		log_warn("submission: %s", err.p);
		resp_error(rs, 503, "draft_unavailable",
			   "the current draft cannot be read from GitHub right now; try again in a minute");
		goto done;
	}
	if (found) {
		struct draft d;
		struct buf changed = BUF_INIT;
		bool already = false;
		buf_reset(&err);
		if (draft_parse(&d, draft, strlen(draft), &err) < 0) {
			log_error("the live draft %s does not parse: %s", path, err.p);
			resp_error(rs, 503, "draft_unavailable", "the current draft cannot be read");
			goto done;
		}
		field = NULL;
		int ok = draft_apply(&d, &s, &app->cfg->draft.section_aliases, &changed, &already,
				     &field, &err);
		const struct draft_section *sec =
			ok == 0 ? draft_find_section(&d, s.section, &app->cfg->draft.section_aliases)
				: NULL;
		if (sec) {
			/* stored under the draft's own heading, even when an alias was used */
			free(s.section);
			s.section = xstrdup(sec->title);
			json_object_set_new(obj, "section", json_string(sec->title));
		}
		draft_free(&d);
		buf_release(&changed);
		if (ok < 0) {
			field_error_from(rs, field, err.p);
			goto done;
		}
		if (already) {
			resp_field_error(rs, "block", "this is already in the draft");
			goto done;
		}
		out->draft_path = path;
		path = NULL;
	}
	free(text);
	text = json_dumps(obj, JSON_COMPACT);
	out->payload = text;
	text = NULL;
	out->section = xstrdup(s.section);
	out->author = xstrdup(s.author);
	rc = 0;
done:
	if (rc < 0)
		checked_submission_free(out);
	submission_free(&s);
	free(text);
	free(draft);
	free(path);
	buf_release(&err);
	return rc;
}

int submission_preview_html(struct app *app, const char *payload, struct buf *html)
{
	struct submission s = { 0 };
	struct buf err = BUF_INIT, md = BUF_INIT;
	char *draft = NULL, *path = NULL;
	int rc = -1;
	if (submission_from_json(&s, payload, strlen(payload), NULL, &err) < 0)
		goto done;
	struct draft d;
	bool parsed = false;
	const struct draft_section *sec = NULL;
	if (app->drafts && draft_source_get(app->drafts, &draft, &path, &err) == 1 &&
	    draft_parse(&d, draft, strlen(draft), &err) == 0) {
		parsed = true;
		sec = draft_find_section(&d, s.section, &app->cfg->draft.section_aliases);
	}
	rc = submission_block(&s, sec, &md, NULL, &err);
	if (parsed)
		draft_free(&d);
	if (rc == 0)
		rc = markdown_to_html(md.p ? md.p : "", md.len, html);
done:
	submission_free(&s);
	free(draft);
	free(path);
	buf_release(&err);
	buf_release(&md);
	return rc;
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
