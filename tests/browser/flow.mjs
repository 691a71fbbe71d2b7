// flow.mjs: the pages in a real browser (Debian's chromium via
// playwright-core) against the real binary and the GitHub stand-in:
// fill the form and watch the preview, submit, read the status page; sign
// in, approve, see the pull request link.  An XSS payload goes into every
// field and must never run.  Screenshots of the three pages go to
// build/screenshots/, or to docs/ with UPDATE_SCREENSHOTS=1 (so a test run
// does not dirty the tree).
// Usage: node tests/browser/flow.mjs (from the repository root, after make).
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { check, launch, walk } from './harness.mjs';

const XSS = '<img src=x onerror="window.__xss=1">';

await walk('flow', async (w) => {
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
    { input: 'correct horse battery staple\n' });
  const port = await start('./build/newsdesk', ['serve', '--config', cfg],
    { GITHUB_TOKEN: 'browser-token' }, /listening on http:\/\/127\.0\.0\.1:(\d+)\//);
  const base = `http://127.0.0.1:${port}`;

  const browser = w.browser = await launch(work);
  const page = browser.pages()[0] || await browser.newPage();
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs' : 'build/screenshots';
  mkdirSync(shots, { recursive: true });

  // the form, with a payload in every free-text field
  await page.goto(`${base}/submit`);
  // a list section has no "Section written by" (hidden wins over the CSS)
  await page.selectOption('#f-section', 'Announcements, News, and Blog Posts');
  check(await page.isHidden('#f-written_by'), 'a list section hides "Section written by"');
  await page.selectOption('#f-section', 'Other Projects');
  check(await page.isVisible('#f-written_by'), 'a heading section shows it');
  // every missing field is named at once
  await page.click('button[type=submit]');
  await page.waitForSelector('#e-name:not(:empty)');
  check(await page.isVisible('#e-url') && await page.isVisible('#e-author'),
    'all missing fields are named at once');
  await page.fill('#f-name', `xhci ${XSS}`);
  await page.fill('#f-url', 'https://github.com/rust-osdev/xhci');
  await page.fill('#f-body', `A USB 3 driver, now with **interrupts**. ${XSS}`);
  await page.fill('#f-author', 'octo-cat');
  await page.check('#f-written_by');
  await page.waitForSelector('#preview strong');
  check((await page.textContent('#preview')).includes('interrupts'), 'the live preview renders the Markdown');
  await page.screenshot({ path: `${shots}/submit.png`, fullPage: true });

  // raw HTML that could run is refused next to its field (Zola would publish it)
  await page.click('button[type=submit]');
  await page.waitForSelector('#e-name:not(:empty)');
  check((await page.textContent('#e-name')).includes('raw HTML'), 'raw HTML in the name is refused');
  await page.fill('#f-name', 'xhci');
  await page.fill('#f-body', `A USB 3 driver, now with **interrupts**. Not \`${XSS}\` though.`);

  // a server-side error lands next to its field
  await page.fill('#f-url', 'ftp://nope');
  await page.click('button[type=submit]');
  await page.waitForSelector('#e-url:not(:empty)');
  check((await page.textContent('#e-url')).includes('http'), 'a bad URL is explained next to the field');
  await page.fill('#f-url', 'https://github.com/rust-osdev/xhci');
  check((await page.textContent('#e-url')) === '', 'the error goes once its field is fixed');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/s\/[A-Za-z0-9_-]{43}$/);
  check((await page.textContent('.status')).includes('Waiting for review'), 'the status page says pending');
  await page.screenshot({ path: `${shots}/status.png`, fullPage: true });
  const statusUrl = page.url();

  // the review page
  await page.goto(`${base}/admin`);
  await page.fill('#l-user', 'phil');
  await page.fill('#l-pass', 'correct horse battery staple');
  await page.click('#login-form button');
  await page.waitForSelector('.card .approve');
  check((await page.textContent('.card .title')).includes('Other Projects'), 'the queue shows the submission');
  // the month at a glance: the section and what is on its way
  await page.waitForSelector('#m-sections tr[data-section="Other Projects"] .chip');
  check((await page.textContent('#m-sections tr[data-section="Other Projects"]')).includes('xhci · waiting'),
    'the month view lists the pending contribution under its section');
  await page.screenshot({ path: `${shots}/month.png`, clip: await page.locator('#month').boundingBox() });
  // the checks before approval, re-run on demand (no network here: the
  // link's failure is shown, not hidden)
  await page.click('.card .recheck');
  // waits for the condition itself: an earlier check's row may be there first
  const checked = await page.waitForFunction(() => {
    const l = document.querySelector('.card .check-list');
    return l && l.querySelector('li.check-bad') && l.textContent.includes('github.com/rust-osdev/xhci');
  }, null, { timeout: 60000 }).then(() => true, () => false);
  check(checked, 'the review card shows the checks of its links');
  // edit the structure before approving: "Section written by" off, and the diff follows
  await page.click('.card details.edit summary');
  await page.waitForSelector('.card .e-section option', { state: 'attached' });
  await page.uncheck('.card .e-written_by');
  await page.click('.card .save');
  await page.waitForFunction(() => !document.querySelector('.card .e-written_by') ||
    !document.querySelector('.card .e-written_by').checked);
  await page.click('.card .diffbox summary');
  await page.waitForSelector('.card pre.diff span.add');
  check((await page.textContent('.card pre.diff')).includes('+### [`xhci'), 'the diff shows the inserted heading');
  check(!(await page.textContent('.card pre.diff')).includes('Section written by'),
    'an edit before approval (no "Section written by") reaches the diff');
  await page.screenshot({ path: `${shots}/admin.png`, fullPage: true });
  await page.click('.card .approve');
  await page.waitForSelector('.card .pr-link', { timeout: 20000 });
  check((await page.textContent('.card .pr-link')).includes('#1'), 'approving shows the pull request link');

  // a finished card offers no approval
  await page.selectOption('#status-filter', 'pr_open');
  await page.waitForSelector('.card .pr-link');
  check(await page.isHidden('.card .approve'), 'a card with its pull request open has no Approve button');
  await page.goto(statusUrl);
  check((await page.textContent('.status')).includes('Pull request opened'), 'the status page follows to pr_open');
  check(await page.$('#pr-link') !== null, 'the status page links the pull request');
  const ran = await page.evaluate(() => window.__xss);
  check(ran === undefined && dialogs.length === 0, 'no injected script ran on any page');
});
