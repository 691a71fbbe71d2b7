/* json_body.c: parsing JSON request bodies with jansson */
#include "http/json_body.h"
#include "http/errors.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"

static bool is_json_type(const char *ct)
{
	if (!ct)
		return false;
	while (*ct == ' ')
		ct++;
	size_t n = strlen("application/json");
	return strncasecmp(ct, "application/json", n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

json_t *json_body_read(struct req *r, struct fault *f)
{
	if (!is_json_type(req_header(r, "Content-Type"))) {
		fault_set(f, ERR_UNSUPPORTED_MEDIA_TYPE, NULL, "Content-Type must be application/json");
		return NULL;
	}
	size_t len;
	const char *body = req_body(r, &len);
	if (len == 0) {
		fault_set(f, ERR_INVALID_JSON, NULL, "request body is empty");
		return NULL;
	}
	size_t bad;
	if (!utf8_valid(body, len, &bad)) {
		char msg[96];
		snprintf(msg, sizeof msg, "request body is not valid UTF-8 (byte %zu)", bad);
		fault_set(f, ERR_INVALID_UTF8, NULL, msg);
		return NULL;
	}
	json_error_t jerr;
	json_t *v = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v) {
		/* jansson's text can quote the input; report only the place */
		char msg[128];
		snprintf(msg, sizeof msg, "request body is not valid JSON (line %d, column %d)",
			 jerr.line, jerr.column);
		fault_set(f, ERR_INVALID_JSON, NULL, msg);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		fault_set(f, ERR_INVALID_JSON, NULL, "request body must be a JSON object");
		return NULL;
	}
	return v;
}

bool req_is_json(const struct req *r)
{
	return is_json_type(req_header(r, "Content-Type"));
}
