/* health.c: GET /healthz
 * 200 {"status":"ok"} when the database answers, else 503. */
#include <jansson.h>

#include "handlers/app.h"

int handle_healthz(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	resp_header(rs, "Cache-Control", "no-store");
	if (store_ping(app->store) < 0) {
		resp_json(rs, 503, json_pack("{s:s}", "status", "unavailable"));
		return 0;
	}
	resp_json(rs, 200, json_pack("{s:s,s:s}", "status", "ok", "durability",
				     store_durability_name(app->store)));
	return 0;
}
