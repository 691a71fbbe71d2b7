/* resp_reuse.c: a shared body's libmicrohttpd responses, built once and
 * queued again while the headers come out the same (http.h). */
#include "http/http_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct resp_built {
	struct MHD_Response *m;
	size_t key_len;
	char key[]; /* status, content type, then each header: what makes it this response */
};

void resp_reuse_init(struct resp_reuse *u)
{
	for (int i = 0; i < RESP_REUSE_SLOTS; i++)
		atomic_init(&u->slot[i], NULL);
}

void resp_reuse_clear(struct resp_reuse *u)
{
	for (int i = 0; i < RESP_REUSE_SLOTS; i++) {
		struct resp_built *b = atomic_exchange(&u->slot[i], NULL);
		if (b) {
			/* libmicrohttpd may still hold its own reference to it */
			MHD_destroy_response(b->m);
			free(b);
		}
	}
}

void resp_reusable(struct resp *rs, struct resp_reuse *u)
{
	rs->reuse = u;
}

/* Everything the response says besides its body, NUL-separated. */
static void key_of(const struct resp *rs, struct buf *k)
{
	char st[4] = { (char)('0' + rs->status / 100 % 10), (char)('0' + rs->status / 10 % 10),
		       (char)('0' + rs->status % 10), '\0' };
	buf_grow(k, 512);
	buf_add(k, st, sizeof st);
	if (rs->content_type)
		buf_add(k, rs->content_type, strlen(rs->content_type) + 1);
	for (size_t i = 0; i < rs->n_headers; i++) {
		buf_add(k, rs->headers[i].name, strlen(rs->headers[i].name) + 1);
		buf_add(k, rs->headers[i].value, strlen(rs->headers[i].value) + 1);
	}
}

static struct MHD_Response *find(struct resp_reuse *u, const struct buf *k)
{
	for (int i = 0; i < RESP_REUSE_SLOTS; i++) {
		struct resp_built *b = atomic_load(&u->slot[i]);
		if (b && b->key_len == k->len && memcmp(b->key, k->p, k->len) == 0)
			return b->m;
	}
	return NULL;
}

/* Keeps m in a free slot; false when all are taken (m is the caller's). */
static bool keep(struct resp_reuse *u, const struct buf *k, struct MHD_Response *m)
{
	struct resp_built *b = xmalloc(sizeof *b + k->len);
	b->m = m;
	b->key_len = k->len;
	memcpy(b->key, k->p, k->len);
	for (int i = 0; i < RESP_REUSE_SLOTS; i++) {
		struct resp_built *none = NULL;
		if (atomic_compare_exchange_strong(&u->slot[i], &none, b))
			return true;
	}
	free(b);
	return false;
}

enum MHD_Result resp_send_reused(struct req *r, struct resp *rs)
{
	struct buf k = BUF_INIT;
	key_of(rs, &k);
	struct MHD_Response *m = find(rs->reuse, &k);
	bool kept = m != NULL;
	if (!m) {
		m = MHD_create_response_from_buffer(rs->shared_len, (void *)rs->shared,
						   MHD_RESPMEM_PERSISTENT);
		if (m) {
			resp_add_headers(m, rs, false);
			kept = keep(rs->reuse, &k, m);
		}
	}
	buf_release(&k);
	if (!m) {
		resp_release(rs);
		return MHD_NO;
	}
	enum MHD_Result ok = MHD_queue_response(r->conn, (unsigned)rs->status, m);
	if (!kept)
		MHD_destroy_response(m);
	/* the bytes are read until the request completes: its reference to
	 * them goes then (on_completed) */
	r->keep_release = rs->shared_release;
	r->keep_arg = rs->shared_arg;
	rs->shared_release = NULL;
	r->answered = true;
	r->status = rs->status;
	r->bytes = strcmp(r->method, "HEAD") == 0 ? 0 : rs->shared_len;
	resp_release(rs);
	return ok;
}
