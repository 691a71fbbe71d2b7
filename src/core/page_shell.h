/* page_shell.h: the frame of every server-rendered page. */
#ifndef NEWSDESK_PAGE_SHELL_H
#define NEWSDESK_PAGE_SHELL_H

#include "util/buf.h"

/* <!doctype html> … <main>, and the end of the page. */
void page_begin(struct buf *b, const char *title);
void page_end(struct buf *b);

#endif
