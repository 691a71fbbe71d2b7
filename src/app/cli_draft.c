/* app/cli_draft.c: draft sections FILE / draft apply FILE SUBMISSION.json */
#include "app/cli_draft.h"

#include <stdio.h>
#include <string.h>

#include "draft/draft.h"
#include "util/file.h"

static int fail(const char *msg)
{
	fprintf(stderr, "newsdesk: %s\n", msg);
	return 1;
}

static int load_draft(const char *path, struct buf *text, struct draft *d)
{
	struct buf err = BUF_INIT;
	int rc = 0;
	/* read one byte past the cap so that "too large" is reported as such */
	if (file_read(path, DRAFT_MAX_BYTES + 1, text, &err) < 0 ||
	    draft_parse(d, text->p, text->len, &err) < 0) {
		fprintf(stderr, "newsdesk: %s: %s\n", path, err.p);
		rc = -1;
	}
	buf_release(&err);
	return rc;
}

int cli_draft(const struct config *cfg, int nargs, const char *const *args)
{
	struct buf text = BUF_INIT, out = BUF_INIT, err = BUF_INIT, sub = BUF_INIT;
	struct draft d;
	int rc = 1;
	if (strcmp(args[0], "sections") == 0 && nargs == 2) {
		if (load_draft(args[1], &text, &d) < 0)
			goto out;
		if (draft_sections_json(&d, args[1], &out) == 0) {
			printf("%s\n", out.p);
			rc = 0;
		} else {
			fail("cannot encode sections");
		}
		draft_free(&d);
	} else if (strcmp(args[0], "apply") == 0 && nargs == 3) {
		if (file_read(args[2], SUBMISSION_MAX_BYTES + 1, &sub, &err) < 0) {
			fail(err.p);
			goto out;
		}
		struct submission s;
		if (submission_from_json(&s, sub.p, sub.len, NULL, &err) < 0) {
			fprintf(stderr, "newsdesk: %s: %s\n", args[2], err.p);
			goto out;
		}
		if (load_draft(args[1], &text, &d) < 0) {
			submission_free(&s);
			goto out;
		}
		bool already;
		if (draft_apply(&d, &s, &cfg->draft.site, &out, &already,
				NULL, &err) < 0) {
			fprintf(stderr, "newsdesk: %s\n", err.p);
		} else {
			if (already)
				fprintf(stderr, "newsdesk: the block is already in the draft;"
						" printed unchanged\n");
			fwrite(out.p, 1, out.len, stdout);
			rc = fflush(stdout) == 0 ? 0 : 1;
		}
		submission_free(&s);
		draft_free(&d);
	} else {
		fprintf(stderr, "newsdesk: usage: draft sections FILE | draft apply FILE SUBMISSION.json\n");
		rc = 2;
	}
out:
	buf_release(&text);
	buf_release(&out);
	buf_release(&err);
	buf_release(&sub);
	return rc;
}
