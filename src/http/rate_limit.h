/* rate_limit.h: "at most N events per key per window", in memory.
 *
 * A sliding window: the count of the window before the current one is
 * weighed by how much of it still overlaps the last window_s seconds, so
 * a burst at a window's edge cannot pass twice the limit (the "sliding
 * window counter" of rate limiters; two numbers per key, not a log).
 *
 * Used per client address for submissions and logins and per account for
 * logins.  A fixed-size table keeps memory bounded whatever an attacker
 * sends: when full, the entry whose window ended longest ago is reused. */
#ifndef NEWSDESK_RATE_LIMIT_H
#define NEWSDESK_RATE_LIMIT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define RATE_LIMIT_SLOTS 4096
#define RATE_LIMIT_KEY 96

struct rate_slot {
	char key[RATE_LIMIT_KEY];
	int64_t window_start;  /* a multiple of window_s */
	unsigned count;        /* events in [window_start, +window_s) */
	unsigned prev;         /* events in the window before */
};

struct rate_limit {
	pthread_mutex_t mu;
	unsigned max;          /* events allowed per window; 0 = unlimited */
	int64_t window_s;
	struct rate_slot *slots;
};

void rate_limit_init(struct rate_limit *rl, unsigned max, int64_t window_s);
void rate_limit_free(struct rate_limit *rl);
/* Counts one event for key at now: false when over the limit (the event
 * is still counted, so hammering does not reopen the window). */
bool rate_limit_hit(struct rate_limit *rl, const char *key, int64_t now);
/* Check and count in one step: true (and counted) when one more event
 * passes, false (not counted) when it would be over the limit.  What was
 * taken for an attempt that came to nothing is given back, so concurrent
 * requests can never pass more than the limit between a check and a
 * count. */
bool rate_limit_take(struct rate_limit *rl, const char *key, int64_t now);
/* Undoes one take() of the current window (no-op once it has rolled). */
void rate_limit_give_back(struct rate_limit *rl, const char *key, int64_t now);
/* Events counted for key over the last window (the sliding estimate). */
unsigned rate_limit_count(struct rate_limit *rl, const char *key, int64_t now);
/* Would one more event pass?  Does not count. */
bool rate_limit_ok(struct rate_limit *rl, const char *key, int64_t now);
/* Seconds until one more event would pass (0: it would now). */
int64_t rate_limit_retry_after(struct rate_limit *rl, const char *key, int64_t now);
/* Forgets key (a successful login clears its failures). */
void rate_limit_reset(struct rate_limit *rl, const char *key);

#endif
