/* html_policy.h: what HTML may reach the newsletter's readers.
 *
 * The newsletter's history uses a little raw HTML: <span class="gray">,
 * <details>/<summary>, <em>, lists, links and a sized logo.  Markdown
 * itself renders to a few more elements (headings, tables, code, task
 * list checkboxes).  This judges HTML the way a browser reads it: it is
 * parsed by gumbo, an HTML5 parser (the tokenizer and tree builder of
 * the standard, so "<!-->", "--!>", split tags and foreign content end
 * where a browser ends them), and every element of the resulting tree is
 * held against one allowlist of elements and attributes.  URL attributes
 * must be http, https or mailto, or relative, after entity decoding and
 * after dropping what browsers drop (leading controls and spaces, tabs
 * and newlines anywhere).  Nothing here says yes to what it does not
 * know. */
#ifndef NEWSDESK_HTML_POLICY_H
#define NEWSDESK_HTML_POLICY_H

#include <stdbool.h>
#include <stddef.h>

/* Called once per thing outside the policy, with a short description
 * ("element <script>", "attribute onerror on <img>", "URL javascript:…
 * in href of <a>"). */
typedef void (*html_violation_fn)(const char *what, void *arg);

/* Parses a whole document (or a fragment, which HTML5 places into a
 * body the same way) and reports each violation; returns their number. */
size_t html_policy_scan(const char *html, size_t len, html_violation_fn fn, void *arg);

/* 0 when html holds nothing outside the policy; -1 with the first
 * violation (cut to why_len) in why. */
int html_policy_check(const char *html, char *why, size_t why_len);

/* A link target as a browser reads it: true for http, https, mailto and
 * relative references (no scheme).  s is already entity-decoded. */
bool html_url_allowed(const char *s, size_t n);

/* May an element named el (lower case) carry this attribute?  value
 * matters for one case only (a task list's checkbox). */
bool html_attribute_allowed(const char *el, const char *name, const char *value);

#endif
