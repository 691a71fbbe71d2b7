/* errors.c: the table of refusals, and fault_set */
#include "http/errors.h"

#include <stdio.h>
#include <string.h>

#include "http/http.h"

static const struct err_def table[ERR__COUNT] = {
	[ERR_INVALID_FIELD] = { "invalid_field", HTTP_BAD_REQUEST, "Not sent",
				"a field is not valid" },
	[ERR_INVALID_JSON] = { "invalid_json", HTTP_BAD_REQUEST, "Not sent",
			       "the body is not a JSON object" },
	[ERR_INVALID_UTF8] = { "invalid_utf8", HTTP_BAD_REQUEST, "Not sent",
			       "the body is not valid UTF-8" },
	[ERR_INVALID_STATUS] = { "invalid_status", HTTP_BAD_REQUEST, "Not valid",
				 "no such status" },
	[ERR_BAD_HEADERS] = { "bad_headers", HTTP_BAD_REQUEST, "Not valid",
			      "a header the request needs is missing or malformed" },
	[ERR_TOO_MANY_PARAMETERS] = { "too_many_parameters", HTTP_BAD_REQUEST, "Not valid",
				      "the request has too many query parameters" },
	[ERR_REFUSED] = { "refused", HTTP_BAD_REQUEST, "Not sent", "this was refused" },
	[ERR_UNKNOWN_SIGNIN] = { "unknown_signin", HTTP_BAD_REQUEST, "Unknown sign-in",
				 "this is not a sign-in newsdesk knows" },
	[ERR_SIGNIN_SPENT] = { "signin_spent", HTTP_BAD_REQUEST, "This sign-in link is spent",
			       "sign-in links work once" },
	[ERR_SIGNIN_EXPIRED] = { "signin_expired", HTTP_BAD_REQUEST,
				 "This sign-in took too long", "the sign-in expired" },
	[ERR_OTHER_BROWSER] = { "other_browser", HTTP_BAD_REQUEST,
				"This sign-in belongs to another browser",
				"the sign-in was started in another browser" },
	[ERR_GITHUB_REFUSED] = { "github_refused", HTTP_BAD_REQUEST, "GitHub said no",
				 "GitHub did not complete the sign-in" },
	[ERR_UNAUTHORIZED] = { "unauthorized", HTTP_UNAUTHORIZED, "Sign in first", "sign in first" },
	[ERR_BAD_CREDENTIALS] = { "bad_credentials", HTTP_UNAUTHORIZED, "Not signed in",
				  "wrong username or password" },
	[ERR_NO_ACCOUNTS] = { "no_accounts", HTTP_UNAUTHORIZED, "No accounts yet",
			      "no maintainer account exists yet" },
	[ERR_BAD_SIGNATURE] = { "bad_signature", HTTP_UNAUTHORIZED, "Not signed",
				"the signature does not match" },
	[ERR_WEBHOOK_NOT_CONFIGURED] = { "webhook_not_configured", HTTP_UNAUTHORIZED,
					 "Webhooks are off", "no webhook secret is configured" },
	[ERR_SIGN_IN_REQUIRED] = { "sign_in_required", HTTP_UNAUTHORIZED, "Sign in first",
				   "sign in with GitHub first" },
	[ERR_GITHUB_SIGNIN] = { "github_signin", HTTP_UNAUTHORIZED, "Sign in again",
				"the GitHub sign-in is not valid here" },
	[ERR_FORBIDDEN] = { "forbidden", HTTP_FORBIDDEN, "Not allowed", "this is not allowed" },
	[ERR_CSRF] = { "csrf", HTTP_FORBIDDEN, "Not allowed",
		       "the request lacks the session's X-CSRF-Token" },
	[ERR_NOT_YOUR_LOGIN] = { "not_your_login", HTTP_FORBIDDEN, "Not yours",
				 "this GitHub login is not yours" },
	[ERR_ORIGIN_NOT_ALLOWED] = { "origin_not_allowed", HTTP_FORBIDDEN,
				     "This site may not use these comments",
				     "this origin may not use newsdesk" },
	[ERR_NOT_A_MAINTAINER] = { "not_a_maintainer", HTTP_FORBIDDEN, "Not a maintainer",
				   "this account is not a maintainer's" },
	[ERR_SIGNIN_DECLINED] = { "signin_declined", HTTP_FORBIDDEN, "Sign-in declined",
				  "you declined to let newsdesk see your GitHub account" },
	[ERR_NOT_FOUND] = { "not_found", HTTP_NOT_FOUND, "Not found", "no such resource" },
	[ERR_NO_DRAFT] = { "no_draft", HTTP_NOT_FOUND, "No draft yet",
			   "the branch has no draft yet" },
	[ERR_SIGNIN_OFF] = { "signin_off", HTTP_NOT_FOUND, "GitHub sign-in is off",
			     "GitHub sign-in is not configured" },
	[ERR_NO_MAINTAINERS_ORG] = { "no_maintainers_org", HTTP_NOT_FOUND,
				     "No maintainers' organisation",
				     "github.maintainers_org is not set" },
	[ERR_METHOD_NOT_ALLOWED] = { "method_not_allowed", HTTP_METHOD_NOT_ALLOWED,
				     "Not allowed", "method not allowed" },
	[ERR_DUPLICATE] = { "duplicate", HTTP_CONFLICT, "Sent already", "this is there already" },
	[ERR_NOT_PENDING] = { "not_pending", HTTP_CONFLICT, "Reviewed already",
			      "it does not wait for review any more" },
	[ERR_DOES_NOT_APPLY] = { "does_not_apply", HTTP_CONFLICT, "Does not apply",
				 "it does not apply to the draft" },
	[ERR_ALREADY_IN_DRAFT] = { "already_in_draft", HTTP_CONFLICT, "In the draft already",
				   "the entry is in the draft already" },
	[ERR_PAYLOAD_TOO_LARGE] = { "payload_too_large", HTTP_PAYLOAD_TOO_LARGE, "Too large",
				    "request body is too large" },
	[ERR_UNSUPPORTED_MEDIA_TYPE] = { "unsupported_media_type", HTTP_UNSUPPORTED_MEDIA_TYPE,
					 "Not understood",
					 "the body must be JSON or a form" },
	[ERR_RATE_LIMITED] = { "rate_limited", HTTP_TOO_MANY_REQUESTS, "Too many requests",
			       "too many requests from your address; wait a minute" },
	[ERR_TOO_MANY_ATTEMPTS] = { "too_many_attempts", HTTP_TOO_MANY_REQUESTS,
				    "Too many attempts", "too many failed attempts; wait" },
	[ERR_TOO_MANY_HEADERS] = { "too_many_headers", HTTP_HEADERS_TOO_LARGE, "Not valid",
				   "the request has too many header lines" },
	[ERR_INTERNAL] = { "internal", HTTP_INTERNAL_ERROR, "Something went wrong",
			   "the request could not be completed" },
	[ERR_NOT_IMPLEMENTED] = { "not_implemented", HTTP_NOT_IMPLEMENTED, "Not understood",
				  "unsupported HTTP method" },
	[ERR_GITHUB_UNAVAILABLE] = { "github_unavailable", HTTP_BAD_GATEWAY, "Sign-in failed",
				     "GitHub could not be asked; try again" },
	[ERR_UNAVAILABLE] = { "unavailable", HTTP_UNAVAILABLE, "Try again",
			      "this cannot be done right now; try again" },
	[ERR_DRAFT_UNAVAILABLE] = { "draft_unavailable", HTTP_UNAVAILABLE, "Try again",
				    "the draft cannot be read right now" },
	[ERR_OVERLOADED] = { "overloaded", HTTP_UNAVAILABLE, "Try again",
			     "the service is busy; try again" },
	[ERR_BUSY] = { "busy", HTTP_UNAVAILABLE, "Busy", "too many at once; try again in a few seconds" },
};

const struct err_def *err_def(enum err e)
{
	return (unsigned)e < ERR__COUNT ? &table[e] : &table[ERR_INTERNAL];
}

bool err_parse(const char *code, enum err *out)
{
	for (int i = 0; i < ERR__COUNT; i++)
		if (table[i].code && strcmp(table[i].code, code) == 0) {
			*out = (enum err)i;
			return true;
		}
	return false;
}

void fault_set(struct fault *f, enum err e, const char *field, const char *message)
{
	f->err = e;
	f->already = false;
	snprintf(f->field, sizeof f->field, "%s", field ? field : "");
	snprintf(f->message, sizeof f->message, "%s", message ? message : err_def(e)->message);
}
