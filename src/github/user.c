/* user.c: a GitHub account's noreply address */
#include "github/user.h"

void github_noreply_email(const struct github_identity *who, struct buf *out)
{
	buf_addf(out, "%lld+%s@users.noreply.github.com", (long long)who->id, who->login);
}
