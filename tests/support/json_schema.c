/* json_schema.c: checking request bodies against GitHub's schemas */
#include "support/json_schema.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool type_is(const char *t, json_t *v)
{
	if (strcmp(t, "string") == 0)
		return json_is_string(v);
	if (strcmp(t, "integer") == 0)
		return json_is_integer(v);
	if (strcmp(t, "number") == 0)
		return json_is_number(v);
	if (strcmp(t, "boolean") == 0)
		return json_is_boolean(v);
	if (strcmp(t, "object") == 0)
		return json_is_object(v);
	if (strcmp(t, "array") == 0)
		return json_is_array(v);
	if (strcmp(t, "null") == 0)
		return json_is_null(v);
	return false;
}

static int check(json_t *s, json_t *v, const char *path, struct buf *err);

static int check_any(json_t *list, json_t *v, const char *path, bool all, bool exactly_one,
		     struct buf *err)
{
	size_t i, ok = 0;
	json_t *sub;
	json_array_foreach(list, i, sub) {
		struct buf e = BUF_INIT;
		int rc = check(sub, v, path, &e);
		buf_release(&e);
		if (rc == 0)
			ok++;
		else if (all)
			return check(sub, v, path, err);
	}
	if (all || (exactly_one ? ok == 1 : ok >= 1))
		return 0;
	buf_addf(err, "%s: matches %zu of the alternatives", path, ok);
	return -1;
}

static int check(json_t *s, json_t *v, const char *path, struct buf *err)
{
	if (!json_is_object(s))
		return 0;
	if (json_is_null(v) && json_is_true(json_object_get(s, "nullable")))
		return 0;
	json_t *t = json_object_get(s, "type");
	if (json_is_string(t) && !type_is(json_string_value(t), v)) {
		/* GitHub's words for a null: "nil is not a string" */
		buf_addf(err, "%s: %snot a%s %s", path, json_is_null(v) ? "nil is " : "",
			 strchr("aeiou", json_string_value(t)[0]) ? "n" : "", json_string_value(t));
		return -1;
	}
	json_t *en = json_object_get(s, "enum");
	if (json_is_array(en)) {
		bool found = false;
		size_t i;
		json_t *x;
		json_array_foreach(en, i, x) found |= json_equal(x, v);
		if (!found) {
			buf_addf(err, "%s: not one of the allowed values", path);
			return -1;
		}
	}
	json_t *ml = json_object_get(s, "maxLength");
	if (json_is_string(v) && json_is_integer(ml) &&
	    (json_int_t)json_string_length(v) > json_integer_value(ml)) {
		buf_addf(err, "%s: longer than %lld", path, (long long)json_integer_value(ml));
		return -1;
	}
	if (json_is_object(v)) {
		size_t i;
		json_t *req;
		json_array_foreach(json_object_get(s, "required"), i, req) {
			if (!json_object_get(v, json_string_value(req))) {
				buf_addf(err, "%s: required property '%s' is missing", path,
					 json_string_value(req));
				return -1;
			}
		}
		json_t *props = json_object_get(s, "properties");
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x) {
			json_t *ps = json_object_get(props, k);
			char sub[512];
			snprintf(sub, sizeof sub, "%s.%s", path, k);
			if (!ps && json_is_object(props) &&
			    json_is_false(json_object_get(s, "additionalProperties"))) {
				buf_addf(err, "%s: not allowed", sub);
				return -1;
			}
			if (ps && check(ps, x, sub, err) < 0)
				return -1;
		}
	}
	if (json_is_array(v)) {
		json_t *mi = json_object_get(s, "minItems");
		if (json_is_integer(mi) && (json_int_t)json_array_size(v) < json_integer_value(mi)) {
			buf_addf(err, "%s: fewer than %lld items", path, (long long)json_integer_value(mi));
			return -1;
		}
		json_t *items = json_object_get(s, "items");
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) {
			char sub[512];
			snprintf(sub, sizeof sub, "%s[%zu]", path, i);
			if (check(items, x, sub, err) < 0)
				return -1;
		}
	}
	if (json_object_get(s, "oneOf") &&
	    check_any(json_object_get(s, "oneOf"), v, path, false, true, err) < 0)
		return -1;
	if (json_object_get(s, "anyOf") &&
	    check_any(json_object_get(s, "anyOf"), v, path, false, false, err) < 0)
		return -1;
	if (json_object_get(s, "allOf") &&
	    check_any(json_object_get(s, "allOf"), v, path, true, false, err) < 0)
		return -1;
	return 0;
}

int json_schema_check(json_t *schema, json_t *v, struct buf *err)
{
	return check(schema, v, "body", err);
}
