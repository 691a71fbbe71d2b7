/* session.c: session cookies and the admin guard */
#include "auth/session.h"
#include "http/errors.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "auth/tokens.h"
#include "github/oauth.h"
#include "http/route.h"
#include "util/log.h"
#include "util/slow_pool.h"
#include "util/xalloc.h"
#include "store/sessions.h"

/* Our cookie's value, when it has a token's shape. */
static bool cookie_token(struct req *r, char out[TOKEN_CHARS + 1])
{
	const char *v = req_cookie(r, SESSION_COOKIE);
	if (!v || strlen(v) != TOKEN_CHARS)
		return false;
	memcpy(out, v, TOKEN_CHARS + 1);
	return token_well_formed(out);
}

/* A GitHub token sealed to one session (its hash is the associated data,
 * so a box cannot be moved to another session). */
static size_t seal(const struct admin_guard_ctx *g, const unsigned char *session_hash,
		   const char *token, unsigned char *box, size_t cap)
{
	size_t n = strlen(token);
	size_t need = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + n +
		      crypto_aead_xchacha20poly1305_ietf_ABYTES;
	if (need > cap)
		return 0;
	randombytes_buf(box, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	unsigned long long clen = 0;
	crypto_aead_xchacha20poly1305_ietf_encrypt(
		box + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen,
		(const unsigned char *)token, n, session_hash, TOKEN_HASH_BYTES, NULL, box,
		g->box_key);
	return crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + (size_t)clen;
}

static bool unseal(const struct admin_guard_ctx *g, const unsigned char *session_hash,
		   const unsigned char *box, size_t len, char out[SESSION_BOX_MAX])
{
	const size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	unsigned long long mlen = 0;
	if (len < nb + crypto_aead_xchacha20poly1305_ietf_ABYTES ||
	    crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)out, &mlen, NULL,
						       box + nb, len - nb, session_hash,
						       TOKEN_HASH_BYTES, box, g->box_key) != 0 ||
	    mlen >= SESSION_BOX_MAX)
		return false;
	out[mlen] = '\0';
	return true;
}

/* Re-checks under way or failed lately, per session: one ask of GitHub at
 * a time per session, none again for a while after a failure, and the
 * sessions a "no" ended, so that their next request says why. */
#define RECHECK_SLOTS 64
#define RECHECK_FAILED_WAIT_S 60
static struct {
	unsigned char hash[TOKEN_HASH_BYTES];
	bool used, running, ended;
	int64_t failed_at;
} rechecks[RECHECK_SLOTS];
static pthread_mutex_t rechecks_mu = PTHREAD_MUTEX_INITIALIZER;

/* 1 when this caller should ask GitHub (and the slot is taken), 0 when
 * another one is or a failure is recent. */
static int recheck_claim(const unsigned char *hash, int64_t now)
{
	pthread_mutex_lock(&rechecks_mu);
	size_t free_slot = RECHECK_SLOTS, oldest = 0;
	int rc = 1;
	for (size_t i = 0; i < RECHECK_SLOTS; i++) {
		if (!rechecks[i].used) {
			free_slot = free_slot < RECHECK_SLOTS ? free_slot : i;
			continue;
		}
		if (memcmp(rechecks[i].hash, hash, TOKEN_HASH_BYTES) == 0) {
			if (rechecks[i].running || rechecks[i].ended ||
			    now - rechecks[i].failed_at < RECHECK_FAILED_WAIT_S)
				rc = 0;
			else
				rechecks[i].running = true;
			pthread_mutex_unlock(&rechecks_mu);
			return rc;
		}
		if (!rechecks[i].running && rechecks[i].failed_at < rechecks[oldest].failed_at)
			oldest = i;
	}
	size_t at = free_slot < RECHECK_SLOTS ? free_slot : oldest;
	memcpy(rechecks[at].hash, hash, TOKEN_HASH_BYTES);
	rechecks[at].used = rechecks[at].running = true;
	rechecks[at].ended = false;
	rechecks[at].failed_at = 0;
	pthread_mutex_unlock(&rechecks_mu);
	return rc;
}

enum recheck_end { RECHECK_YES, RECHECK_FAILED, RECHECK_ENDED };

static void recheck_done(const unsigned char *hash, enum recheck_end how, int64_t now)
{
	pthread_mutex_lock(&rechecks_mu);
	for (size_t i = 0; i < RECHECK_SLOTS; i++) {
		if (rechecks[i].used && memcmp(rechecks[i].hash, hash, TOKEN_HASH_BYTES) == 0) {
			rechecks[i].running = false;
			rechecks[i].failed_at = how == RECHECK_FAILED ? now : 0;
			rechecks[i].ended = how == RECHECK_ENDED;
			rechecks[i].used = how != RECHECK_YES;
		}
	}
	pthread_mutex_unlock(&rechecks_mu);
}

/* Did a re-check end this session (GitHub said "not a member")? */
static bool recheck_ended(const unsigned char *hash)
{
	bool ended = false;
	pthread_mutex_lock(&rechecks_mu);
	for (size_t i = 0; i < RECHECK_SLOTS && !ended; i++)
		ended = rechecks[i].used && rechecks[i].ended &&
			memcmp(rechecks[i].hash, hash, TOKEN_HASH_BYTES) == 0;
	pthread_mutex_unlock(&rechecks_mu);
	return ended;
}

/* One re-check, where waiting on GitHub harms no request: the slow pool's
 * thread, or the service's clock (admin_sessions_recheck). */
struct recheck_job {
	const struct admin_guard_ctx *g;
	unsigned char hash[TOKEN_HASH_BYTES];
	struct store_session ss;
};

static void recheck_run(void *arg)
{
	struct recheck_job *j = arg;
	const struct admin_guard_ctx *g = j->g;
	const struct store_session *ss = &j->ss;
	char token[SESSION_BOX_MAX];
	struct buf why = BUF_INIT;
	int member = -1;
	int64_t now = (int64_t)time(NULL);
	if (g->app || unseal(g, j->hash, ss->box, ss->box_len, token))
		member = oauth_is_maintainer(g->cfg, g->app, g->app ? NULL : token,
					     ss->github_login, &why);
	else
		buf_adds(&why, "no GitHub token is kept for this session");
	sodium_memzero(token, sizeof token);
	if (member == 1) {
		store_session_checked(g->store, j->hash, now, NULL);
		recheck_done(j->hash, RECHECK_YES, now);
	} else if (member == 0) {
		log_info("session of @%s ended: no longer a maintainer", ss->github_login);
		store_session_delete(g->store, j->hash, NULL);
		recheck_done(j->hash, RECHECK_ENDED, now);
	} else {
		log_warn("membership of @%s not re-checked (%s); the session goes on for now",
			 ss->github_login, why.p);
		recheck_done(j->hash, RECHECK_FAILED, now);
	}
	buf_release(&why);
	sodium_memzero(j, sizeof *j);
	free(j);
}

/* Asks GitHub about the session in the background, unless it is being
 * asked already or was asked in vain lately. */
static void recheck_start(const struct admin_guard_ctx *g, const unsigned char *hash,
			  const struct store_session *ss, int64_t now)
{
	if (!recheck_claim(hash, now))
		return;
	struct recheck_job *j = xcalloc(1, sizeof *j);
	j->g = g;
	memcpy(j->hash, hash, TOKEN_HASH_BYTES);
	j->ss = *ss;
	if (slow_pool_submit(g->slow, recheck_run, j) < 0) {
		recheck_done(hash, RECHECK_FAILED, now);
		sodium_memzero(j, sizeof *j);
		free(j);
	}
}

/* Is a GitHub maintainer still one?  The answer a request goes on with is
 * the last yes GitHub gave, while it is recent (three re-check periods);
 * a due re-check is asked in the background, never by the request.  0 go
 * on, -1 after answering 401. */
static int recheck(const struct admin_guard_ctx *g, const unsigned char *hash,
		   const struct store_session *ss, int64_t now, struct req *r, struct resp *rs)
{
	int64_t every = g->cfg->github.membership_recheck_seconds;
	if (now - ss->checked_at < every)
		return 0;
	recheck_start(g, hash, ss, now);
	if (now - ss->checked_at < 3 * every)
		return 0;
	fail(r, rs, ERR_UNAUTHORIZED, NULL, "GitHub has not confirmed your membership lately; "
					   "sign in again");
	return -1;
}

static void due_one(const unsigned char *hash, const struct store_session *ss, void *arg)
{
	const struct admin_guard_ctx *g = arg;
	recheck_start(g, hash, ss, (int64_t)time(NULL));
}

void admin_sessions_recheck(const struct admin_guard_ctx *g, int64_t now)
{
	struct buf err = BUF_INIT;
	int64_t every = g->cfg->github.membership_recheck_seconds;
	if (store_session_each_github_due(g->store, now - every, now, due_one, (void *)g,
					  &err) < 0)
		log_warn("membership re-checks: %s", err.p);
	buf_release(&err);
}

int admin_guard(void *ctx, struct req *r, unsigned flags, struct resp *rs)
{
	const struct admin_guard_ctx *g = ctx;
	struct store *st = g->store;
	char token[TOKEN_CHARS + 1];
	struct admin_user *u = xcalloc(1, sizeof *u);
	struct store_session ss;
	struct buf err = BUF_INIT;
	int64_t now = (int64_t)time(NULL);
	int got = 0;
	if (cookie_token(r, token)) {
		token_hash(token, u->token_hash);
		got = store_session_get(st, u->token_hash, &ss, &err);
	}
	if (got < 0)
		log_error("session: %s", err.p);
	if (got == 1 && (now >= ss.expires_at || now - ss.last_seen_at >= SESSION_IDLE_S)) {
		store_session_delete(st, u->token_hash, NULL);
		got = 0;
	}
	buf_release(&err);
	if (got != 1) {
		bool ended = got == 0 && recheck_ended(u->token_hash);
		free(u);
		fail(r, rs, ERR_UNAUTHORIZED, NULL,
		     ended ? "your GitHub account is no longer a maintainer here; sign in again"
			   : "sign in first");
		return -1;
	}
	if (strcmp(ss.via, "github") == 0 && recheck(g, u->token_hash, &ss, now, r, rs) < 0) {
		free(u);
		return -1;
	}
	if ((flags & ROUTE_CSRF)) {
		const char *h = req_header(r, "X-CSRF-Token");
		if (!h || !token_equal(h, ss.csrf)) {
			free(u);
			fail(r, rs, ERR_CSRF, NULL, "missing or wrong X-CSRF-Token");
			return -1;
		}
	}
	/* one write a minute at most keeps reads cheap */
	if (now - ss.last_seen_at >= 60)
		store_session_touch(st, u->token_hash, now, NULL);
	u->user_id = ss.user_id;
	snprintf(u->name, sizeof u->name, "%s", ss.user);
	snprintf(u->via, sizeof u->via, "%s", ss.via);
	snprintf(u->csrf, sizeof u->csrf, "%s", ss.csrf);
	req_set_user(r, u, free);
	return 0;
}

const struct admin_user *admin_user(struct req *r)
{
	return req_user(r);
}

static void set_cookie(struct resp *rs, const char *value, long max_age, bool secure)
{
	resp_cookie(rs, SESSION_COOKIE, value, max_age, "Strict", secure);
}

int session_start(const struct admin_guard_ctx *g, int64_t user_id, const char *via,
		  const char *github_token, bool secure, struct resp *rs, char csrf[64],
		  struct buf *err)
{
	struct store *s = g->store;
	char token[TOKEN_CHARS + 1];
	unsigned char hash[TOKEN_HASH_BYTES];
	token_new(token);
	token_new(csrf);
	token_hash(token, hash);
	int64_t now = (int64_t)time(NULL);
	store_session_prune(s, now, now - SESSION_IDLE_S, NULL);
	unsigned char box[SESSION_BOX_MAX];
	size_t box_len = github_token ? seal(g, hash, github_token, box, sizeof box) : 0;
	if (github_token && !box_len) {
		buf_adds(err, "the GitHub token is too long to keep");
		return -1;
	}
	struct store_session_new n = {
		.token_hash = hash, .user_id = user_id, .via = via, .csrf = csrf, .now = now,
		.expires_at = now + SESSION_MAX_S, .box = box_len ? box : NULL, .box_len = box_len,
	};
	if (store_session_create(s, &n, err) < 0)
		return -1;
	set_cookie(rs, token, SESSION_MAX_S, secure);
	return 0;
}

void session_clear_cookie(struct resp *rs, bool secure)
{
	set_cookie(rs, "", 0, secure);
}
