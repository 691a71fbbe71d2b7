/* xalloc.h: allocation that never returns NULL.
 *
 * Policy for the whole program: running out of memory is not an error a
 * request can recover from, so these print one line and abort() (as redis'
 * zmalloc does).  Code that must survive a huge allocation checks sizes
 * against its own limits before it allocates.
 */
#ifndef NEWSDESK_XALLOC_H
#define NEWSDESK_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows an array of `size`-byte elements to hold at least `need`. */
void *xgrowarray(void *p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
_Noreturn void xalloc_die(size_t n);

#endif
