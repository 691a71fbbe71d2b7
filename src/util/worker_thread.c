#include "util/worker_thread.h"

int thread_start(pthread_t *thread, void *(*fn)(void *), void *arg, pthread_mutex_t *mu,
		 pthread_cond_t *wake)
{
	pthread_mutex_init(mu, NULL);
	pthread_cond_init(wake, NULL);
	if (pthread_create(thread, NULL, fn, arg) == 0)
		return 0;
	pthread_cond_destroy(wake);
	pthread_mutex_destroy(mu);
	return -1;
}

void thread_flag_raise(pthread_mutex_t *mu, pthread_cond_t *wake, bool *flag)
{
	pthread_mutex_lock(mu);
	*flag = true;
	pthread_cond_broadcast(wake);
	pthread_mutex_unlock(mu);
}

void thread_stop(pthread_t thread, pthread_mutex_t *mu, pthread_cond_t *wake, bool *stopping)
{
	thread_flag_raise(mu, wake, stopping);
	pthread_join(thread, NULL);
}

void thread_end(pthread_t thread, pthread_mutex_t *mu, pthread_cond_t *wake, bool *stopping)
{
	thread_stop(thread, mu, wake, stopping);
	pthread_cond_destroy(wake);
	pthread_mutex_destroy(mu);
}
