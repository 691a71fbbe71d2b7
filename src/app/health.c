/* health.c: GET /healthz
 * 200 {"status":"ok"} when the database answers and takes writes; 503
 * {"status":"unavailable"} when it does not answer, {"status":"read-only"}
 * when its last commit failed (a full disk): nothing can be stored then. */
#include <jansson.h>

#include "core/app.h"
#include "app/app_handlers.h"

int handle_healthz(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	resp_header(rs, "Cache-Control", "no-store");
	if (store_ping(app->store) < 0) {
		resp_json(rs, HTTP_UNAVAILABLE, json_pack("{s:s}", "status", "unavailable"));
		return 0;
	}
	if (store_commits_failing(app->store)) {
		resp_json(rs, HTTP_UNAVAILABLE, json_pack("{s:s,s:s}", "status", "read-only", "why",
					     "the last write to the database failed (a full disk?)"));
		return 0;
	}
	resp_json(rs, HTTP_OK, json_pack("{s:s,s:s}", "status", "ok", "durability",
				     store_durability_name(app->store)));
	return 0;
}
