/* export_json.c: `newsdesk export FILE` and `newsdesk import json FILE` */
#include "features/comments/import.h"
#include "features/comments/import_internal.h"

#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/cli_store.h"
#include "util/file.h"
#include "store/dump.h"

#define IMPORT_MAX_BYTES (1u << 30)

int cli_export(const struct config *cfg, int argc, const char *const *argv)
{
	if (argc != 1) {
		fprintf(stderr, "newsdesk: usage: newsdesk export FILE\n");
		return 2;
	}
	struct store *s = cli_open_store(cfg);
	if (!s)
		return 1;
	struct buf err = BUF_INIT, tmp = BUF_INIT;
	int schema = 0, rc = 1;
	/* written beside, then renamed: FILE is whole or untouched */
	buf_addf(&tmp, "%s.partial", argv[0]);
	/* emails and addresses: readable by the service's user alone */
	int fd = open(tmp.p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (fd >= 0 && !f)
		close(fd);
	if (!f) {
		fprintf(stderr, "newsdesk: cannot write %s\n", tmp.p);
	} else if (store_schema_version(s, &schema, &err) < 0 ||
		   store_export(s, f, schema, &err) < 0) {
		fprintf(stderr, "newsdesk: %s\n", err.p);
		fclose(f);
		unlink(tmp.p);
	} else if (fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0 ||
		   rename(tmp.p, argv[0]) != 0) {
		fprintf(stderr, "newsdesk: cannot write %s\n", argv[0]);
		unlink(tmp.p);
	} else {
		printf("exported to %s (schema %d)\n", argv[0], schema);
		rc = 0;
	}
	buf_release(&err);
	buf_release(&tmp);
	store_close(s);
	return rc;
}

int import_json(const struct config *cfg, const char *path)
{
	struct buf text = BUF_INIT, ferr = BUF_INIT;
	if (file_read(path, IMPORT_MAX_BYTES, &text, &ferr) < 0) {
		fprintf(stderr, "newsdesk: %s\n", ferr.p);
		buf_release(&text);
		buf_release(&ferr);
		return 1;
	}
	buf_release(&ferr);
	json_error_t je;
	json_t *doc = json_loadb(text.p, text.len, JSON_REJECT_DUPLICATES, &je);
	buf_release(&text);
	if (!doc) {
		fprintf(stderr, "newsdesk: %s:%d: %s\n", path, je.line, je.text);
		return 1;
	}
	struct store *s = cli_open_store(cfg);
	if (!s) {
		json_decref(doc);
		return 1;
	}
	struct buf err = BUF_INIT;
	/* the file is input like any other: a crafted or tampered one must not
	 * put into the widget, the API or the feeds what a post could not */
	int rc = import_json_check(cfg, doc, &err);
	if (rc == 0)
		rc = store_import(s, doc, &err);
	if (rc < 0)
		fprintf(stderr, "newsdesk: %s: %s (nothing was imported)\n", path, err.p);
	else
		printf("imported %s\n", path);
	buf_release(&err);
	json_decref(doc);
	store_close(s);
	return rc < 0 ? 1 : 0;
}
