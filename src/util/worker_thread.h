/* worker_thread.h: starting, waking and ending a worker thread that sleeps on a
 * condition.  The flag is set under the worker's mutex, so the worker
 * cannot test it, miss the wake-up and sleep for ever. */
#ifndef NEWSDESK_WORKER_THREAD_H
#define NEWSDESK_WORKER_THREAD_H

#include <pthread.h>
#include <stdbool.h>

/* Makes mu and wake, then starts fn(arg): 0, or -1 with nothing left. */
int thread_start(pthread_t *thread, void *(*fn)(void *), void *arg, pthread_mutex_t *mu,
		 pthread_cond_t *wake);
/* *flag = true, and every sleeper on wake is woken. */
void thread_flag_raise(pthread_mutex_t *mu, pthread_cond_t *wake, bool *flag);
/* Raises *stopping and waits for the thread to end. */
void thread_stop(pthread_t thread, pthread_mutex_t *mu, pthread_cond_t *wake, bool *stopping);
/* thread_start undone: thread_stop, then mu and wake destroyed. */
void thread_end(pthread_t thread, pthread_mutex_t *mu, pthread_cond_t *wake, bool *stopping);

#endif
