/* standin_routes.c: the GitHub REST operations the stand-in answers.
 * Shapes and messages follow ../shared/github-api/operations*.json. */
#include "standin/standin_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "github/client.h"
#include "util/xalloc.h"

#define OP_GET_REF "GET /repos/{owner}/{repo}/git/ref/{ref}"
#define OP_CREATE_REF "POST /repos/{owner}/{repo}/git/refs"
#define OP_UPDATE_REF "PATCH /repos/{owner}/{repo}/git/refs/{ref}"
#define OP_GET_BRANCH "GET /repos/{owner}/{repo}/branches/{branch}"
#define OP_GET_CONTENTS "GET /repos/{owner}/{repo}/contents/{path}"
#define OP_CREATE_TREE "POST /repos/{owner}/{repo}/git/trees"
#define OP_CREATE_COMMIT "POST /repos/{owner}/{repo}/git/commits"
#define OP_CREATE_PULL "POST /repos/{owner}/{repo}/pulls"
#define OP_LIST_PULLS "GET /repos/{owner}/{repo}/pulls"
#define OP_GET_PULL "GET /repos/{owner}/{repo}/pulls/{pull_number}"
#define OP_UPDATE_PULL "PATCH /repos/{owner}/{repo}/pulls/{pull_number}"

static const char *rest_after(struct req *r, const char *marker)
{
	const char *p = strstr(req_path(r), marker);
	return p ? p + strlen(marker) : "";
}

static json_t *body_json(struct req *r, struct resp *rs)
{
	size_t n = 0;
	const char *b = req_body(r, &n);
	json_t *j = b ? json_loadb(b, n, JSON_REJECT_DUPLICATES, NULL) : NULL;
	if (!json_is_object(j)) {
		json_decref(j);
		si_error(rs, 400, "Problems parsing JSON");
		return NULL;
	}
	return j;
}

static void iso_time(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *ref_json(struct standin *s, const struct si_ref *ref)
{
	char url[600], curl[200];
	snprintf(url, sizeof url, "%s/repos/%s/%s/git/%s", s->api, s->owner, s->repo, ref->name);
	snprintf(curl, sizeof curl, "%s/repos/%s/%s/git/commits/%s", s->api, s->owner,
		 s->repo, ref->sha);
	return json_pack("{s:s,s:s,s:s,s:{s:s,s:s,s:s}}", "ref", ref->name, "node_id",
			 "REF_kwDOstandin", "url", url, "object", "type", "commit", "sha",
			 ref->sha, "url", curl);
}

json_t *si_commit_json(struct standin *s, const char *sha)
{
	struct git_commit_info ci;
	if (git_commit_read(&s->g, sha, &ci) < 0)
		return json_null();
	char date[32], url[200], html[200], turl[200];
	iso_time(ci.author_time, date);
	snprintf(url, sizeof url, "%s/repos/%s/%s/git/commits/%s", s->api, s->owner, s->repo, sha);
	snprintf(html, sizeof html, "%s/%s/%s/commit/%s", s->api, s->owner, s->repo, sha);
	snprintf(turl, sizeof turl, "%s/repos/%s/%s/git/trees/%s", s->api, s->owner, s->repo,
		 ci.tree);
	json_t *parents = json_array();
	for (size_t i = 0; i < ci.n_parents; i++) {
		char pu[200];
		snprintf(pu, sizeof pu, "%s/repos/%s/%s/git/commits/%s", s->api, s->owner,
			 s->repo, ci.parents[i]);
		json_array_append_new(parents, json_pack("{s:s,s:s,s:s}", "sha", ci.parents[i],
							 "url", pu, "html_url", pu));
	}
	json_t *who = json_pack("{s:s,s:s,s:s}", "name", ci.author_name, "email",
				ci.author_email, "date", date);
	return json_pack("{s:s,s:s,s:s,s:s,s:O,s:o,s:s,s:{s:s,s:s},s:o,"
			 "s:{s:b,s:s,s:n,s:n,s:n}}",
			 "sha", sha, "node_id", "C_kwDOstandin", "url", url, "html_url", html,
			 "author", who, "committer", who, "message", ci.message,
			 "tree", "sha", ci.tree, "url", turl, "parents", parents,
			 "verification", "verified", 0, "reason", "unsigned", "signature",
			 "payload", "verified_at");
}

/* ---- refs ---- */

static int h_get_ref(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin(r, rs, OP_GET_REF, &c) < 0)
		return 0;
	struct standin *s = c.s;
	char full[512];
	snprintf(full, sizeof full, "refs/%s", rest_after(r, "/git/ref/"));
	pthread_mutex_lock(&s->mu);
	struct si_ref *ref = si_ref_find(s, full);
	if (ref)
		resp_json(rs, 200, ref_json(s, ref));
	else
		si_error(rs, 404, "Not Found");
	pthread_mutex_unlock(&s->mu);
	return si_end(r, rs, &c);
}

static bool valid_ref_name(const char *ref)
{
	const char *p = ref;
	int slashes = 0;
	for (; *p; p++) {
		if (*p == '/')
			slashes++;
		if ((unsigned char)*p <= ' ' || strchr("~^:?*[\\", *p))
			return false;
	}
	return strncmp(ref, "refs/", 5) == 0 && slashes >= 2 && !strstr(ref, "..") &&
	       !strstr(ref, "//") && ref[strlen(ref) - 1] != '/';
}

static int h_create_ref(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin(r, rs, OP_CREATE_REF, &c) < 0)
		return 0;
	struct standin *s = c.s;
	json_t *b = body_json(r, rs);
	if (!b)
		return si_end(r, rs, &c);
	const char *ref = json_string_value(json_object_get(b, "ref"));
	const char *sha = json_string_value(json_object_get(b, "sha"));
	pthread_mutex_lock(&s->mu);
	const struct git_object *o = sha ? git_get(&s->g, sha) : NULL;
	if (!ref || !sha)
		si_invalid(rs, "Reference", ref ? "sha" : "ref", "missing_field", NULL);
	else if (!valid_ref_name(ref))
		si_error(rs, 422, "Reference name is invalid");
	else if (!o)
		si_error(rs, 422, "Object does not exist");
	else if (si_ref_find(s, ref))
		si_error(rs, 422, "Reference already exists");
	else {
		si_ref_set(s, ref, sha);
		resp_json(rs, 201, ref_json(s, si_ref_find(s, ref)));
	}
	pthread_mutex_unlock(&s->mu);
	json_decref(b);
	return si_end(r, rs, &c);
}

static int h_update_ref(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin(r, rs, OP_UPDATE_REF, &c) < 0)
		return 0;
	struct standin *s = c.s;
	json_t *b = body_json(r, rs);
	if (!b)
		return si_end(r, rs, &c);
	char full[512];
	snprintf(full, sizeof full, "refs/%s", rest_after(r, "/git/refs/"));
	const char *sha = json_string_value(json_object_get(b, "sha"));
	bool force = json_is_true(json_object_get(b, "force"));
	char before[GIT_SHA_HEX] = "";
	pthread_mutex_lock(&s->mu);
	struct si_ref *ref = si_ref_find(s, full);
	const struct git_object *o = sha ? git_get(&s->g, sha) : NULL;
	if (!sha)
		si_invalid(rs, "Reference", "sha", "missing_field", NULL);
	else if (!ref)
		si_error(rs, 422, "Reference does not exist");
	else if (!o || strcmp(o->type, "commit") != 0)
		si_error(rs, 422, "Object does not exist");
	else if (!force && !git_is_ancestor(&s->g, ref->sha, sha))
		si_error(rs, 422, "Update is not a fast forward");
	else {
		memcpy(before, ref->sha, GIT_SHA_HEX);
		si_ref_set(s, full, sha);
		resp_json(rs, 200, ref_json(s, ref));
	}
	pthread_mutex_unlock(&s->mu);
	if (*before)
		si_hook_push(s, full, before, sha);
	json_decref(b);
	return si_end(r, rs, &c);
}

/* ---- branches and contents ---- */

static int h_get_branch(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin(r, rs, OP_GET_BRANCH, &c) < 0)
		return 0;
	struct standin *s = c.s;
	const char *name = rest_after(r, "/branches/");
	char full[512], sha[GIT_SHA_HEX];
	snprintf(full, sizeof full, "refs/heads/%s", name);
	pthread_mutex_lock(&s->mu);
	struct si_ref *ref = si_ref_find(s, full);
	if (!ref) {
		si_error(rs, 404, "Branch not found");
	} else {
		memcpy(sha, ref->sha, GIT_SHA_HEX);
		json_t *commit = si_commit_json(s, sha);
		char url[600], html[600];
		snprintf(url, sizeof url, "%s/repos/%s/%s/branches/%s", s->api, s->owner, s->repo, name);
		snprintf(html, sizeof html, "%s/%s/%s/tree/%s", s->api, s->owner, s->repo, name);
		/* the branch answer nests the git commit one level down */
		json_t *outer = json_pack("{s:s,s:s,s:O,s:O,s:O,s:n,s:n}", "sha", sha, "node_id",
					  "C_kwDOstandin", "commit", commit, "url",
					  json_object_get(commit, "url"), "parents",
					  json_object_get(commit, "parents"), "author", "committer");
		json_decref(commit);
		resp_json(rs, 200, json_pack("{s:s,s:o,s:{s:s,s:s},s:b,s:{s:b},s:s}", "name", name,
					     "commit", outer, "_links", "self", url, "html", html,
					     "protected", 0, "protection", "enabled", 0,
					     "protection_url", url));
	}
	pthread_mutex_unlock(&s->mu);
	return si_end(r, rs, &c);
}

static json_t *content_entry(struct standin *s, const char *path, const char *name,
			     const char *type, const char *sha, size_t size,
			     const char *ref)
{
	char url[1200], git[300], html[1200], dl[1200];
	snprintf(url, sizeof url, "%s/repos/%s/%s/contents/%s?ref=%s", s->api, s->owner,
		 s->repo, path, ref);
	snprintf(git, sizeof git, "%s/repos/%s/%s/git/%s/%s", s->api, s->owner, s->repo,
		 strcmp(type, "dir") == 0 ? "trees" : "blobs", sha);
	snprintf(html, sizeof html, "%s/%s/%s/%s/%s/%s", s->api, s->owner, s->repo,
		 strcmp(type, "dir") == 0 ? "tree" : "blob", ref, path);
	snprintf(dl, sizeof dl, "%s/raw/%s/%s/%s/%s", s->api, s->owner, s->repo, ref, path);
	return json_pack("{s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:{s:s,s:s,s:s}}", "type", type,
			 "size", (json_int_t)size, "name", name, "path", path, "sha", sha, "url",
			 url, "git_url", git, "html_url", html, "download_url",
			 strcmp(type, "dir") == 0 ? json_null() : json_string(dl), "_links",
			 "self", url, "git", git, "html", html);
}

struct dir_walk {
	struct standin *s;
	const char *dir, *ref;
	json_t *out;
};

static void dir_entry(const char *mode, const char *name, const char *sha, void *arg)
{
	struct dir_walk *w = arg;
	bool dir = strcmp(mode, "40000") == 0;
	const struct git_object *o = git_get(&w->s->g, sha);
	char path[1024];
	snprintf(path, sizeof path, "%s%s%s", w->dir, *w->dir ? "/" : "", name);
	json_array_append_new(w->out, content_entry(w->s, path, name, dir ? "dir" : "file",
						    sha, dir || !o ? 0 : o->len, w->ref));
}

static int h_get_contents(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin(r, rs, OP_GET_CONTENTS, &c) < 0)
		return 0;
	struct standin *s = c.s;
	char path[1024];
	snprintf(path, sizeof path, "%s", rest_after(r, "/contents/"));
	size_t pl = strlen(path);
	while (pl && path[pl - 1] == '/')
		path[--pl] = '\0';
	const char *ref = req_query(r, "ref");
	pthread_mutex_lock(&s->mu);
	char head[GIT_SHA_HEX], type[8], sha[GIT_SHA_HEX];
	struct git_commit_info ci;
	bool found = si_resolve(s, ref ? ref : "main", head) &&
		     git_commit_read(&s->g, head, &ci) == 0 &&
		     git_tree_lookup(&s->g, ci.tree, path, type, sha) == 1;
	if (!ref && !found)
		si_error(rs, 404, "Not Found");
	else if (!found && ref && !si_resolve(s, ref, head))
		si_error(rs, 404, "No commit found for the ref");
	else if (!found)
		si_error(rs, 404, "Not Found");
	else if (strcmp(type, "tree") == 0) {
		struct dir_walk w = { s, path, ref ? ref : "main", json_array() };
		git_tree_each(&s->g, sha, dir_entry, &w);
		resp_json(rs, 200, w.out);
	} else {
		const struct git_object *o = git_get(&s->g, sha);
		struct buf b64 = BUF_INIT, wrapped = BUF_INIT;
		gh_base64_encode(o->data, o->len, &b64);
		/* GitHub breaks the base64 every 60 characters */
		for (size_t i = 0; i < b64.len; i += 60) {
			buf_add(&wrapped, b64.p + i, b64.len - i < 60 ? b64.len - i : 60);
			buf_addc(&wrapped, '\n');
		}
		const char *slash = strrchr(path, '/');
		json_t *e = content_entry(s, path, slash ? slash + 1 : path, "file", sha, o->len,
					  ref ? ref : "main");
		json_object_set_new(e, "encoding", json_string("base64"));
		json_object_set_new(e, "content", json_string(wrapped.p ? wrapped.p : ""));
		resp_json(rs, 200, e);
		buf_release(&b64);
		buf_release(&wrapped);
	}
	pthread_mutex_unlock(&s->mu);
	return si_end(r, rs, &c);
}

/* ---- trees and commits ---- */

static const char *const modes[] = { "100644", "100755", "040000", "160000", "120000" };

static int h_create_tree(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin(r, rs, OP_CREATE_TREE, &c) < 0)
		return 0;
	struct standin *s = c.s;
	json_t *b = body_json(r, rs);
	if (!b)
		return si_end(r, rs, &c);
	json_t *tree = json_object_get(b, "tree");
	const char *base = json_string_value(json_object_get(b, "base_tree"));
	size_t n = json_array_size(tree);
	struct git_tree_change *ch = xcalloc(n + 1, sizeof *ch);
	bool ok = json_is_array(tree);
	for (size_t i = 0; ok && i < n; i++) {
		json_t *e = json_array_get(tree, i);
		json_t *sha = json_object_get(e, "sha"), *content = json_object_get(e, "content");
		const char *mode = json_string_value(json_object_get(e, "mode"));
		bool mode_ok = false;
		for (size_t m = 0; mode && m < sizeof modes / sizeof *modes; m++)
			mode_ok |= strcmp(mode, modes[m]) == 0;
		ch[i].path = json_string_value(json_object_get(e, "path"));
		ch[i].mode = mode;
		ch[i].content = json_string_value(content);
		ch[i].content_len = json_string_length(content);
		ch[i].sha = json_string_value(sha);
		ok = ch[i].path && mode_ok && !(sha && content) &&
		     (json_is_string(content) || json_is_string(sha) || json_is_null(sha));
	}
	pthread_mutex_lock(&s->mu);
	char out[GIT_SHA_HEX];
	struct buf err = BUF_INIT;
	if (!ok) {
		si_invalid(rs, "Tree", "tree", "invalid", "tree.path, tree.mode and one of tree.sha or tree.content are required");
	} else if (git_tree_apply(&s->g, base, ch, n, out, &err) < 0) {
		si_error(rs, 422, "Invalid tree info");
	} else {
		char url[200];
		snprintf(url, sizeof url, "%s/repos/%s/%s/git/trees/%s", s->api, s->owner, s->repo, out);
		resp_json(rs, 201, json_pack("{s:s,s:s,s:[],s:b}", "sha", out, "url", url, "tree",
					     "truncated", 0));
	}
	pthread_mutex_unlock(&s->mu);
	buf_release(&err);
	free(ch);
	json_decref(b);
	return si_end(r, rs, &c);
}

static int64_t parse_date(const char *d)
{
	struct tm tm = { 0 };
	if (!d || !strptime(d, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return time(NULL);
	return (int64_t)timegm(&tm);
}

static int h_create_commit(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin(r, rs, OP_CREATE_COMMIT, &c) < 0)
		return 0;
	struct standin *s = c.s;
	json_t *b = body_json(r, rs);
	if (!b)
		return si_end(r, rs, &c);
	const char *msg = json_string_value(json_object_get(b, "message"));
	const char *tree = json_string_value(json_object_get(b, "tree"));
	json_t *parents = json_object_get(b, "parents");
	json_t *author = json_object_get(b, "author");
	struct git_commit_info ci = { 0 };
	pthread_mutex_lock(&s->mu);
	const struct git_object *t = tree ? git_get(&s->g, tree) : NULL;
	bool parents_ok = json_array_size(parents) <= 4;
	for (size_t i = 0; parents_ok && i < json_array_size(parents); i++) {
		const struct git_object *p =
			git_get(&s->g, json_string_value(json_array_get(parents, i)));
		parents_ok = p && strcmp(p->type, "commit") == 0;
		if (parents_ok)
			memcpy(ci.parents[ci.n_parents++], p->sha, GIT_SHA_HEX);
	}
	if (!msg || !tree)
		si_invalid(rs, "Commit", msg ? "tree" : "message", "missing_field", NULL);
	else if (!t || strcmp(t->type, "tree") != 0)
		si_error(rs, 422, "Tree SHA does not exist");
	else if (!parents_ok)
		si_error(rs, 422, "Parent SHA does not exist or is not a commit object");
	else if (author && (!json_string_value(json_object_get(author, "name")) ||
			    !json_string_value(json_object_get(author, "email"))))
		si_invalid(rs, "Commit", "author", "invalid", "author.name and author.email are required");
	else {
		memcpy(ci.tree, tree, GIT_SHA_HEX);
		snprintf(ci.author_name, sizeof ci.author_name, "%s",
			 author ? json_string_value(json_object_get(author, "name")) : "newsdesk-bot");
		snprintf(ci.author_email, sizeof ci.author_email, "%s",
			 author ? json_string_value(json_object_get(author, "email"))
				: "bot@users.noreply.github.com");
		ci.author_time = parse_date(json_string_value(json_object_get(author, "date")));
		snprintf(ci.message, sizeof ci.message, "%s", msg);
		char sha[GIT_SHA_HEX];
		git_commit_make(&s->g, &ci, sha);
		resp_json(rs, 201, si_commit_json(s, sha));
	}
	pthread_mutex_unlock(&s->mu);
	json_decref(b);
	return si_end(r, rs, &c);
}

/* ---- pull requests ---- */

json_t *si_pull_json(struct standin *s, const struct si_pull *p)
{
	char url[200], html[200], head_sha[GIT_SHA_HEX] = "", base_sha[GIT_SHA_HEX] = "";
	char created[32], closed[32], label_h[300], label_b[300];
	snprintf(url, sizeof url, "%s/repos/%s/%s/pulls/%d", s->api, s->owner, s->repo, p->number);
	snprintf(html, sizeof html, "%s/%s/%s/pull/%d", s->api, s->owner, s->repo, p->number);
	si_pull_head(s, p, head_sha);
	si_resolve(s, p->base, base_sha);
	iso_time(p->created, created);
	iso_time(p->closed, closed);
	snprintf(label_h, sizeof label_h, "%s:%s", s->owner, p->head);
	snprintf(label_b, sizeof label_b, "%s:%s", s->owner, p->base);
	json_t *repo = json_pack("{s:s,s:s,s:{s:s}}", "name", s->repo, "full_name", "", "owner",
				 "login", s->owner);
	char full[300];
	snprintf(full, sizeof full, "%s/%s", s->owner, s->repo);
	json_object_set_new(repo, "full_name", json_string(full));
	bool mergeable = p->open && si_pull_mergeable(s, p);
	json_t *out = json_pack("{s:s,s:I,s:s,s:s,s:i,s:s,s:b,s:s,s:s?,s:{s:s},s:s,s:s,s:o,s:o,s:o,"
			 "s:b,s:{s:s,s:s,s:s,s:O},s:{s:s,s:s,s:s,s:O},s:b,s:o,s:s}",
			 "url", url, "id", (json_int_t)(1000000 + p->number), "node_id",
			 "PR_kwDOstandin", "html_url", html, "number", p->number, "state",
			 p->open ? "open" : "closed", "locked", 0, "title", p->title, "body",
			 p->body, "user", "login", "newsdesk-bot", "created_at", created,
			 "updated_at", created, "closed_at",
			 p->open ? json_null() : json_string(closed), "merged_at",
			 p->merged ? json_string(closed) : json_null(), "merge_commit_sha",
			 p->merged ? json_string(p->merge_sha) : json_null(), "draft", 0,
			 "head", "label", label_h, "ref", p->head, "sha", head_sha, "repo", repo,
			 "base", "label", label_b, "ref", p->base, "sha", base_sha, "repo", repo,
			 "merged", p->merged, "mergeable",
			 p->open ? json_boolean(mergeable) : json_null(), "mergeable_state",
			 !p->open ? "unknown" : mergeable ? "clean" : "dirty");
	json_decref(repo);
	return out;
}

static int h_create_pull(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin(r, rs, OP_CREATE_PULL, &c) < 0)
		return 0;
	struct standin *s = c.s;
	json_t *b = body_json(r, rs);
	if (!b)
		return si_end(r, rs, &c);
	/* GitHub's schema types these as strings: an explicit null is a 422 */
	static const char *const typed[] = { "title", "body", "state", "base" };
	for (size_t i = 0; i < sizeof typed / sizeof *typed; i++) {
		json_t *v = json_object_get(b, typed[i]);
		if (v && !json_is_string(v)) {
			char msg[96];
			snprintf(msg, sizeof msg, "Invalid request.\n\nFor 'properties/%s', %s is not"
				 " a string.", typed[i], json_is_null(v) ? "nil" : "the value");
			si_error(rs, 422, msg);
			json_decref(b);
			return si_end(r, rs, &c);
		}
	}
	const char *title = json_string_value(json_object_get(b, "title"));
	const char *head = json_string_value(json_object_get(b, "head"));
	const char *base = json_string_value(json_object_get(b, "base"));
	const char *body = json_string_value(json_object_get(b, "body"));
	if (head) {
		const char *colon = strchr(head, ':');
		if (colon && (size_t)(colon - head) == strlen(s->owner) &&
		    strncasecmp(head, s->owner, strlen(s->owner)) == 0)
			head = colon + 1;
	}
	json_t *made = NULL;
	pthread_mutex_lock(&s->mu);
	char hs[GIT_SHA_HEX], bs[GIT_SHA_HEX];
	bool open_twin = false;
	for (size_t i = 0; head && base && i < s->n_pulls; i++)
		open_twin |= s->pulls[i].open && strcmp(s->pulls[i].head, head) == 0 &&
			     strcmp(s->pulls[i].base, base) == 0;
	char msg[600];
	if (!title) {
		si_invalid(rs, "PullRequest", "title", "missing_field", NULL);
	} else if (!base || strchr(base, ':') || !si_resolve(s, base, bs) ||
		   strncmp(base, "refs/", 5) == 0) {
		si_invalid(rs, "PullRequest", "base", "invalid", NULL);
	} else if (!head || strchr(head, ':') || !si_resolve(s, head, hs) ||
		   strncmp(head, "refs/", 5) == 0) {
		si_invalid(rs, "PullRequest", "head", "invalid", NULL);
	} else if (open_twin) {
		snprintf(msg, sizeof msg, "A pull request already exists for %s:%s.", s->owner, head);
		si_invalid(rs, "PullRequest", NULL, "custom", msg);
	} else if (git_is_ancestor(&s->g, hs, bs)) {
		snprintf(msg, sizeof msg, "No commits between %s and %s", base, head);
		si_invalid(rs, "PullRequest", NULL, "custom", msg);
	} else {
		if (s->n_pulls == s->cap_pulls) {
			s->cap_pulls = s->cap_pulls ? s->cap_pulls * 2 : 8;
			s->pulls = xrealloc(s->pulls, s->cap_pulls * sizeof *s->pulls);
		}
		struct si_pull *p = &s->pulls[s->n_pulls++];
		memset(p, 0, sizeof *p);
		p->number = s->next_number++;
		p->title = xstrdup(title);
		p->body = body ? xstrdup(body) : NULL;
		p->head = xstrdup(head);
		p->base = xstrdup(base);
		p->open = true;
		p->created = time(NULL);
		json_t *pj = si_pull_json(s, p);
		resp_header(rs, "Location", json_string_value(json_object_get(pj, "url")));
		made = json_incref(pj);
		resp_json(rs, 201, pj);
	}
	pthread_mutex_unlock(&s->mu);
	json_decref(b);
	if (made) {
		si_hook_pull(s, made, "opened");
		json_decref(made);
	}
	return si_end(r, rs, &c);
}

static int h_list_pulls(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin_ex(r, rs, OP_LIST_PULLS, SI_CHECK_TOKEN, &c) < 0)
		return 0;
	struct standin *s = c.s;
	bool home = strcasecmp(req_param(r, 0), s->owner) == 0 &&
		    strcasecmp(req_param(r, 1), s->repo) == 0;
	if (!home) {
		/* the organisation's other repositories (standin_org.c) */
		if (strcasecmp(req_param(r, 0), s->owner) != 0 ||
		    !si_org_pulls(s, r, rs, req_param(r, 1)))
			si_error(rs, 404, "Not Found");
		return si_end(r, rs, &c);
	}
	const char *state = req_query(r, "state");
	const char *head = req_query(r, "head");
	const char *base = req_query(r, "base");
	if (!state)
		state = "open";
	if (strcmp(state, "open") && strcmp(state, "closed") && strcmp(state, "all")) {
		si_invalid(rs, "PullRequest", "state", "invalid", NULL);
		return si_end(r, rs, &c);
	}
	/* like GitHub: a head filter without the OWNER: prefix is ignored */
	const char *head_ref = NULL;
	if (head) {
		const char *colon = strchr(head, ':');
		if (colon && (size_t)(colon - head) == strlen(s->owner) &&
		    strncasecmp(head, s->owner, strlen(s->owner)) == 0)
			head_ref = colon + 1;
		else if (colon)
			head_ref = "\x01"; /* another owner's fork: nothing matches */
	}
	json_t *out = json_array();
	pthread_mutex_lock(&s->mu);
	for (size_t i = s->n_pulls; i-- > 0;) {
		const struct si_pull *p = &s->pulls[i];
		if ((strcmp(state, "open") == 0 && !p->open) ||
		    (strcmp(state, "closed") == 0 && p->open))
			continue;
		if ((head_ref && strcmp(p->head, head_ref) != 0) || (base && strcmp(p->base, base) != 0))
			continue;
		json_array_append_new(out, si_pull_json(s, p));
	}
	pthread_mutex_unlock(&s->mu);
	resp_json(rs, 200, out);
	return si_end(r, rs, &c);
}

static int h_get_pull(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin(r, rs, OP_GET_PULL, &c) < 0)
		return 0;
	struct standin *s = c.s;
	char *end = NULL;
	long n = strtol(req_param(r, 2), &end, 10);
	pthread_mutex_lock(&s->mu);
	struct si_pull *p = (end && *end == '\0') ? si_pull_find(s, (int)n) : NULL;
	if (p)
		resp_json(rs, 200, si_pull_json(s, p));
	else
		si_error(rs, 404, "Not Found");
	pthread_mutex_unlock(&s->mu);
	return si_end(r, rs, &c);
}

/* Title, body, or closing; a merged pull request cannot change state. */
static int h_update_pull(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin(r, rs, OP_UPDATE_PULL, &c) < 0)
		return 0;
	struct standin *s = c.s;
	json_t *b = body_json(r, rs);
	if (!b)
		return si_end(r, rs, &c);
	const char *title = json_string_value(json_object_get(b, "title"));
	const char *body = json_string_value(json_object_get(b, "body"));
	const char *state = json_string_value(json_object_get(b, "state"));
	char *end = NULL;
	long n = strtol(req_param(r, 2), &end, 10);
	pthread_mutex_lock(&s->mu);
	struct si_pull *p = (end && *end == '\0') ? si_pull_find(s, (int)n) : NULL;
	if (!p) {
		si_error(rs, 404, "Not Found");
	} else if (state && strcmp(state, "open") != 0 && strcmp(state, "closed") != 0) {
		si_invalid(rs, "PullRequest", "state", "invalid", NULL);
	} else {
		if (title) {
			free(p->title);
			p->title = xstrdup(title);
		}
		if (body) {
			free(p->body);
			p->body = xstrdup(body);
		}
		if (state && strcmp(state, "closed") == 0 && p->open && !p->merged) {
			si_pull_head(s, p, p->head_sha_closed);
			p->open = false;
			p->closed = time(NULL);
		}
		resp_json(rs, 200, si_pull_json(s, p));
	}
	pthread_mutex_unlock(&s->mu);
	json_decref(b);
	return si_end(r, rs, &c);
}

#define KB 1024
const struct route standin_routes[] = {
	ROUTE("GET", "/repos/{owner}/{repo}/git/ref/*", h_get_ref, 0, 0),
	ROUTE("POST", "/repos/{owner}/{repo}/git/refs", h_create_ref, 0, 16 * KB),
	ROUTE("PATCH", "/repos/{owner}/{repo}/git/refs/*", h_update_ref, 0, 16 * KB),
	ROUTE("GET", "/repos/{owner}/{repo}/branches/*", h_get_branch, 0, 0),
	ROUTE("GET", "/repos/{owner}/{repo}/contents/*", h_get_contents, 0, 0),
	ROUTE("POST", "/repos/{owner}/{repo}/git/trees", h_create_tree, 0, 8 * KB * KB),
	ROUTE("POST", "/repos/{owner}/{repo}/git/commits", h_create_commit, 0, 64 * KB),
	ROUTE("POST", "/repos/{owner}/{repo}/pulls", h_create_pull, 0, 256 * KB),
	ROUTE("GET", "/repos/{owner}/{repo}/pulls", h_list_pulls, 0, 0),
	ROUTE("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", h_get_pull, 0, 0),
	ROUTE("PATCH", "/repos/{owner}/{repo}/pulls/{pull_number}", h_update_pull, 0, 256 * KB),
	ROUTE("GET", "/repos/{owner}/{repo}/issues", si_h_list_issues, 0, 0),
	ROUTE("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments", si_h_issue_comments, 0,
	  0),
	ROUTE("POST", "/graphql", si_h_graphql, 0, 64 * KB),
	ROUTE("GET", "/login/oauth/authorize", si_h_authorize, 0, 0),
	ROUTE("POST", "/login/oauth/access_token", si_h_access_token, 0, 16 * KB),
	ROUTE("GET", "/user", si_h_user, 0, 0),
	ROUTE("GET", "/orgs/{org}/repos", si_h_org_repos, 0, 0),
	ROUTE("GET", "/orgs/{org}/members/{username}", si_h_org_member, 0, 0),
	ROUTE("GET", "/orgs/{org}/teams/{team_slug}/memberships/{username}", si_h_team_membership, 0,
	  0),
	ROUTE("POST", "/app/installations/{installation_id}/access_tokens", si_h_installation_token, 0,
	  4 * KB),
	ROUTE("GET", "/", si_page_index, 0, 0),
	ROUTE("GET", "/_standin/requests", si_page_requests, 0, 0),
	ROUTE("POST", "/_standin/issues", si_page_add_issue, 0, 64 * KB),
	ROUTE("GET", "/{owner}/{repo}/pull/{number}", si_page_pull, 0, 0),
	ROUTE("POST", "/{owner}/{repo}/pull/{number}/merge", si_page_merge, 0, 4 * KB),
};
const size_t standin_routes_count = sizeof standin_routes / sizeof *standin_routes;
