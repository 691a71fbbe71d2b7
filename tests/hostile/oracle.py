"""The newsletter as its readers get it: the oracle of the hostile battery.

A draft is rendered the way Zola renders it (pulldown-cmark with tables,
footnotes, strikethrough, task lists and heading attributes; raw HTML
passed through), and again as CommonMark 0.31.2's reference implementation
renders it, and each HTML is parsed as a browser parses HTML5
(html5lib, with scripting on and off, since <noscript> reads differently).
What a change adds is judged against the draft before it: an element
outside the newsletter's allowlist, an event handler, style or srcdoc
attribute, a URL whose scheme is not http, https or mailto, a new '#' or
'##' heading, or a '###' heading more than the entry declared.

This is written apart from newsdesk's own policy (src/render/) on purpose:
it must not share that code's mistakes."""
import collections
import os
import re
import subprocess

import html5lib

HTML_NS = "{http://www.w3.org/1999/xhtml}"
ALLOWED = {
    "html", "head", "body", "p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img",
    "em", "strong", "b", "i", "code", "pre", "kbd", "samp", "sub", "sup", "small",
    "span", "del", "s", "ul", "ol", "li", "blockquote", "hr", "br", "table",
    "thead", "tbody", "tr", "th", "td", "details", "summary", "input",
    # pulldown-cmark's footnotes
    "div", "section",
}
SAFE_ATTRS = {"class", "title", "align", "alt", "width", "height", "start",
              "open", "disabled", "checked", "type", "id"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data",
             "poster", "background", "cite", "srcset", "ping", "codebase"}
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def front_matter_split(text):
    if text.startswith("+++"):
        end = text.find("\n+++", 3)
        if end >= 0:
            nl = text.find("\n", end + 4)
            return text[: nl + 1] if nl >= 0 else text, text[nl + 1:] if nl >= 0 else ""
    return "", text


HERE = os.path.dirname(os.path.abspath(__file__))


def render(markdown):
    """Markdown as Zola renders it (Debian's pulldown-cmark 0.9.2, with the
    extensions Zola turns on)."""
    out = subprocess.run(["pulldown-cmark", "-T", "-F", "-S", "-L", "-H"],
                         input=markdown.encode(), capture_output=True, check=True,
                         timeout=30)
    return out.stdout.decode()


def render_commonmark(markdown):
    """Markdown as CommonMark 0.31.2 reads it: the spec's reference
    implementation (npm's commonmark), raw HTML passed through."""
    out = subprocess.run(["node", os.path.join(HERE, "commonmark_render.mjs")],
                         input=markdown.encode(), capture_output=True, check=True,
                         timeout=30)
    return out.stdout.decode()


RENDERERS = (("pulldown-cmark", render), ("commonmark 0.31.2", render_commonmark))


def url_scheme(value):
    # the URL standard: strip C0 controls and spaces at both ends, drop tab/LF/CR
    v = value.strip("".join(chr(c) for c in range(0x21)))
    v = re.sub(r"[\t\n\r]", "", v)
    m = SCHEME.match(v)
    return m.group(1).lower() if m else None


def findings(html):
    """Everything script-capable or outside the allowlist, as a multiset."""
    found = collections.Counter()
    heads = collections.Counter()
    for scripting in (False, True):
        parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"))
        doc = parser.parse(html, scripting=scripting)
        for el in doc.iter():
            tag = el.tag if isinstance(el.tag, str) else "#comment"
            if tag == "#comment" or not isinstance(el.tag, str):
                continue
            if not tag.startswith(HTML_NS):
                found["foreign element %s (scripting=%s)" % (tag, scripting)] += 1
                continue
            name = tag[len(HTML_NS):]
            if scripting is False and name in ("h1", "h2", "h3"):
                heads[name] += 1
            if name not in ALLOWED:
                found["element <%s> (scripting=%s)" % (name, scripting)] += 1
            for attr, value in el.attrib.items():
                a = attr if isinstance(attr, str) else str(attr)
                a = a.split("}")[-1].lower()
                if a.startswith("on") or a in ("style", "srcdoc", "formaction"):
                    found["attribute %s on <%s>" % (a, name)] += 1
                elif a in URL_ATTRS:
                    scheme = url_scheme(value)
                    if a == "srcset" or (scheme and scheme not in ("http", "https", "mailto")):
                        found["URL %r in %s of <%s>" % (value[:60], a, name)] += 1
                elif a not in SAFE_ATTRS:
                    found["attribute %s on <%s>" % (a, name)] += 1
                if name == "input" and a == "type" and value.lower() != "checkbox":
                    found["input of type %s" % value] += 1
    return found, heads


def judge_page(before, after, shape, renderer):
    """Problems the change brings to readers of one rendering ([] = none)."""
    fb, hb = findings(renderer(front_matter_split(before)[1]))
    fa, ha = findings(renderer(front_matter_split(after)[1]))
    problems = ["%s (x%d)" % (k, n) for k, n in (fa - fb).items()]
    for level in ("h1", "h2"):
        if ha[level] != hb[level]:
            problems.append("%s headings: %d before, %d after" % (level, hb[level], ha[level]))
    want = hb["h3"] + (1 if shape == "heading" else 0)
    if ha["h3"] != want:
        problems.append("h3 headings: %d expected, %d after" % (want, ha["h3"]))
    return problems


def judge(before, after, shape, pages=()):
    """Everything the change breaks: the page under each renderer, the
    site's build (site_build.py) and its RSS feed ([] = nothing)."""
    import site_build
    problems = []
    for name, renderer in RENDERERS:
        problems += ["%s: %s" % (name, p) for p in judge_page(before, after, shape, renderer)]
    problems += ["zola: " + p for p in site_build.new_errors(before, after, pages)]
    problems += ["rss: " + p for p in site_build.feed_problems(
        render(front_matter_split(after)[1]))]
    return problems
