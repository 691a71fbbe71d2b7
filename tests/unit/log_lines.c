/* log_lines.c: a log line is one line whatever a client sent into it. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <string.h>

#include "util/log.h"

static void capture(void)
{
	cr_redirect_stderr();
}

Test(log_lines, client_text_cannot_forge_a_line, .init = capture)
{
	log_warn("sign-in refused for origin %s", "x\n2026-01-01T00:00:00.000Z info admin ok\r\x1b[2J\\");
	fflush(stderr);
	char got[512] = "";
	FILE *f = cr_get_redirected_stderr();
	size_t n = fread(got, 1, sizeof got - 1, f);
	got[n] = '\0';
	cr_assert(strstr(got, "origin x\\x0a2026-01-01T00:00:00.000Z info admin ok\\x0d\\x1b[2J\\\\\n"),
		  "%s", got);
	cr_assert_eq(strchr(got, '\n'), got + n - 1, "one line: %s", got);
}
