// comments.mjs: the comment widget in a real browser (Debian's chromium via
// playwright-core), embedded in a static page served from another origin,
// against the real binary:
//   with JavaScript: post a comment (XSS payloads in name and text), see the
//   pending notice, approve it in /admin, see it appear; reply and edit.
//   without JavaScript: the <noscript> frame's plain form posts, comes back
//   with the pending notice, and shows the comment once approved.
//   signed in with GitHub: the widget's popup signs in at the stand-in's
//   GitHub, hands the token back by postMessage, and the comment shows as
//   the verified login once approved.
// Screenshots (light and dark) go to build/screenshots/, or docs/ with
// UPDATE_SCREENSHOTS=1.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const work = mkdtempSync(join(tmpdir(), 'newsdesk-comments-'));
const procs = [];
const XSS = '<img src=x onerror="window.__xss=1">';
const PAGE = '/this-month/2021-12/';

function check(cond, what) {
  if (!cond) throw new Error(what);
  console.log(`ok - ${what}`);
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function start(cmd, args, pattern) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    procs.push(p);
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start: ${seen}`)), 10000);
    const look = (chunk) => {
      seen += chunk;
      if (pattern.test(seen)) { clearTimeout(timer); resolve(); }
    };
    p.stdout.on('data', look);
    p.stderr.on('data', look);
    p.on('exit', (code) => reject(new Error(`${cmd} exited ${code}: ${seen}`)));
  });
}

const launchArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function browserWith(dir, options) {
  return chromium.launchPersistentContext(join(work, dir), {
    executablePath: '/usr/bin/chromium', headless: true, args: launchArgs,
    viewport: { width: 1000, height: 900 }, ...options,
  });
}

const contexts = [];
let site;
try {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // the newsletter: a static page on another origin that embeds the widget
  site = createServer((req, res) => {
    if (!req.url.startsWith(PAGE)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>This Month in Rust OSDev: December 2021</title>
<style>:root{color-scheme:light dark}body{font-family:sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}
@media (prefers-color-scheme:dark){body{background:#10131a;color:#e6e9ef}}</style></head>
<body><main><h1>This Month in Rust OSDev: December 2021</h1>
<p>Welcome to a new issue of "This Month in Rust OSDev".</p>
<div id="comment-form">
<script src="${base}/embed.js" data-page="${PAGE}"${req.url.includes('theme=dark') ? ' data-theme="dark"' : ''} async></script>
<noscript><iframe src="${base}/comments?page=${PAGE}" title="Comments" style="width:100%;height:760px;border:0"></iframe></noscript>
</div></main></body></html>`);
  });
  await new Promise((r) => site.listen(0, '127.0.0.1', r));
  const siteOrigin = `http://127.0.0.1:${site.address().port}`;

  const ghPort = await freePort();
  await start('./build/gh-standin', ['--port', String(ghPort), '--token', 'browser-token',
    '--seed', 'tests/fixtures/draft-modern.md', '--draft', 'content/this-month/2024-04/index.md',
    '--oauth', 'Iv1.browser:browser-secret', '--user', 'octo-cat:1002'], /stand-in/);
  const cfg = join(work, 'c.toml');
  writeFileSync(cfg, `[server]\nlisten = "127.0.0.1:${port}"\npublic_url = "${base}"\n` +
    `allowed_origins = ["${siteOrigin}"]\naccess_log = false\n` +
    `[storage]\ndatabase = "${join(work, 'nd.db')}"\n` +
    `[github]\napi_url = "http://127.0.0.1:${ghPort}"\nweb_url = "http://127.0.0.1:${ghPort}"\n` +
    `refresh_seconds = 0\noauth_client_id = "Iv1.browser"\n` +
    `[comments]\nmoderation = "all"\nmin_form_seconds = 1\nsite_url = "${siteOrigin}"\n`);
  execFileSync('./build/newsdesk', ['user', 'add', 'mod', '--config', cfg],
    { input: 'correct horse battery staple\n' });
  process.env.GITHUB_OAUTH_SECRET = 'browser-secret';
  process.env.GITHUB_TOKEN = 'browser-token';
  await start('./build/newsdesk', ['serve', '--config', cfg], /listening on/);

  const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs' : 'build/screenshots';
  mkdirSync(shots, { recursive: true });
  const js = await browserWith('profile-js', {});
  contexts.push(js);
  const reader = js.pages()[0] || await js.newPage();
  const dialogs = [];
  reader.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const thirdParty = [];
  reader.on('request', (r) => {
    const o = new URL(r.url()).origin;
    if (o !== base && o !== siteOrigin) thirdParty.push(r.url());
  });

  // --- with JavaScript ---
  await reader.goto(`${siteOrigin}${PAGE}`);
  await reader.waitForSelector('.nd-root .nd-empty');
  check((await reader.textContent('.nd-title')) === '0 comments', 'the widget renders an empty thread');
  await reader.fill('#nd-author', `Ann ${XSS}`);
  await reader.fill('#nd-body', `Great issue! **xhci** at last. ${XSS} ![px](https://evil.example/p.png)`);
  await reader.click('.nd-form .nd-link');            // Preview
  await reader.waitForSelector('.nd-preview strong');
  check((await reader.textContent('.nd-preview')).includes('xhci'), 'the preview renders the Markdown');
  await reader.waitForTimeout(1100);                  // min_form_seconds
  await reader.click('.nd-form button[type=submit]');
  await reader.waitForSelector('.nd-notice:not([hidden])');
  check((await reader.textContent('.nd-notice')).includes('waits for a moderator'), 'a held comment says so');
  check((await reader.textContent('.nd-form .nd-link')) === 'Preview', 'after posting, the preview toggle reads "Preview" again');
  check((await reader.textContent('.nd-title')).includes('1 awaiting moderation'),
    'the count says the reader\'s own comment is awaiting moderation');
  check((await reader.textContent('.nd-badge')).includes('awaiting moderation'),
    'the author sees their own pending comment');

  const admin = await js.newPage();
  await admin.goto(`${base}/admin#comments`);
  await admin.fill('#l-user', 'mod');
  await admin.fill('#l-pass', 'correct horse battery staple');
  await admin.click('#login-form button');
  await admin.waitForSelector('#c-items .comment');
  check((await admin.textContent('#c-items .comment .meta')).includes(PAGE), 'the queue shows the page');
  await admin.screenshot({ path: `${shots}/moderation.png`, fullPage: true });
  await admin.click('#c-items .comment button[data-action=approve]');
  await admin.waitForSelector('#c-message:has-text("published")');

  await reader.reload();
  await reader.waitForSelector('.nd-comment .nd-body strong');
  check((await reader.textContent('.nd-title')) === '1 comment', 'after approval the comment appears');
  check(await reader.$('.nd-badge') === null, 'and is no longer marked pending');
  check(await reader.$('.nd-body img') === null, 'an image in a comment is a link, not a fetch');

  // reply, then edit the reply inside the window
  await reader.click('.nd-comment .nd-actions button:has-text("Reply")');
  check((await reader.textContent('.nd-replying')).includes('Replying to'), 'reply puts the form under the comment');
  await reader.fill('#nd-body', 'Thanks, agreed.');
  await reader.waitForTimeout(1100);
  await reader.click('.nd-form button[type=submit]');
  await reader.waitForSelector('.nd-replies .nd-badge');
  check(true, 'the pending reply shows under its parent');
  await reader.click('.nd-replies .nd-actions button:has-text("Edit")');
  await reader.fill('.nd-replies textarea', 'Thanks, fully agreed.');
  await reader.click('.nd-replies .nd-actions button:has-text("Save")');
  await reader.waitForSelector('.nd-replies .nd-body:has-text("fully agreed")');
  check(true, 'the author edits their comment inside the window');
  await reader.screenshot({ path: `${shots}/comments-light.png`, fullPage: true });
  await reader.emulateMedia({ colorScheme: 'dark' });
  await reader.screenshot({ path: `${shots}/comments-dark.png`, fullPage: true });
  await reader.waitForSelector('.nd-root[data-theme=dark]');
  const bg = await reader.evaluate(() => getComputedStyle(document.querySelector('.nd-comment')).backgroundColor);
  check(bg === 'rgb(31, 36, 48)', `a dark page gets the dark theme (${bg})`);
  check(await reader.evaluate(() => window.__xss) === undefined && dialogs.length === 0,
    'no injected script ran');
  check(thirdParty.length === 0, `no third-party requests (${thirdParty.join(', ')})`);

  // an edit token this browser kept for another database's comment 1 (a
  // site moved to a new newsdesk) does not put Edit on this comment 1
  const keep = await reader.evaluate(() => localStorage.getItem('newsdesk:comments'));
  await reader.evaluate(() => {
    const all = JSON.parse(localStorage.getItem('newsdesk:comments') || '{}');
    all[1] = Object.assign({}, all[1] || {}, { token: 'x', until: Date.now() + 3600000,
      created_at: '2001-01-01T00:00:00Z', pending: false });
    localStorage.setItem('newsdesk:comments', JSON.stringify(all));
  });
  await reader.reload();
  await reader.waitForSelector('#comment-1');
  check(await reader.$('#comment-1 > .nd-actions button:has-text("Edit")') === null,
    'a token from another database opens no Edit on a stranger\'s comment');
  await reader.evaluate((v) => localStorage.setItem('newsdesk:comments', v), keep);

  // a theme the site asks for paints its own background (dark on a light page)
  await reader.emulateMedia({ colorScheme: 'light' });
  await reader.goto(`${siteOrigin}${PAGE}?theme=dark`);
  await reader.waitForSelector('.nd-root.nd-boxed[data-theme=dark]');
  const boxed = await reader.evaluate(() => getComputedStyle(document.querySelector('.nd-root')).backgroundColor);
  check(boxed === 'rgb(22, 26, 34)', `data-theme="dark" on a light page is readable (${boxed})`);

  // a site not in allowed_origins: the failure says what to check, as an error
  const other = siteOrigin.replace('127.0.0.1', 'localhost');
  await reader.goto(`${other}${PAGE}`);
  await reader.waitForSelector('.nd-notice.nd-notice-error');
  check((await reader.textContent('.nd-notice')).includes('server.allowed_origins'),
    'a refused origin is told to the site owner, not shown as a thank-you');
  await reader.goto(`${siteOrigin}${PAGE}`);

  // --- without JavaScript ---
  const nojs = await browserWith('profile-nojs', { javaScriptEnabled: false });
  contexts.push(nojs);
  const plain = nojs.pages()[0] || await nojs.newPage();
  await plain.goto(`${siteOrigin}${PAGE}`);
  const frame = plain.frameLocator('iframe[title=Comments]');
  await frame.locator('#comment-1').waitFor();
  check((await frame.locator('.nd-title').textContent()).includes('1 comment'),
    'the noscript frame shows the approved thread');
  await frame.locator('#nd-author').fill('Bo (no JS)');
  await frame.locator('#nd-body').fill('Reading *without* JavaScript.');
  await plain.waitForTimeout(1100);
  await frame.locator('.nd-form button[type=submit]').click();
  await frame.locator('.nd-notice').waitFor();
  check((await frame.locator('.nd-notice').textContent()).includes('waits for a moderator'),
    'the plain form comes back with the pending notice');
  await admin.reload();
  await admin.waitForSelector('#c-items .comment .who:has-text("Bo (no JS)")');
  await admin.click('#c-items .comment:has(.who:has-text("Bo (no JS)")) button[data-action=approve]');
  await admin.waitForSelector('#c-message:has-text("published")');
  await plain.reload();
  await frame.locator('.nd-comment em:has-text("without")').waitFor();
  check(true, 'without JavaScript the approved comment appears');
  await plain.screenshot({ path: `${shots}/comments-nojs.png`, fullPage: true });

  // --- signed in with GitHub ---
  await reader.emulateMedia({ colorScheme: 'light' });
  await reader.route('https://avatars.githubusercontent.com/**', (r) => r.abort());
  await reader.reload();
  await reader.waitForSelector('.nd-signin .nd-github');
  const [popup] = await Promise.all([
    js.waitForEvent('page'),
    reader.click('.nd-signin .nd-github'),
  ]);
  // the condition itself: the login handed back (the popup may close
  // before a 'close' listener could be set up, and then its event is gone)
  await reader.waitForSelector('.nd-signin .nd-verified', { timeout: 30000 });
  for (let i = 0; i < 100 && !popup.isClosed(); i++) await reader.waitForTimeout(100);
  check(popup.isClosed(), 'the sign-in popup closes itself once it handed the login over');
  check((await reader.textContent('.nd-signin')).includes('@octo-cat'),
    'the popup signs in with GitHub and hands the login back');
  check(await reader.isHidden('#nd-author'), 'a signed-in reader types no name');
  await reader.fill('#nd-body', 'Signed in with GitHub.');
  await reader.waitForTimeout(1100);
  await reader.click('.nd-form button[type=submit]');
  await reader.waitForSelector('.nd-notice:has-text("waits for a moderator")');
  // the queue as a moderator opens it (again, should the first read race the post)
  for (let i = 0; i < 5; i++) {
    await admin.reload();
    try {
      await admin.waitForSelector('#c-items .comment .who:has-text("octo-cat")', { timeout: 6000 });
      break;
    } catch (e) {
      if (i === 4) {
        console.error(await admin.textContent('#comments'));
        throw e;
      }
    }
  }
  await admin.click('#c-items .comment:has(.who:has-text("octo-cat")) button[data-action=approve]');
  await admin.waitForSelector('#c-message:has-text("published")');
  await reader.reload();
  await reader.waitForSelector('.nd-comment .nd-author.nd-verified');
  check((await reader.textContent('.nd-comment .nd-verified')).includes('@octo-cat ✓'),
    'the approved comment shows the verified login');
  check(await reader.$('.nd-comment img.nd-avatar') !== null, 'with its GitHub avatar');
  // the same login edits it without the edit token this browser holds
  await reader.evaluate(() => {
    const k = 'newsdesk:comments';
    for (const name of Object.keys(localStorage)) if (name.startsWith(k) && !name.endsWith(':github')) localStorage.removeItem(name);
  });
  await reader.reload();
  await reader.click('.nd-comment:has(.nd-verified) .nd-actions button:has-text("Edit")');
  await reader.fill('.nd-comment:has(.nd-verified) textarea', 'Signed in with GitHub, edited.');
  await reader.click('.nd-comment:has(.nd-verified) .nd-actions button:has-text("Save")');
  // (moderation "all": an edited comment is looked at again)
  await reader.waitForSelector('.nd-notice:has-text("Your edit waits for a moderator")');
  check(true, 'the login edits its comment without an edit token');
  console.log('browser comments: all checks passed');
} catch (e) {
  console.error(`not ok - ${e.message}`);
  process.exitCode = 1;
} finally {
  for (const c of contexts) await c.close();
  if (site) site.close();
  for (const p of procs) p.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
