// reactions.mjs: reactions in a real browser, the widget embedded in a page
// of another origin, against the real binary: one click reacts (pressed,
// counted), a second takes it back; the reader's own stay theirs after a
// reload (the signed reader token in localStorage); another reader's count
// adds up; without JavaScript the thread page shows the counts and its
// forms react and come back.  Screenshots to build/screenshots/ (docs/ with
// REACTIONS_SCREENSHOTS=1): reactions.png, reactions-nojs.png.
// Usage: node tests/browser/reactions.mjs (from the repository root, after make).
import { createServer } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { check, launch, walk } from './harness.mjs';

const PAGE = '/this-month/2026-11/';

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

await walk('reactions', async (w) => {
  const ghPort = await w.start('./build/gh-standin', ['--port', '0', '--token', 'browser-token',
    '--seed', 'tests/fixtures/draft-modern.md', '--draft', 'content/this-month/2024-04/index.md'],
    {}, /on http:\/\/127\.0\.0\.1:(\d+)\//);
  const sitePort = await freePort();
  const site = `http://127.0.0.1:${sitePort}`;
  const cfg = join(w.work, 'c.toml');
  writeFileSync(cfg, `[server]\nlisten = "127.0.0.1:0"\naccess_log = false\n` +
    `allowed_origins = ["${site}"]\n[storage]\ndatabase = "${join(w.work, 'nd.db')}"\n` +
    `[github]\napi_url = "http://127.0.0.1:${ghPort}"\nwrite_interval_ms = 0\nrefresh_seconds = 0\n` +
    `[comments]\nmoderation = "none"\nmin_form_seconds = 0\n`);
  const port = await w.start('./build/newsdesk', ['serve', '--config', cfg],
    { GITHUB_TOKEN: 'browser-token' }, /listening on http:\/\/127\.0\.0\.1:(\d+)\//);
  const base = `http://127.0.0.1:${port}`;
  // the newsletter: a static page on another origin that embeds the widget
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>This Month in Rust OSDev: November 2026</title>
<style>body{font-family:sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}</style></head>
<body><main><h1>This Month in Rust OSDev: November 2026</h1><p>Welcome to a new issue.</p>
<h2 id="comment-form">Comments</h2><div class="comments">
<script src="${base}/embed.js" data-page="${PAGE}" async></script></div></main></body></html>`);
  }).listen(sitePort, '127.0.0.1');
  try {
    for (const [author, body] of [['Ann', 'The **xhci** section is great.'], ['Bo', 'Thanks for the update!']]) {
      const r = await fetch(`${base}/api/v1/comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ page: PAGE, author, body }) });
      check(r.status === 201, `${author}'s comment is published`);
    }
    const shots = process.env.REACTIONS_SCREENSHOTS === '1' ? 'docs' : 'build/screenshots';
    mkdirSync(shots, { recursive: true });
    const browser = w.browser = await launch(w.work);
    const page = browser.pages()[0] || await browser.newPage();
    const pageBar = '.nd-root > div > .nd-reactions';
    const btn = (bar, label) => `${bar} button[title="${label}"]`;
    const firstComment = '.nd-comment >> nth=0 >> .nd-reactions';
    const state = (sel) => page.$eval(sel, (b) => ({ pressed: b.getAttribute('aria-pressed'), label: b.getAttribute('aria-label'), text: b.textContent }));
    await page.goto(`${site}${PAGE}`);
    await page.waitForSelector(btn(pageBar, 'thumbs up'));
    check((await page.$$(`${pageBar} button`)).length === 8, "the page's bar has GitHub's eight");
    check(await page.$eval(pageBar, (g) => g.getAttribute('aria-label')) === 'Reactions to this page',
      'the bar is a labelled group');

    // one click reacts, the reader's own pressed and counted
    await page.click(btn(pageBar, 'thumbs up'));
    await page.waitForSelector(`${btn(pageBar, 'thumbs up')}[aria-pressed="true"]`);
    let s = await state(btn(pageBar, 'thumbs up'));
    check(s.label === 'thumbs up: 1, yours' && s.text === '👍1', `one click reacts (${s.label}, ${s.text})`);
    await page.click(`${firstComment} >> button[title="heart"]`);
    await page.waitForSelector(`.nd-comment >> nth=0 >> button[title="heart"][aria-pressed="true"]`);
    await page.click(btn(pageBar, 'rocket'));
    await page.waitForSelector(`${btn(pageBar, 'rocket')}[aria-pressed="true"]`);
    const token = await page.evaluate(() => localStorage.getItem('newsdesk:comments:reader'));
    check(token && token.length === 64, 'the reader token is kept in localStorage');

    // a reload: still the reader's (the token names them), counts from the thread
    await page.reload();
    await page.waitForSelector(`${btn(pageBar, 'thumbs up')}[aria-pressed="true"]`);
    s = await state(`.nd-comment >> nth=0 >> button[title="heart"]`);
    check(s.pressed === 'true' && s.text === '❤️1', `after a reload the reactions are still the reader's (${s.label})`);

    // a second click takes it back, and that holds too
    await page.click(btn(pageBar, 'thumbs up'));
    await page.waitForSelector(`${btn(pageBar, 'thumbs up')}[aria-pressed="false"]`);
    s = await state(btn(pageBar, 'thumbs up'));
    check(s.label === 'thumbs up: 0' && s.text === '👍', `a second click undoes it (${s.label})`);
    check(await page.evaluate(() => document.activeElement && document.activeElement.title) === 'thumbs up',
      'the focus stays on the button pressed');
    await page.reload();
    await page.waitForSelector(`${btn(pageBar, 'rocket')}[aria-pressed="true"]`);
    check((await state(btn(pageBar, 'thumbs up'))).pressed === 'false', 'the undo holds after a reload');

    // another reader (another browser): their heart adds up, not pressed for the first
    const other = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
    try {
      const p2 = await other.newPage();
      await p2.goto(`${site}${PAGE}`);
      await p2.waitForSelector('.nd-comment >> nth=0 >> button[title="heart"]');
      check(await p2.$eval('.nd-comment >> nth=0 >> button[title="heart"]', (b) => b.getAttribute('aria-pressed')) === 'false',
        "another reader sees the count, not the first reader's press");
      await p2.click('.nd-comment >> nth=0 >> button[title="heart"]');
      await p2.waitForSelector('.nd-comment >> nth=0 >> button[title="heart"][aria-label="heart: 2, yours"]');
      check(true, 'a second reader counts: heart 2');
    } finally { await other.close(); }
    await page.reload();
    await page.waitForSelector('.nd-comment >> nth=0 >> button[title="heart"][aria-label="heart: 2, yours"]');
    check(true, 'the first reader sees both hearts after a reload, theirs pressed');
    await page.hover(`${btn(pageBar, 'rocket')}`);
    // the heading, the page's bar and the thread (the form below left out)
    const box = await page.evaluate(() => {
      const r = document.querySelector('.nd-root').getBoundingClientRect();
      const f = document.querySelector('.nd-root form').getBoundingClientRect();
      return { x: r.x, y: r.y + window.scrollY, width: r.width, height: f.y - r.y };
    });
    await page.screenshot({ path: `${shots}/reactions.png`, clip: { ...box, x: box.x - 8, y: box.y - 8, width: box.width + 16 }, fullPage: true });

    // without JavaScript: the thread page shows the counts and its forms react
    const nojs = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
    try {
      const ctx = await nojs.newContext({ javaScriptEnabled: false, viewport: { width: 800, height: 700 } });
      const p3 = await ctx.newPage();
      await p3.goto(`${base}/comments?page=${encodeURIComponent(PAGE)}`);
      const heart = '#comment-1 button[title="heart"]';
      check(await p3.$eval(heart, (b) => b.getAttribute('aria-label')) === 'heart: 2',
        'the no-JS page shows the counts');
      check(await p3.$eval('#reactions button[title="rocket"]', (b) => b.textContent) === '🚀1',
        "the no-JS page shows the page's own reactions");
      await p3.click('#reactions button[title="eyes"]');
      await p3.waitForURL(/#reactions$/);
      check(await p3.$eval('#reactions button[title="eyes"]', (b) => b.getAttribute('aria-label')) === 'eyes: 1, yours',
        'a no-JS form reacts and comes back to the thread, the reaction pressed');
      await p3.click(heart);
      await p3.waitForURL(/#comment-1$/);
      check(await p3.$eval(heart, (b) => b.getAttribute('aria-label')) === 'heart: 3, yours',
        "a comment's no-JS form reacts and comes back to the comment");
      await p3.click(heart);
      await p3.waitForURL(/#comment-1$/);
      check(await p3.$eval(heart, (b) => b.getAttribute('aria-pressed')) === 'false' &&
        await p3.$eval(heart, (b) => b.getAttribute('aria-label')) === 'heart: 2',
        'and its second press takes it back');
      await p3.goto(`${base}/comments?page=${encodeURIComponent(PAGE)}`);
      await p3.screenshot({ path: `${shots}/reactions-nojs.png`, clip: { x: 0, y: 0, width: 800, height: 420 } });
    } finally { await nojs.close(); }
    const t = await (await fetch(`${base}/api/v1/comments?page=${encodeURIComponent(PAGE)}`)).json();
    check(JSON.stringify(t.reactions) === '{"rocket":1,"eyes":1}' &&
      JSON.stringify(t.comments[0].reactions) === '{"heart":2}', `the thread API agrees (${JSON.stringify(t.reactions)})`);
  } finally {
    server.close();
  }
});
