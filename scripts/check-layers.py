#!/usr/bin/python3
"""check-layers.py: the include rule of src/, checked (make test runs it).

Also: no HTTP status is written as a number outside the HTTP layers
(src/http/, src/github/, src/net/) and the error table.

The kernel's folders are ranked; a folder includes only its own headers
and those of folders of a lower rank, so no two kernel folders can include
each other and no cycle can exist.  A feature (src/features/NAME/) includes
the kernel and itself, never another feature.  src/app/ (the command line,
start-up and the route table) sits on top and may include anything; nothing
includes app/.

Exit status 1 with one line per breach, naming the file and the include.
"""
import os
import re
import sys

KERNEL = {
    "util": 0,      # buffers, UTF-8, logging, files, threads: no knowledge of newsdesk
    "config": 1,    # the TOML reader and the key table
    "store": 1,     # the database, its statements and the one writer
    "net": 1,       # plain HTTP out, internal addresses refused
    "http": 1,      # the server, router, replies, errors, field specs, limits
    "markdown": 2,  # bounded rendering, the content policies, escapers
    "github": 2,    # the REST client, OAuth, the App, logins
    "auth": 3,      # sessions, passwords, signed tokens
    "draft": 3,     # the draft engine, the live draft, the site's pages
    "jobs": 4,      # the persistent queue, its kinds, what jobs share
    "core": 5,      # the app context every handler reaches
}
APP = "app"
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def folder_of(rel):
    parts = rel.split("/")
    if parts[0] == "features" and len(parts) >= 3:
        return "features/" + parts[1]
    return parts[0] if len(parts) > 1 else "."


def allowed(src, dst):
    if src == dst:
        return True
    if dst == APP or dst == ".":
        return False
    if src == APP:
        return True
    if dst.startswith("features/"):
        return False            # features are never included from outside
    if src.startswith("features/"):
        return dst in KERNEL
    if src in KERNEL and dst in KERNEL:
        return KERNEL[dst] < KERNEL[src]
    return False


def map_breaches(root, readme):
    """The README's map names exactly the folders that hold code."""
    if not os.path.exists(readme):
        return []
    text = open(readme, encoding="utf-8").read()
    start = text.find("<!-- map: checked by scripts/check-layers.py -->")
    if start < 0:
        return ["README.md: the map of src/ is missing"]
    rows = text[start:].split("\n\n", 1)[0]
    listed = set(re.findall(r"`src/([a-z_/]+?)/`", rows))
    present = set()
    for dirpath, _, names in os.walk(root):
        if any(n.endswith((".c", ".h")) for n in names):
            present.add(folder_of(os.path.relpath(os.path.join(dirpath, "x.c"), root)))
    out = [f"README.md: the map lacks src/{f}/" for f in sorted(present - listed)]
    out += [f"README.md: the map lists src/{f}/, which holds no code" for f in sorted(listed - present)]
    for f in sorted(listed & set(KERNEL)):
        m = re.search(r"\| (\d+) \| `src/" + f + "/`", rows)
        if not m or int(m.group(1)) != KERNEL[f]:
            out.append(f"README.md: the map gives src/{f}/ another rank than the rule ({KERNEL[f]})")
    return out


# Where an HTTP status may be written as a number: the HTTP layers (the
# server, the GitHub client, plain HTTP out) and the error table.
STATUS_HOMES = ("http/", "github/", "net/")
STATUS_USE = re.compile(
    r"resp_\w+\([^,;]+,\s*[1-5]\d\d\b"          # resp_json(rs, 200, …)
    r"|\bstatus\s*(?:[=!<>]=?)\s*[1-5]\d\d\b"   # status == 404, status = 503
    r"|\b[1-5]\d\d\s*(?:[=!<>]=?)\s*\w*status\b"
    r"|\bstatus\s*:\s*[1-5]\d\d\b")


def status_breaches(root):
    """No status literal outside the HTTP layers and the error table."""
    out = []
    for dirpath, _, names in os.walk(root):
        for name in sorted(names):
            if not name.endswith((".c", ".h")):
                continue
            rel = os.path.relpath(os.path.join(dirpath, name), root)
            if rel.startswith(STATUS_HOMES):
                continue
            with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    code = line.split("//")[0]
                    if code.lstrip().startswith(("*", "/*")):
                        continue
                    if STATUS_USE.search(code):
                        out.append(f"{rel}:{n}: an HTTP status as a number "
                                   "(name it: http/http.h, or refuse with http/errors.h)")
    return out


def main(root):
    breaches = map_breaches(root, os.path.join(root, "..", "README.md"))
    breaches += status_breaches(root)
    for dirpath, _, names in os.walk(root):
        for name in sorted(names):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            src = folder_of(rel)
            if src not in KERNEL and src != APP and not src.startswith("features/"):
                breaches.append(f"{rel}: in no layer (kernel {sorted(KERNEL)}, features/*, app)")
                continue
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for inc in INCLUDE.findall(text):
                if inc == "paths.h":            # generated by make into build/gen
                    continue
                if ".." in inc.split("/") or not os.path.exists(os.path.join(root, inc)):
                    breaches.append(f"{rel}: #include \"{inc}\" is not a path under src/")
                    continue
                dst = folder_of(inc)
                if not allowed(src, dst):
                    breaches.append(f"{rel}: {src} may not include {inc} ({dst})")
    for b in breaches:
        print("check-layers: " + b)
    if breaches:
        print(f"check-layers: {len(breaches)} breach(es) of the include rule (see scripts/check-layers.py)")
        return 1
    print("check-layers: the include rule holds")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "src"))
