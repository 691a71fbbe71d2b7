/* markup_bytes.h: an entry's bytes, judged the same under every reading.
 *
 * content_policy.c judges a change on cmark-gfm's tree (CommonMark 0.29),
 * while the site renders with pulldown-cmark 0.13 (CommonMark 0.31.2), and
 * a tree is blind to whatever its parser drops (an unused footnote, a
 * table's extra cells) or reads as text where another reads markup.  This
 * pass needs no parser.  Every place in the entry's bytes where some
 * CommonMark reading from 0.29 on could start raw HTML or a link must hold
 * a construct that reads the same under all of them:
 *  - "<" before a letter, "/", "!" or "?" is an allowlisted tag written
 *    strictly (on one line, quoted values without "<", ">" or "`", URL
 *    values plain), an HTML comment that 0.29, 0.31 and a browser all end
 *    at the same "-->", or an http, https, mailto or e-mail autolink
 *    without "`";
 *  - unless it sits in code that no reading sees otherwise: a code span on
 *    one line of a paragraph with no raw-HTML line and no unpaired backtick
 *    before it, holding no "|" when the entry has a table delimiter row (a
 *    cell splits it); or a fenced code
 *    block opened at column 0 (no list or quote can hold it) outside raw
 *    HTML;
 *  - link destinations (after "](" and "]:") hold no "`" or "<", no
 *    entity or escape before their scheme, and go to http, https, mailto
 *    or a relative target; their titles hold no "`";
 *  - a heading line does not end in "}" (Zola's attribute list).
 * In raw HTML lines a backslash escapes nothing, as in CommonMark's HTML
 * blocks.  Anything else that two readings could take apart differently
 * is refused with a sentence saying what to write instead. */
#ifndef NEWSDESK_MARKUP_BYTES_H
#define NEWSDESK_MARKUP_BYTES_H

#include <stddef.h>

/* 0 when s[0..n) reads the same under every reading; 1 refused, with a
 * sentence (no leading subject, "holds …") in why. */
int markup_bytes_check(const char *s, size_t n, char *why, size_t why_len);

#endif
