/* answer_kinds.c: what GitHub's answers mean, through the real client and
 * the stand-in's GitHub answers — each kind of client.h's table that the
 * jobs decide on (exists, no change, not found, invalid, rate limited,
 * unavailable, refused), from the operation that meets it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "github/repo_api.h"
#include "support/pr_env.h"

#define REPO "rust-osdev/homepage"
#define OP_BRANCH "GET /repos/{owner}/{repo}/branches/{branch}"

static struct pr_env env;

static void setup(void) { pr_env_setup(&env, 0); }
static void teardown(void) { pr_env_teardown(&env); }

TestSuite(answer_kinds, .init = setup, .fini = teardown, .timeout = 60);

static void expect_kind(const struct gh_response *r, enum gh_kind want, const char *what)
{
	cr_expect_eq(r->kind, want, "%s: %s, not %s (%s)", what, gh_kind_name(r->kind),
		     gh_kind_name(want), r->message.p ? r->message.p : "");
}

static void next_head(char head[GH_SHA_HEX])
{
	struct gh_response r = { 0 };
	char tree[GH_SHA_HEX];
	cr_assert_eq(gh_get_branch(&env.client, "next", head, tree, &r), 0, "%s",
		     r.message.p);
	expect_kind(&r, GH_OK, "GET branches/next");
	gh_response_free(&r);
}

Test(answer_kinds, what_is_not_there_is_not_found)
{
	struct gh_response r = { 0 };
	struct buf text = BUF_INIT;
	char head[GH_SHA_HEX], tree[GH_SHA_HEX];
	cr_assert_eq(gh_get_file(&env.client, "content/no/such/index.md", "next", &text, &r),
		     -1);
	expect_kind(&r, GH_NOT_FOUND, "GET contents of a missing file");
	cr_assert_eq(gh_get_branch(&env.client, "no-such-branch", head, tree, &r), -1);
	expect_kind(&r, GH_NOT_FOUND, "GET branches of a missing branch");
	cr_assert_eq(gh_get_branch_ref(&env.client, "newsdesk/none", head, &r), -1);
	expect_kind(&r, GH_NOT_FOUND, "GET git/ref of a missing branch");
	/* PATCH of a ref that is gone: GitHub's 422 "Reference does not exist" */
	next_head(head);
	cr_assert_eq(gh_move_branch_ref(&env.client, "newsdesk/gone", head, true, &r), -1);
	expect_kind(&r, GH_NOT_FOUND, "PATCH git/refs of a missing branch");
	cr_assert_not(gh_retryable(r.kind));
	gh_response_free(&r);
	buf_release(&text);
}

Test(answer_kinds, a_branch_or_pull_request_made_twice_exists)
{
	struct gh_response r = { 0 };
	char head[GH_SHA_HEX];
	next_head(head);
	cr_assert_eq(gh_create_branch_ref(&env.client, "next", head, &r), -1);
	expect_kind(&r, GH_EXISTS, "POST git/refs of an existing branch");
	/* a branch with nothing new on it: no commits between */
	cr_assert_eq(gh_create_branch_ref(&env.client, "newsdesk/k", head, &r), 0, "%s",
		     r.message.p);
	struct gh_pull p;
	const struct gh_pull_new pull = { "t", "newsdesk/k", "next", "b" };
	cr_assert_eq(gh_create_pull(&env.client, &pull, &p, &r), -1);
	expect_kind(&r, GH_NO_CHANGE, "POST pulls of a branch merged already");
	/* something on it: one pull request, and a second is refused as existing */
	standin_commit(env.gh, "newsdesk/k", "An entry", "x.md", "x\n");
	cr_assert_eq(gh_create_pull(&env.client, &pull, &p, &r), 0,
		     "%s", r.message.p);
	expect_kind(&r, GH_OK, "POST pulls");
	cr_assert_eq(gh_create_pull(&env.client, &pull, &p, &r), -1);
	expect_kind(&r, GH_EXISTS, "POST pulls twice");
	cr_assert_not(gh_retryable(r.kind));
	gh_response_free(&r);
}

Test(answer_kinds, other_validation_failures_are_invalid)
{
	struct gh_response r = { 0 };
	char head[GH_SHA_HEX], out[GH_SHA_HEX];
	next_head(head);
	struct gh_commit_new n = { .message = "m", .tree = "0123456789abcdef0123456789abcdef01234567",
				   .parent = head, .author_name = "a", .author_email = "a@x" };
	cr_assert_eq(gh_create_commit(&env.client, &n, out, &r), -1);
	expect_kind(&r, GH_INVALID, "POST git/commits on a missing tree");
	cr_assert_eq(gh_create_branch_ref(&env.client, "newsdesk/z",
					  "0123456789abcdef0123456789abcdef01234567", &r), -1);
	expect_kind(&r, GH_INVALID, "POST git/refs to a missing commit");
	cr_assert_not(gh_retryable(r.kind));
	gh_response_free(&r);
}

/* The faults the stand-in injects, as GitHub would send them (no answer
 * at all is github_client's timeouts_and_refused_connections_are_retryable:
 * libcurl asks again once on a kept-alive connection that is dropped). */
Test(answer_kinds, limits_outages_and_refusals)
{
	static const struct {
		enum standin_fault fault;
		enum gh_kind kind;
	} faults[] = {
		{ FAULT_RATE_LIMIT, GH_RATE_LIMITED }, /* 403, x-ratelimit-remaining: 0 */
		{ FAULT_SECONDARY, GH_RATE_LIMITED },  /* 429, retry-after: 1 */
		{ FAULT_500, GH_UNAVAILABLE },
		{ FAULT_502_AFTER, GH_UNAVAILABLE },
		{ FAULT_401, GH_REFUSED },             /* a token revoked mid-run */
	};
	for (size_t i = 0; i < sizeof faults / sizeof *faults; i++) {
		struct gh_response r = { 0 };
		char head[GH_SHA_HEX], tree[GH_SHA_HEX];
		standin_fault(env.gh, OP_BRANCH, 1, faults[i].fault);
		cr_assert_eq(gh_get_branch(&env.client, "next", head, tree, &r), -1, "%s",
			     standin_fault_name(faults[i].fault));
		expect_kind(&r, faults[i].kind, standin_fault_name(faults[i].fault));
		cr_expect_eq(gh_retryable(r.kind), faults[i].kind != GH_REFUSED, "%s",
			     standin_fault_name(faults[i].fault));
		/* retry-after: 1; the quota resets a second after the answer */
		if (faults[i].fault == FAULT_SECONDARY)
			cr_expect_eq(r.retry_after, 1, "the wait GitHub asked for");
		else if (faults[i].fault == FAULT_RATE_LIMIT)
			cr_expect(r.retry_after >= 0 && r.retry_after <= 1, "%ld", r.retry_after);
		gh_response_free(&r);
	}
	/* a write with a token GitHub does not know */
	struct gh_client c;
	struct gh_response r = { 0 };
	char head[GH_SHA_HEX];
	next_head(head);
	cr_assert_eq(gh_client_init(&c, env.cfg->github.api_url, "ghs_not_this_one"), 0);
	gh_client_set_repo(&c, REPO);
	cr_assert_eq(gh_create_branch_ref(&c, "newsdesk/t", head, &r), -1);
	expect_kind(&r, GH_REFUSED, "a wrong token");
	gh_response_free(&r);
	gh_client_free(&c);
}
