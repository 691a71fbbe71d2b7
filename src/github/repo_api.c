/* repo_api.c: typed GitHub operations for the pull-request workflow */
#include "github/repo_api.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Percent-encodes a path or query value; '/' is kept when keep_slash. */
static void add_escaped(struct buf *b, const char *s, bool keep_slash)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
		    (keep_slash && c == '/'))
			buf_addc(b, (char)c);
		else
			buf_addf(b, "%%%02X", c);
	}
}

static void start(struct gh_response *r)
{
	gh_response_free(r);
}

/* A 2xx answer that lacks what we need is not something to retry blindly. */
static int bad_answer(struct gh_response *r, const char *what)
{
	r->kind = GH_MALFORMED;
	buf_reset(&r->message);
	buf_addf(&r->message, "GitHub answered without %s", what);
	return -1;
}

static bool is_sha(const char *s)
{
	if (!s || strlen(s) != 40)
		return false;
	for (size_t i = 0; i < 40; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

static int take_sha(json_t *v, char out[GH_SHA_HEX])
{
	const char *s = json_string_value(v);
	if (!is_sha(s))
		return -1;
	memcpy(out, s, GH_SHA_HEX);
	return 0;
}

static int run(struct gh_client *c, const char *method, struct buf *path, json_t *body,
	       struct gh_response *r)
{
	start(r);
	int rc = gh_request(c, method, path->p, body, r);
	buf_release(path);
	json_decref(body);
	return rc;
}

int gh_get_branch(struct gh_client *c, const char *branch,
		  char head[GH_SHA_HEX], char tree[GH_SHA_HEX], struct gh_response *r)
{
	struct buf p = BUF_INIT;
	buf_addf(&p, "/repos/%s/branches/", c->repo);
	add_escaped(&p, branch, true);
	if (run(c, "GET", &p, NULL, r) < 0)
		return -1;
	json_t *commit = json_object_get(r->json, "commit");
	if (take_sha(json_object_get(commit, "sha"), head) < 0 ||
	    take_sha(json_object_get(json_object_get(json_object_get(commit, "commit"), "tree"),
				     "sha"),
		     tree) < 0)
		return bad_answer(r, "the branch's commit and tree");
	return 0;
}

/* GET /repos/REPO/contents/PATH?ref=REF: a file, or a folder's listing. */
static int get_contents(struct gh_client *c, const char *path,
			const char *ref, struct gh_response *r)
{
	struct buf p = BUF_INIT;
	buf_addf(&p, "/repos/%s/contents/", c->repo);
	add_escaped(&p, path, true);
	buf_adds(&p, "?ref=");
	add_escaped(&p, ref, false);
	return run(c, "GET", &p, NULL, r);
}

int gh_get_file(struct gh_client *c, const char *path,
		const char *ref, struct buf *content, struct gh_response *r)
{
	if (get_contents(c, path, ref, r) < 0)
		return -1;
	const char *type = json_string_value(json_object_get(r->json, "type"));
	const char *enc = json_string_value(json_object_get(r->json, "encoding"));
	json_t *b64 = json_object_get(r->json, "content");
	if (!type || strcmp(type, "file") != 0 || !enc || strcmp(enc, "base64") != 0 ||
	    !json_is_string(b64))
		return bad_answer(r, "the file's base64 content");
	buf_reset(content);
	if (gh_base64_decode(json_string_value(b64), json_string_length(b64), content) < 0)
		return bad_answer(r, "valid base64 content");
	return 0;
}

int gh_list_months(struct gh_client *c, const char *dir, const char *ref,
		   char (*months)[8], size_t cap, size_t *n, struct gh_response *r)
{
	*n = 0;
	if (get_contents(c, dir, ref, r) < 0)
		return -1;
	if (!json_is_array(r->json))
		return bad_answer(r, "a folder listing");
	size_t i;
	json_t *e;
	json_array_foreach(r->json, i, e) {
		const char *name = json_string_value(json_object_get(e, "name"));
		const char *type = json_string_value(json_object_get(e, "type"));
		if (!name || !type || strcmp(type, "dir") != 0 || strlen(name) != 7 ||
		    name[4] != '-')
			continue;
		bool digits = true;
		for (size_t k = 0; k < 7; k++)
			digits &= k == 4 || isdigit((unsigned char)name[k]);
		if (!digits)
			continue;
		/* kept newest first; the oldest falls off when cap is reached */
		size_t at = *n;
		while (at > 0 && strcmp(months[at - 1], name) < 0)
			at--;
		if (at >= cap)
			continue;
		size_t last = *n < cap ? *n : cap - 1;
		memmove(months[at + 1], months[at], (last - at) * sizeof months[0]);
		memcpy(months[at], name, 8);
		if (*n < cap)
			(*n)++;
	}
	return 0;
}

int gh_newest_month(struct gh_client *c, const char *dir,
		    const char *ref, char month[8], struct gh_response *r)
{
	char one[1][8];
	size_t n = 0;
	month[0] = '\0';
	if (gh_list_months(c, dir, ref, one, 1, &n, r) < 0)
		return -1;
	if (n)
		memcpy(month, one[0], 8);
	return 0;
}

/* POSTs body (taken) to /repos/REPO/git/KINDs: the new object's sha
 * (kind: "tree", "commit") into out.  The path is made only now, so that
 * a caller whose body failed to pack has nothing to release. */
static int create_git_object(struct gh_client *c, const char *kind,
			     json_t *body, char out[GH_SHA_HEX], struct gh_response *r)
{
	struct buf p = BUF_INIT;
	buf_addf(&p, "/repos/%s/git/%ss", c->repo, kind);
	if (run(c, "POST", &p, body, r) < 0)
		return -1;
	if (take_sha(json_object_get(r->json, "sha"), out) < 0) {
		char what[32];
		snprintf(what, sizeof what, "the new %s's sha", kind);
		return bad_answer(r, what);
	}
	return 0;
}

int gh_create_tree(struct gh_client *c, const char *base_tree, const char *path,
		   const struct buf *content, char out[GH_SHA_HEX], struct gh_response *r)
{
	json_t *body = json_pack("{s:s,s:[{s:s,s:s,s:s,s:s%}]}", "base_tree", base_tree, "tree",
				 "path", path, "mode", "100644", "type", "blob", "content",
				 content->p, content->len);
	if (!body)
		return bad_answer(r, "a request body (invalid UTF-8?)");
	return create_git_object(c, "tree", body, out, r);
}

int gh_create_commit(struct gh_client *c, const struct gh_commit_new *n,
		     char out[GH_SHA_HEX], struct gh_response *r)
{
	json_t *author = json_pack("{s:s,s:s}", "name", n->author_name, "email", n->author_email);
	if (author && n->author_date)
		json_object_set_new(author, "date", json_string(n->author_date));
	/* "o*" takes the author's reference whether packing succeeds or not */
	json_t *body = json_pack("{s:s,s:s,s:[s],s:o*}", "message", n->message, "tree", n->tree,
				 "parents", n->parent, "author", author);
	if (!body)
		return bad_answer(r, "a request body");
	return create_git_object(c, "commit", body, out, r);
}

int gh_get_branch_ref(struct gh_client *c, const char *branch,
		      char sha[GH_SHA_HEX], struct gh_response *r)
{
	struct buf p = BUF_INIT;
	buf_addf(&p, "/repos/%s/git/ref/heads/", c->repo);
	add_escaped(&p, branch, true);
	if (run(c, "GET", &p, NULL, r) < 0)
		return -1;
	if (take_sha(json_object_get(json_object_get(r->json, "object"), "sha"), sha) < 0)
		return bad_answer(r, "the ref's sha");
	return 0;
}

int gh_create_branch_ref(struct gh_client *c, const char *branch,
			 const char *sha, struct gh_response *r)
{
	struct buf p = BUF_INIT, ref = BUF_INIT;
	buf_addf(&p, "/repos/%s/git/refs", c->repo);
	buf_addf(&ref, "refs/heads/%s", branch);
	json_t *body = json_pack("{s:s,s:s}", "ref", ref.p, "sha", sha);
	buf_release(&ref);
	return run(c, "POST", &p, body, r);
}

int gh_move_branch_ref(struct gh_client *c, const char *branch,
		       const char *sha, bool force, struct gh_response *r)
{
	struct buf p = BUF_INIT;
	buf_addf(&p, "/repos/%s/git/refs/heads/", c->repo);
	add_escaped(&p, branch, true);
	return run(c, "PATCH", &p, json_pack("{s:s,s:b}", "sha", sha, "force", force), r);
}

static int read_pull(json_t *j, struct gh_pull *p, struct gh_response *r)
{
	memset(p, 0, sizeof *p);
	json_t *num = json_object_get(j, "number");
	const char *state = json_string_value(json_object_get(j, "state"));
	const char *url = json_string_value(json_object_get(j, "html_url"));
	json_t *head = json_object_get(j, "head");
	const char *ref = json_string_value(json_object_get(head, "ref"));
	if (!json_is_integer(num) || !state || !url || !ref ||
	    take_sha(json_object_get(head, "sha"), p->head_sha) < 0)
		return bad_answer(r, "the pull request's number, state, URL and head");
	p->number = json_integer_value(num);
	p->open = strcmp(state, "open") == 0;
	/* the list answer has merged_at but no "merged" */
	p->merged = json_is_true(json_object_get(j, "merged")) ||
		    json_is_string(json_object_get(j, "merged_at"));
	snprintf(p->html_url, sizeof p->html_url, "%s", url);
	snprintf(p->head_ref, sizeof p->head_ref, "%s", ref);
	take_sha(json_object_get(json_object_get(j, "base"), "sha"), p->base_sha);
	return 0;
}

static const char *repo_owner(const char *repo, size_t *len)
{
	const char *slash = strchr(repo, '/');
	*len = slash ? (size_t)(slash - repo) : strlen(repo);
	return repo;
}

int gh_find_pull(struct gh_client *c, const char *branch,
		 struct gh_pull *p, struct gh_response *r)
{
	size_t olen;
	const char *owner = repo_owner(c->repo, &olen);
	struct buf p_ = BUF_INIT, head = BUF_INIT;
	/* without the OWNER: prefix GitHub silently ignores the filter */
	buf_addf(&head, "%.*s:%s", (int)olen, owner, branch);
	buf_addf(&p_, "/repos/%s/pulls?state=all&per_page=100&head=", c->repo);
	add_escaped(&p_, head.p, false);
	buf_release(&head);
	if (run(c, "GET", &p_, NULL, r) < 0)
		return -1;
	if (!json_is_array(r->json))
		return bad_answer(r, "a list of pull requests");
	size_t i;
	json_t *e;
	/* newest first; an open one wins over closed ones */
	int found = 0;
	json_array_foreach(r->json, i, e) {
		const char *ref = json_string_value(json_object_get(json_object_get(e, "head"), "ref"));
		if (!ref || strcmp(ref, branch) != 0)
			continue;
		struct gh_pull cand;
		if (read_pull(e, &cand, r) < 0)
			return -1;
		if (!found || (cand.open && !p->open)) {
			*p = cand;
			found = 1;
		}
	}
	return found;
}

int gh_create_pull(struct gh_client *c, const struct gh_pull_new *n, struct gh_pull *p,
		   struct gh_response *r)
{
	json_t *b = json_pack("{s:s,s:s,s:s,s:s,s:b}", "title", n->title, "head", n->head, "base",
			      n->base, "body", n->body, "draft", 0);
	if (!b)
		return bad_answer(r, "a request body");
	struct buf path = BUF_INIT;
	buf_addf(&path, "/repos/%s/pulls", c->repo);
	if (run(c, "POST", &path, b, r) < 0)
		return -1;
	return read_pull(r->json, p, r);
}

int gh_update_pull(struct gh_client *c, int64_t number, const struct gh_pull_edit *e,
		   struct gh_pull *p, struct gh_response *r)
{
	json_t *b = json_pack("{s:s*,s:s*,s:s*}", "title", e->title, "body", e->body, "state",
			      e->state);
	if (!b)
		return bad_answer(r, "a request body");
	struct buf path = BUF_INIT;
	buf_addf(&path, "/repos/%s/pulls/%lld", c->repo, (long long)number);
	if (run(c, "PATCH", &path, b, r) < 0)
		return -1;
	return read_pull(r->json, p, r);
}

int gh_get_pull(struct gh_client *c, int64_t number,
		struct gh_pull *p, struct gh_response *r)
{
	struct buf path = BUF_INIT;
	buf_addf(&path, "/repos/%s/pulls/%lld", c->repo, (long long)number);
	if (run(c, "GET", &path, NULL, r) < 0)
		return -1;
	return read_pull(r->json, p, r);
}
