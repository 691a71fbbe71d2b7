/* sections_json.c: the draft's sections as SPEC §4's JSON */
#include <jansson.h>
#include <stdlib.h>

#include "draft/draft.h"

int draft_sections_json(const struct draft *d, const char *path, struct buf *out)
{
	json_t *secs = json_array();
	for (size_t i = 0; i < d->n_sections; i++) {
		const struct draft_section *s = &d->sections[i];
		json_t *blocks = json_array();
		for (size_t b = 0; b < s->n_blocks; b++)
			json_array_append_new(blocks, json_string(s->blocks[b].name));
		const char *kind = draft_kind_name(s->kind);
		json_array_append_new(secs, json_pack(
			"{s:s,s:s?,s:s?,s:o,s:b}",
			"title", s->title,
			"kind", kind ? kind : "heading",
			"template", s->template_text,
			"blocks", blocks,
			"open", s->kind != KIND_NONE || s->has_placeholder || s->n_blocks));
	}
	json_t *o = json_pack("{s:s?,s:s?,s:o}", "path", path,
			      "month", d->month[0] ? d->month : NULL,
			      "sections", secs);
	char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (!text)
		return -1;
	buf_adds(out, text);
	free(text);
	return 0;
}
