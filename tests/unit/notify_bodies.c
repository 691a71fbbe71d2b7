/* notify_bodies.c: the notification documents in both formats — newsdesk's
 * JSON for every event, and Slack's {"text"} (which Zulip and Mattermost
 * accept) where a person's text cannot ping a channel or forge a link. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "features/notify/notify.h"
#include "store/comments.h"
#include "store/submissions.h"

static struct config *config_with(const char *format)
{
	char toml[256];
	snprintf(toml, sizeof toml, "[server]\npublic_url = \"https://news.example\"\n"
				    "[comments]\nnotify_url = \"https://chat.example/hook\"\n"
				    "notify_format = \"%s\"\n", format);
	struct buf err = BUF_INIT;
	struct config *c = cfg_parse(toml, strlen(toml), "t.toml", &err);
	cr_assert_not_null(c, "%s", err.p);
	buf_release(&err);
	return c;
}

static struct store_submission sub(void)
{
	static char section[] = "Other Projects", author[] = "octo-cat",
		    url[] = "https://github.com/rust-osdev/homepage/pull/7";
	return (struct store_submission){ .id = 12, .status = SUB_PR_OPEN, .section = section,
					  .author = author, .pr_number = 7, .pr_url = url,
					  .author_github_id = 583231 };
}

Test(notify_bodies, newsdesk_json_names_the_event)
{
	struct config *c = config_with("newsdesk");
	struct store_submission s = sub();
	static const char *const events[] = { "submission.pending", "pull_request.opened",
					      "pull_request.merged", "submission.moved" };
	for (size_t i = 0; i < 4; i++) {
		char *body = notify_submission_body(c, events[i], &s);
		json_t *j = json_loads(body, 0, NULL);
		cr_assert_str_eq(json_string_value(json_object_get(j, "event")), events[i]);
		json_t *o = json_object_get(j, "submission");
		cr_assert_eq(json_integer_value(json_object_get(o, "id")), 12);
		cr_assert(json_is_true(json_object_get(o, "author_verified")));
		cr_assert_str_eq(json_string_value(json_object_get(o, "pr_url")), s.pr_url);
		cr_assert_str_eq(json_string_value(json_object_get(j, "review_url")),
				 "https://news.example/admin");
		json_decref(j);
		free(body);
	}
	cfg_free(c);
}

Test(notify_bodies, slack_text_is_one_safe_line)
{
	struct config *c = config_with("slack");
	struct store_submission s = sub();
	char *body = notify_submission_body(c, "pull_request.merged", &s);
	json_t *j = json_loads(body, 0, NULL);
	cr_assert_eq(json_object_size(j), 1);
	cr_assert_str_eq(json_string_value(json_object_get(j, "text")),
			 "Contribution merged into the draft: Other Projects by @octo-cat "
			 "<https://github.com/rust-osdev/homepage/pull/7|#7> "
			 "<https://news.example/admin|Review>");
	json_decref(j);
	free(body);

	static char page[] = "/this-month/2024-04/", author[] = "<!channel> Eve",
		    text[] = "see <https://evil.example|your bank>\nnow";
	struct store_comment cm = { .id = 3, .page = page, .author = author, .body_md = text,
				    .created_at = 1714780800 };
	body = notify_comment_body(c, &cm);
	j = json_loads(body, 0, NULL);
	const char *t = json_string_value(json_object_get(j, "text"));
	cr_assert_null(strstr(t, "<!channel>"), "%s", t);
	cr_assert_null(strstr(t, "<https://evil"), "%s", t);
	cr_assert_null(strchr(t, '\n'), "%s", t);
	cr_assert(strstr(t, "&lt;!channel&gt; Eve"), "%s", t);
	json_decref(j);
	free(body);
	cfg_free(c);
}

/* A change asked of a contribution says what was asked, in JSON and in a
 * chat line (where the maintainer's words cannot become markup). */
Test(notify_bodies, a_change_request_says_what_was_asked)
{
	struct config *c = config_with("newsdesk");
	struct store_submission s = sub();
	static char asked[] = "Say which <!channel> controllers *it* drives";
	s.status = SUB_CHANGES_REQUESTED;
	s.reason = asked;
	s.pr_url = NULL;
	s.pr_number = 0;
	char *body = notify_submission_body(c, "submission.changes_requested", &s);
	json_t *j = json_loads(body, 0, NULL);
	cr_assert_str_eq(json_string_value(json_object_get(j, "event")),
			 "submission.changes_requested");
	json_t *o = json_object_get(j, "submission");
	cr_assert_str_eq(json_string_value(json_object_get(o, "status")), "changes_requested");
	cr_assert_str_eq(json_string_value(json_object_get(o, "changes_requested")), asked);
	json_decref(j);
	free(body);
	body = notify_submission_body(c, "submission.updated", &(struct store_submission){
		.id = 12, .status = SUB_PENDING, .section = s.section, .author = s.author });
	cr_assert(strstr(body, "\"event\":\"submission.updated\""), "%s", body);
	cr_assert(strstr(body, "\"changes_requested\":null"), "nothing asked any more: %s", body);
	free(body);
	cfg_free(c);
	c = config_with("slack");
	body = notify_submission_body(c, "submission.changes_requested", &s);
	j = json_loads(body, 0, NULL);
	const char *t = json_string_value(json_object_get(j, "text"));
	cr_assert(strstr(t, "Changes asked of a contribution"), "%s", t);
	cr_assert_null(strstr(t, "<!channel>"), "%s", t);
	json_decref(j);
	free(body);
	cfg_free(c);
}
