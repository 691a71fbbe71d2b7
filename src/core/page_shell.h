/* page_shell.h: the frame of every server-rendered page. */
#ifndef NEWSDESK_PAGE_SHELL_H
#define NEWSDESK_PAGE_SHELL_H

#include "http/errors.h"
#include "http/http.h"
#include "http/route.h"
#include "util/buf.h"

/* <!doctype html> … <main>, and the end of the page. */
void page_begin(struct buf *b, const char *title);
void page_end(struct buf *b);

/* A page route's refusal (route.h refusal_page): the error's title, the
 * message, and the way back when there is one. */
void page_refusal(struct req *r, struct resp *rs, const struct err_def *e, const char *field,
		  const char *message, const char *back);

#endif
