"""make bench, part 2: hostile texts of about 40 KB against the running
server's preview and comment endpoints, each timed (median of 5) with its
answer's status and size.  Usage: hostile.py PORT."""
import http.client
import json
import statistics
import sys
import time

PORT = int(sys.argv[1])


def case(head, piece, times, tail=""):
    return head + piece * times + tail


CASES = [
    ("wide table (5000 columns)", case("", "|a", 5000, "|\n" + "|-" * 5000 + "|\n" + "x\n" * 300)),
    ("tall padded table", case("|a" * 30 + "|\n" + "|-" * 30 + "|\n", "x\n", 10000)),
    ("pipes in one line", case("", "|", 40000, "\n|-|\n")),
    ("deep block quotes", case("", ">", 40000, "a")),
    ("deep lists", case("", "- ", 20000, "a")),
    ("links in image text", case("", "![[]()", 7000)),
    ("emphasis runs", case("", "*a", 20000)),
    ("underscore runs", case("", "**_", 13000)),
    ("many links", case("", "[a](https://example.com/) ", 1500)),
    ("email autolinks", case("", "x@x.", 10000)),
    ("backticks", case("", "`", 40000)),
    ("U+FFFF references", case("", "&#xFFFF;", 5000)),
]


def post(path, body, headers):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    t = time.perf_counter()
    conn.request("POST", path, body=json.dumps(body).encode(),
                 headers=dict({"Content-Type": "application/json"}, **headers))
    r = conn.getresponse()
    data = r.read()
    elapsed = time.perf_counter() - t
    conn.close()
    return r.status, len(data), elapsed


print("hostile texts, %s, median of 5 (ms)" % "POST /api/v1/preview and /api/v1/comments")
print("%-28s %7s %9s %8s %9s %8s" % ("input", "bytes", "preview", "ms", "comment", "ms"))
n = 0
for name, text in CASES:
    rows = []
    for path, body in (("/api/v1/preview", {"markdown": text}),
                       ("/api/v1/comments", {"page": "/bench/", "author": "b", "body": text})):
        times = []
        for _ in range(5):
            n += 1
            # one address per request: the limits are not what is measured
            xff = {"X-Forwarded-For": "198.18.%d.%d" % (n // 250, n % 250 + 1)}
            status, size, elapsed = post(path, body, xff)
            times.append(elapsed * 1000)
        rows.append("%d/%dB" % (status, size))
        rows.append("%.1f" % statistics.median(times))
    print("%-28s %7d %9s %8s %9s %8s" % (name, len(text), *rows))
