/* git_store.c: git objects with real ids, for the GitHub stand-in */
#include "standin/git_store.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void git_store_init(struct git_store *g)
{
	memset(g, 0, sizeof *g);
}

void git_store_free(struct git_store *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->objs[i].data);
	free(g->objs);
	memset(g, 0, sizeof *g);
}

static void hex(const unsigned char *raw, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[raw[i] >> 4];
		out[2 * i + 1] = digits[raw[i] & 15];
	}
	out[2 * n] = '\0';
}

static int unhex(const char *in, unsigned char raw[20])
{
	for (size_t i = 0; i < 20; i++) {
		unsigned v = 0;
		for (size_t k = 0; k < 2; k++) {
			char c = in[2 * i + k];
			v <<= 4;
			if (c >= '0' && c <= '9')
				v |= (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f')
				v |= (unsigned)(c - 'a' + 10);
			else
				return -1;
		}
		raw[i] = (unsigned char)v;
	}
	return in[40] == '\0' ? 0 : -1;
}

const struct git_object *git_get(const struct git_store *g, const char *sha)
{
	if (!sha)
		return NULL;
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->objs[i].sha, sha) == 0)
			return &g->objs[i];
	return NULL;
}

void git_put(struct git_store *g, const char *type, const void *data, size_t len,
	     char sha[GIT_SHA_HEX])
{
	char head[64];
	int hl = snprintf(head, sizeof head, "%s %zu", type, len) + 1;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) ||
	    !EVP_DigestUpdate(ctx, head, (size_t)hl) ||
	    !EVP_DigestUpdate(ctx, data, len) || !EVP_DigestFinal_ex(ctx, md, &mdlen))
		abort();
	EVP_MD_CTX_free(ctx);
	hex(md, 20, sha);
	if (git_get(g, sha))
		return;
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->objs = xrealloc(g->objs, g->cap * sizeof *g->objs);
	}
	struct git_object *o = &g->objs[g->n++];
	memcpy(o->sha, sha, GIT_SHA_HEX);
	snprintf(o->type, sizeof o->type, "%s", type);
	o->data = xmalloc(len ? len : 1);
	memcpy(o->data, data, len);
	o->len = len;
}

/* ---- trees ---- */

struct tent {
	char mode[8];
	char *name;
	char sha[GIT_SHA_HEX];
};

struct tents {
	struct tent *e;
	size_t n, cap;
};

static void tents_free(struct tents *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->e[i].name);
	free(t->e);
}

static int tents_read(const struct git_store *g, const char *sha, struct tents *t)
{
	memset(t, 0, sizeof *t);
	if (!sha || !*sha)
		return 0;
	const struct git_object *o = git_get(g, sha);
	if (!o || strcmp(o->type, "tree") != 0)
		return -1;
	size_t i = 0;
	while (i < o->len) {
		const char *sp = memchr(o->data + i, ' ', o->len - i);
		const char *nul = memchr(o->data + i, '\0', o->len - i);
		if (!sp || !nul || sp > nul || (size_t)(nul - (char *)o->data) + 21 > o->len)
			return -1;
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 8;
			t->e = xrealloc(t->e, t->cap * sizeof *t->e);
		}
		struct tent *e = &t->e[t->n++];
		snprintf(e->mode, sizeof e->mode, "%.*s", (int)(sp - (char *)o->data - i),
			 (char *)o->data + i);
		e->name = xstrndup(sp + 1, (size_t)(nul - sp - 1));
		hex((const unsigned char *)nul + 1, 20, e->sha);
		i = (size_t)(nul - (char *)o->data) + 21;
	}
	return 0;
}

static bool is_dir(const struct tent *e)
{
	return strcmp(e->mode, "40000") == 0;
}

/* git sorts entries as if directory names ended in '/'. */
static int tent_cmp(const void *a, const void *b)
{
	const struct tent *x = a, *y = b;
	size_t xl = strlen(x->name), yl = strlen(y->name);
	size_t n = xl < yl ? xl : yl;
	int c = memcmp(x->name, y->name, n);
	if (c)
		return c;
	unsigned char xc = xl > n ? (unsigned char)x->name[n] : (is_dir(x) ? '/' : 0);
	unsigned char yc = yl > n ? (unsigned char)y->name[n] : (is_dir(y) ? '/' : 0);
	return (int)xc - (int)yc;
}

static void tents_write(struct git_store *g, struct tents *t, char out[GIT_SHA_HEX])
{
	if (t->n)
		qsort(t->e, t->n, sizeof *t->e, tent_cmp);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < t->n; i++) {
		unsigned char raw[20];
		if (unhex(t->e[i].sha, raw) < 0)
			abort();
		buf_addf(&b, "%s %s", t->e[i].mode, t->e[i].name);
		buf_addc(&b, '\0');
		buf_add(&b, raw, 20);
	}
	git_put(g, "tree", b.p ? b.p : "", b.len, out);
	buf_release(&b);
}

static struct tent *tents_find(struct tents *t, const char *name, size_t len)
{
	for (size_t i = 0; i < t->n; i++)
		if (strlen(t->e[i].name) == len && memcmp(t->e[i].name, name, len) == 0)
			return &t->e[i];
	return NULL;
}

static void tents_remove(struct tents *t, struct tent *e)
{
	free(e->name);
	size_t i = (size_t)(e - t->e);
	memmove(e, e + 1, (t->n - i - 1) * sizeof *e);
	t->n--;
}

static void tents_set(struct tents *t, const char *name, size_t len,
		      const char *mode, const char *sha)
{
	struct tent *e = tents_find(t, name, len);
	if (!e) {
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 8;
			t->e = xrealloc(t->e, t->cap * sizeof *t->e);
		}
		e = &t->e[t->n++];
		e->name = xstrndup(name, len);
	}
	snprintf(e->mode, sizeof e->mode, "%s", mode);
	memcpy(e->sha, sha, GIT_SHA_HEX);
}

/* One change below tree `base`; out = "" when the result is empty. */
static int apply_one(struct git_store *g, const char *base, const char *path,
		     const char *mode, const char *blob, char out[GIT_SHA_HEX],
		     struct buf *err)
{
	struct tents t;
	if (tents_read(g, base, &t) < 0) {
		buf_addf(err, "tree %s does not exist", base);
		return -1;
	}
	const char *slash = strchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : strlen(path);
	if (len == 0) {
		tents_free(&t);
		buf_adds(err, "path has an empty segment");
		return -1;
	}
	struct tent *e = tents_find(&t, path, len);
	if (!slash) {
		if (!blob) {
			if (e)
				tents_remove(&t, e);
		} else {
			tents_set(&t, path, len, mode, blob);
		}
	} else {
		char sub[GIT_SHA_HEX] = "";
		if (e && is_dir(e))
			memcpy(sub, e->sha, GIT_SHA_HEX);
		char nsub[GIT_SHA_HEX];
		if (apply_one(g, sub, slash + 1, mode, blob, nsub, err) < 0) {
			tents_free(&t);
			return -1;
		}
		if (*nsub)
			tents_set(&t, path, len, "40000", nsub);
		else if (e)
			tents_remove(&t, e);
	}
	if (t.n == 0)
		out[0] = '\0';
	else
		tents_write(g, &t, out);
	tents_free(&t);
	return 0;
}

int git_tree_apply(struct git_store *g, const char *base,
		   const struct git_tree_change *changes, size_t n,
		   char out[GIT_SHA_HEX], struct buf *err)
{
	char cur[GIT_SHA_HEX] = "";
	if (base && *base) {
		const struct git_object *o = git_get(g, base);
		if (!o || strcmp(o->type, "tree") != 0) {
			buf_addf(err, "tree %s does not exist", base);
			return -1;
		}
		memcpy(cur, base, GIT_SHA_HEX);
	}
	for (size_t i = 0; i < n; i++) {
		const struct git_tree_change *c = &changes[i];
		char blob[GIT_SHA_HEX];
		const char *bp = NULL;
		if (c->content) {
			git_put(g, "blob", c->content, c->content_len, blob);
			bp = blob;
		} else if (c->sha) {
			const struct git_object *o = git_get(g, c->sha);
			if (!o || strcmp(o->type, "blob") != 0) {
				buf_addf(err, "blob %s does not exist", c->sha);
				return -1;
			}
			bp = c->sha;
		}
		char next[GIT_SHA_HEX];
		if (apply_one(g, cur, c->path, c->mode ? c->mode : "100644", bp, next, err) < 0)
			return -1;
		memcpy(cur, next, GIT_SHA_HEX);
	}
	if (!*cur) {
		struct tents empty = { 0 };
		tents_write(g, &empty, cur);
	}
	memcpy(out, cur, GIT_SHA_HEX);
	return 0;
}

int git_tree_lookup(const struct git_store *g, const char *tree, const char *path,
		    char type[8], char sha[GIT_SHA_HEX])
{
	char cur[GIT_SHA_HEX];
	snprintf(cur, sizeof cur, "%s", tree);
	if (!*path) {
		snprintf(type, 8, "tree");
		memcpy(sha, cur, GIT_SHA_HEX);
		return 1;
	}
	for (;;) {
		struct tents t;
		if (tents_read(g, cur, &t) < 0)
			return 0;
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);
		struct tent *e = tents_find(&t, path, len);
		if (!e || (slash && !is_dir(e))) {
			tents_free(&t);
			return 0;
		}
		memcpy(cur, e->sha, GIT_SHA_HEX);
		bool dir = is_dir(e);
		tents_free(&t);
		if (!slash) {
			snprintf(type, 8, "%s", dir ? "tree" : "blob");
			memcpy(sha, cur, GIT_SHA_HEX);
			return 1;
		}
		path = slash + 1;
	}
}

size_t git_tree_each(const struct git_store *g, const char *tree,
		     void (*fn)(const char *mode, const char *name, const char *sha,
				void *arg),
		     void *arg)
{
	struct tents t;
	if (tents_read(g, tree, &t) < 0)
		return 0;
	for (size_t i = 0; i < t.n; i++)
		fn(t.e[i].mode, t.e[i].name, t.e[i].sha, arg);
	size_t n = t.n;
	tents_free(&t);
	return n;
}

/* ---- commits ---- */

void git_commit_make(struct git_store *g, const struct git_commit_info *ci,
		     char out[GIT_SHA_HEX])
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "tree %s\n", ci->tree);
	for (size_t i = 0; i < ci->n_parents; i++)
		buf_addf(&b, "parent %s\n", ci->parents[i]);
	buf_addf(&b, "author %s <%s> %lld +0000\n", ci->author_name, ci->author_email,
		 (long long)ci->author_time);
	buf_addf(&b, "committer %s <%s> %lld +0000\n\n%s", ci->author_name,
		 ci->author_email, (long long)ci->author_time, ci->message);
	if (!b.len || b.p[b.len - 1] != '\n')
		buf_addc(&b, '\n');
	git_put(g, "commit", b.p, b.len, out);
	buf_release(&b);
}

int git_commit_read(const struct git_store *g, const char *sha,
		    struct git_commit_info *ci)
{
	const struct git_object *o = git_get(g, sha);
	if (!o || strcmp(o->type, "commit") != 0)
		return -1;
	memset(ci, 0, sizeof *ci);
	const char *p = (const char *)o->data, *end = p + o->len;
	while (p < end && *p != '\n') {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return -1;
		size_t len = (size_t)(nl - p);
		if (len == 45 && strncmp(p, "tree ", 5) == 0) {
			snprintf(ci->tree, sizeof ci->tree, "%.40s", p + 5);
		} else if (len == 47 && strncmp(p, "parent ", 7) == 0 && ci->n_parents < 4) {
			snprintf(ci->parents[ci->n_parents++], GIT_SHA_HEX, "%.40s", p + 7);
		} else if (strncmp(p, "author ", 7) == 0) {
			const char *lt = memchr(p, '<', len), *gt = memchr(p, '>', len);
			if (lt && gt && gt > lt) {
				snprintf(ci->author_name, sizeof ci->author_name, "%.*s",
					 (int)(lt - p - 8), p + 7);
				snprintf(ci->author_email, sizeof ci->author_email, "%.*s",
					 (int)(gt - lt - 1), lt + 1);
				ci->author_time = strtoll(gt + 2, NULL, 10);
			}
		}
		p = nl + 1;
	}
	if (p < end)
		p++;
	snprintf(ci->message, sizeof ci->message, "%.*s", (int)(end - p), p);
	return 0;
}

bool git_is_ancestor(const struct git_store *g, const char *ancestor,
		     const char *tip)
{
	/* the stand-in's histories are short; a plain walk is enough */
	if (strcmp(ancestor, tip) == 0)
		return true;
	struct git_commit_info ci;
	if (git_commit_read(g, tip, &ci) < 0)
		return false;
	for (size_t i = 0; i < ci.n_parents; i++)
		if (git_is_ancestor(g, ancestor, ci.parents[i]))
			return true;
	return false;
}
