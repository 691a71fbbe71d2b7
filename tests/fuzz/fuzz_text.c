/* fuzz_text.c: libFuzzer target for the hand-written text checks of the
 * comment and contribution paths: page keys, the raw-HTML allowlist and
 * the trusted-proxy walk.  Beyond "no crash, no overread", it checks the
 * page key's promises: a key is a path of at most PAGE_PATH_MAX bytes,
 * normalising it again changes nothing, and it holds no character a
 * link or a header could be broken with. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "markdown/html_policy.h"
#include "util/ip_match.h"
#include "features/comments/page_path.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';

	char key[PAGE_PATH_MAX + 1], again[PAGE_PATH_MAX + 1];
	const char *why = NULL;
	if (page_path_normalise(s, key, &why) == 0) {
		if (key[0] != '/' || strlen(key) > PAGE_PATH_MAX ||
		    strpbrk(key, "?#\\ \"<>\r\n\t") || strstr(key, "//"))
			abort();
		if (page_path_normalise(key, again, &why) != 0 || strcmp(key, again) != 0)
			abort();
	} else if (!why) {
		abort();
	}

	char reason[64];
	html_policy_check(s, reason, sizeof reason);

	char *trusted[] = { "127.0.0.0/8", "::1", "10.0.0.0/8" };
	char client[IP_TEXT_MAX];
	ip_client("127.0.0.1", s, trusted, 3, client);
	ip_in_list(s, trusted, 3);
	ip_entry_valid(s);
	free(s);
	return 0;
}
