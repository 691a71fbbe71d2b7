"""What Zola's build and the site's RSS feed make of a draft: two of the
hostile battery's oracles, written from Zola's documentation and the
site's templates/rss.xml, apart from newsdesk's own checks.

Build errors, as Zola reports them:
 - shortcode syntax ("{{" or "{%") anywhere in the content, code included,
   unless inside Zola's escape {{/* ... */}} or {%/* ... */%};
 - a link or image without an address;
 - an internal link (@/path.md) to a page that is not in the site;
 - a '#fragment' link to an id the page does not have (its headings' ids,
   slugified as Zola does and made unique with -1, -2, ..., and the ids of
   the page template such as comment-form);
and, not an error to Zola but a broken page: a heading whose id is one
the template already uses.
The feed: the page's HTML inside <description><![CDATA[...]]></description>
must parse as XML and give back exactly that HTML."""
import collections
import re
import unicodedata
import xml.etree.ElementTree as ET

import html5lib

TEMPLATE_IDS = ("comment-form",)
HTML_NS = "{http://www.w3.org/1999/xhtml}"
ESCAPES = {"{{": "*/}}", "{%": "*/%}"}


def shortcode_errors(markdown):
    out = []
    i = 0
    while True:
        m = re.compile(r"\{[{%]").search(markdown, i)
        if not m:
            return out
        opener = m.group(0)
        if markdown.startswith("/*", m.end()):
            end = markdown.find(ESCAPES[opener], m.end() + 2)
            if end >= 0:
                i = end + 4
                continue
        out.append("shortcode syntax %r" % markdown[m.start():m.start() + 20])
        i = m.end()


def slugify(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def page_ids(doc, errors):
    ids = set(TEMPLATE_IDS)
    for el in doc.iter():
        if not isinstance(el.tag, str) or not el.tag.startswith(HTML_NS):
            continue
        name = el.tag[len(HTML_NS):]
        if el.get("id"):
            ids.add(el.get("id"))
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            base = slugify("".join(el.itertext()))
            if base in TEMPLATE_IDS:
                errors["a heading takes the template's id %s" % base] += 1
            anchor, n = base, 0
            while anchor in ids:
                n += 1
                anchor = "%s-%d" % (base, n)
            ids.add(anchor)
    return ids


def build_errors(markdown, pages):
    """Zola's build errors for a page body, as a multiset."""
    from oracle import front_matter_split, render
    body = front_matter_split(markdown)[1]
    errors = collections.Counter(shortcode_errors(body))
    doc = html5lib.parse(render(body))
    ids = page_ids(doc, errors)
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        name = el.tag[len(HTML_NS):]
        attr = {"a": "href", "img": "src"}.get(name)
        if not attr or el.get(attr) is None:
            continue
        url = el.get(attr)
        if url.strip() == "":
            errors["a link without an address"] += 1
        elif url.startswith("@/") and url[2:].split("#")[0] not in pages:
            errors["internal link to a missing page %s" % url] += 1
        elif url.startswith("@/") and "#" in url and url.split("#", 1)[1] not in ids:
            # Zola checks an internal link's anchor too; the battery's only
            # page is the draft itself, so its anchors are this page's ids
            errors["internal link to a missing anchor %s" % url] += 1
        elif url.startswith("#") and url[1:] not in ids:
            errors["link to a missing anchor %s" % url] += 1
    return errors


def new_errors(before, after, pages):
    gone = build_errors(after, pages) - build_errors(before, pages)
    return ["%s (x%d)" % (k, n) for k, n in gone.items()]


def feed_problems(html):
    item = ("<rss version=\"2.0\"><channel><item><description><![CDATA[%s]]></description>"
            "</item></channel></rss>" % html)
    try:
        root = ET.fromstring(item)
    except ET.ParseError as e:
        return ["the RSS item is not XML: %s" % e]
    items = root.findall("./channel/item")
    if len(items) != 1 or items[0].findtext("description") != html:
        return ["the page's HTML does not stay inside its RSS item"]
    return []
