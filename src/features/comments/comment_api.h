/* comment_api.h: what the comment handlers share. */
#ifndef NEWSDESK_COMMENT_API_H
#define NEWSDESK_COMMENT_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/app.h"
#include "features/comments/comment_cache.h"
#include "features/comments/page_path.h"
#include "store/comments.h"

#define COMMENTS_PER_PAGE_MAX 2000   /* a thread longer than this is cut */
/* What readers may see of a comment (no email, no address). */
json_t *comment_public_json(const struct app *app, const struct store_comment *c);
/* The JSON of page's approved thread, from the cache or built and cached,
 * with a reference for the caller (comment_blob_release); NULL when the
 * store fails. */
struct comment_blob *comment_thread_json(struct app *app, const char *page);
/* Call after any committed write that touches page's thread. */
void comment_page_changed(struct app *app, const char *page);
/* The ?page= parameter, normalised: 1 done, 0 absent, -1 not a page path
 * (refused: rs holds the answer). */
int page_param(struct req *r, struct resp *rs, char page[PAGE_PATH_MAX + 1]);
/* The same where ?page= is required: true with page, else refused. */
bool page_required(struct req *r, struct resp *rs, char page[PAGE_PATH_MAX + 1]);
/* The route's {id} as a positive integer, or -1. */
int64_t comment_id_param(struct req *r);

#endif
