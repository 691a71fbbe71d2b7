/* shape.c: a project's entry as the editor writes it, from its merged pull
 * requests and its block in the latest published issue (harvest.h). */
#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "features/harvest/harvest.h"
#include "util/xalloc.h"

void harvest_free(struct harvest *h)
{
	for (size_t i = 0; i < h->n_repos; i++) {
		struct harvest_repo *r = &h->repos[i];
		for (size_t j = 0; j < r->n_pulls; j++) {
			free(r->pulls[j].title);
			free(r->pulls[j].html_url);
			free(r->pulls[j].login);
		}
		free(r->pulls);
		free(r->full_name);
		free(r->html_url);
		free(r->refused);
	}
	free(h->repos);
	h->repos = NULL;
	h->n_repos = 0;
}

int harvest_month_bounds(const char *month, int64_t *from, int64_t *to)
{
	int y, m;
	char tail;
	if (!month || strlen(month) != 7 || sscanf(month, "%4d-%2d%c", &y, &m, &tail) != 2 ||
	    y < 1970 || m < 1 || m > 12)
		return -1;
	struct tm a = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = 1 };
	struct tm b = { .tm_year = (m == 12 ? y + 1 : y) - 1900, .tm_mon = m % 12, .tm_mday = 1 };
	*from = (int64_t)timegm(&a);
	*to = (int64_t)timegm(&b);
	return 0;
}

/* Outside code spans: the punctuation that could make a link, emphasis,
 * HTML or an entity is escaped with a backslash; "--" never ends a comment
 * line.  The editor's own titles ("Allow BufferField -> Integer") stay
 * as they are. */
static void md_plain(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool word_before = i > 0 && isalnum((unsigned char)s[i - 1]);
		bool word_after = i + 1 < n && isalnum((unsigned char)s[i + 1]);
		if (c == '\r' || c == '\n' || c == '\t') {
			buf_addc(out, ' ');
		} else if ((c && strchr("\\[]<*", c)) ||
			   (c == '&' && (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '#'))) {
			/* ">" and "!" mean nothing inside a line once "<" and "[" are escaped */
			buf_addc(out, '\\');
			buf_addc(out, (char)c);
		} else if ((c == '_' || c == '~') && !(word_before && word_after)) {
			buf_addc(out, '\\');
			buf_addc(out, (char)c);
		} else if (c == '-' && i > 0 && s[i - 1] == '-') {
			buf_adds(out, "\\-");
		} else if (c < 0x20) {
			buf_addc(out, ' ');
		} else {
			buf_addc(out, (char)c);
		}
	}
}

void harvest_md_text(struct buf *out, const char *title)
{
	const char *p = title;
	while (*p) {
		const char *tick = strchr(p, '`');
		const char *close = tick ? strchr(tick + 1, '`') : NULL;
		/* a code span: literal text, but never a newline, "--" or its end */
		if (tick && close && close > tick + 1 && !memchr(tick, '\n', (size_t)(close - tick)) &&
		    !strstr(tick, "--")) {
			md_plain(out, p, (size_t)(tick - p));
			buf_add(out, tick, (size_t)(close - tick) + 1);
			p = close + 1;
		} else {
			md_plain(out, p, strlen(p));
			break;
		}
	}
}

static bool in_list(const struct strlist *l, const char *login)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcasecmp(l->v[i], login) == 0)
			return true;
	return false;
}

static bool comment_title(const struct config *cfg, const char *title)
{
	for (size_t i = 0; i < cfg->harvest.comment_titles.n; i++) {
		regex_t re;
		if (regcomp(&re, cfg->harvest.comment_titles.v[i], REG_EXTENDED | REG_NOSUB) != 0)
			continue;
		bool hit = regexec(&re, title, 0, NULL, 0) == 0;
		regfree(&re);
		if (hit)
			return true;
	}
	return false;
}

/* The logins a "Maintained by" line names ([@login](…)). */
static void maintainers_of(const char *line, struct strlist *out)
{
	for (const char *p = line; (p = strstr(p, "[@")) != NULL;) {
		p += 2;
		size_t n = strcspn(p, "]");
		if (p[n] == ']') {
			out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
			out->v[out->n++] = xstrndup(p, n);
		}
		p += n;
	}
}

/* The lines of prev: heading, maintainers line, description (up to the
 * "We merged" line or the first list/comment line), the "We merged" line. */
struct prev_parts {
	struct buf heading, maintainers, description, merged_line;
};

static void prev_split(const char *prev, struct prev_parts *pp)
{
	const char *p = prev;
	int stage = 0;   /* 0 heading, 1 after it, 2 done */
	while (*p && stage < 2) {
		size_t n = strcspn(p, "\n");
		const char *line = p;
		p += n + (p[n] == '\n');
		if (stage == 0) {
			buf_add(&pp->heading, line, n);
			stage = 1;
			continue;
		}
		if (!pp->maintainers.len && !pp->description.len && memmem(line, n, "Maintained by", 13)) {
			buf_add(&pp->maintainers, line, n);
			continue;
		}
		if (n >= 16 && strncmp(line, "We merged the following", 23) == 0) {
			buf_add(&pp->merged_line, line, n);
			stage = 2;
			continue;
		}
		if ((n >= 2 && strncmp(line, "- ", 2) == 0) || (n >= 4 && strncmp(line, "<!--", 4) == 0) ||
		    (n >= 9 && strncmp(line, "Thanks to", 9) == 0)) {
			stage = 2;
			continue;
		}
		if (!pp->description.len && n == 0)
			continue;
		buf_add(&pp->description, line, n);
		buf_addc(&pp->description, '\n');
	}
	while (pp->description.len && pp->description.p[pp->description.len - 1] == '\n')
		pp->description.p[--pp->description.len] = '\0';
	/* "… to the OS. We merged the following changes this month:" on one line */
	char *we = strstr(pp->description.p, "We merged the following");
	if (!pp->merged_line.len && we && !strchr(we, '\n')) {
		buf_adds(&pp->merged_line, we);
		while (we > pp->description.p && we[-1] == ' ')
			we--;
		pp->description.len = (size_t)(we - pp->description.p);
		pp->description.p[pp->description.len] = '\0';
	}
}

/* "We merged the following PRs this month:" in the singular for one. */
static void merged_line(struct buf *out, const char *was, size_t listed)
{
	const char *line = was && *was ? was : "We merged the following PRs this month:";
	const char *plural[] = { "PRs", "changes", "pull requests" };
	const char *single[] = { "PR", "change", "pull request" };
	for (size_t i = 0; i < 3; i++) {
		const char *at = strstr(line, listed == 1 ? plural[i] : single[i]);
		if (!at)
			continue;
		size_t w = strlen(listed == 1 ? plural[i] : single[i]);
		if (listed != 1 && at[w] == 's')
			continue;   /* already plural */
		buf_add(out, line, (size_t)(at - line));
		buf_adds(out, listed == 1 ? single[i] : plural[i]);
		buf_adds(out, at + w);
		return;
	}
	buf_adds(out, line);
}

/* A new project's block: the section template's lines after its heading,
 * with repo_name filled in, up to the changelog placeholder. */
static void first_seen(struct buf *out, const char *name, const char *url, const char *tmpl)
{
	buf_addf(out, "### [`%s`](%s)\n", name, url);
	if (!tmpl)
		return;
	const char *h = strstr(tmpl, "### ");
	if (!h)
		return;
	const char *p = strchr(h, '\n');
	struct buf body = BUF_INIT;
	while (p && *++p) {
		size_t n = strcspn(p, "\n");
		const char *line = p;
		while (n && (*line == ' ' || *line == '\t')) {
			line++;
			n--;
		}
		if (memmem(line, n, "We merged", 9) || memmem(line, n, "<<changelog", 11))
			break;
		for (size_t i = 0; i < n; i++) {
			if (n - i >= 9 && memcmp(line + i, "repo_name", 9) == 0) {
				buf_adds(&body, name);
				i += 8;
			} else {
				buf_addc(&body, line[i]);
			}
		}
		buf_addc(&body, '\n');
		p = strchr(p, '\n');
	}
	buf_adds(out, body.p);
	buf_release(&body);
}

int harvest_shape(const struct config *cfg, const struct harvest_repo *repo, const char *prev,
		  const char *tmpl, struct buf *out)
{
	buf_reset(out);
	if (repo->n_pulls == 0)
		return 0;
	const char *name = strrchr(repo->full_name, '/') ? strrchr(repo->full_name, '/') + 1
							 : repo->full_name;
	struct prev_parts pp = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct strlist maint = { 0 };
	if (prev) {
		prev_split(prev, &pp);
		maintainers_of(pp.maintainers.p, &maint);
		buf_adds(out, pp.heading.p);
		buf_addc(out, '\n');
		if (pp.maintainers.len)
			buf_addf(out, "%s\n", pp.maintainers.p);
		if (pp.description.len)
			buf_addf(out, "\n%s\n", pp.description.p);
	} else {
		first_seen(out, name, repo->html_url, tmpl);
	}
	while (out->len >= 2 && out->p[out->len - 1] == '\n' && out->p[out->len - 2] == '\n')
		out->p[--out->len] = '\0';

	size_t listed = 0;
	bool *as_comment = xcalloc(repo->n_pulls, sizeof *as_comment);
	for (size_t i = 0; i < repo->n_pulls; i++) {
		const struct harvest_pull *p = &repo->pulls[i];
		as_comment[i] = in_list(&cfg->harvest.bots, p->login) || comment_title(cfg, p->title);
		listed += !as_comment[i];
	}
	if (listed) {
		buf_adds(out, "\n");
		merged_line(out, pp.merged_line.p, listed);
		buf_adds(out, "\n\n");
		for (size_t i = 0; i < repo->n_pulls; i++) {
			if (as_comment[i])
				continue;
			buf_adds(out, "- [");
			harvest_md_text(out, repo->pulls[i].title);
			buf_addf(out, "](%s)\n", repo->pulls[i].html_url);
		}
	}
	if (listed < repo->n_pulls) {
		buf_adds(out, "\n");
		for (size_t i = 0; i < repo->n_pulls; i++) {
			if (!as_comment[i])
				continue;
			buf_adds(out, "<!-- - [");
			harvest_md_text(out, repo->pulls[i].title);
			buf_addf(out, "](%s) -->\n", repo->pulls[i].html_url);
		}
	}
	/* the thanks: authors of the listed ones, maintainers and bots aside */
	struct strlist thanked = { 0 };
	size_t their = 0;
	for (size_t i = 0; i < repo->n_pulls; i++) {
		const char *login = repo->pulls[i].login;
		if (as_comment[i] || in_list(&maint, login) || in_list(&cfg->harvest.bots, login))
			continue;
		their++;
		if (in_list(&thanked, login))
			continue;
		thanked.v = xrealloc(thanked.v, (thanked.n + 1) * sizeof *thanked.v);
		thanked.v[thanked.n++] = xstrdup(login);
	}
	if (thanked.n) {
		buf_adds(out, "\nThanks to ");
		for (size_t i = 0; i < thanked.n; i++) {
			if (i)
				buf_adds(out, thanked.n == 2 ? " and " : (i + 1 == thanked.n ? ", and " : ", "));
			buf_addf(out, "[@%s](https://github.com/%s)", thanked.v[i], thanked.v[i]);
		}
		buf_addf(out, " for their contribution%s!\n", their == 1 ? "" : "s");
	}
	strlist_free(&thanked);
	strlist_free(&maint);
	free(as_comment);
	buf_release(&pp.heading);
	buf_release(&pp.maintainers);
	buf_release(&pp.description);
	buf_release(&pp.merged_line);
	return 0;
}
