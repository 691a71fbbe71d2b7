/* file.h: whole-file reads with a size cap */
#ifndef NEWSDESK_FILE_H
#define NEWSDESK_FILE_H

#include <stddef.h>

#include "util/buf.h"

/* Reads path into out (appending).  Returns 0, or -1 with a one-line reason
 * in err when the file cannot be read or is larger than max bytes. */
int file_read(const char *path, size_t max, struct buf *out, struct buf *err);

#endif
