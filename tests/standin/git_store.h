/* git_store.h: the stand-in's repository, as git stores it.
 *
 * Objects are kept by their real git ids (SHA-1 of "TYPE LEN\0DATA"), trees
 * in git's binary format and sorting, commits in git's text format, so the
 * ids the stand-in hands out behave like GitHub's: the same content gives
 * the same id and a changed byte gives another.  Not thread-safe: the
 * stand-in holds its lock around every call.
 */
#ifndef NEWSDESK_TEST_GIT_STORE_H
#define NEWSDESK_TEST_GIT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define GIT_SHA_HEX 41

struct git_object {
	char sha[GIT_SHA_HEX];
	char type[8];          /* blob, tree, commit */
	unsigned char *data;
	size_t len;
};

struct git_store {
	struct git_object *objs;
	size_t n, cap;
};

/* One change to a tree: set path to a blob (content given, or an existing
 * blob id in sha), or delete it (both NULL). */
struct git_tree_change {
	const char *path;
	const char *mode;      /* "100644" */
	const char *content;
	size_t content_len;
	const char *sha;
};

struct git_commit_info {
	char tree[GIT_SHA_HEX];
	char parents[4][GIT_SHA_HEX];
	size_t n_parents;
	char author_name[128], author_email[128];
	int64_t author_time;
	char message[1024];
};

void git_store_init(struct git_store *g);
void git_store_free(struct git_store *g);

const struct git_object *git_get(const struct git_store *g, const char *sha);
/* Stores an object and writes its id to sha. */
void git_put(struct git_store *g, const char *type, const void *data, size_t len,
	     char sha[GIT_SHA_HEX]);

/* Applies changes on top of base (NULL or "" = empty tree); 0 with the new
 * tree id, -1 with a message when base or a referenced blob is unknown. */
int git_tree_apply(struct git_store *g, const char *base,
		   const struct git_tree_change *changes, size_t n,
		   char out[GIT_SHA_HEX], struct buf *err);
/* Looks path up from a tree: 1 found (type and id filled), 0 not there. */
int git_tree_lookup(const struct git_store *g, const char *tree, const char *path,
		    char type[8], char sha[GIT_SHA_HEX]);
/* Calls fn for each entry of the tree object `tree`; returns the count. */
size_t git_tree_each(const struct git_store *g, const char *tree,
		     void (*fn)(const char *mode, const char *name, const char *sha,
				void *arg),
		     void *arg);

void git_commit_make(struct git_store *g, const struct git_commit_info *ci,
		     char out[GIT_SHA_HEX]);
int git_commit_read(const struct git_store *g, const char *sha,
		    struct git_commit_info *ci);
/* Is `ancestor` reachable from `tip` through parents (or equal)? */
bool git_is_ancestor(const struct git_store *g, const char *ancestor,
		     const char *tip);

#endif
