"""The content policy against the oracles, on random entries.

Entries are put together at random (a fixed seed: the same run every time)
from the pieces the attack families are made of: tags allowed and not,
backtick runs, comments and declarations as CommonMark 0.29 and 0.31 read
them differently, fences, tables, footnotes, link targets and titles,
shortcode braces, character references, "]]>", headings, indentation and
line breaks.  Each goes through `newsdesk draft apply` (the policy every
path uses) into the battery's draft; every entry it accepts is judged by
the battery's oracles (both renderers, an HTML5 parser, Zola's build rules
and the RSS item).  The run fails on the first accepted entry an oracle
finds harmful, and also when too few are accepted for the run to mean
anything.

    python3 tests/hostile/differential.py [CASES] [SEED]"""
import functools
import json
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NEWSDESK = os.environ.get("NEWSDESK_BIN", os.path.join(ROOT, "build", "newsdesk"))
SEED = os.path.join(ROOT, "tests", "fixtures", "draft-modern.md")
PAGES = {"this-month/2024-04/index.md"}

PIECES = [
    "<img src=x onerror=alert(1)>", "<span class=\"gray\">", "</span>", "<em>", "</em>",
    "<details>", "</details>", "<summary>s</summary>", "<search>", "<div>", "<pre>",
    "<script>alert(1)</script>", "<!--", "-->", "<!-->", "<!--->", "--", "<!a ", "<!A ",
    "<?", "<![CDATA[", "]]>", "`", "``", "```", "~~~", "\\`", "\\<", "<", ">", "|", "| a | b |",
    "|---|---|", "[^n]: ", "[^n]", "[x](", ")", "](", "]: ", "[x]", "javascript:alert(1)",
    "https://example.com/a", "<https://example.com/>", "<http://a/`>", "\"`\"", "'",
    "{{", "}}", "{%", "%}", "{{/* x() */}}", "&#1;", "&#x6A;", "&amp;", "&#xFFFF;", "#### ",
    "{#id}", "}", "- ", "1. ", "> ", "    ", "  ", "\t", "\n", "\n", "\n\n", "\n", "text ",
    "Vec<u8>", "Option<T>", "a < b", "*", "_", "[a](#comment-form)", "[b](#nowhere)",
    "[c]()", "![d](https://example.com/i.png)", "<a href=\"https://example.com\">a</a>",
    "<a href=\"javascript:x\">", "<span title=\"`\">", "=", "\"",
]


def entry(rng):
    n = rng.randint(1, 12)
    return "".join(rng.choice(PIECES) for _ in range(n))


@functools.lru_cache(maxsize=None)
def judge_cached(before, after):
    return tuple(oracle.judge(before, after, "heading", PAGES))


def apply(tmp, block):
    path = os.path.join(tmp, "sub.json")
    with open(path, "w") as f:
        json.dump({"section": "Other Projects", "author": "fuzz",
                   "block": "### [a](https://example.com)\n\n" + block}, f)
    r = subprocess.run([NEWSDESK, "draft", "apply", SEED, path], capture_output=True,
                       timeout=60)
    return r.stdout.decode() if r.returncode == 0 else None


def main():
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 23
    rng = random.Random(seed)
    before = open(SEED).read()
    for renderer in (oracle.render, oracle.render_commonmark):
        renderer_cached = functools.lru_cache(maxsize=None)(renderer)
        setattr(oracle, renderer.__name__, renderer_cached)
    oracle.RENDERERS = (("pulldown-cmark", oracle.render),
                        ("commonmark 0.31.2", oracle.render_commonmark))
    accepted = 0
    with tempfile.TemporaryDirectory(prefix="nd-differential-") as tmp:
        for i in range(cases):
            block = entry(rng)
            after = apply(tmp, block)
            if after is None:
                continue
            accepted += 1
            problems = judge_cached(before, after)
            if problems:
                print("differential: case %d (seed %d) was accepted and is harmful: %s\n%r"
                      % (i, seed, "; ".join(problems), block))
                return 1
    print("differential: %d random entries, %d accepted, none harmful to any oracle"
          % (cases, accepted))
    if accepted < cases // 10:
        print("differential: fewer than a tenth accepted: the run proves too little")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
