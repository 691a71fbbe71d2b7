/* rate_limit.c: the sliding window and the Retry-After it reports */
#include <criterion/criterion.h>

#include "http/rate_limit.h"

Test(rate_limit, a_burst_at_a_window_edge_cannot_pass_twice_the_limit)
{
	struct rate_limit rl;
	rate_limit_init(&rl, 5, 60);
	/* five at the very end of one window ... */
	for (int i = 0; i < 5; i++)
		cr_assert(rate_limit_hit(&rl, "ip", 119));
	cr_expect_not(rate_limit_ok(&rl, "ip", 119));
	/* ... still count at the start of the next (a fixed window would
	 * let five more through at 120) */
	cr_expect_not(rate_limit_ok(&rl, "ip", 120));
	cr_expect_not(rate_limit_ok(&rl, "ip", 131));
	/* from 132 the old window weighs 5 * 48/60 = 4 events: one more fits */
	cr_expect(rate_limit_ok(&rl, "ip", 132));
	cr_expect(rate_limit_hit(&rl, "ip", 132));
	cr_expect_not(rate_limit_ok(&rl, "ip", 133));
	cr_expect(rate_limit_ok(&rl, "other", 120), "keys are apart");
	rate_limit_free(&rl);
}

Test(rate_limit, retry_after_is_the_first_second_that_passes)
{
	struct rate_limit rl;
	rate_limit_init(&rl, 2, 60);
	cr_assert(rate_limit_hit(&rl, "k", 600));
	cr_assert(rate_limit_hit(&rl, "k", 610));
	int64_t wait = rate_limit_retry_after(&rl, "k", 620);
	cr_assert_gt(wait, 0);
	cr_expect_not(rate_limit_ok(&rl, "k", 620 + wait - 1), "one second early still refused");
	cr_expect(rate_limit_ok(&rl, "k", 620 + wait), "passes exactly when it said");
	cr_expect_eq(rate_limit_retry_after(&rl, "fresh", 620), 0);
	rate_limit_free(&rl);
}

Test(rate_limit, refused_events_keep_counting_and_reset_forgets)
{
	struct rate_limit rl;
	rate_limit_init(&rl, 1, 10);
	cr_assert(rate_limit_hit(&rl, "k", 100));
	cr_expect_not(rate_limit_hit(&rl, "k", 101));
	cr_expect_not(rate_limit_hit(&rl, "k", 105));
	rate_limit_reset(&rl, "k");
	cr_expect(rate_limit_hit(&rl, "k", 105));
	rate_limit_free(&rl);
}

Test(rate_limit, zero_means_unlimited)
{
	struct rate_limit rl;
	rate_limit_init(&rl, 0, 60);
	for (int i = 0; i < 1000; i++)
		cr_assert(rate_limit_hit(&rl, "k", 1));
	cr_expect_eq(rate_limit_retry_after(&rl, "k", 1), 0);
	rate_limit_free(&rl);
}

Test(rate_limit, a_try_given_back_can_be_taken_again_in_its_window_only)
{
	struct rate_limit rl;
	rate_limit_init(&rl, 2, 60);
	cr_assert(rate_limit_take(&rl, "k", 600));
	cr_assert(rate_limit_take(&rl, "k", 601));
	cr_expect_not(rate_limit_take(&rl, "k", 602), "the limit is reached");
	rate_limit_give_back(&rl, "k", 602);
	cr_expect_eq(rate_limit_count(&rl, "k", 602), 1);
	cr_expect(rate_limit_take(&rl, "k", 603), "the try given back is taken again");
	cr_expect_not(rate_limit_take(&rl, "k", 604));
	/* a window that rolled keeps what it counted: nothing to give back */
	rate_limit_give_back(&rl, "k", 665);
	cr_expect_not(rate_limit_ok(&rl, "k", 665));
	/* more given back than taken counts no lower than nothing */
	cr_assert(rate_limit_take(&rl, "once", 600));
	rate_limit_give_back(&rl, "once", 600);
	rate_limit_give_back(&rl, "once", 600);
	cr_expect(rate_limit_take(&rl, "once", 600));
	cr_expect(rate_limit_take(&rl, "once", 600));
	cr_expect_not(rate_limit_take(&rl, "once", 600));
	rate_limit_give_back(&rl, "fresh", 600);
	cr_expect(rate_limit_take(&rl, "fresh", 600));
	cr_expect(rate_limit_take(&rl, "fresh", 600));
	cr_expect_not(rate_limit_take(&rl, "fresh", 600));
	rate_limit_free(&rl);
}
