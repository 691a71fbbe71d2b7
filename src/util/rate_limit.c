/* rate_limit.c: fixed-window counters in a bounded table */
#include "util/rate_limit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void rate_limit_init(struct rate_limit *rl, unsigned max, int64_t window_s)
{
	pthread_mutex_init(&rl->mu, NULL);
	rl->max = max;
	rl->window_s = window_s;
	rl->slots = xcalloc(RATE_LIMIT_SLOTS, sizeof *rl->slots);
}

void rate_limit_free(struct rate_limit *rl)
{
	pthread_mutex_destroy(&rl->mu);
	free(rl->slots);
	rl->slots = NULL;
}

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* The slot for key: its own, else a free or expired one nearby, else the
 * oldest nearby (open addressing over a short probe run). */
static struct rate_slot *slot_for(struct rate_limit *rl, const char *key, int64_t now,
				  bool create)
{
	size_t start = (size_t)(fnv(key) % RATE_LIMIT_SLOTS);
	struct rate_slot *victim = NULL;
	for (size_t i = 0; i < 16; i++) {
		struct rate_slot *s = &rl->slots[(start + i) % RATE_LIMIT_SLOTS];
		if (strcmp(s->key, key) == 0)
			return s;
		bool expired = !s->key[0] || now - s->window_start >= rl->window_s;
		if (!victim || (expired && victim->key[0]) ||
		    (!expired && victim->key[0] && s->window_start < victim->window_start))
			victim = s;
	}
	if (!create)
		return NULL;
	snprintf(victim->key, sizeof victim->key, "%s", key);
	victim->window_start = now;
	victim->count = 0;
	return victim;
}

bool rate_limit_hit(struct rate_limit *rl, const char *key, int64_t now)
{
	if (!rl->max)
		return true;
	pthread_mutex_lock(&rl->mu);
	struct rate_slot *s = slot_for(rl, key, now, true);
	if (now - s->window_start >= rl->window_s) {
		s->window_start = now;
		s->count = 0;
	}
	if (s->count < UINT32_MAX)
		s->count++;
	bool ok = s->count <= rl->max;
	pthread_mutex_unlock(&rl->mu);
	return ok;
}

bool rate_limit_ok(struct rate_limit *rl, const char *key, int64_t now)
{
	if (!rl->max)
		return true;
	pthread_mutex_lock(&rl->mu);
	struct rate_slot *s = slot_for(rl, key, now, false);
	bool ok = !s || now - s->window_start >= rl->window_s || s->count < rl->max;
	pthread_mutex_unlock(&rl->mu);
	return ok;
}

void rate_limit_reset(struct rate_limit *rl, const char *key)
{
	pthread_mutex_lock(&rl->mu);
	struct rate_slot *s = slot_for(rl, key, 0, false);
	if (s)
		memset(s, 0, sizeof *s);
	pthread_mutex_unlock(&rl->mu);
}
