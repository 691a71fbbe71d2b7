#include "support/scratch_dir.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

void scratch_dir_make(char *dir, size_t size, const char *name)
{
	snprintf(dir, size, "/tmp/newsdesk-%s-XXXXXX", name);
	cr_assert_not_null(mkdtemp(dir), "cannot make %s", dir);
}

void scratch_dir_remove(const char *dir)
{
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}
