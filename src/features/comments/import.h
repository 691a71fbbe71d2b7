/* import.h: bringing a site's conversation along from GitHub, and moving
 * everything out and back in as one JSON document.
 *
 *   newsdesk import utterances --repo OWNER/NAME --issue-term url|pathname|title
 *            [--site URL] [--label L] [--dry-run]
 *   newsdesk import giscus --repo OWNER/NAME --category NAME
 *            --mapping url|pathname|title [--site URL] [--dry-run]
 *   newsdesk export FILE
 *   newsdesk import json FILE
 *
 * GitHub imports read through the service's own client (github.api_url,
 * the configured token or App), follow every page, wait out rate limits,
 * and are idempotent: each comment is keyed on GitHub's id, so a second
 * run (or a run after an interruption) adds only what is new.
 */
#ifndef NEWSDESK_IMPORT_H
#define NEWSDESK_IMPORT_H

#include "config/config.h"

/* argv after "import" / "export"; exit code (0, 1, or 2 for usage). */
int cli_import(const struct config *cfg, int argc, const char *const *argv);
int cli_export(const struct config *cfg, int argc, const char *const *argv);

#endif
