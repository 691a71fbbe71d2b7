/* admin_month.c: GET /api/v1/admin/month — the issue at a glance: for each
 * section of the live draft, the entries it holds, the contributions on
 * their way (pending, approved, in an open pull request, merged), whether
 * it still shows a "nothing this month" placeholder; the deadline. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/app.h"
#include "features/pulls/pulls.h"
#include "core/live_draft.h"
#include "draft/draft.h"
#include "util/log.h"
#include "store/submissions.h"

#define MONTH_LIMIT 500

struct month {
	const struct draft *d;
	const char *path;
	json_t *sections;   /* title -> section object */
	json_t *elsewhere;  /* contributions whose section the draft lacks */
};

static void add_submission(const struct store_submission *s, void *arg)
{
	struct month *m = arg;
	/* rejected and closed ones are not on their way; others of another
	 * issue are not this month's */
	if (s->status == SUB_REJECTED || s->status == SUB_CLOSED ||
	    (s->draft_path && strcmp(s->draft_path, m->path) != 0 && s->status != SUB_PENDING))
		return;
	json_t *payload = json_loads(s->payload, 0, NULL);
	const char *name = json_string_value(json_object_get(payload, "name"));
	/* a block without a name (a harvested entry) is named by its heading */
	char *named = NULL;
	const char *block = json_string_value(json_object_get(payload, "block"));
	if (!name && block) {
		struct submission one = { .block = (char *)block };
		named = submission_name(&one);
	}
	json_t *item = json_pack("{s:I,s:s,s:s,s:s,s:b}", "id", (json_int_t)s->id, "name",
				 name ? name : named && *named ? named : "(Markdown block)", "status",
				 sub_status_name(s->status), "author", s->author, "author_verified",
				 s->author_github_id > 0);
	free(named);
	json_decref(payload);
	json_t *sec = json_object_get(m->sections, s->section);
	json_t *list = sec ? json_object_get(sec, "coming") : m->elsewhere;
	json_array_append_new(list, item);
}

int handle_admin_month(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	struct live_draft ld;
	if (!live_draft_open_or_fail(r, rs, &ld)) {
		live_draft_close(&ld);
		return 0;
	}
	struct month m = { &ld.d, ld.path, json_object(), json_array() };
	json_t *order = json_array();
	for (size_t i = 0; i < ld.d.n_sections; i++) {
		const struct draft_section *s = &ld.d.sections[i];
		if (s->kind == KIND_NONE && !s->has_placeholder)
			continue;
		json_t *entries = json_array();
		for (size_t b = 0; b < s->n_blocks; b++)
			json_array_append_new(entries, json_string(s->blocks[b].name));
		json_t *sec = json_pack("{s:s,s:s,s:o,s:b,s:o}", "title", s->title, "kind",
					draft_kind_name(s->kind), "entries", entries, "placeholder",
					s->has_placeholder && !s->placeholder_commented, "coming",
					json_array());
		json_object_set(m.sections, s->title, sec);
		json_array_append_new(order, sec);
	}
	struct buf err = BUF_INIT;
	int rc = store_submission_list(app->store, NULL, MONTH_LIMIT, add_submission, &m, &err);
	if (rc < 0) {
		log_error("month: %s", err.p);
	} else {
		struct issue_info ii;
		issue_info_of(ld.d.month, ld.published, app->cfg->draft.deadline_day,
			      (int64_t)time(NULL), &ii);
		json_t *issue = json_pack("{s:s,s:s,s:b}", "month", ii.month, "path", ld.path,
					  "published", ii.published);
		if (*ii.deadline) {
			json_object_set_new(issue, "deadline", json_string(ii.deadline));
			json_object_set_new(issue, "days_left", json_integer(ii.days_left));
		}
		resp_header(rs, "Cache-Control", "no-store");
		resp_json(rs, HTTP_OK, json_pack("{s:o,s:O,s:O}", "issue", issue, "sections", order,
					     "other_sections", m.elsewhere));
	}
	json_decref(order);
	json_decref(m.sections);
	json_decref(m.elsewhere);
	buf_release(&err);
	live_draft_close(&ld);
	return rc < 0 ? -1 : 0;
}
