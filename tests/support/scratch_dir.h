/* scratch_dir.h: a test's own folder under /tmp, made before and removed
 * after each test (the suite's .init and .fini). */
#ifndef NEWSDESK_TEST_SCRATCH_DIR_H
#define NEWSDESK_TEST_SCRATCH_DIR_H

#include <stddef.h>

/* Makes /tmp/newsdesk-NAME-XXXXXX into dir (at least 64 bytes). */
void scratch_dir_make(char *dir, size_t size, const char *name);
void scratch_dir_remove(const char *dir);

#endif
