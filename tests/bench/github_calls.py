"""What a pull request costs GitHub, counted from the stand-in's log.

newsdesk and the GitHub stand-in on loopback (tests/hostile/service.py);
contributions are submitted one after another, each waits for its checks
before approval, is approved and gets its pull request; the stand-in's
request log (GET /_standin/requests) says how many requests each took,
counting apart those answered 304 (a conditional GET that found nothing
changed, which GitHub does not count against the rate limit).

    python3 tests/bench/github_calls.py [N]"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "hostile"))
from service import Service, request, wait_until  # noqa: E402


def log(svc):
    status, body, _ = request(svc.gh_port, "GET", "/_standin/requests")
    assert status == 200, body
    return body["requests"]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    svc = Service()
    rows = []
    try:
        svc.start()
        for k in range(n):
            mark = len(log(svc))
            sub = {"section": "Other Projects", "name": "project-%d" % k,
                   "url": "https://example.com/p%d" % k, "body": "News of project %d." % k,
                   "author": "octo-cat"}
            status, body, _ = request(svc.nd_port, "POST", "/api/v1/submissions", sub,
                                      headers={"X-Forwarded-For": "198.51.100.%d" % (k + 1)})
            assert status == 201, body
            sid = body["id"]

            def listed():
                s, b, _ = request(svc.nd_port, "GET", "/api/v1/admin/submissions",
                                  headers=svc.admin)
                return next((x for x in b["submissions"] if x["id"] == sid), None)
            wait_until("the checks of submission %d" % sid,
                       lambda: (listed() or {}).get("checks"), 30)
            status, body, _ = request(svc.nd_port, "POST",
                                      "/api/v1/admin/submissions/%d/approve" % sid, {},
                                      headers=svc.admin)
            assert status == 202, body
            wait_until("the pull request of submission %d" % sid,
                       lambda: (listed() or {}).get("pr_url"), 30)
            time.sleep(0.2)   # the last answers are logged
            mine = log(svc)[mark:]
            counted = sum(1 for r in mine if r["status"] != 304)
            if os.environ.get("GITHUB_CALLS_DEBUG"):
                for r in mine:
                    print("   ", r["status"], r["op"], r["path"])
            rows.append((k + 1, counted, len(mine) - counted))
    finally:
        svc.stop()
    print("GitHub requests per pull request (checks before approval included):")
    print("%-16s %8s %14s" % ("pull request", "counted", "answered 304"))
    for k, counted, free in rows:
        print("%-16d %8d %14d" % (k, counted, free))
    later = [c for k, c, _ in rows if k > 1]
    if later:
        print("after the first: at most %d counted requests each (goal: 7)" % max(later))
    return 0


if __name__ == "__main__":
    sys.exit(main())
