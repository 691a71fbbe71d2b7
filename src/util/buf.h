/* buf.h: a growable byte buffer.
 *
 * Invariants: `p` is never NULL once initialised (BUF_INIT points at a shared
 * empty string), `p[len]` is always '\0', so a buf is usable as a C string
 * as long as the content has no NUL bytes.  Memory policy: allocation
 * failure aborts the process (see xalloc.h); no function here can fail.
 */
#ifndef NEWSDESK_BUF_H
#define NEWSDESK_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *p;
	size_t len;
	size_t cap; /* 0 while p points at the shared empty string */
};

extern char buf_empty_[];
#define BUF_INIT { .p = buf_empty_, .len = 0, .cap = 0 }

void buf_init(struct buf *b);
/* Frees the storage; afterwards b is as if just BUF_INIT. */
void buf_release(struct buf *b);
void buf_reset(struct buf *b); /* len = 0, keeps the storage */
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Hands the storage to the caller (free() it); b is reset to empty.
 * Never returns NULL. */
char *buf_detach(struct buf *b, size_t *len);

#endif
