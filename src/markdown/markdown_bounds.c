/* markdown_bounds.c: refusing the Markdown whose rendering would not be
 * linear (see markdown.h for the bounds and why) */
#include "markdown/markdown.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* A table's delimiter row: only '|', '-', ':' and spaces, with a '-'. */
static bool delimiter_row(const char *s, size_t n, size_t *cells)
{
	size_t dashes_runs = 0;
	bool dash = false, in_run = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '-') {
			dash = true;
			if (!in_run)
				dashes_runs++;
			in_run = true;
			continue;
		}
		if (c != '|' && c != ':' && c != ' ' && c != '\t' && c != '>')
			return false;
		if (c == '|')
			in_run = false;
	}
	*cells = dashes_runs;
	return dash;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

int markdown_bounds(const char *md, size_t len, char why[MARKDOWN_WHY])
{
	if (len > MARKDOWN_MAX_BYTES) {
		snprintf(why, MARKDOWN_WHY, "is longer than %u bytes", MARKDOWN_MAX_BYTES);
		return 1;
	}
	/* the autolink extension looks around every '@' for an address: linear,
	 * but slow enough that 40 KB of them took 170 ms */
	size_t ats = 0;
	for (const char *p = md; (p = memchr(p, '@', len - (size_t)(p - md))) != NULL; p++)
		ats++;
	if (ats > MARKDOWN_MAX_ATS) {
		snprintf(why, MARKDOWN_WHY, "has more than %u '@'", MARKDOWN_MAX_ATS);
		return 1;
	}
	return markdown_bounds_shape(md, len, MARKDOWN_MAX_BRACKETS, why);
}

int markdown_bounds_shape(const char *md, size_t len, size_t max_brackets,
			  char why[MARKDOWN_WHY])
{
	size_t brackets = 0, cells = 0, table_width = 0;
	for (size_t at = 0; at < len;) {
		const char *line = md + at;
		const char *nl = memchr(line, '\n', len - at);
		size_t n = nl ? (size_t)(nl - line) : len - at;
		size_t pipes = 0;
		for (size_t i = 0; i < n; i++) {
			pipes += line[i] == '|';
			brackets += line[i] == '[';
		}
		if (pipes > MARKDOWN_MAX_TABLE_COLUMNS) {
			snprintf(why, MARKDOWN_WHY,
				 "has a line with more than %u '|' (a table may have at most %u"
				 " columns)", MARKDOWN_MAX_TABLE_COLUMNS, MARKDOWN_MAX_TABLE_COLUMNS);
			return 1;
		}
		/* every row of a table is padded to its header's width: count
		 * each line after a delimiter row, up to a blank line, as a
		 * full row (more than the renderer makes, never less) */
		size_t w;
		if (blank(line, n))
			table_width = 0;
		else if (delimiter_row(line, n, &w) && w > table_width)
			table_width = w;
		cells += table_width;
		if (cells > MARKDOWN_MAX_TABLE_CELLS) {
			snprintf(why, MARKDOWN_WHY, "has tables with more than %u cells",
				 MARKDOWN_MAX_TABLE_CELLS);
			return 1;
		}
		at += n + 1;
	}
	if (brackets > max_brackets) {
		snprintf(why, MARKDOWN_WHY, "has more than %zu '[' (links)", max_brackets);
		return 1;
	}
	return 0;
}
