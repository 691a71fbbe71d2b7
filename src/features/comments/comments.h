/* comments.h: the comment routes' handlers (readers' and moderators'), and
 * the page a plain form's refused comment gets. */
#ifndef NEWSDESK_COMMENTS_H
#define NEWSDESK_COMMENTS_H

#include "core/app.h"
#include "http/errors.h"
#include "http/fields.h"

int handle_comments_list(struct req *r, struct resp *rs);
int handle_comments_counts(struct req *r, struct resp *rs);
int handle_comments_form_token(struct req *r, struct resp *rs);
int handle_comment_create(struct req *r, struct resp *rs);
int handle_comment_edit(struct req *r, struct resp *rs);
/* The routes' authorize: the edit token (or GitHub identity) owns the
 * comment, which the handler finds in req_user. */
int comment_owner(struct req *r, struct resp *rs);
int handle_comment_delete(struct req *r, struct resp *rs);
int handle_comment_own(struct req *r, struct resp *rs);
int handle_comments_feed(struct req *r, struct resp *rs);
int handle_comments_thread_page(struct req *r, struct resp *rs);
int handle_admin_comments_list(struct req *r, struct resp *rs);
int handle_admin_comment_moderate(struct req *r, struct resp *rs);
int handle_admin_comment_delete(struct req *r, struct resp *rs);
int handle_admin_comments_bulk(struct req *r, struct resp *rs);
int handle_admin_imports(struct req *r, struct resp *rs);
int handle_reaction_add(struct req *r, struct resp *rs);
int handle_reaction_remove(struct req *r, struct resp *rs);
int handle_reactions_mine(struct req *r, struct resp *rs);

/* What they read (fields.h). */
extern const struct input_spec comment_input_spec, comment_edit_input, comment_page_input;
extern const struct input_spec comment_counts_input, comment_thread_input;
extern const struct input_spec admin_comments_input, admin_bulk_input;
extern const struct input_spec reaction_input, reactions_mine_input;

/* The route's refusal_page: what was wrong, and the way back to the thread. */
void comment_refusal_page(struct req *r, struct resp *rs, const struct err_def *e,
			const char *field, const char *message, const char *back);
void reaction_refusal_page(struct req *r, struct resp *rs, const struct err_def *e,
			   const char *field, const char *message, const char *back);

#endif
