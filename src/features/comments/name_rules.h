/* name_rules.h: a typed name cannot pass for a GitHub-verified one.
 *
 * The widget shows a signed-in author as "@login ✓".  A typed name may
 * not start with "@" or anything that reads as one ("＠" U+FF20, "﹫"
 * U+FE6B), also after spaces of any width; may not hold a check mark; and
 * may hold no invisible or format character (zero-width spaces and
 * joiners, word joiners, U+FEFF, soft hyphens, Hangul fillers) nor any
 * bidirectional control, which could hide an "@" or reorder what is
 * shown.  Input is valid UTF-8 (checked before). */
#ifndef NEWSDESK_NAME_RULES_H
#define NEWSDESK_NAME_RULES_H

/* NULL when name may be typed, else why not (a static sentence). */
const char *name_rules_problem(const char *name);

#endif
