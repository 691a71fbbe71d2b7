/* fields.c: reading a route's input against its spec (fields.h) */
#include "http/fields.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/json_body.h"
#include "http/route.h"
#include "util/buf.h"
#include "util/utf8.h"

const struct input_spec input_none = { .from = IN_NOTHING };
const struct input_spec input_raw = { .from = IN_RAW };

static const struct field_spec *spec_field(const struct input_spec *spec, const char *name,
					   bool form)
{
	for (size_t i = 0; i < spec->n; i++) {
		const struct field_spec *fs = &spec->fields[i];
		if (strcmp(fs->name, name) == 0 && (form || !(fs->flags & F_FORM_ONLY)))
			return fs;
	}
	return NULL;
}

__attribute__((format(printf, 3, 4)))
static int refuse(struct fault *f, const char *field, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fault_set(f, ERR_INVALID_FIELD, field, msg);
	return -1;
}

/* The names a request may carry, for the refusal of one it may not. */
static int unknown(const struct input_spec *spec, const char *name, bool form, struct fault *f)
{
	struct buf msg = BUF_INIT;
	buf_adds(&msg, "unknown field (allowed:");
	for (size_t i = 0, k = 0; i < spec->n; i++)
		if (form || !(spec->fields[i].flags & F_FORM_ONLY))
			buf_addf(&msg, "%s %s", k++ ? "," : "", spec->fields[i].name);
	buf_adds(&msg, ")");
	(void)name;
	fault_set(f, ERR_INVALID_FIELD, spec->whole ? spec->whole : "request", msg.p);
	buf_release(&msg);
	return -1;
}

static bool decimal(const char *s, int64_t *out)
{
	if (!*s || strspn(s, "0123456789-") != strlen(s) || strlen(s) > 19)
		return false;
	errno = 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

/* One value of a declared field, as it will reach the handler. */
static int check_value(const struct field_spec *fs, json_t *v, struct fault *f)
{
	const char *n = fs->name;
	if (json_is_null(v)) {
		if (fs->flags & F_NULLABLE)
			return 0;
		return refuse(f, n, "%s must not be null", n);
	}
	switch (fs->type) {
	case FT_TEXT: {
		if (!json_is_string(v))
			return refuse(f, n, "%s must be a string", n);
		size_t len = json_string_length(v);
		if (strlen(json_string_value(v)) != len)
			return refuse(f, n, "%s holds a NUL character", n);
		if (fs->max && (int64_t)len > fs->max)
			return refuse(f, n, "%s is longer than %lld bytes", n, (long long)fs->max);
		return 0;
	}
	case FT_INT:
		if (!json_is_integer(v) || json_integer_value(v) < fs->min ||
		    json_integer_value(v) > fs->max) {
			char msg[160];
			snprintf(msg, sizeof msg, "%s must be an integer from %lld to %lld", n,
				 (long long)fs->min, (long long)fs->max);
			fault_set(f, ERR_INVALID_FIELD, n, msg);
			return -1;
		}
		return 0;
	case FT_BOOL:
		return json_is_boolean(v) ? 0 : refuse(f, n, "%s must be true or false", n);
	case FT_OBJECT:
		return json_is_object(v) ? 0 : refuse(f, n, "%s must be an object", n);
	case FT_IDS: {
		size_t count = json_is_array(v) ? json_array_size(v) : 0;
		if (count == 0 || (int64_t)count > fs->max)
			return refuse(f, n, "%s must be an array of 1 to %lld ids", n,
				      (long long)fs->max);
		size_t i;
		json_t *id;
		json_array_foreach(v, i, id)
			if (!json_is_integer(id) || json_integer_value(id) <= 0)
				return refuse(f, n, "every id in %s must be a positive integer", n);
		return 0;
	}
	case FT_ANY:
		return 0;
	}
	return 0;
}

static int check_required(const struct input_spec *spec, json_t *in, bool form,
			  struct fault *f)
{
	for (size_t i = 0; i < spec->n; i++) {
		const struct field_spec *fs = &spec->fields[i];
		if (!(fs->flags & F_REQUIRED) || (!form && (fs->flags & F_FORM_ONLY)))
			continue;
		json_t *v = json_object_get(in, fs->form_into && form ? fs->form_into : fs->name);
		if (!v || json_is_null(v) ||
		    ((fs->flags & F_NONEMPTY) && json_is_string(v) && !json_string_length(v)))
			return refuse(f, fs->name, "%s is required", fs->name);
	}
	return 0;
}

static json_t *read_json(struct req *r, const struct input_spec *spec, struct fault *f)
{
	json_t *in = json_body_read(r, f);
	if (!in)
		return NULL;
	const char *k;
	json_t *v;
	json_object_foreach(in, k, v) {
		const struct field_spec *fs = spec_field(spec, k, false);
		if (!fs ? unknown(spec, k, false, f) < 0 : check_value(fs, v, f) < 0) {
			json_decref(in);
			return NULL;
		}
	}
	return in;
}

/* A text value of a form or a query string, as its field's type. */
static int from_text(const struct field_spec *fs, const char *value, size_t len, json_t **out,
		     struct fault *f)
{
	int64_t n;
	*out = NULL;
	switch (fs->type) {
	case FT_BOOL:
		*out = json_true();   /* a checkbox is sent only when ticked */
		return 0;
	case FT_INT:
		if (!len)
			return 0;
		if (!decimal(value, &n) || n < fs->min || n > fs->max) {
			char msg[160];
			snprintf(msg, sizeof msg, "%s must be an integer from %lld to %lld", fs->name,
				 (long long)fs->min, (long long)fs->max);
			fault_set(f, ERR_INVALID_FIELD, fs->name, msg);
			return -1;
		}
		*out = json_integer(n);
		return 0;
	default:
		if (!len)
			return 0;   /* an empty text box is a field not given */
		*out = json_stringn(value, len);
		return check_value(fs, *out, f);
	}
}

struct text_read {
	const struct input_spec *spec;
	json_t *in;
	struct fault *f;
	bool form, failed;
};

static void put(struct text_read *t, const struct field_spec *fs, json_t *v)
{
	if (fs->flags & F_REPEATED) {
		json_t *list = json_object_get(t->in, fs->name);
		if (!list)
			json_object_set_new(t->in, fs->name, list = json_array());
		json_array_append_new(list, v);
	} else if (fs->form_into) {
		json_t *o = json_object_get(t->in, fs->form_into);
		if (!o)
			json_object_set_new(t->in, fs->form_into, o = json_object());
		json_object_set_new(o, fs->name, v);
	} else {
		json_object_set_new(t->in, fs->name, v);
	}
}

static int one_text(const char *key, const char *value, size_t len, void *arg)
{
	struct text_read *t = arg;
	if (t->failed)
		return 0;
	if (!utf8_valid(key, strlen(key), NULL) || !utf8_valid(value, len, NULL) ||
	    memchr(value, '\0', len)) {
		fault_set(t->f, ERR_INVALID_FIELD, t->form ? "form" : "query",
			  t->form ? "a form field holds invalid UTF-8 or a NUL"
				  : "a query parameter is not valid UTF-8");
		t->failed = true;
		return 0;
	}
	const struct field_spec *fs = spec_field(t->spec, key, t->form);
	if (!fs) {
		if (t->form) {
			unknown(t->spec, key, true, t->f);
			t->failed = true;
		}
		return 0;   /* a query parameter nobody reads harms nobody */
	}
	if (!(fs->flags & F_REPEATED) && json_object_get(t->in, fs->name)) {
		refuse(t->f, fs->name, "%s is given twice", fs->name);
		t->failed = true;
		return 0;
	}
	json_t *v;
	if (from_text(fs, value, len, &v, t->f) < 0) {
		json_decref(v);
		t->failed = true;
	} else if (v) {
		put(t, fs, v);
	}
	return 0;
}

static void one_query(const char *key, const char *value, void *arg)
{
	one_text(key, value, strlen(value), arg);
}

json_t *input_read(struct req *r, const struct input_spec *spec, struct fault *f)
{
	if (spec->from & (IN_RAW | IN_NOTHING))
		return json_object();
	bool form = (spec->from & IN_FORM) && req_is_form(r);
	json_t *in;
	if (form || !(spec->from & IN_JSON)) {
		struct text_read t = { spec, json_object(), f, form, false };
		if (spec->from & IN_QUERY)
			req_query_every(r, one_query, &t);
		if (!t.failed && form && req_form_each(r, one_text, &t) < 0) {
			fault_set(f, ERR_INVALID_FIELD, "form", "the form could not be read");
			t.failed = true;
		}
		if (t.failed) {
			json_decref(t.in);
			return NULL;
		}
		in = t.in;
	} else if (!(in = read_json(r, spec, f))) {
		return NULL;
	}
	if (check_required(spec, in, form, f) < 0) {
		json_decref(in);
		return NULL;
	}
	return in;
}

json_t *in_value(const struct req *r, const char *name)
{
	json_t *in = req_input(r);
	return in ? json_object_get(in, name) : NULL;
}

const char *in_text(const struct req *r, const char *name)
{
	return json_string_value(in_value(r, name));
}

bool in_int(const struct req *r, const char *name, int64_t *out)
{
	json_t *v = in_value(r, name);
	if (!json_is_integer(v))
		return false;
	*out = json_integer_value(v);
	return true;
}

bool in_flag(const struct req *r, const char *name)
{
	return json_is_true(in_value(r, name));
}
