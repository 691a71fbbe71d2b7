/* fuzz_draft.c: libFuzzer target for the draft engine.
 *
 * Input: a draft, optionally followed by a NUL byte and a submission JSON.
 * Without one, a fixed submission per section is tried.  Runs parse,
 * sections JSON and apply; the sanitizers report any crash, leak or read
 * past the input (the input is copied to an exact-size buffer).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "draft/draft.h"

static void try_apply(const struct draft *d, const char *sub, size_t len)
{
	struct submission s;
	struct buf err = BUF_INIT, out = BUF_INIT;
	bool already;
	if (submission_from_json(&s, sub, len, NULL, &err) == 0) {
		draft_apply(d, &s, NULL, &out, &already, NULL, &err);
		submission_free(&s);
	}
	buf_release(&out);
	buf_release(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t dlen = nul ? (size_t)(nul - data) : size;
	char *text = malloc(dlen ? dlen : 1);
	memcpy(text, data, dlen);
	struct draft d;
	struct buf err = BUF_INIT, json = BUF_INIT;
	if (draft_parse(&d, text, dlen, &err) == 0) {
		draft_sections_json(&d, "fuzz.md", &json);
		if (nul) {
			size_t slen = size - dlen - 1;
			char *sub = malloc(slen ? slen : 1);
			memcpy(sub, nul + 1, slen);
			try_apply(&d, sub, slen);
			free(sub);
		} else {
			for (size_t i = 0; i < d.n_sections && i < 4; i++) {
				struct buf sub = BUF_INIT;
				/* titles are valid UTF-8 but may need JSON escaping:
				 * only plain ones are tried here */
				if (strpbrk(d.sections[i].title, "\"\\"))
					continue;
				buf_addf(&sub, "{\"section\":\"%s\",\"author\":\"fuzz\",\"add_author\":true,"
					 "\"block\":\"%s\"}", d.sections[i].title,
					 d.sections[i].kind == KIND_LIST ? "- [x](https://x.org)" :
					 "### [`x`](https://x.org)\\n\\ntext");
				try_apply(&d, sub.p, sub.len);
				buf_release(&sub);
			}
		}
		draft_free(&d);
	}
	buf_release(&err);
	buf_release(&json);
	free(text);
	return 0;
}
