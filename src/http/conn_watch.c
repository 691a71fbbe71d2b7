/* conn_watch.c: per-address limits and receive deadlines (conn_watch.h) */
#include "http/conn_watch.h"
#include "http/http_internal.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "util/deadline.h"
#include "util/ip_match.h"
#include "util/ip_net.h"
#include "util/log.h"
#include "util/worker_thread.h"
#include "util/xalloc.h"

enum phase { WAIT_HEADERS, WAIT_BODY, HANDLING };

struct track {
	struct track *prev, *next;
	MHD_socket fd;
	char ip[IP_TEXT_MAX];
	char net[IP_NET_MAX];   /* what the per-address cap counts */
	bool limited;        /* counts against its address */
	enum phase phase;
	uint64_t since_ms;   /* when the phase began */
	bool line_seen;      /* a request line came in since the phase began */
	bool cut;
	bool excess;         /* opened past max_open (conn_watch_excess) */
};

struct conn_watch {
	struct conn_watch_opts o;
	pthread_mutex_t mu;
	pthread_cond_t tick;
	pthread_t thread;
	bool stopping;
	struct track *head;
	size_t n;
};

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Caller holds mu.  why NULL: a connection that sent nothing (a browser
 * keeping one open for later), closed without a word. */
static void cut(struct track *t, const char *why)
{
	if (t->cut)
		return;
	t->cut = true;
	shutdown(t->fd, SHUT_RDWR);
	if (why)
		log_warn("http: closed a connection from %s: %s", t->ip, why);
}

static void *watch_run(void *arg)
{
	struct conn_watch *w = arg;
	pthread_mutex_lock(&w->mu);
	while (!w->stopping) {
		struct timespec until = deadline_after_ms(250);
		pthread_cond_timedwait(&w->tick, &w->mu, &until);
		uint64_t now = now_ms();
		for (struct track *t = w->head; t; t = t->next) {
			uint64_t age = now - t->since_ms;
			if (t->phase == WAIT_HEADERS && w->o.header_timeout &&
			    age > (uint64_t)w->o.header_timeout * 1000u)
				cut(t, t->line_seen ? "its request's headers took too long" : NULL);
			else if (t->phase == WAIT_BODY && w->o.body_timeout &&
				 age > (uint64_t)w->o.body_timeout * 1000u)
				cut(t, "its request's body took too long");
		}
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

struct conn_watch *conn_watch_start(const struct conn_watch_opts *o)
{
	struct conn_watch *w = xcalloc(1, sizeof *w);
	w->o = *o;
	if (thread_start(&w->thread, watch_run, w, &w->mu, &w->tick) < 0) {
		free(w);
		return NULL;
	}
	return w;
}

void conn_watch_stop(struct conn_watch *w)
{
	if (!w)
		return;
	thread_end(w->thread, &w->mu, &w->tick, &w->stopping);
	/* libmicrohttpd has closed every connection by now */
	for (struct track *t = w->head, *next; t; t = next) {
		next = t->next;
		free(t);
	}
	free(w);
}

void conn_watch_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		       enum MHD_ConnectionNotificationCode code)
{
	struct conn_watch *w = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		struct track *t = xcalloc(1, sizeof *t);
		const union MHD_ConnectionInfo *fi =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		t->fd = fi ? fi->connect_fd : MHD_INVALID_SOCKET;
		http_peer_ip(c, t->ip, sizeof t->ip);
		ip_network_key(t->ip, w->o.ipv6_prefix ? w->o.ipv6_prefix : 64, t->net);
		t->limited = w->o.per_ip && !ip_in_list(t->ip, w->o.trusted, w->o.n_trusted);
		t->phase = WAIT_HEADERS;
		t->since_ms = now_ms();
		pthread_mutex_lock(&w->mu);
		size_t same = 0;
		for (struct track *o = w->head; o && t->limited; o = o->next)
			same += o->limited && !o->cut && strcmp(o->net, t->net) == 0;
		t->next = w->head;
		if (w->head)
			w->head->prev = t;
		w->head = t;
		t->excess = w->o.max_open && w->n >= w->o.max_open;
		w->n++;
		if (t->limited && same >= w->o.per_ip)
			cut(t, "too many connections from one address");
		pthread_mutex_unlock(&w->mu);
		*socket_context = t;
		return;
	}
	struct track *t = *socket_context;
	if (!t)
		return;
	pthread_mutex_lock(&w->mu);
	if (t->prev)
		t->prev->next = t->next;
	else
		w->head = t->next;
	if (t->next)
		t->next->prev = t->prev;
	w->n--;
	pthread_mutex_unlock(&w->mu);
	free(t);
	*socket_context = NULL;
}

/* The connection's entry in the list (its socket context), or NULL. */
static struct track *track_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

/* excess and ip are set before the entry is published and never change */
bool conn_watch_excess(struct MHD_Connection *c)
{
	struct track *t = track_of(c);
	return t && t->excess;
}

const char *conn_watch_peer(struct MHD_Connection *c)
{
	struct track *t = track_of(c);
	return t ? t->ip : "?";
}

static void set_phase(struct conn_watch *w, struct MHD_Connection *c, enum phase p)
{
	struct track *t = track_of(c);
	if (!w || !t)
		return;
	pthread_mutex_lock(&w->mu);
	t->phase = p;
	t->since_ms = now_ms();
	t->line_seen = false;
	pthread_mutex_unlock(&w->mu);
}

void conn_watch_line_seen(struct conn_watch *w, struct MHD_Connection *c)
{
	struct track *t = track_of(c);
	if (!w || !t)
		return;
	pthread_mutex_lock(&w->mu);
	t->line_seen = true;
	pthread_mutex_unlock(&w->mu);
}

void conn_watch_headers_done(struct conn_watch *w, struct MHD_Connection *c)
{
	set_phase(w, c, WAIT_BODY);
}

void conn_watch_body_done(struct conn_watch *w, struct MHD_Connection *c)
{
	set_phase(w, c, HANDLING);
}

void conn_watch_request_done(struct conn_watch *w, struct MHD_Connection *c)
{
	set_phase(w, c, WAIT_HEADERS);
}

size_t conn_watch_open(struct conn_watch *w)
{
	pthread_mutex_lock(&w->mu);
	size_t n = w->n;
	pthread_mutex_unlock(&w->mu);
	return n;
}

size_t conn_watch_cut_all(struct conn_watch *w)
{
	size_t n = 0;
	pthread_mutex_lock(&w->mu);
	for (struct track *t = w->head; t; t = t->next, n++)
		if (!t->cut) {
			t->cut = true;
			shutdown(t->fd, SHUT_RDWR);
		}
	pthread_mutex_unlock(&w->mu);
	return n;
}
