/* reply.c: refusals as JSON or as a page; the body as one object */
#include "http/reply.h"

#include <stdio.h>
#include <string.h>

#include "http/json_body.h"
#include "http/route.h"
#include "util/utf8.h"

void field_error_set(struct field_error *e, int status, const char *code, const char *field,
		     const char *message)
{
	e->status = status;
	e->code = code;
	e->already = false;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	snprintf(e->message, sizeof e->message, "%s", message);
}

void reply_init(struct reply *rp, struct req *r, struct resp *rs, const char *default_field)
{
	const struct route *rt = req_route(r);
	bool form = req_is_form(r);
	*rp = (struct reply){ .r = r, .rs = rs, .default_field = default_field, .form = form,
			      .page = rt && form ? rt->refusal_page : NULL };
}

void reply_error(const struct reply *rp, const struct field_error *e)
{
	if (!rp->page) {
		const char *field = e->field[0] ? e->field : rp->default_field;
		resp_error_with(rp->rs, e->status, e->code, field, e->message, NULL);
		return;
	}
	struct buf b = BUF_INIT;
	rp->page(rp->r, rp->back, e->field, e->message, &b);
	resp_page(rp->rs, e->status, &b);
}

void reply_fail(const struct reply *rp, int status, const char *code, const char *field,
		const char *message)
{
	struct field_error e;
	field_error_set(&e, status, code, field, message);
	reply_error(rp, &e);
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

json_t *request_object(struct req *r, const struct reply *rp, const struct form_field *spec,
		       size_t n_spec)
{
	if (!req_is_form(r))
		return json_body_object(r, rp->rs);
	struct form_read f = { json_object(), spec, n_spec, false };
	if (req_form_each(r, one_field, &f) < 0 || f.bad_utf8) {
		json_decref(f.obj);
		reply_fail(rp, 400, "invalid_field", "form",
			   "the form could not be read (invalid UTF-8?)");
		return NULL;
	}
	return f.obj;
}
