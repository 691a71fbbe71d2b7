/* signin_pages.c: the ends of a GitHub sign-in, as pages */
#include "features/accounts/signin_pages.h"

#include "core/page_shell.h"
#include "markdown/escape.h"

void render_signin_problem(struct buf *b, const char *title, const char *message,
			   const char *again_url)
{
	page_begin(b, title);
	buf_adds(b, "<h1>");
	html_txt(b, title);
	buf_adds(b, "</h1><p class=\"error\" id=\"signin-problem\">");
	html_txt(b, message);
	buf_adds(b, "</p><p>Nothing was changed and you are not signed in.");
	if (again_url) {
		buf_adds(b, " <a href=\"");
		html_href(b, again_url);
		buf_adds(b, "\">Start again</a>.");
	}
	buf_adds(b, "</p>");
	page_end(b);
}

void render_signin_handover(struct buf *b, const char *origin, const char *token,
			    const struct github_identity *who, int64_t expires_at)
{
	page_begin(b, "Signed in");
	buf_adds(b, "<h1>Signed in as @");
	html_txt(b, who->login);
	buf_adds(b, "</h1><p id=\"handover\" data-origin=\"");
	html_attr(b, origin);
	buf_adds(b, "\" data-token=\"");
	html_attr(b, token);
	buf_adds(b, "\" data-login=\"");
	html_attr(b, who->login);
	buf_adds(b, "\" data-avatar=\"");
	html_attr(b, who->avatar_url);
	buf_addf(b, "\" data-expires=\"%lld\">You can close this window and go back to the "
		    "comments.</p><script src=\"/signin_done.js\"></script>",
		 (long long)expires_at);
	page_end(b);
}
