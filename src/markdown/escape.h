/* escape.h: every byte a person wrote, made safe for where it goes in a
 * page — one name per context (after cgit's html_txt / html_attr /
 * html_url_arg), so that a reader of a renderer sees which one it is.
 *
 * Text and quoted attribute values escape the same five characters
 * (& < > " '), which is safe in both; a URL also goes through html_href,
 * which refuses any scheme but http(s), mailto and relative references,
 * writing "#" instead. */
#ifndef NEWSDESK_ESCAPE_H
#define NEWSDESK_ESCAPE_H

#include <stddef.h>

#include "util/buf.h"

/* Element content. */
void html_txt(struct buf *out, const char *s);
/* Text for an XML document (the Atom feeds): escaped as html_txt, and
 * every character XML 1.0 forbids (C0 controls but tab and line ends,
 * U+FFFE, U+FFFF) written as U+FFFD, so no stored text can make the
 * document ill-formed. */
void xml_txt(struct buf *out, const char *s);
/* A value inside "…" (never an unquoted attribute). */
void html_attr(struct buf *out, const char *s);
/* An href or src value inside "…": only http(s), mailto and relative. */
void html_href(struct buf *out, const char *url);
/* A query value inside an href: percent-encoded, then attribute-safe. */
void html_url_arg(struct buf *out, const char *s);
/* n bytes of s, for text or attributes (the others call it). */
void html_escape(struct buf *out, const char *s, size_t n);

#endif
