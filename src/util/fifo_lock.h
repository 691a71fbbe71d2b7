/* fifo_lock.h: a mutex that is handed over in the order it was asked for.
 *
 * A pthread mutex lets the thread that just released it take it again at
 * once; under a stream of writes one request thread then starves the
 * others, and every connection that thread serves waits with it (the
 * tail of the write latency).  A ticket lock serves the waiters first
 * come, first served. */
#ifndef NEWSDESK_FIFO_LOCK_H
#define NEWSDESK_FIFO_LOCK_H

#include <pthread.h>
#include <stdint.h>

struct fifo_lock {
	pthread_mutex_t mu;
	pthread_cond_t turn;
	uint64_t next;     /* the ticket the next caller takes */
	uint64_t serving;  /* the ticket that holds the lock */
};

void fifo_lock_init(struct fifo_lock *l);
void fifo_lock_destroy(struct fifo_lock *l);
void fifo_lock_take(struct fifo_lock *l);
void fifo_lock_give(struct fifo_lock *l);

#endif
