// pages.mjs: the service's own pages on a phone (390 px) in dark mode.
// The form with a long line of code in its preview stays 390 px wide; the
// status page, the review page and its month table do too; the review page
// says it needs JavaScript when it has none; a comment a GitHub sign-in
// wrote shows its account and ✓ to the moderator.  Screenshots to
// build/screenshots/ (docs/ with PAGES_SCREENSHOTS=1): phone-dark-submit.png,
// phone-dark-status.png, phone-dark-admin.png.
// Usage: node tests/browser/pages.mjs (from the repository root, after make).
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { check, launch, walk } from './harness.mjs';

const PASSWORD = 'correct horse battery staple';

await walk('pages', async (w) => {
  const { work } = w;
  const start = w.start;
  const ghPort = await start('./build/gh-standin', ['--port', '0', '--token', 'browser-token',
    '--seed', 'tests/fixtures/draft-modern.md', '--draft', 'content/this-month/2024-04/index.md'],
    {}, /on http:\/\/127\.0\.0\.1:(\d+)\//);
  const cfg = join(work, 'c.toml');
  writeFileSync(cfg, `[server]\nlisten = "127.0.0.1:0"\naccess_log = false\n` +
    `[storage]\ndatabase = "${join(work, 'nd.db')}"\n` +
    `[github]\napi_url = "http://127.0.0.1:${ghPort}"\nwrite_interval_ms = 0\nrefresh_seconds = 0\n`);
  execFileSync('./build/newsdesk', ['user', 'add', 'phil', '--config', cfg],
    { input: `${PASSWORD}\n` });
  const port = await start('./build/newsdesk', ['serve', '--config', cfg],
    { GITHUB_TOKEN: 'browser-token' }, /listening on http:\/\/127\.0\.0\.1:(\d+)\//);
  const base = `http://127.0.0.1:${port}`;
  const browser = w.browser = await launch(work);
  const page = browser.pages()[0] || await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  const shots = process.env.PAGES_SCREENSHOTS === '1' ? 'docs' : 'build/screenshots';
  mkdirSync(shots, { recursive: true });
  const width = () => page.evaluate(() => document.documentElement.scrollWidth);
  // what sticks out, to say so when a page is too wide
  const wide = () => page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > 392)
    .slice(0, 6).map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`).join(' '));

  // the form, with a long line of code in the preview
  await page.goto(`${base}/submit`);
  check(await page.evaluate(() => getComputedStyle(document.body).backgroundColor) ===
    'rgb(17, 20, 24)', 'the form is dark when the system is');
  await page.selectOption('#f-section', 'Other Projects');
  await page.fill('#f-name', 'xhci');
  await page.fill('#f-url', 'https://github.com/rust-osdev/xhci');
  await page.fill('#f-body', 'A USB 3 driver:\n\n```rust\n' +
    'let controller = Xhci::new(unsafe { Mapper::map(0xfebf_0000, PAGE_SIZE * 16) }).expect("the controller maps");\n```\n');
  await page.fill('#f-author', 'octo-cat');
  await page.waitForSelector('#preview pre');
  const described = await page.evaluate(() => [...document.querySelectorAll('[aria-describedby]')]
    .every((e) => e.getAttribute('aria-describedby').split(' ').every((id) => document.getElementById(id))));
  check(described, 'every hint and error is tied to its field (aria-describedby names real ids)');
  check(await width() <= 390, `the form stays 390 px wide with a long code line (${await width()}: ${await wide()})`);
  await page.screenshot({ path: `${shots}/phone-dark-submit.png`, fullPage: true });
  // "Add another entry": this one waits in the list, the form takes a second
  await page.click('#add-entry');
  await page.waitForSelector('#entries:not([hidden]) li');
  check((await page.inputValue('#f-name')) === '', 'the form is ready for the next entry');
  await page.selectOption('#f-section', 'Announcements, News, and Blog Posts');
  await page.fill('#f-name', 'Writing an OS in Rust: USB');
  await page.fill('#f-url', 'https://os.phil-opp.com/usb/');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/s\/[A-Za-z0-9_-]{43}$/);
  const both = await page.textContent('.preview');
  check(both.includes('xhci') && both.includes('Writing an OS in Rust: USB'),
    'both entries went as one submission, with one status page');
  check(await width() <= 390, 'the status page stays 390 px wide');
  await page.screenshot({ path: `${shots}/phone-dark-status.png`, fullPage: true });

  // the review page
  await page.goto(`${base}/admin`);
  await page.fill('#l-user', 'phil');
  await page.fill('#l-pass', PASSWORD);
  await page.click('#login-form button');
  await page.waitForSelector('.card .approve');
  check((await page.textContent('.card .title')).includes('2 entries: xhci, Writing an OS'),
    'the card names both entries');
  await page.waitForSelector('#m-sections tr');
  check(await width() <= 390, `the review page and its month table stay 390 px wide (${await width()}: ${await wide()})`);
  await page.screenshot({ path: `${shots}/phone-dark-admin.png`, fullPage: true });
  check(await page.evaluate(() => [...document.querySelectorAll('h1')]
    .filter((h) => h.offsetParent !== null).length) === 1, 'the review page shows one h1');
  const named = await page.evaluate(() => [...document.querySelectorAll('.card [data-field]')]
    .every((e) => e.closest('label') || e.getAttribute('aria-label')));
  check(named, 'the card\'s edit fields have accessible names');
  check(await page.$$eval('#m-sections th', (hs) => hs.every((h) => h.textContent.trim())),
    'every column of the month table has a header');
  await page.selectOption('#c-filter', 'approved');
  check(await page.isHidden('.c-bulk[data-action=approve]') &&
    await page.isVisible('.c-bulk[data-action=reject]'),
    'among published comments there is no "Approve selected"');

  // the one embedding, and the widget's own heading left out on request
  await page.goto(`${base}/example.html`);
  await page.waitForSelector('.nd-title');
  check(await page.isVisible('.nd-title') && (await page.$$('#comment-form')).length === 1,
    'the example page embeds the widget under its one "Comments" heading');
  await page.route(`${base}/example.html`, async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace('data-page="/this-month/2021-12/" async>',
      'data-page="/this-month/2021-12/" data-heading="none" async>');
    await route.fulfill({ response: res, body });
  });
  await page.goto(`${base}/example.html`);
  await page.waitForSelector('.nd-form', { state: 'attached' });
  check(!(await page.isVisible('.nd-title')), 'data-heading="none" leaves the widget\'s heading out');

  // without JavaScript the review page says what it needs
  const plain = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const ctx = await plain.newContext({ javaScriptEnabled: false });
    const p2 = await ctx.newPage();
    await p2.goto(`${base}/admin`);
    check((await p2.textContent('#needs-js')).includes('needs JavaScript'),
      'without JavaScript the review page says it needs it');
  } finally {
    await plain.close();
  }
});
