#!/usr/bin/env python3
"""cg_split.py RUN0 RUNN N: where one request's instructions go.  Both files
are callgrind outputs of the same server, RUNN after N more requests than
RUN0; each function's cost is differenced and divided by N.  Only costs
callgrind can name are split: libc's memset (libmicrohttpd zeroing each
connection's memory for every request; callgrind counts `rep stosb` per
byte) and newsdesk's own functions, inclusive.  The stripped libraries'
costs are not split (callgrind guesses their function bounds, and a cost
moves between them from run to run); the total is exact."""
import re
import subprocess
import sys
from collections import defaultdict

LINE = re.compile(r"^\s*([\d,]+)\s+\([^)]*\)\s+(.*?)\s+\[(.*)\]\s*$")


def costs(path, inclusive):
    out = subprocess.run(["callgrind_annotate", "--threshold=100",
                          f"--inclusive={'yes' if inclusive else 'no'}", path],
                         capture_output=True, text=True, check=True).stdout
    got = defaultdict(int)
    for line in out.splitlines():
        m = LINE.match(line)
        if m:
            fn = m.group(2).split(":", 1)[-1]
            got[(fn, m.group(3).rsplit("/", 1)[-1])] = max(got[(fn, m.group(3).rsplit("/", 1)[-1])],
                                                          int(m.group(1).replace(",", "")))
    return got


def total(path):
    with open(path) as f:
        for line in f:
            if line.startswith("totals:"):
                return int(line.split()[1])
    raise SystemExit(f"cg_split: {path} has no totals")


def per_request(a, b, n):
    return {k: (b.get(k, 0) - a.get(k, 0)) / n for k in set(a) | set(b)}


def main():
    r0, rn, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    whole = (total(rn) - total(r0)) / n
    own = per_request(costs(r0, False), costs(rn, False), n)
    memset = sum(v for (fn, obj), v in own.items() if fn.startswith("__memset") and obj.startswith("libc"))
    inc = per_request(costs(r0, True), costs(rn, True), n)
    print(f"\nwhere one newsdesk GET's {whole:,.0f} instructions go:")
    print(f"  {memset:10,.0f}  {100 * memset / whole:5.1f} %  memset: libmicrohttpd zeroing the connection's memory")
    print("  newsdesk's functions, inclusive (each includes what it calls):")
    top = sorted(((v, fn) for (fn, obj), v in inc.items() if obj == "newsdesk" and v > 100 and
                  fn not in ("main", "(below main)")), reverse=True)[:16]
    for v, fn in top:
        print(f"  {v:10,.0f}  {100 * v / whole:5.1f} %  {fn}")


if __name__ == "__main__":
    main()
