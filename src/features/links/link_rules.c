/* link_rules.c: tracking parameters, link keys and Zola's exceptions */
#include "features/links/link_rules.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/toml.h"
#include "util/xalloc.h"

static const char *const tracking[] = {
	"utm_", "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid",
	"mc_eid", "igshid", "_hsenc", "_hsmi", "mkt_tok", "ref_src", "ref_url", "s_cid",
	"trk", "si", "oly_anon_id", "oly_enc_id", "vero_id", "__s", "spm",
};

static bool tracking_param(const char *p, size_t n)
{
	size_t name = 0;
	while (name < n && p[name] != '=')
		name++;
	for (size_t i = 0; i < sizeof tracking / sizeof *tracking; i++) {
		size_t tl = strlen(tracking[i]);
		bool prefix = tracking[i][tl - 1] == '_' && strcmp(tracking[i], "_hsenc") != 0;
		if (prefix ? (name > tl && strncasecmp(p, tracking[i], tl) == 0)
			   : (name == tl && strncasecmp(p, tracking[i], tl) == 0))
			return true;
	}
	return false;
}

int link_tracking_clean(const char *url, struct buf *clean)
{
	const char *q = strchr(url, '?');
	const char *hash = strchr(url, '#');
	if (!q || (hash && hash < q)) {
		buf_adds(clean, url);
		return 0;
	}
	const char *end = hash ? hash : url + strlen(url);
	buf_add(clean, url, (size_t)(q - url));
	int removed = 0;
	char sep = '?';
	for (const char *p = q + 1; p < end;) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		size_t n = amp ? (size_t)(amp - p) : (size_t)(end - p);
		if (n && tracking_param(p, n)) {
			removed++;
		} else if (n) {
			buf_addc(clean, sep);
			buf_add(clean, p, n);
			sep = '&';
		}
		p += n + 1;
	}
	if (hash)
		buf_adds(clean, hash);
	return removed;
}

void link_key(const char *url, struct buf *key)
{
	struct buf clean = BUF_INIT;
	link_tracking_clean(url, &clean);
	const char *u = clean.p;
	const char *host = strstr(u, "://");
	host = host ? host + 3 : u;
	if (strncasecmp(host, "www.", 4) == 0)
		host += 4;
	size_t hl = strcspn(host, "/?#");
	buf_adds(key, "https://");
	for (size_t i = 0; i < hl; i++)
		buf_addc(key, (char)tolower((unsigned char)host[i]));
	const char *rest = host + hl;
	size_t rl = strcspn(rest, "#");
	while (rl && rest[rl - 1] == '/')
		rl--;
	buf_add(key, rest, rl);
	buf_release(&clean);
}

int zola_skip_prefixes(const char *text, size_t len, struct strlist *out, struct buf *err)
{
	/* the [link_checker] table alone, up to the next table header */
	const char *start = NULL, *end = text + len;
	for (const char *p = text; p < text + len;) {
		const char *nl = memchr(p, '\n', (size_t)(text + len - p));
		const char *eol = nl ? nl : text + len;
		const char *s = p;
		while (s < eol && (*s == ' ' || *s == '\t'))
			s++;
		if (s < eol && *s == '[') {
			if (start) {
				end = p;
				break;
			}
			if ((size_t)(eol - s) >= 14 && strncmp(s, "[link_checker]", 14) == 0)
				start = p;
		}
		p = nl ? nl + 1 : text + len;
	}
	if (!start)
		return 0;
	struct toml_table *t = toml_parse(start, (size_t)(end - start), "config.toml", err);
	if (!t)
		return -1;
	const struct toml_value *lc = toml_get(t, "link_checker");
	const struct toml_value *sp = lc && lc->type == TOML_TABLE
					      ? toml_get(lc->u.tab, "skip_prefixes")
					      : NULL;
	if (sp && sp->type == TOML_ARRAY) {
		for (size_t i = 0; i < sp->u.arr.n; i++) {
			if (sp->u.arr.items[i]->type != TOML_STRING)
				continue;
			out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
			out->v[out->n++] = xstrdup(sp->u.arr.items[i]->u.s);
		}
	}
	toml_free(t);
	return 0;
}

bool link_skipped(const char *url, const struct strlist *prefixes)
{
	for (size_t i = 0; i < prefixes->n; i++)
		if (*prefixes->v[i] && strncmp(url, prefixes->v[i], strlen(prefixes->v[i])) == 0)
			return true;
	return false;
}
