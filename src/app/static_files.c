/* static_files.c: GET of files under the web root.
 *
 * Answers 404 for anything that is not a regular file inside the root:
 * ".." and hidden segments are refused before touching the file system,
 * and the resolved path must still lie inside the root (symlinks out of it
 * are refused).  ETag/If-None-Match give 304s; "/x/" serves x/index.html
 * and "/submit" serves submit.html.
 *
 * Text files (.js .mjs .css .html .svg .json .txt .xml) are kept in
 * memory, each with its gzip, br and zstd forms compressed once at the
 * best level (at start for the widget, static_files_warm, else at first
 * use); an entry is rebuilt when the file's size or mtime changes.  Each
 * request picks a representation by Accept-Encoding (http/encoding.h),
 * with Vary: Accept-Encoding and a strong ETag per representation (the
 * identity one plus "-gz", "-br", "-zst"), so a repeat visit is a 304.
 * "?v=VERSION" (the first 16 hex digits of the bytes' BLAKE2b, from GET
 * /api/v1/widget) is cached for a year when it is the current version.
 * No Range: every answer is the whole representation.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/app.h"
#include "http/errors.h"
#include "app/app_handlers.h"
#include "http/encoding.h"
#include "util/buf.h"
#include "util/xalloc.h"

static const struct {
	const char *ext;
	const char *type;
} mime_types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".md", "text/markdown; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".jpg", "image/jpeg" },
	{ ".jpeg", "image/jpeg" },
	{ ".gif", "image/gif" },
	{ ".webp", "image/webp" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
	{ ".xml", "application/xml" },
};

static const char *mime_type(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (dot && (!slash || dot > slash))
		for (size_t i = 0; i < sizeof mime_types / sizeof mime_types[0]; i++)
			if (strcasecmp(dot, mime_types[i].ext) == 0)
				return mime_types[i].type;
	return "application/octet-stream";
}

static bool is_text(const char *path)
{
	static const char *const exts[] = { ".js", ".mjs", ".css", ".html", ".svg", ".json",
					    ".txt", ".xml" };
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (dot && (!slash || dot > slash))
		for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
			if (strcasecmp(dot, exts[i]) == 0)
				return true;
	return false;
}

/* ---- the cache of text files and their compressed forms ---- */

#define CACHE_SLOTS 64                 /* files; past that, one makes way (in turn) */
#define CACHE_MAX_FILE (4u << 20)      /* bytes; a larger file is not cached */
#define VERSION_HEX 16

struct static_entry {
	atomic_uint refs;
	char *path;
	uint64_t size, mtime_ns;
	char etag[64];                     /* the identity representation's */
	char version[VERSION_HEX + 1];
	struct buf rep[ENC_COUNT];         /* empty when that coding is not smaller */
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct static_entry *cache[CACHE_SLOTS];
static unsigned next_victim;

static void entry_release(void *arg)
{
	struct static_entry *e = arg;
	if (atomic_fetch_sub(&e->refs, 1) != 1)
		return;
	for (int i = 0; i < ENC_COUNT; i++)
		buf_release(&e->rep[i]);
	free(e->path);
	free(e);
}

static uint64_t mtime_ns(const struct stat *st)
{
	return (uint64_t)st->st_mtim.tv_sec * 1000000000ull + (uint64_t)st->st_mtim.tv_nsec;
}

static struct static_entry *entry_build(const char *path, int fd, const struct stat *st)
{
	struct static_entry *e = xcalloc(1, sizeof *e);
	atomic_init(&e->refs, 1);
	e->path = xstrdup(path);
	e->size = (uint64_t)st->st_size;
	e->mtime_ns = mtime_ns(st);
	snprintf(e->etag, sizeof e->etag, "\"%llx-%llx\"", (unsigned long long)e->size,
		 (unsigned long long)e->mtime_ns);
	for (int i = 0; i < ENC_COUNT; i++)
		buf_init(&e->rep[i]);
	struct buf *id = &e->rep[ENC_IDENTITY];
	buf_grow(id, (size_t)e->size);
	size_t got = 0;
	while (got < e->size) {
		ssize_t n = pread(fd, id->p + got, (size_t)e->size - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got != e->size) {   /* changed under us: not cached */
		entry_release(e);
		return NULL;
	}
	id->len = got;
	id->p[got] = '\0';
	unsigned char h[crypto_generichash_BYTES];
	crypto_generichash(h, sizeof h, (const unsigned char *)id->p, id->len, NULL, 0);
	for (int i = 0; i < VERSION_HEX / 2; i++)
		snprintf(e->version + 2 * i, 3, "%02x", h[i]);
	for (int c = ENC_GZIP; c < ENC_COUNT; c++)
		if (enc_compress((enum enc)c, id->p, id->len, true, &e->rep[c]) < 0 ||
		    e->rep[c].len >= id->len)
			buf_release(&e->rep[c]);
	return e;
}

/* path's slot, or -1 with the first empty one (or -1) in *free_slot;
 * under cache_lock. */
static int find_slot(const char *path, int *free_slot)
{
	*free_slot = -1;
	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (!cache[i]) {
			if (*free_slot < 0)
				*free_slot = i;
		} else if (strcmp(cache[i]->path, path) == 0) {
			return i;
		}
	}
	return -1;
}

/* The entry of path as fd now is, with a reference; NULL: serve from disk. */
static struct static_entry *entry_get(const char *path, int fd, const struct stat *st)
{
	if ((uint64_t)st->st_size > CACHE_MAX_FILE)
		return NULL;
	pthread_mutex_lock(&cache_lock);
	int free_slot;
	int slot = find_slot(path, &free_slot);
	struct static_entry *e = slot >= 0 ? cache[slot] : NULL;
	if (e && e->size == (uint64_t)st->st_size && e->mtime_ns == mtime_ns(st)) {
		atomic_fetch_add(&e->refs, 1);
		pthread_mutex_unlock(&cache_lock);
		return e;
	}
	pthread_mutex_unlock(&cache_lock);
	/* compressed outside the lock: another file's requests do not wait */
	struct static_entry *fresh = entry_build(path, fd, st);
	if (!fresh)
		return NULL;
	pthread_mutex_lock(&cache_lock);
	slot = find_slot(path, &free_slot);
	if (slot < 0)
		slot = free_slot >= 0 ? free_slot : (int)(next_victim++ % CACHE_SLOTS);
	if (cache[slot])
		entry_release(cache[slot]);
	cache[slot] = fresh;
	atomic_fetch_add(&fresh->refs, 1);
	pthread_mutex_unlock(&cache_lock);
	return fresh;
}

/* Opens name under the web root (a regular file, inside it); -1 if not. */
static int open_in_root(const char *root, const char *want, char real[PATH_MAX],
			struct stat *st)
{
	size_t rootlen = strlen(root);
	int fd = -1;
	if (!realpath(want, real) || strncmp(real, root, rootlen) != 0 || real[rootlen] != '/' ||
	    (fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0 || fstat(fd, st) < 0 ||
	    !S_ISREG(st->st_mode)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static struct static_entry *entry_of(const char *root, const char *name)
{
	char want[PATH_MAX], real[PATH_MAX];
	struct stat st;
	snprintf(want, sizeof want, "%s/%s", root, name);
	int fd = open_in_root(root, want, real, &st);
	if (fd < 0)
		return NULL;
	struct static_entry *e = entry_get(real, fd, &st);
	close(fd);
	return e;
}

static const char *const widget_files[] = { "embed.js", "embed.css" };

void static_files_warm(const char *web_root)
{
	if (!web_root)
		return;
	for (size_t i = 0; i < sizeof widget_files / sizeof widget_files[0]; i++) {
		struct static_entry *e = entry_of(web_root, widget_files[i]);
		if (e)
			entry_release(e);
	}
}

int handle_widget_version(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	json_t *out = json_object();
	for (size_t i = 0; app->web_root && i < sizeof widget_files / sizeof widget_files[0]; i++) {
		struct static_entry *e = entry_of(app->web_root, widget_files[i]);
		if (!e)
			continue;
		char url[64];
		snprintf(url, sizeof url, "/%s?v=%s", widget_files[i], e->version);
		json_t *bytes = json_object();
		json_object_set_new(bytes, "identity", json_integer((json_int_t)e->size));
		for (int c = ENC_GZIP; c < ENC_COUNT; c++)
			if (e->rep[c].len)
				json_object_set_new(bytes, enc_name((enum enc)c),
						    json_integer((json_int_t)e->rep[c].len));
		json_object_set_new(out, widget_files[i],
				    json_pack("{s:s, s:s, s:o}", "version", e->version, "path", url,
					      "bytes", bytes));
		entry_release(e);
	}
	resp_header(rs, "Cache-Control", "no-cache");
	resp_json(rs, HTTP_OK, out);
	return 0;
}

/* Rejects "..", ".", hidden names, empty segments and backslashes. */
static bool safe_path(const char *p)
{
	if (p[0] != '/')
		return false;
	for (const char *s = p + 1; *s; ) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n == 0 && e)
			return false;
		if (n > 0 && s[0] == '.')
			return false;
		if (memchr(s, '\\', n))
			return false;
		s += n;
		if (*s == '/')
			s++;
	}
	return true;
}

static int not_found(struct req *r, struct resp *rs)
{
	fail(r, rs, ERR_NOT_FOUND, NULL, "no such resource");
	return 0;
}

int handle_static(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	const char *path = req_path(r);
	if (!app->web_root || !safe_path(path))
		return not_found(r, rs);

	struct buf want = BUF_INIT;
	buf_addf(&want, "%s%s", app->web_root, path);
	if (path[strlen(path) - 1] == '/')
		buf_adds(&want, "index.html");
	else if (!strchr(strrchr(path, '/'), '.'))
		buf_adds(&want, ".html");  /* pretty URLs: /submit -> submit.html */

	char real[PATH_MAX];
	struct stat st;
	int fd = open_in_root(app->web_root, want.p, real, &st);
	buf_release(&want);
	if (fd < 0)
		return not_found(r, rs);

	struct static_entry *e = is_text(real) ? entry_get(real, fd, &st) : NULL;
	if (e) {
		close(fd);
		unsigned avail = 0;
		for (int c = ENC_GZIP; c < ENC_COUNT; c++)
			if (e->rep[c].len)
				avail |= 1u << c;
		enum enc c = enc_choose(req_header(r, "Accept-Encoding"), avail);
		char etag[80];
		enc_etag(e->etag, c, etag, sizeof etag);
		const char *v = req_query(r, "v");
		resp_header(rs, "ETag", etag);
		resp_header(rs, "Vary", "Accept-Encoding");
		resp_header(rs, "Cache-Control", v && strcmp(v, e->version) == 0
							 ? "public, max-age=31536000, immutable"
							 : "no-cache");
		if (etag_matches(r, etag)) {
			entry_release(e);
			rs->status = HTTP_NOT_MODIFIED;
			return 0;
		}
		if (c != ENC_IDENTITY)
			resp_header(rs, "Content-Encoding", enc_name(c));
		resp_shared(rs, HTTP_OK, mime_type(real), e->rep[c].p, e->rep[c].len, entry_release,
			    e);
		return 0;
	}

	char etag[64];
	snprintf(etag, sizeof etag, "\"%llx-%llx\"", (unsigned long long)st.st_size,
		 (unsigned long long)st.st_mtim.tv_sec * 1000000000ull +
			 (unsigned long long)st.st_mtim.tv_nsec);
	resp_header(rs, "ETag", etag);
	resp_header(rs, "Cache-Control", "no-cache");
	if (etag_matches(r, etag)) {
		close(fd);
		rs->status = HTTP_NOT_MODIFIED;
		return 0;
	}
	rs->status = HTTP_OK;
	rs->content_type = mime_type(real);
	rs->fd = fd;
	rs->fd_size = (uint64_t)st.st_size;
	return 0;
}
