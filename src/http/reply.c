/* reply.c: the one way to refuse (errors.h), and the body as one object */
#include "http/reply.h"

#include <stdio.h>
#include <string.h>

#include "http/json_body.h"
#include "http/route.h"
#include "util/utf8.h"

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

struct form_read {
	json_t *obj;
	const struct form_field *spec;
	size_t n;
	bool bad_utf8;
};

static int one_field(const char *key, const char *value, size_t len, void *arg)
{
	struct form_read *f = arg;
	if (!utf8_valid(value, len, NULL) || !utf8_valid(key, strlen(key), NULL)) {
		f->bad_utf8 = true;
		return 0;
	}
	const struct form_field *ff = NULL;
	for (size_t i = 0; f->spec && i < f->n; i++)
		if (strcmp(f->spec[i].name, key) == 0)
			ff = &f->spec[i];
	if (!ff) {
		/* without a spec every field is text, unknown names kept */
		if (!f->spec && len)
			json_object_set_new(f->obj, key, json_stringn(value, len));
		return 0;
	}
	switch (ff->kind) {
	case FORM_TEXT:
		if (len)
			json_object_set_new(f->obj, key, json_stringn(value, len));
		break;
	case FORM_FLAG:
		json_object_set_new(f->obj, key, json_true());
		break;
	case FORM_BEFORE:
		if (len)
			json_object_set_new(f->obj, "position",
					    json_pack("{s:s%}", "before", value, len));
		break;
	}
	return 0;
}

json_t *request_object(struct req *r, struct resp *rs, const struct form_field *spec,
		       size_t n_spec)
{
	if (!req_is_form(r))
		return json_body_object(r, rs);
	struct form_read f = { json_object(), spec, n_spec, false };
	if (req_form_each(r, one_field, &f) < 0 || f.bad_utf8) {
		json_decref(f.obj);
		fail(r, rs, ERR_INVALID_FIELD,
		     "form", "the form could not be read (invalid UTF-8?)");
		return NULL;
	}
	return f.obj;
}
