/* slow_pool.h: a bounded pool for work that waits.
 *
 * No HTTP thread may wait on the network, a sleep or an expensive hash
 * that an anonymous client can trigger: the request is suspended
 * (req_defer) and such work — GitHub's OAuth exchange, a password hash —
 * runs here, on a few threads of its own, then answers the request.  The
 * queue is bounded: when it is full, slow_pool_submit says so at once and
 * the caller answers 503, so a flood of such requests costs a queue slot,
 * not a thread of the server. */
#ifndef NEWSDESK_SLOW_POOL_H
#define NEWSDESK_SLOW_POOL_H

#include <stddef.h>

struct slow_pool;

struct slow_pool *slow_pool_start(unsigned threads, size_t queue_cap);
/* Runs fn(arg) on a pool thread: 0, or -1 when the queue is full (fn is
 * not called; the caller still owns arg).  p NULL (a test bed with no
 * pool): fn runs at once, on the caller's thread. */
int slow_pool_submit(struct slow_pool *p, void (*fn)(void *arg), void *arg);
/* Finishes what is queued, then ends the threads. */
void slow_pool_stop(struct slow_pool *p);

#endif
