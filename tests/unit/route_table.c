/* route_table.c: every route of the service declares what it reads, and
 * every refusal it can give is in the error table. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/app.h"
#include "http/errors.h"
#include "http/fields.h"

Test(routes, every_route_declares_its_input)
{
	for (size_t i = 0; i < app_routes_count; i++) {
		const struct route *rt = &app_routes[i];
		cr_expect_not_null(rt->input, "%s %s declares no input", rt->method, rt->pattern);
		if (!rt->input)
			continue;
		bool body = rt->input->from & (IN_JSON | IN_FORM | IN_RAW);
		cr_expect(!body || rt->max_body > 0, "%s %s reads a body it cannot receive",
			  rt->method, rt->pattern);
		cr_expect(!(rt->input->from & IN_QUERY) || strcmp(rt->method, "GET") == 0,
			  "%s %s reads a query but is no GET", rt->method, rt->pattern);
		if (rt->flags & ROUTE_PAGE)
			cr_expect_not_null(rt->refusal_page, "page route %s has no refusal page",
					   rt->pattern);
	}
}

Test(errors, every_error_has_a_code_a_status_and_words)
{
	for (int e = 0; e < ERR__COUNT; e++) {
		const struct err_def *d = err_def((enum err)e);
		cr_assert_not_null(d->code, "error %d has no row", e);
		cr_expect(d->status >= 400 && d->status <= 599, "%s: %d", d->code, d->status);
		cr_expect(d->title && *d->title && d->message && *d->message, "%s", d->code);
		enum err back;
		cr_expect(err_parse(d->code, &back) && back == (enum err)e, "%s is not unique",
			  d->code);
	}
}
