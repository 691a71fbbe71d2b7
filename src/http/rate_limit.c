/* rate_limit.c: sliding-window counters in a bounded table */
#include "http/rate_limit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void rate_limit_init(struct rate_limit *rl, unsigned max, int64_t window_s)
{
	pthread_mutex_init(&rl->mu, NULL);
	rl->max = max;
	rl->window_s = window_s > 0 ? window_s : 1;
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

static int64_t window_of(const struct rate_limit *rl, int64_t now)
{
	int64_t w = now - now % rl->window_s;
	return now < 0 && now % rl->window_s ? w - rl->window_s : w;
}

/* Rolls s forward to now's window: the current count becomes the previous
 * one if the windows touch, else both are forgotten. */
static void roll(const struct rate_limit *rl, struct rate_slot *s, int64_t now)
{
	int64_t w = window_of(rl, now);
	if (s->window_start == w)
		return;
	s->prev = s->window_start == w - rl->window_s ? s->count : 0;
	s->count = 0;
	s->window_start = w;
}

/* A slot holds nothing that still counts once two windows have passed. */
static bool stale(const struct rate_limit *rl, const struct rate_slot *s, int64_t now)
{
	return !s->key[0] || s->window_start < window_of(rl, now) - rl->window_s;
}

/* The slot for key: its own, else a free or stale one nearby, else the
 * oldest nearby (open addressing over a short probe run). */
static struct rate_slot *slot_for(struct rate_limit *rl, const char *key, int64_t now,
				  bool create)
{
	size_t start = (size_t)(fnv(key) % RATE_LIMIT_SLOTS);
	struct rate_slot *victim = NULL;
	for (size_t i = 0; i < 16; i++) {
		struct rate_slot *s = &rl->slots[(start + i) % RATE_LIMIT_SLOTS];
		if (s->key[0] && strcmp(s->key, key) == 0)
			return s;
		if (!victim || (stale(rl, s, now) && !stale(rl, victim, now)) ||
		    (!stale(rl, victim, now) && s->window_start < victim->window_start))
			victim = s;
	}
	if (!create)
		return NULL;
	snprintf(victim->key, sizeof victim->key, "%s", key);
	victim->window_start = window_of(rl, now);
	victim->count = 0;
	victim->prev = 0;
	return victim;
}

/* Events in the window_s seconds before now, the previous window weighed
 * by its overlap, rounded up: a burst just before a window's end still
 * counts whole right after it. */
static uint64_t estimate(const struct rate_limit *rl, const struct rate_slot *s, int64_t now)
{
	uint64_t left = (uint64_t)(s->window_start + rl->window_s - now);  /* 1..window_s */
	uint64_t w = (uint64_t)rl->window_s;
	return ((uint64_t)s->prev * left + w - 1) / w + s->count;
}

/* One event for key: counted always, or only when it passes; true when
 * it passes. */
static bool count_event(struct rate_limit *rl, const char *key, int64_t now, bool always)
{
	if (!rl->max)
		return true;
	pthread_mutex_lock(&rl->mu);
	struct rate_slot *s = slot_for(rl, key, now, true);
	roll(rl, s, now);
	bool ok = estimate(rl, s, now) < rl->max;
	if ((ok || always) && s->count < UINT32_MAX)
		s->count++;
	pthread_mutex_unlock(&rl->mu);
	return ok;
}

bool rate_limit_hit(struct rate_limit *rl, const char *key, int64_t now)
{
	return count_event(rl, key, now, true);
}

bool rate_limit_take(struct rate_limit *rl, const char *key, int64_t now)
{
	return count_event(rl, key, now, false);
}

void rate_limit_give_back(struct rate_limit *rl, const char *key, int64_t now)
{
	if (!rl->max)
		return;
	pthread_mutex_lock(&rl->mu);
	struct rate_slot *s = slot_for(rl, key, now, false);
	if (s && s->window_start == window_of(rl, now) && s->count > 0)
		s->count--;
	pthread_mutex_unlock(&rl->mu);
}

/* A copy of key's slot rolled to now, to look at without touching;
 * false when key has none.  Caller holds mu. */
static bool peek(struct rate_limit *rl, const char *key, int64_t now, struct rate_slot *t)
{
	struct rate_slot *s = slot_for(rl, key, now, false);
	if (!s)
		return false;
	*t = *s;
	roll(rl, t, now);
	return true;
}

unsigned rate_limit_count(struct rate_limit *rl, const char *key, int64_t now)
{
	struct rate_slot t;
	pthread_mutex_lock(&rl->mu);
	unsigned n = peek(rl, key, now, &t) ? (unsigned)estimate(rl, &t, now) : 0;
	pthread_mutex_unlock(&rl->mu);
	return n;
}

bool rate_limit_ok(struct rate_limit *rl, const char *key, int64_t now)
{
	return rate_limit_retry_after(rl, key, now) == 0;
}

int64_t rate_limit_retry_after(struct rate_limit *rl, const char *key, int64_t now)
{
	if (!rl->max)
		return 0;
	pthread_mutex_lock(&rl->mu);
	struct rate_slot t;
	int64_t wait = 0;
	if (peek(rl, key, now, &t)) {
		uint64_t room = rl->max - 1;  /* events that may remain counted */
		int64_t w = rl->window_s, at;
		if (estimate(rl, &t, now) <= room) {
			at = now;
		} else if (t.count <= room) {
			/* prev * (ws + w - T) / w <= room - count */
			at = t.window_start + w -
			     (int64_t)((room - t.count) * (uint64_t)w / t.prev);
		} else {
			/* next window: count * (ws + 2w - T) / w <= room */
			at = t.window_start + 2 * w - (int64_t)(room * (uint64_t)w / t.count);
		}
		/* the integer division above may be a second early: step on */
		while (at > now || estimate(rl, &t, now) > room) {
			struct rate_slot u = t;
			int64_t probe = at > now ? at : now + 1;
			roll(rl, &u, probe);
			if (estimate(rl, &u, probe) <= room) {
				wait = probe - now;
				break;
			}
			at = probe + 1;
		}
	}
	pthread_mutex_unlock(&rl->mu);
	return wait;
}

void rate_limit_reset(struct rate_limit *rl, const char *key)
{
	pthread_mutex_lock(&rl->mu);
	struct rate_slot *s = slot_for(rl, key, 0, false);
	if (s)
		memset(s, 0, sizeof *s);
	pthread_mutex_unlock(&rl->mu);
}
