/* server_keys.c: the service's own keys, in a file beside the database
 * (store.h: store_server_key) */
#include "store/store.h"
#include "store/store_internal.h"
#include "store/server_keys.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/file.h"

#define KEY_MAX 64

/* "NAME HEX" on a line of its own: the key into key, 1; 0 when absent. */
static int key_in(const char *text, const char *name, unsigned char *key, size_t len)
{
	size_t n = strlen(name);
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (strncmp(l, name, n) != 0 || l[n] != ' ')
			continue;
		const char *hex = l + n + 1;
		size_t hl = strcspn(hex, "\n");
		size_t got = 0;
		if (hl == 2 * len &&
		    sodium_hex2bin(key, len, hex, hl, NULL, &got, NULL) == 0 && got == len)
			return 1;
		return -1;
	}
	return 0;
}

struct key_row {
	unsigned char *key;
	size_t len;
	int found;
};

static void read_key(sqlite3_stmt *st, void *arg)
{
	struct key_row *k = arg;
	if ((size_t)sqlite3_column_bytes(st, 0) == k->len) {
		memcpy(k->key, sqlite3_column_blob(st, 0), k->len);
		k->found = 1;
	}
}

/* The key an older version kept in the database, or 0. */
static int key_in_db(struct store *s, const char *name, unsigned char *key, size_t len,
		     struct buf *err)
{
	const struct store_param p[] = { PARAM_TEXT(name) };
	const struct store_one q = STORE_ONE(STMT_KEY_GET, "read server key", p);
	struct key_row row = { key, len, 0 };
	return store_row(s, &q, read_key, &row, err) < 0 ? -1 : row.found;
}

static int append_key(const char *path, const char *name, const unsigned char *key, size_t len,
		      struct buf *err)
{
	/* 0600 from the start: never readable by anyone else, not for a moment */
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		buf_addf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	char hex[2 * KEY_MAX + 1], line[2 * KEY_MAX + 80];
	sodium_bin2hex(hex, sizeof hex, key, len);
	int n = snprintf(line, sizeof line, "%s %s\n", name, hex);
	bool ok = fchmod(fd, 0600) == 0 && n > 0 && write(fd, line, (size_t)n) == n &&
		  fsync(fd) == 0;
	sodium_memzero(hex, sizeof hex);
	sodium_memzero(line, sizeof line);
	if (close(fd) != 0 || !ok) {
		buf_addf(err, "%s: cannot write the key", path);
		return -1;
	}
	return 0;
}

int store_server_key(struct store *s, const char *key_file, const char *name, unsigned char *key,
		     size_t len, struct buf *err)
{
	if (len > KEY_MAX) {
		buf_adds(err, "server key too long");
		return -1;
	}
	struct buf text = BUF_INIT, ferr = BUF_INIT;
	int found = 0;
	struct stat sb;
	if (stat(key_file, &sb) == 0) {
		if ((sb.st_mode & 077) != 0) {
			buf_addf(err, "%s is readable by others (mode %o): chmod 600 it", key_file,
				 (unsigned)(sb.st_mode & 0777));
			return -1;
		}
		if (file_read(key_file, 1 << 16, &text, &ferr) < 0) {
			buf_addf(err, "%s", ferr.p);
			buf_release(&ferr);
			return -1;
		}
		found = key_in(text.p ? text.p : "", name, key, len);
	}
	sodium_memzero(text.p, text.len);
	buf_release(&text);
	buf_release(&ferr);
	if (found < 0) {
		buf_addf(err, "%s: the key %s is not %zu bytes of hex", key_file, name, len);
		return -1;
	}
	if (!found) {
		int old = key_in_db(s, name, key, len, err);
		if (old < 0)
			return -1;
		if (!old)
			randombytes_buf(key, len);
		if (append_key(key_file, name, key, len, err) < 0)
			return -1;
	}
	/* whatever an older version kept in the database leaves it now */
	const struct store_param p[] = { PARAM_TEXT(name) };
	struct store_one drop = STORE_ONE(STMT_KEY_DROP, "drop a key from the database", p);
	return store_write_one(s, &drop, err);
}
