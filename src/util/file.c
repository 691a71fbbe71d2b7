/* file.c: whole-file reads with a size cap */
#include "util/file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int file_read(const char *path, size_t max, struct buf *out, struct buf *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		buf_addf(err, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	size_t start = out->len;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (out->len - start + n > max) {
			buf_addf(err, "'%s' is larger than %zu bytes", path, max);
			fclose(f);
			return -1;
		}
		buf_add(out, chunk, n);
	}
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		buf_addf(err, "cannot read '%s'", path);
		return -1;
	}
	return 0;
}
