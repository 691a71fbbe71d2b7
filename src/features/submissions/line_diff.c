/* line_diff.c: longest-common-subsequence line diff with diff -u hunks.
 *
 * The texts share a long prefix and suffix (a submission inserts a few
 * lines), so those are matched first and the quadratic LCS only runs on
 * the part in between; a middle too big for that is shown as replaced. */
#include "features/submissions/line_diff.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define LCS_MAX_CELLS (4u << 20)

struct line {
	const char *p;
	size_t n;   /* with its '\n', if any */
};

static struct line *split(const char *s, size_t n, size_t *count)
{
	size_t cap = 0, k = 0;
	struct line *v = NULL;
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (s + i)) + 1 : n - i;
		v = xgrowarray(v, &cap, k + 1, sizeof *v);
		v[k].p = s + i;
		v[k++].n = len;
		i += len;
	}
	*count = k;
	return v;
}

static bool same(const struct line *a, const struct line *b)
{
	return a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

enum op { EQ, DEL, INS };

static void emit_line(struct buf *out, char tag, const struct line *l)
{
	buf_addc(out, tag);
	buf_add(out, l->p, l->n);
	if (!l->n || l->p[l->n - 1] != '\n')
		buf_adds(out, "\n\\ No newline at end of file\n");
}

/* The edit script of the middle part (wa lines of A from pre, wb of B):
 * an LCS when it fits LCS_MAX_CELLS, else all deleted and inserted. */
static void middle_ops(const struct line *A, const struct line *B, size_t pre, size_t wa,
		       size_t wb, enum op *ops, size_t *n_ops)
{
	if ((uint64_t)(wa + 1) * (wb + 1) > LCS_MAX_CELLS) {
		for (size_t i = 0; i < wa; i++)
			ops[(*n_ops)++] = DEL;
		for (size_t j = 0; j < wb; j++)
			ops[(*n_ops)++] = INS;
		return;
	}
	uint32_t *L = xcalloc((wa + 1) * (wb + 1), sizeof *L);
#define AT(i, j) L[(i) * (wb + 1) + (j)]
	for (size_t i = wa; i-- > 0;)
		for (size_t j = wb; j-- > 0;)
			AT(i, j) = same(&A[pre + i], &B[pre + j])
					   ? AT(i + 1, j + 1) + 1
					   : (AT(i + 1, j) >= AT(i, j + 1) ? AT(i + 1, j) : AT(i, j + 1));
	size_t i = 0, j = 0;
	while (i < wa || j < wb) {
		if (i < wa && j < wb && same(&A[pre + i], &B[pre + j])) {
			ops[(*n_ops)++] = EQ;
			i++;
			j++;
		} else if (j < wb && (i == wa || AT(i, j + 1) > AT(i + 1, j))) {
			/* strictly better only: on a tie the deletion goes first,
			 * as diff -u prints it */
			ops[(*n_ops)++] = INS;
			j++;
		} else {
			ops[(*n_ops)++] = DEL;
			i++;
		}
	}
#undef AT
	free(L);
}

/* Where the hunk that starts with the change at k ends: it runs on until
 * the changes stop for more than twice the context. */
static size_t hunk_end(const enum op *ops, size_t n_ops, size_t k)
{
	size_t end = k;
	for (;;) {
		while (end < n_ops && ops[end] != EQ)
			end++;
		size_t run = 0;
		while (end + run < n_ops && ops[end + run] == EQ)
			run++;
		if (end + run < n_ops && run <= 2 * DIFF_CONTEXT) {
			end += run;
			continue;
		}
		return end + (run < DIFF_CONTEXT ? run : DIFF_CONTEXT);
	}
}

/* Prints ops[start, end) as one hunk starting at lines sa of A and sb of
 * B; *pa and *pb get where A and B stand after it. */
static void print_hunk(struct buf *out, const struct line *A, const struct line *B,
		       const enum op *ops, size_t start, size_t end, size_t sa, size_t sb,
		       size_t *pa, size_t *pb)
{
	size_t la = 0, lb = 0;
	for (size_t x = start; x < end; x++) {
		la += ops[x] != INS;
		lb += ops[x] != DEL;
	}
	buf_addf(out, "@@ -%zu,%zu +%zu,%zu @@\n", la ? sa + 1 : sa, la, lb ? sb + 1 : sb, lb);
	*pa = sa;
	*pb = sb;
	for (size_t x = start; x < end; x++) {
		if (ops[x] == EQ) {
			emit_line(out, ' ', &A[(*pa)++]);
			(*pb)++;
		} else if (ops[x] == DEL) {
			emit_line(out, '-', &A[(*pa)++]);
		} else {
			emit_line(out, '+', &B[(*pb)++]);
		}
	}
}

void unified_diff(const char *a, size_t an, const char *b, size_t bn, const char *label_a,
		  const char *label_b, struct buf *out)
{
	size_t na, nb;
	struct line *A = split(a, an, &na), *B = split(b, bn, &nb);
	size_t pre = 0;
	while (pre < na && pre < nb && same(&A[pre], &B[pre]))
		pre++;
	size_t suf = 0;
	while (suf < na - pre && suf < nb - pre && same(&A[na - 1 - suf], &B[nb - 1 - suf]))
		suf++;

	/* the edit script over the whole text */
	size_t n_ops = 0;
	enum op *ops = xmalloc((na + nb + 1) * sizeof *ops);
	for (size_t i = 0; i < pre; i++)
		ops[n_ops++] = EQ;
	middle_ops(A, B, pre, na - pre - suf, nb - pre - suf, ops, &n_ops);
	for (size_t i = 0; i < suf; i++)
		ops[n_ops++] = EQ;

	bool header = false;
	size_t k = 0, ia = 0, ib = 0;   /* position in ops, A and B */
	while (k < n_ops) {
		if (ops[k] == EQ) {
			k++;
			ia++;
			ib++;
			continue;
		}
		/* back up for the context before the change */
		size_t back = 0;
		while (back < DIFF_CONTEXT && back < k && ops[k - back - 1] == EQ)
			back++;
		size_t end = hunk_end(ops, n_ops, k);
		if (!header) {
			buf_addf(out, "--- %s\n+++ %s\n", label_a, label_b);
			header = true;
		}
		print_hunk(out, A, B, ops, k - back, end, ia - back, ib - back, &ia, &ib);
		k = end;
	}
	free(ops);
	free(A);
	free(B);
}
