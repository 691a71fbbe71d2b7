"""The hostile-contribution battery: every payload the whole way.

For each payload in payloads.py: POST /api/v1/submissions to a real
newsdesk; if it is accepted, a maintainer approves it, the pull-request
worker writes it to a branch of the GitHub stand-in, and the draft on that
branch is rendered as Zola renders it and as CommonMark 0.31.2 renders it,
parsed as a browser parses it (oracle.py), built by Zola's rules and put
into the site's RSS item (site_build.py).  A payload passes when it was refused with a 400 that names a
field, or when its branch adds nothing script-capable and no heading but
its own, or when the pull-request worker refused it with a reason (it asks
GitHub what only the branch knows: which pages internal links may name).
Issue 23's families (payloads.SITE) are first spliced into the draft by
hand and must be found harmful there, so that none can pass untested.
Honest payloads must be accepted.  Also: the same contribution
sent twice is a 409 that names the first one but never hands out its
private status link.

Run by `make test-hostile` (part of `make test`); talks only to 127.0.0.1
and stops itself: every wait has a deadline."""
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402
import payloads  # noqa: E402

from service import DRAFT, NEWSDESK, SEED, STANDIN, Service, request  # noqa: E402


COUNTS = {"refused": 0, "published": 0}
PAGES = {DRAFT[len("content/"):]}


def splice(before, block):
    """The block by hand at the end of "Other Projects", as a careless
    maintainer would paste it."""
    at = before.index("\n## ", before.index("## Other Projects"))
    return before[:at] + "\n" + block + "\n" + before[at:]


def live(before, block):
    """'' when the oracles find the hand-spliced block harmful."""
    problems = [p for p in oracle.judge(before, splice(before, block), "heading", PAGES)
                if "h3 headings" not in p]
    return "" if problems else "the oracles find nothing wrong with it spliced by hand"


def run_one(svc, n, name, sub, honest, before):
    """'' when the payload passes, else why it does not."""
    shape = "list" if sub["section"] == payloads.LIST else "heading"
    # one address each: the per-address submission limit is not under test
    xff = {"X-Forwarded-For": "198.51.100.%d" % (n % 250 + 1)}
    status, body, _ = request(svc.nd_port, "POST", "/api/v1/submissions", sub, headers=xff)
    if status == 400:
        field = (body or {}).get("error", {}).get("field")
        if honest:
            return "honest payload refused: %s" % body
        COUNTS["refused"] += 1
        return "" if field else "400 without a field: %s" % body
    if status != 201:
        return "answered %d: %s" % (status, body)
    sid = body["id"]
    status, body, _ = request(svc.nd_port, "POST", "/api/v1/admin/submissions/%d/approve" % sid,
                              {}, headers=svc.admin)
    if status != 202:
        return "approval answered %d: %s" % (status, body)
    after, refused = svc.branch_draft(sid)
    if refused:
        # the worker asks GitHub what only the branch knows (its pages)
        COUNTS["refused"] += 1
        return "honest payload refused by the worker: " + refused if honest else ""
    problems = oracle.judge(before, after, shape, PAGES)
    if after == before:
        problems.append("the branch holds the draft unchanged")
    COUNTS["published"] += 1
    return "; ".join(problems)


def twins(svc):
    sub = dict(payloads.HONEST[0][1], name="twin entry")
    s1, b1, _ = request(svc.nd_port, "POST", "/api/v1/submissions", sub,
                        headers={"X-Forwarded-For": "203.0.113.1"})
    spaced = dict(sub, body=sub["body"].replace(" ", "  ") + "\n\n")
    s2, b2, _ = request(svc.nd_port, "POST", "/api/v1/submissions", spaced,
                        headers={"X-Forwarded-For": "203.0.113.2"})
    if s1 != 201 or s2 != 409:
        return "twins answered %d then %d: %s" % (s1, s2, b2)
    # the first one's status link is its submitter's key: not handed out
    if "status_url" in b2["error"] or b1["status_url"] in json.dumps(b2):
        return "the 409 leaks the first one's private status link: %s" % b2
    return ""


def main():
    for tool in (NEWSDESK, STANDIN, shutil.which("pulldown-cmark")):
        if not tool or not os.path.exists(tool):
            print("battery: missing %s" % tool, file=sys.stderr)
            return 2
    before = open(SEED).read()
    svc = Service()
    passed = failed = 0
    try:
        svc.start()
        cases = [(True, c) for c in payloads.HONEST] + [(False, c) for c in payloads.HOSTILE]
        cases += [(False, (name, payloads.blk(block))) for name, block in payloads.SITE]
        site = {name for name, _ in payloads.SITE}
        for n, (honest, (name, sub)) in enumerate(cases):
            why = live(before, sub["block"]) if name in site else ""
            why = why or run_one(svc, n, name, sub, honest, before)
            if why:
                failed += 1
                print("FAIL %-30s %s" % (name, why))
            else:
                passed += 1
        why = twins(svc)
        if why:
            failed += 1
            print("FAIL %-30s %s" % ("twins", why))
        else:
            passed += 1
    finally:
        rc = svc.stop()
    if rc != 0:
        failed += 1
        print("FAIL newsdesk exited with %d" % rc)
    print("hostile battery: %(refused)d refused with a field, %(published)d judged on their"
          " pull request's branch" % COUNTS)
    print("hostile battery: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
