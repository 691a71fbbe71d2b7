/* utf8.h: strict UTF-8 validation (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF). */
#ifndef NEWSDESK_UTF8_H
#define NEWSDESK_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is valid UTF-8.  NUL bytes are rejected too: no text
 * field of ours may contain one.  On failure *bad (if given) is the offset
 * of the first offending byte. */
bool utf8_valid(const char *s, size_t n, size_t *bad);
/* utf8_valid, and none of the characters XML 1.0 forbids (controls other
 * than tab, LF and CR; U+FFFE; U+FFFF): text that can go into a feed. */
bool utf8_xml_valid(const char *s, size_t n, size_t *bad);
/* Appends the UTF-8 encoding of cp (must be a valid scalar value) to out;
 * returns the number of bytes (1..4), or 0 for an invalid code point. */
size_t utf8_encode(unsigned long cp, char out[4]);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_len(const char *s, size_t n);

#endif
