#!/usr/bin/env python3
"""scale.py WORKDIR: part of `make bench` (issue 29, item 6).  The first
GET of an uncached 10-comment page with 1,000 comments stored and with
1,000,000, and the review page's pending list with 100 and with 10,000
submissions stored (20 of them pending, the rest merged).  Rows go straight
into SQLite (the schema newsdesk migrated); each figure is the median over
100 pages never read before (each its first, uncached GET) or over 50
list reads, on one keep-alive connection to each, the two stores asked
in turn.  Prints each pair, the ratio and
the goal (within 1.5x)."""
import http.client
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import time

WORK = sys.argv[1]
BIN = os.environ.get("NEWSDESK_BIN", "./build/newsdesk")
PASSWORD = "bench password, long enough"
PENDING = 20  # waiting for review in either store; the rest were merged


def config(db):
    path = db + ".toml"
    with open("config.example.toml") as f:
        text = f.read()
    text = re.sub(r'(?m)^listen = .*', 'listen = "127.0.0.1:0"', text)
    text = re.sub(r'(?m)^database = .*', f'database = "{db}"', text)
    text = re.sub(r'(?m)^api_url = .*', 'api_url = "http://127.0.0.1:1"', text)
    text = re.sub(r'(?m)^per_ip_connections = .*', 'per_ip_connections = 0', text)
    with open(path, "w") as f:
        f.write(text)
    return path


def seed(db, comments, submissions):
    cfg = config(db)
    subprocess.run([BIN, "migrate", "--config", cfg], check=True, capture_output=True)
    subprocess.run([BIN, "user", "add", "bench", "--config", cfg], input=PASSWORD + "\n",
                   text=True, check=True, capture_output=True)
    c = sqlite3.connect(db)
    now = int(time.time()) - 86400
    c.execute("BEGIN")
    c.executemany(
        "INSERT INTO comments (page, author, author_key, body_md, body_html, body_hash, status,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'approved', ?, ?)",
        ((f"/p/{i // 10}/", f"Reader {i}", f"name:reader {i}", f"Comment {i} on `x86_64`.",
          f"<p>Comment {i} on <code>x86_64</code>.</p>\n", i.to_bytes(8, "big"), now + i, now + i)
         for i in range(comments)))
    payload = json.dumps({"author": "bench", "section": "Other Projects", "name": "x",
                          "url": "https://example.org/", "body": "An entry."})
    c.executemany(
        "INSERT INTO submissions (token_hash, status, section, payload, author, created_at,"
        " updated_at) VALUES (?, ?, 'Other Projects', ?, 'bench', ?, ?)",
        ((i.to_bytes(8, "big"), "pending" if i >= submissions - PENDING else "merged", payload,
          now + i, now + i) for i in range(submissions)))
    c.commit()
    c.execute("ANALYZE")
    c.close()
    return cfg


def serve(cfg, name):
    log = open(os.path.join(WORK, f"scale-{name}.log"), "w+")
    p = subprocess.Popen([BIN, "serve", "--config", cfg], stderr=log)
    for _ in range(300):
        log.seek(0)
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", log.read())
        if m:
            return p, int(m.group(1))
        time.sleep(0.05)
    raise SystemExit("scale: the server shows no port")


def timed(conn, path, headers=None):
    t = time.perf_counter()
    conn.request("GET", path, headers=headers or {})
    r = conn.getresponse()
    r.read()
    if r.status != 200:
        raise SystemExit(f"scale: {path} answered {r.status}")
    return (time.perf_counter() - t) * 1000


def store(comments, submissions):
    """A seeded store's server: (process, port)."""
    db = os.path.join(WORK, f"scale-{comments}.db")
    for suffix in ("", "-wal", "-shm", ".keys"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    return serve(seed(db, comments, submissions), comments)


def signed_in(port):
    """A keep-alive connection to the server and a maintainer's cookie
    (made once both stores are up: an idle connection is closed at the
    header deadline)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("POST", "/api/v1/admin/login", body=json.dumps(
        {"username": "bench", "password": PASSWORD}), headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        raise SystemExit(f"scale: login answered {r.status}: {body[:200]}")
    return conn, r.getheader("Set-Cookie").split(";", 1)[0]


def main():
    # both stores served at once and asked in turn, so that whatever else
    # the machine does falls on both alike; the same number of pages is
    # read from each, spread over the whole of the large one
    procs = [store(1000, 100), store(1_000_000, 10_000)]
    try:
        small, big = signed_in(procs[0][1]), signed_in(procs[1][1])
        t = {"small": [], "big": [], "small_list": [], "big_list": []}
        for i in range(100):
            t["small"].append(timed(small[0], f"/api/v1/comments?page=/p/{i}/"))
            t["big"].append(timed(big[0], f"/api/v1/comments?page=/p/{i * 1000}/"))
        for _ in range(50):
            t["small_list"].append(timed(small[0], "/api/v1/admin/submissions?status=pending",
                                         {"Cookie": small[1]}))
            t["big_list"].append(timed(big[0], "/api/v1/admin/submissions?status=pending",
                                       {"Cookie": big[1]}))
    finally:
        for p, _ in procs:
            p.terminate()
            p.wait()
    m = {k: statistics.median(v) for k, v in t.items()}
    print("\n6. scale: median first GET of an uncached 10-comment page, and of the pending list")
    print(f"{'':34s} {'small store':>12s} {'large store':>12s} {'ratio':>6s}  goal")
    print(f"{'thread, 1,000 vs 1,000,000':34s} {m['small']:10.3f}ms {m['big']:10.3f}ms"
          f" {m['big'] / m['small']:6.2f}  at most 1.5")
    print(f"{'pending list, 100 vs 10,000':34s} {m['small_list']:10.3f}ms {m['big_list']:10.3f}ms"
          f" {m['big_list'] / m['small_list']:6.2f}  at most 1.5")


if __name__ == "__main__":
    main()
