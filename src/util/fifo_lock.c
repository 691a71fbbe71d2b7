#include "util/fifo_lock.h"

void fifo_lock_init(struct fifo_lock *l)
{
	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->turn, NULL);
	l->next = 0;
	l->serving = 0;
}

void fifo_lock_destroy(struct fifo_lock *l)
{
	pthread_cond_destroy(&l->turn);
	pthread_mutex_destroy(&l->mu);
}

void fifo_lock_take(struct fifo_lock *l)
{
	pthread_mutex_lock(&l->mu);
	uint64_t mine = l->next++;
	while (l->serving != mine)
		pthread_cond_wait(&l->turn, &l->mu);
	pthread_mutex_unlock(&l->mu);
}

void fifo_lock_give(struct fifo_lock *l)
{
	pthread_mutex_lock(&l->mu);
	l->serving++;
	/* the waiters are the few threads that write at once: each looks
	 * whether its ticket is up */
	pthread_cond_broadcast(&l->turn);
	pthread_mutex_unlock(&l->mu);
}
