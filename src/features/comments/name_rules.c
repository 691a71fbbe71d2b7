/* name_rules.c: a typed name cannot pass for a verified one (name_rules.h) */
#include "features/comments/name_rules.h"

#include <stdbool.h>
#include <stddef.h>

/* The next code point of valid UTF-8 at *p, advancing *p. */
static unsigned long next_cp(const unsigned char **p)
{
	const unsigned char *s = *p;
	unsigned long cp;
	size_t n;
	if (s[0] < 0x80) {
		cp = s[0];
		n = 1;
	} else if ((s[0] & 0xE0) == 0xC0) {
		cp = s[0] & 0x1F;
		n = 2;
	} else if ((s[0] & 0xF0) == 0xE0) {
		cp = s[0] & 0x0F;
		n = 3;
	} else {
		cp = s[0] & 0x07;
		n = 4;
	}
	for (size_t i = 1; i < n && s[i]; i++)
		cp = cp << 6 | (s[i] & 0x3F);
	*p = s + n;
	return cp;
}

static bool bidi_control(unsigned long c)
{
	return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
	       (c >= 0x2066 && c <= 0x2069);
}

static bool invisible(unsigned long c)
{
	return c == 0x00AD || c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x17B4 ||
	       c == 0x17B5 || c == 0x180E || (c >= 0x200B && c <= 0x200D) ||
	       (c >= 0x2060 && c <= 0x2064) || c == 0x3164 || c == 0xFEFF || c == 0xFFA0 ||
	       (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0000 && c <= 0xE007F);
}

static bool space(unsigned long c)
{
	return c == ' ' || c == '\t' || c == 0x00A0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
	       c == 0x202F || c == 0x205F || c == 0x3000;
}

static bool at_sign(unsigned long c)
{
	return c == '@' || c == 0xFF20 || c == 0xFE6B;
}

static bool check_mark(unsigned long c)
{
	return c == 0x2713 || c == 0x2714 || c == 0x2705 || c == 0x2611 || c == 0x1F5F8 ||
	       c == 0x221A;
}

const char *name_rules_problem(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	bool leading = true;
	while (*p) {
		unsigned long c = next_cp(&p);
		if (bidi_control(c))
			return "names may not hold bidirectional control characters";
		if (invisible(c))
			return "names may not hold invisible characters";
		if (check_mark(c))
			return "a check mark is kept for people signed in with GitHub";
		if (leading && at_sign(c))
			return "names starting with @ are kept for people signed in with GitHub";
		leading = leading && space(c);
	}
	return NULL;
}
