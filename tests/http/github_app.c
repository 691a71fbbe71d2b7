/* github_app.c: the real binary acting as a GitHub App — the key read
 * from app_private_key_file, no personal token at all, the draft read and
 * maintainers' membership asked with installation tokens — and a start
 * that refuses a broken App configuration with a clear message. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "standin/standin.h"
#include "support/bed.h"
#include "support/http_client.h"
#include "support/rsa_keys.h"
#include "util/file.h"

static struct bed bed;
static char key_path[160];

static void setup(void)
{
	/* the stand-in knows a personal token the service is never given */
	bed_open(&bed, "app", "ghp_never_given");
	struct buf priv = BUF_INIT, pub = BUF_INIT, err = BUF_INIT;
	rsa_key_pair(&priv, &pub);
	snprintf(key_path, sizeof key_path, "%s/app.pem", bed.dir);
	FILE *f = fopen(key_path, "w");
	cr_assert_not_null(f);
	fputs(priv.p, f);
	fclose(f);
	cr_assert_eq(standin_github_app(bed.gh, 4242, pub.p, 99, 3600, &err), 0, "%s", err.p);
	char gh[512];
	snprintf(gh, sizeof gh, "app_id = 4242\napp_installation_id = 99\n"
				"app_private_key_file = \"%s\"\n", key_path);
	bed_config(&bed, "github", gh);
	buf_release(&priv);
	buf_release(&pub);
	buf_release(&err);
}

static void teardown(void)
{
	bed_close(&bed);
}

TestSuite(github_app, .init = setup, .fini = teardown, .timeout = 60);

Test(github_app, the_draft_is_read_with_an_installation_token)
{
	bed_start(&bed, NULL);
	struct http_result res;
	const char *h[] = { NULL };
	cr_assert_eq(http_do("GET", bed.d.port, "/api/v1/draft", NULL, 0, h, 0, &res), 0);
	cr_assert_eq(res.status, 200, "%s", res.body.p);
	http_result_free(&res);
	cr_assert_geq(standin_installation_tokens_issued(bed.gh), 1);
	cr_assert(daemon_log_has(&bed.d, "acting as App 4242 (installation 99)"));
}

Test(github_app, a_key_that_is_no_key_stops_the_start)
{
	FILE *f = fopen(key_path, "w");
	fputs("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n", f);
	fclose(f);
	struct daemon d;
	cr_assert_eq(daemon_start(&d, bed.cfg, bed.log, NULL), -1);
	cr_assert(daemon_log_has(&d, "not an RSA key in PEM form"));
}
