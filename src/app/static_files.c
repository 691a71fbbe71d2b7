/* static_files.c: GET of files under the web root.
 *
 * Answers 404 for anything that is not a regular file inside the root:
 * ".." and hidden segments are refused before touching the file system,
 * and the resolved path must still lie inside the root (symlinks out of it
 * are refused).  ETag/If-None-Match give 304s; "/x/" serves x/index.html
 * and "/submit" serves submit.html.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/app.h"
#include "http/errors.h"
#include "app/app_handlers.h"
#include "util/buf.h"

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
	size_t rootlen = strlen(app->web_root);
	int fd = -1;
	struct stat st;
	if (!realpath(want.p, real) || strncmp(real, app->web_root, rootlen) != 0 ||
	    real[rootlen] != '/' ||
	    (fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0 ||
	    fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		buf_release(&want);
		return not_found(r, rs);
	}
	buf_release(&want);

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
