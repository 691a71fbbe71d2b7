"""Hostile contributions (and a few honest ones that must still pass).

Each is a submission for tests/fixtures/draft-modern.md: HEADING goes to
"Other Projects" ('###' entries), LIST to "Announcements, News, and Blog
Posts" (list items).  'honest' ones must be accepted; for every other one
the battery accepts either outcome, a 400 naming a field or a pull request
whose draft the oracle finds harmless."""

HEADING = "Other Projects"
LIST = "Announcements, News, and Blog Posts"
X = "<img src=x onerror=alert(1)>"


def h(name="proj", url="https://example.com/p", body=None, **kw):
    d = {"section": HEADING, "name": name, "url": url, "author": "mallory"}
    if body is not None:
        d["body"] = body
    d.update(kw)
    return d


def li(name="post", url="https://example.com/p", body=None):
    d = {"section": LIST, "name": name, "url": url, "author": "mallory"}
    if body is not None:
        d["body"] = body
    return d


def blk(block, section=HEADING):
    return {"section": section, "block": block, "author": "mallory"}


HONEST = [
    ("plain heading entry", h(body="We released **v1.0**, see [the notes](https://example.com/n).")),
    ("gray span and details", h(body='<span class="gray">(note)</span>\n\n<details>\n<summary>More</summary>\n\nhidden text\n\n</details>')),
    ("script inside code", h(body="Use `<script>` tags and\n\n```html\n<script>alert(1)</script>\n```")),
    ("written by", h(name="owner/repo", written_by=True, add_author=True, body="Updates.")),
    ("list item", li(body="some context")),
    ("raw block", blk("### [`x86_64`](https://github.com/rust-osdev/x86_64)\n\nNew release with <em>fixes</em>.\n\n#### Details\n\n- one\n- two")),
    ("table", h(body="| a | b |\n|---|---|\n| 1 | 2 |")),
    ("mailto and relative", h(body="[mail](mailto:a@example.com) and [post](/this-month/2024-03/) and [comments](#comment-form)")),
    # the shapes of the real history (issue 23: honest entries pass byte for byte)
    ("generics in list code", li(name="Add `FromResidual<Result<!, Error>>` impl for `Status`")),
    ("generics in a fence", h(body="```rust\nasync fn thread_loop(thread: Arc<Thread>) {\n    let x: Vec<u8> = vec![];\n}\n```")),
    ("maintainers span", blk('### [`uefi`](https://github.com/rust-osdev/uefi-rs)\n<span class="maintainers">Maintained by [@phip1611](https://github.com/phip1611)</span>\n\nThe `uefi` crate: `Option<Handle>` is FFI-safe.')),
    ("comment keeps an item out", h(body="Done.\n\n<!-- not yet: [the next post](https://example.com/next) with `Vec<u8>` -->")),
    ("autolink", h(body="See <https://docs.rs/uart_16550> and <mailto:a@example.com>.")),
    ("braces in Zola's escape", h(body="A template writes `{{/* name() */}}` and {%/* raw() */%}.")),
    ("link to an own heading", blk("### [a](https://example.com)\n\nSee [the notes](#design-notes).\n\n#### Design notes\n\nText.")),
    ("internal link to the draft", h(body="See [this issue](@/this-month/2024-04/index.md).")),
    ("internal link to an anchor", h(body="See [the comments](@/this-month/2024-04/index.md#comment-form).")),
    ("escaped angle in text", h(body="Writes \\<T> for a type and a < b for numbers.")),
]

HOSTILE = [
    # a field checked alone, spliced elsewhere
    ("name indented", h(name="    " + X)),
    ("name with backticks", h(name="a` " + X + " `b")),
    ("name unbalanced backtick", h(name="`" + X)),
    ("name fence opener", h(name="```", body=X)),
    ("list name closes link", li(name="x](javascript:alert(1)) [y")),
    ("list name raw html", li(name=X)),
    ("list name backtick", li(name="`a" + X)),
    ("body indented fence", h(body="    ```\n" + X + "\n    ```")),
    ("body unbalanced backtick", h(body="`" + X)),
    ("body fence never closed", h(body="```\ncode")),
    ("list body breaks out", li(body="x\n\n" + X)),
    ("list body heading", li(body="x\n\n## Smuggled")),
    # HTML5 comments
    ("comment <!-->", h(body="<!-->" + X + "-->")),
    ("comment <!--->", h(body="<!--->" + X + "-->")),
    ("comment --!>", h(body="<!-- a --!>" + X + "-->")),
    ("comment unclosed", h(body="<!-- swallow the rest")),
    # entity-encoded schemes
    ("entity colon", h(body="[x](javascript&#58;alert(1))")),
    ("entity j", h(body="[x](&#x6A;avascript:alert(1))")),
    ("named colon", h(body="[x](javascript&colon;alert(1))")),
    ("refdef entity", h(body="[x]\n\n[x]: javascript&#58;alert(1)")),
    ("html href entity", h(body='<a href="&#x6A;avascript:alert(1)">x</a>')),
    ("html href tab", h(body='<a href="java&#x09;script:alert(1)">x</a>')),
    ("html href leading control", h(body='<a href="&#1;javascript:alert(1)">x</a>')),
    ("html href spaces", h(body='<a href="  javascript:alert(1)">x</a>')),
    ("autolink javascript", h(body="<javascript:alert(1)>")),
    ("autolink JAVASCRIPT", h(body="<JAVASCRIPT:alert(1)>")),
    ("data uri link", h(body="[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")),
    ("data uri image", h(body="![x](data:image/svg+xml,<svg onload=alert(1)>)")),
    ("vbscript", h(body="[x](vbscript:msgbox(1))")),
    ("link title quote", h(body='[x](https://a.example "\\"onmouseover=alert(1) x=\\"")')),
    # shape bypass
    ("4-space fence smuggles ##", blk("### [a](https://example.com)\n    ```\n## Evil\n### [b](https://example.com)\n    ```")),
    ("second ### in body", h(body="text\n\n### [second](https://example.com)")),
    ("setext h1", h(body="Evil\n===")),
    ("setext h2", h(body="Evil\n---")),
    ("setext under name", blk("### x\nEvil\n---")),
    ("list block with heading", blk("- [a](https://example.com)\n\n## Evil", section=LIST)),
    ("list block with paragraph", blk("- [a](https://example.com)\n\nloose paragraph", section=LIST)),
    ("empty heading", blk("### ``")),
    ("empty heading name", h(name="` `")),
    ("heading attributes", blk("### x {onclick=alert(1)}")),
    ("heading attributes id", h(name="x {#top .evil}")),
    # SVG, MathML, iframes, breakouts
    ("svg script", h(body="<svg><script>alert(1)</script></svg>")),
    ("svg onload", h(body="<svg/onload=alert(1)>")),
    ("math mglyph", h(body="<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>")),
    ("iframe", h(body='<iframe src="https://evil.example"></iframe>')),
    ("iframe srcdoc", h(body='<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>')),
    ("noscript breakout", h(body='<noscript><p title="</noscript>' + X + '">')),
    ("textarea breakout", h(body='<textarea><p title="</textarea>' + X + '">')),
    ("title breakout", h(body='<title><p title="</title>' + X + '">')),
    ("style breakout", h(body="<style><p title=\"</style>" + X + "\">")),
    ("template", h(body="<template>" + X + "</template>")),
    # tags split across lines and blank lines
    ("split tag", h(body="<img\nsrc=x\nonerror=alert(1)>")),
    ("split tag blank line", h(body="<img src=x\n\nonerror=alert(1)>")),
    ("split anchor", h(body='<a\nhref="javascript:alert(1)">x</a>')),
    ("html block then markdown", h(body="<div>\n\n" + X + "\n\n</div>")),
    ("details ontoggle", h(body="<details open ontoggle=alert(1)>")),
    ("span onclick", h(body='<span class="gray" onclick="alert(1)">x</span>')),
    ("style attribute", h(body='<span style="background:url(javascript:alert(1))">x</span>')),
    ("script tag", h(body="<script>alert(1)</script>")),
    ("script in name", h(name="<script>alert(1)</script>")),
    ("object", h(body='<object data="javascript:alert(1)"></object>')),
    ("form", h(body='<form action="javascript:alert(1)"><button>x</button></form>')),
    ("base", h(body='<base href="javascript:/">')),
    ("meta refresh", h(body='<meta http-equiv="refresh" content="0;url=javascript:alert(1)">')),
    ("unquoted attr", h(body="<a href=javascript:alert(1)>x</a>")),
    ("img src entity", h(body='<img src="x" alt="&quot; onerror=alert(1)">')),
    ("pre swallows", h(body="<pre>\nunclosed")),
    # references and definitions
    ("redefine a link", h(body="[First post]: https://evil.example/")),
    ("footnote", h(body="text[^1]\n\n[^1]: " + X)),
    ("table with html", h(body="| a |\n|---|\n| " + X + " |")),
    # poison characters
    ("U+FFFF entity", h(body="x &#xFFFF; y")),
    ("U+FFFE entity", h(name="x &#xFFFE;")),
    ("NUL entity", h(body="x &#0; y")),
    # text that mentions or closes on GitHub (harmless on the page; see pr text)
    ("mentions", h(name="@octocat fixes #12", body="cc @rust-osdev/everyone, closes #1")),
]


# Issue 23's families, each also spliced into the draft by hand: the
# battery checks that its oracles find the naive splice harmful (so the
# payload is live) before it checks what newsdesk makes of it.
def raw(block):
    return "### [a](https://example.com)\n\n" + block


SITE = [
    # content cmark-gfm drops and the site renders
    ("unused footnote html", raw("[^gone]: " + X)),
    ("unused footnote link", raw("[^gone]: [x](javascript:alert(1))")),
    ("table extra cell", raw("| a |\n|---|\n| b | " + X + " |")),
    # raw HTML under one CommonMark version, text or code under another
    ("declaration swallows backtick", raw("<!a `> " + X + " `")),
    ("inline declaration", raw("text <!a `> " + X + " `")),
    ("comment with -- then code", raw("x <!-- ` --- --> " + X + " `")),
    ("search block", raw("text\n<search>\n`" + X + "`")),
    ("code span split by a table", raw("| a | b |\n|---|---|\n| `x|" + X + "` |")),
    ("autolink swallows backtick", raw("<http://a.example/`> " + X + " `")),
    ("link title swallows backtick", raw('[a](https://a.example "`") ' + X + " `")),
    ("html block swallows a fence", raw("<details>\n```\n" + X + "\n```\n</details>")),
    ("list fence", raw("- item\n  ```\n" + X + "\n  ```")),
    # what stops Zola's build
    ("shortcode", raw("{{ youtube(id=\"x\") }}")),
    ("shortcode in code", raw("`{{ evil() }}`")),
    ("lone end", raw("{% end %}")),
    ("empty link", raw("[x]()")),
    ("empty link in a footnote", raw("[^n]: [x]()")),
    ("empty image", raw("![x]()")),
    ("missing internal page", raw("[x](@/nowhere/index.md)")),
    ("missing anchor of an internal page", raw("[x](@/this-month/2024-04/index.md#nowhere)")),
    ("missing anchor", raw("[x](#nowhere)")),
    # the site's feed
    ("CDATA end in a comment", raw("<!-- ]]><script>alert(1)</script> -->")),
    ("CDATA end in an attribute", raw('<span title="]]><img src=x onerror=alert(1)>">x</span>')),
    ("control character reference", raw("x &#1; y")),
    # the template's anchors
    ("comment-form heading", raw("#### Comment form")),
]
