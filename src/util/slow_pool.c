/* slow_pool.c: a bounded pool for work that waits (slow_pool.h) */
#include "util/slow_pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "util/worker_thread.h"
#include "util/xalloc.h"

struct task {
	void (*fn)(void *);
	void *arg;
};

struct slow_pool {
	pthread_mutex_t mu;
	pthread_cond_t wake;
	struct task *q;
	size_t cap, head, n;
	bool stopping;
	pthread_t *threads;
	unsigned n_threads;
};

static void *run(void *arg)
{
	struct slow_pool *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->n && !p->stopping)
			pthread_cond_wait(&p->wake, &p->mu);
		if (!p->n)
			break;   /* stopping, and nothing left */
		struct task t = p->q[p->head];
		p->head = (p->head + 1) % p->cap;
		p->n--;
		pthread_mutex_unlock(&p->mu);
		t.fn(t.arg);
		pthread_mutex_lock(&p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct slow_pool *slow_pool_start(unsigned threads, size_t queue_cap)
{
	struct slow_pool *p = xcalloc(1, sizeof *p);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->wake, NULL);
	p->cap = queue_cap ? queue_cap : 1;
	p->q = xcalloc(p->cap, sizeof *p->q);
	p->threads = xcalloc(threads ? threads : 1, sizeof *p->threads);
	for (unsigned i = 0; i < (threads ? threads : 1); i++) {
		if (pthread_create(&p->threads[i], NULL, run, p) != 0)
			break;
		p->n_threads++;
	}
	if (!p->n_threads) {
		slow_pool_stop(p);
		return NULL;
	}
	return p;
}

int slow_pool_submit(struct slow_pool *p, void (*fn)(void *arg), void *arg)
{
	if (!p) {
		fn(arg);
		return 0;
	}
	pthread_mutex_lock(&p->mu);
	int rc = -1;
	if (!p->stopping && p->n < p->cap) {
		p->q[(p->head + p->n) % p->cap] = (struct task){ fn, arg };
		p->n++;
		rc = 0;
		pthread_cond_signal(&p->wake);
	}
	pthread_mutex_unlock(&p->mu);
	return rc;
}

void slow_pool_stop(struct slow_pool *p)
{
	if (!p)
		return;
	thread_flag_raise(&p->mu, &p->wake, &p->stopping);
	for (unsigned i = 0; i < p->n_threads; i++)
		pthread_join(p->threads[i], NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->wake);
	free(p->threads);
	free(p->q);
	free(p);
}
