// conversation.mjs: review as a conversation, in a real browser.  A
// contribution waits; the maintainer asks for a change on its review card;
// the contributor's status page says what is asked and offers the entry's
// Markdown to change; the revision goes back to review, and the card shows
// who asked what and what changed.  Screenshots to build/screenshots/
// (docs/ with CONVERSATION_SCREENSHOTS=1): conversation-status.png (the
// status page in changes_requested) and conversation-card.png (the card
// with its history).
// Usage: node tests/browser/conversation.mjs (from the repository root, after make).
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { check, launch, walk } from './harness.mjs';

const PASSWORD = 'correct horse battery staple';

await walk('conversation', async (w) => {
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
  const shots = process.env.CONVERSATION_SCREENSHOTS === '1' ? 'docs' : 'build/screenshots';
  mkdirSync(shots, { recursive: true });

  // a contribution arrives through the API, as the form would send it
  const sent = await (await fetch(`${base}/api/v1/submissions`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ section: 'Other Projects', name: 'xhci',
      url: 'https://github.com/rust-osdev/xhci', body: 'A USB 3 driver.', author: 'octo-cat' }),
  })).json();
  check(sent.status === 'pending', 'the contribution waits for review');

  // the maintainer asks for a change on its card
  await page.goto(`${base}/admin`);
  await page.fill('#l-user', 'phil');
  await page.fill('#l-pass', PASSWORD);
  await page.click('#login-form button');
  await page.waitForSelector('.card .ask');
  await page.fill('.card .reason', 'Which controllers does it drive? Say so in the text.');
  await page.click('.card .ask');
  await page.waitForFunction(() => !document.querySelector('#items .card .ask:not([hidden])'));

  // the contributor's status page says what is asked and offers the change
  await page.goto(`${base}/s/${sent.token}`);
  await page.waitForSelector('#revise:not([hidden])');
  check((await page.getAttribute('[data-status]', 'data-status')) === 'changes_requested',
    'the status page is in changes_requested');
  check((await page.textContent('#asked')).includes('Which controllers does it drive?'),
    'the status page shows what the maintainer asks');
  const md = await page.inputValue('#revise-block');
  check(md.startsWith('### [`xhci`](https://github.com/rust-osdev/xhci)') &&
    md.includes('A USB 3 driver.'), 'the entry\'s Markdown is there to change');
  await page.waitForSelector('#history:not([hidden]) li.step-changes_requested');
  await page.screenshot({ path: `${shots}/conversation-status.png`, fullPage: true });
  await page.fill('#revise-block', md.replace('A USB 3 driver.',
    'A USB 3 driver for the xHCI controllers of QEMU and recent Intel boards.'));
  await page.click('#revise button[type=submit]');
  await page.waitForFunction(() =>
    document.querySelector('[data-status]').getAttribute('data-status') === 'pending');
  check((await page.textContent('.preview')).includes('QEMU and recent Intel boards'),
    'the revision is what the status page shows now');

  // back on the card: waiting again, with who asked what and what changed
  await page.goto(`${base}/admin`);
  await page.waitForSelector('.card .history:not([hidden]) li.step-revised');
  const steps = await page.$$eval('.card .history li', (ls) => ls.map((l) => l.textContent));
  check(steps.length === 2 && steps[0].includes('phil asked for changes') &&
    steps[0].includes('Which controllers') && steps[1].includes('revised it') &&
    steps[1].includes('block'), 'the card shows the request and the revision');
  check((await page.textContent('.card .preview')).includes('QEMU and recent Intel boards'),
    'the card previews the revised entry');
  await page.screenshot({ path: `${shots}/conversation-card.png`,
    clip: await page.locator('.card').first().boundingBox() });
});
