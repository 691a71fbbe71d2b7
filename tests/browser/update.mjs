// update.mjs: updating an entry already in the draft, in a real browser.
// The draft holds a project's pre-filled block ("In December, …"); the
// contributor picks "Update uefi-rs", finds its current text in the block
// editor, writes the update, sees what changes above the preview, and
// sends it; the status page says it waits for review.  Screenshot to
// build/screenshots/update.png (docs/ with UPDATE_SCREENSHOTS=1).
// Usage: node tests/browser/update.mjs (from the repository root, after make).
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { check, launch, walk } from './harness.mjs';

await walk('update', async (w) => {
  const { work } = w;
  const start = w.start;
  const ghPort = await start('./build/gh-standin', ['--port', '0', '--token', 'browser-token',
    '--seed', 'tests/fixtures/draft-classic.md', '--draft', 'content/this-month/2021-12/index.md'],
    {}, /on http:\/\/127\.0\.0\.1:(\d+)\//);
  const cfg = join(work, 'c.toml');
  writeFileSync(cfg, `[server]\nlisten = "127.0.0.1:0"\naccess_log = false\n` +
    `[storage]\ndatabase = "${join(work, 'nd.db')}"\n` +
    `[github]\napi_url = "http://127.0.0.1:${ghPort}"\nwrite_interval_ms = 0\nrefresh_seconds = 0\n`);
  execFileSync('./build/newsdesk', ['migrate', '--config', cfg]);
  const port = await start('./build/newsdesk', ['serve', '--config', cfg],
    { GITHUB_TOKEN: 'browser-token' }, /listening on http:\/\/127\.0\.0\.1:(\d+)\//);
  const base = `http://127.0.0.1:${port}`;
  const browser = w.browser = await launch(work);
  const page = browser.pages()[0] || await browser.newPage();
  const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs' : 'build/screenshots';
  mkdirSync(shots, { recursive: true });

  await page.goto(`${base}/submit`);
  await page.selectOption('#f-section', 'Project Updates');
  const offered = await page.$$eval('#f-replace option:not([disabled])', (os) => os.map((o) => o.value));
  check(offered.includes('uefi-rs') && offered.includes('x86_64'),
    'the section\'s entries are offered for an update');
  await page.selectOption('#f-replace', 'uefi-rs');
  const loaded = await page.inputValue('#f-block');
  check(loaded.includes('In December, …') && loaded.startsWith('### [`uefi-rs`]'),
    'the entry\'s current Markdown opens in the block editor');
  check(await page.isHidden('#f-before'), 'an update takes its own place: no Place to pick');
  await page.fill('#f-block', loaded.replace('In December, …',
    'In December, we released **v0.14**: `Option<Handle>` is now FFI-safe.'));
  await page.fill('#f-author', 'nicholasbishop');
  await page.waitForSelector('#changes ins');
  const changes = await page.textContent('#changes');
  check(changes.includes('- In December, …') && changes.includes('+ In December, we released'),
    'what the update changes is shown above the preview');
  await page.waitForSelector('#preview strong');
  await page.screenshot({ path: `${shots}/update.png`, fullPage: true });
  await page.click('button[type=submit]');
  await page.waitForURL(/\/s\/[A-Za-z0-9_-]{43}$/);
  check((await page.textContent('.status')).includes('Waiting for review'),
    'the update is sent and waits for review');
});
