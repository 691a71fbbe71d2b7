/* inert_text.h: contributor text that GitHub will not act on.
 *
 * GitHub reads pull-request bodies and commit messages: "@name" notifies
 * a person or a team, "#12", "GH-12" and "owner/repo#12" reference issues,
 * and a closing keyword ("fixes", "closes", "resolves" and their forms)
 * before a reference or an issue URL closes that issue once the commit
 * reaches the default branch.  Text a contributor wrote must do none of
 * that when newsdesk writes it into a title, a body or a commit message. */
#ifndef NEWSDESK_GH_INERT_TEXT_H
#define NEWSDESK_GH_INERT_TEXT_H

#include "util/buf.h"

/* For plain-text places (titles, commit messages): a zero-width space
 * goes after every '@' and '#', inside "GH-" references and inside every
 * closing keyword, which breaks each of them for GitHub and leaves the
 * text as it reads.  Control characters become spaces. */
void gh_inert_text(struct buf *out, const char *s);

/* For Markdown bodies: s as one code span (GitHub links nothing inside
 * code), with a fence of backticks longer than any run in s. */
void gh_code_span(struct buf *out, const char *s);

/* A contributor GitHub vouched for (they signed in): "@login", so GitHub
 * tells them about the pull request.  Only for a verified login: a live
 * mention of a name anyone can type would let anyone ping any account.
 * Anything that is not a login is written as gh_code_span. */
void gh_mention(struct buf *out, const char *login);

#endif
