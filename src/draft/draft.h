/* draft.h: reading a monthly post and inserting a submission where a
 * careful human would (SPEC §4).
 *
 * A parsed draft keeps a pointer to the caller's text (which must outlive
 * it) and describes it as lines with their byte offsets, so that an edit
 * never touches a byte outside the insertion.  Nothing here does I/O, takes
 * a lock or exits: every function returns 0 or -1 with one line in err.
 */
#ifndef NEWSDESK_DRAFT_H
#define NEWSDESK_DRAFT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "util/buf.h"
#include "github/login.h"
#include "util/url.h"

#define DRAFT_MAX_BYTES (1024u * 1024u)    /* a real draft is ~10 KiB */
#define SUBMISSION_MAX_BYTES (256u * 1024u)
#define BLOCK_MAX_BYTES (64u * 1024u)
#define NAME_MAX_BYTES 200

enum draft_kind { KIND_NONE, KIND_HEADING, KIND_LIST };

struct draft_line {
	size_t off;  /* of the first byte */
	size_t len;  /* without the line ending */
	size_t eol;  /* 0 (last line without newline), 1 (LF) or 2 (CRLF) */
};

struct draft_span {
	size_t first, last; /* line indices, inclusive */
};

struct draft_block {
	char *name;          /* see SPEC §4: first link text without backticks */
	enum draft_kind kind;
	struct draft_span at; /* trailing blank lines excluded */
};

struct draft_section {
	char *title;
	size_t line;          /* the "## " line */
	size_t end;           /* first line after the section */
	enum draft_kind kind; /* from blocks, else the template, else NONE */
	bool has_template;
	struct draft_span tmpl;
	char *template_text;  /* inside of the template comment */
	bool has_placeholder; /* a gray "No … submitted/proposed" note */
	bool placeholder_commented;
	struct draft_span placeholder;
	char *written_by_class; /* class the template uses for "Section written by" */
	struct draft_block *blocks;
	size_t n_blocks;
};

struct draft_author_slot {
	bool present;
	const char *key;      /* "authors" or "editors" */
	bool is_inline;       /* key = [ ... ] on one line */
	struct draft_span at; /* the key line .. the closing bracket line */
	bool has_marker;      /* "# add yourself here" */
	size_t marker_line;
	bool has_entries;
	size_t last_entry_line;
	char **logins;
	size_t n_logins;
};

struct draft {
	const char *text;
	size_t len;
	struct draft_line *lines;
	size_t n_lines;
	const char *nl;       /* "\n" or "\r\n", from the first line ending */
	struct draft_span front; /* the two "+++" lines */
	size_t extra_line;    /* "[extra]" line, or 0 when none */
	size_t extra_end;     /* first line after the [extra] table */
	struct draft_author_slot authors;
	struct draft_section *sections;
	size_t n_sections;
	char month[8];        /* "YYYY-MM" from the front matter, or "" */
	char date[11];        /* the front matter's date "YYYY-MM-DD", or "" */
	bool published;       /* date is set (a draft keeps 0000-01-01) */
};

/* Where a draft stands in the month (cycle.c). */
struct issue_info {
	char month[8];          /* "YYYY-MM", or "" when unknown */
	bool published;
	char deadline[11];      /* "YYYY-MM-DD" (end of that day, UTC), or "" */
	int64_t days_left;      /* whole days until the deadline, 0 on its day, < 0 past */
};
/* month from the draft; deadline_day: of the month after it (0 = none). */
void issue_info_of(const char *month, bool published, int64_t deadline_day, int64_t now,
		   struct issue_info *out);
/* "YYYY-MM" from a draft path POSTS_DIR/YYYY-MM/index.md, or "". */
void issue_month_of_path(const char *path, const char *posts_dir, char month[8]);

/* Parses text (len bytes).  Fails on invalid UTF-8, NUL bytes, a size over
 * DRAFT_MAX_BYTES and a missing front matter. */
int draft_parse(struct draft *d, const char *text, size_t len, struct buf *err);
void draft_free(struct draft *d);

const char *draft_kind_name(enum draft_kind k);
/* The section a submission names: exact title, then the configured alias,
 * then a loose match (case, backticks and spacing ignored). */
const struct draft_section *draft_find_section(const struct draft *d,
					       const char *title,
					       const struct strmap *aliases);

/* A submission (SPEC §4), validated and normalised. */
struct submission {
	char *section;
	char *block;      /* raw block as given, or NULL */
	char *name, *url, *body;
	char *author;
	bool written_by;
	bool add_author;
	char *before;     /* position {"before": NAME}, or NULL for "end" */
	char *replace;    /* the entry of the section this one's text replaces, or NULL */
	char *replace_base;   /* that entry's text when the update was written, or NULL */
	/* several entries in one submission ("entries": [...]): this is the
	 * first, more the others, applied after it in order */
	struct submission *more;
	size_t n_more;
};
#define SUBMISSION_ENTRIES_MAX 10

/* Reads a submission from JSON text.  Given field, a failure puts the
 * field's name there and the message alone in err; without, err says
 * "field: message" (draft_fail). */
int submission_from_json(struct submission *s, const char *json, size_t len,
			 const char **field, struct buf *err);
/* The same from a parsed object (a request body read already); s is
 * filled from o's values, which it copies. */
int submission_from_object(struct submission *s, json_t *o, const char **field,
			   struct buf *err);
void submission_free(struct submission *s);

/* Writes the draft with the submission inserted into out (each of its
 * entries in turn, each into the draft the one before made).  An unchanged
 * draft (every block is already there) is reported with *already = true
 * and out holding the original text; an entry that fails names itself in
 * field ("entries[2].name", in a static buffer of the calling thread). */
int draft_apply(const struct draft *d, const struct submission *s,
		const struct draft_site *site, struct buf *out, bool *already,
		const char **field, struct buf *err);

/* The text of the entry named name in section sec (as in the file, LF
 * line ends, no trailing blank lines) into out: 0, or -1 when none. */
int draft_entry_text(const struct draft *d, const struct draft_section *sec, const char *name,
		     struct buf *out);

/* The Markdown block a submission inserts (built from the structured fields
 * when no raw block is given), with LF line endings. */
int submission_block(const struct submission *s, const struct draft_section *sec,
		     struct buf *out, const char **field, struct buf *err);

/* {"path","month","sections":[{"title","kind","template","blocks"}]} as
 * compact JSON text. */
int draft_sections_json(const struct draft *d, const char *path, struct buf *out);

/* The submission's name as SPEC §4 defines a block's name (malloc'd). */
char *submission_name(const struct submission *s);


#endif
