/* deadline.h: an absolute time for pthread_cond_timedwait(), whose
 * default clock is CLOCK_REALTIME. */
#ifndef NEWSDESK_DEADLINE_H
#define NEWSDESK_DEADLINE_H

#include <time.h>

/* Now plus ms, on CLOCK_REALTIME. */
struct timespec deadline_after_ms(unsigned long ms);

#endif
