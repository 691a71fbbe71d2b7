/* reply.c: the one way to refuse (errors.h) */
#include "http/errors.h"

#include <jansson.h>

#include "http/http.h"
#include "http/route.h"

void fail_extra(struct req *r, struct resp *rs, enum err e, const char *field,
		const char *message, json_t *extra)
{
	const struct err_def *d = err_def(e);
	const struct route *rt = r ? req_route(r) : NULL;
	if (!message)
		message = d->message;
	if (rt && rt->refusal_page && ((rt->flags & ROUTE_PAGE) || req_is_form(r))) {
		json_decref(extra);
		resp_reset(rs);
		rt->refusal_page(r, rs, d, field ? field : "", message, req_back(r));
		return;
	}
	if ((!field || !*field) && rt)
		field = rt->error_field;
	json_t *o = json_pack("{s:s,s:s}", "code", d->code, "message", message);
	if (field && *field)
		json_object_set_new(o, "field", json_string(field));
	if (extra)
		json_object_update(o, extra);
	json_decref(extra);
	resp_json(rs, d->status, json_pack("{s:o}", "error", o));
}

void fail(struct req *r, struct resp *rs, enum err e, const char *field, const char *message)
{
	fail_extra(r, rs, e, field, message, NULL);
}

void fail_fault(struct req *r, struct resp *rs, const struct fault *f)
{
	fail_extra(r, rs, f->err, f->field, f->message, NULL);
}

void fail_busy_answer(struct req *r, struct resp *rs, const char *message)
{
	resp_header(rs, "Retry-After", "5");
	fail(r, rs, ERR_BUSY, NULL, message);
	req_answer(r, rs, 0);
}
