/* merge3.c: three-way merge of lines (merge3.h) */
#include "draft/merge3.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Entries are a few dozen lines; the table is lines(base) × lines(side). */
#define MERGE3_MAX_CELLS (2000u * 2000u)

struct lines {
	const char **at;   /* start of each line */
	size_t *len;       /* its length without "\n" */
	size_t n;
};

static void split(const char *s, struct lines *l)
{
	size_t cap = 0;
	*l = (struct lines){ 0 };
	for (const char *p = s; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (l->n == cap) {
			cap = cap ? cap * 2 : 16;
			l->at = xrealloc(l->at, cap * sizeof *l->at);
			l->len = xrealloc(l->len, cap * sizeof *l->len);
		}
		l->at[l->n] = p;
		l->len[l->n++] = n;
		p = nl ? nl + 1 : p + n;
	}
}

static void lines_free(struct lines *l)
{
	free(l->at);
	free(l->len);
}

static bool same_line(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->len[i] == b->len[j] && memcmp(a->at[i], b->at[j], a->len[i]) == 0;
}

/* A side's change: base lines [bs, be) became side lines [ss, se). */
struct hunk {
	size_t bs, be, ss, se;
	int side;   /* 0 ours, 1 theirs */
};

struct hunks {
	struct hunk *v;
	size_t n, cap;
};

static void hunk_add(struct hunks *h, struct hunk x)
{
	if (x.bs == x.be && x.ss == x.se)
		return;
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 8;
		h->v = xrealloc(h->v, h->cap * sizeof *h->v);
	}
	h->v[h->n++] = x;
}

/* The hunks that turn base into side, from a longest common subsequence. */
static bool diff(const struct lines *base, const struct lines *side, int which,
		 struct hunks *out)
{
	size_t n = base->n, m = side->n;
	if ((uint64_t)(n + 1) * (m + 1) > MERGE3_MAX_CELLS)
		return false;
	/* lcs[i][j]: the longest common subsequence of base[i..] and side[j..] */
	uint32_t *lcs = xcalloc((n + 1) * (m + 1), sizeof *lcs);
#define L(i, j) lcs[(i) * (m + 1) + (j)]
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;)
			L(i, j) = same_line(base, i, side, j) ? L(i + 1, j + 1) + 1
			       : L(i + 1, j) >= L(i, j + 1) ? L(i + 1, j) : L(i, j + 1);
	size_t i = 0, j = 0, hi = 0, hj = 0;
	while (i < n && j < m) {
		if (same_line(base, i, side, j)) {
			hunk_add(out, (struct hunk){ hi, i, hj, j, which });
			hi = ++i;
			hj = ++j;
		} else if (L(i + 1, j) >= L(i, j + 1)) {
			i++;
		} else {
			j++;
		}
	}
#undef L
	hunk_add(out, (struct hunk){ hi, n, hj, m, which });
	free(lcs);
	return true;
}

static int by_base(const void *a, const void *b)
{
	const struct hunk *x = a, *y = b;
	if (x->bs != y->bs)
		return x->bs < y->bs ? -1 : 1;
	return x->side - y->side;
}

static void put_lines(struct buf *out, const struct lines *l, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++) {
		buf_addf(out, "%.*s", (int)l->len[k], l->at[k]);
		buf_addc(out, '\n');
	}
}

/* One side's text for base [gs, ge): its hunks there, base between them. */
static void side_text(const struct hunk *g, size_t ng, int side, size_t gs, size_t ge,
		      const struct lines *base, const struct lines *sl, struct buf *out)
{
	size_t at = gs;
	for (size_t k = 0; k < ng; k++) {
		if (g[k].side != side)
			continue;
		put_lines(out, base, at, g[k].bs);
		put_lines(out, sl, g[k].ss, g[k].se);
		at = g[k].be;
	}
	put_lines(out, base, at, ge);
}

enum merge3_result merge3(const char *base, const char *ours, const char *theirs,
			  struct buf *out)
{
	struct lines b, sides[2];
	split(base, &b);
	split(ours, &sides[0]);
	split(theirs, &sides[1]);
	struct hunks h = { 0 };
	enum merge3_result rc = MERGE3_CLEAN;
	if (!diff(&b, &sides[0], 0, &h) || !diff(&b, &sides[1], 1, &h)) {
		rc = MERGE3_TOO_LARGE;
		goto done;
	}
	if (h.n > 1)
		qsort(h.v, h.n, sizeof *h.v, by_base);
	struct buf merged = BUF_INIT, one = BUF_INIT, other = BUF_INIT;
	size_t at = 0;
	for (size_t k = 0; k < h.n && rc == MERGE3_CLEAN;) {
		/* a group: hunks whose base ranges touch or overlap, either side's */
		size_t gs = h.v[k].bs, ge = h.v[k].be, end = k + 1;
		bool sides_in[2] = { false, false };
		sides_in[h.v[k].side] = true;
		while (end < h.n && h.v[end].bs <= ge) {
			if (h.v[end].be > ge)
				ge = h.v[end].be;
			sides_in[h.v[end].side] = true;
			end++;
		}
		put_lines(&merged, &b, at, gs);
		buf_reset(&one);
		side_text(&h.v[k], end - k, sides_in[0] ? 0 : 1, gs, ge, &b,
			  &sides[sides_in[0] ? 0 : 1], &one);
		if (sides_in[0] && sides_in[1]) {
			buf_reset(&other);
			side_text(&h.v[k], end - k, 1, gs, ge, &b, &sides[1], &other);
			if (one.len != other.len || (one.len && memcmp(one.p, other.p, one.len) != 0))
				rc = MERGE3_CONFLICT;
		}
		if (one.len)
			buf_add(&merged, one.p, one.len);
		at = ge;
		k = end;
	}
	if (rc == MERGE3_CLEAN) {
		put_lines(&merged, &b, at, b.n);
		/* the final line end follows the update, as the draft's writer wants */
		size_t ol = strlen(ours);
		if (merged.len && (!ol || ours[ol - 1] != '\n'))
			merged.p[--merged.len] = '\0';
		if (merged.len)
			buf_add(out, merged.p, merged.len);
	}
	buf_release(&merged);
	buf_release(&one);
	buf_release(&other);
done:
	free(h.v);
	lines_free(&b);
	lines_free(&sides[0]);
	lines_free(&sides[1]);
	return rc;
}
