/* mail_addr.h: what newsdesk sends mail to and from: a plain ASCII
 * addr-spec (RFC 5321 without quoted local parts or address literals),
 * so that no header or SMTP command can be bent by one. */
#ifndef NEWSDESK_MAIL_ADDR_H
#define NEWSDESK_MAIL_ADDR_H

#include <stdbool.h>

#define MAIL_ADDR_MAX 254

/* local@domain: a dot-atom local part (at most 64 bytes) and a domain of
 * LDH labels with a dot, at most MAIL_ADDR_MAX bytes in all, whose last
 * label is letters and not a private name (localhost, local, internal,
 * lan, home, corp, intranet, invalid, arpa). */
bool mail_addr_valid(const char *s);
/* The part after '@' (s must be valid). */
const char *mail_addr_domain(const char *s);
/* A relay host that is this machine (plain SMTP is allowed only there). */
bool mail_host_loopback(const char *host);

#endif
