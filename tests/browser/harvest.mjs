// harvest.mjs: the month's merged pull requests, harvested from /admin's
// month view in a real browser.  The stand-in holds the organisation of the
// real May 2026 issue (gh-standin --harvest-demo); the maintainer presses
// "Harvest merged pull requests", the month view says what the harvest did
// (the repository GitHub refused in amber) and the proposals join the
// queue, each card marked "harvested".  Screenshots to build/screenshots/
// (docs/ with HARVEST_SCREENSHOTS=1): harvest-month.png (the month view's
// harvest) and harvest-card.png (a harvested review card).
// Usage: node tests/browser/harvest.mjs (from the repository root, after make).
import { check, serveWithMaintainer, walk } from './harness.mjs';

const PASSWORD = 'correct horse battery staple';

await walk('harvest', async (w) => {
  const ghPort = await w.start('./build/gh-standin', ['--port', '0', '--token', 'browser-token',
    '--seed', 'tests/fixtures/draft-modern.md', '--draft', 'content/this-month/2024-04/index.md',
    '--harvest-demo', 'tests/fixtures/harvest'],
    {}, /on http:\/\/127\.0\.0\.1:(\d+)\//);
  const { base, page, shots } = await serveWithMaintainer(w, ghPort,
    `[harvest]\norg = "rust-osdev"\nexclude_repos = ["rust-osdev/homepage"]\n` +
    `comment_titles = ['^(chore|build)\\(deps', '^ci:']\n`, 'phil', PASSWORD, 'HARVEST_SCREENSHOTS');

  await page.goto(`${base}/admin`);
  await page.fill('#l-user', 'phil');
  await page.fill('#l-pass', PASSWORD);
  await page.click('#login-form button');
  await page.waitForSelector('#month:not([hidden]) #harvest-run');
  await page.waitForFunction(() => /not harvested yet/.test(document.querySelector('#harvest-state').textContent));
  await page.click('#harvest-run');
  await page.waitForFunction(() => /last harvest of 2026-05/.test(document.querySelector('#harvest-state').textContent),
    null, { timeout: 30000 });
  const report = await page.textContent('#harvest-report');
  check(report.includes('rust-osdev/acpi: 9 pull requests merged') &&
    report.includes('2026-05: 3 entries proposed'), 'the month view says what the harvest did');
  check((await page.textContent('#harvest-report li.warn')).includes('rust-osdev/secret-repo: refused by GitHub'),
    'the repository GitHub refused is reported, in amber');
  await page.locator('#month').screenshot({ path: `${shots}/harvest-month.png` });

  await page.waitForFunction(() => document.querySelectorAll('#items .card .harvested').length === 3,
    null, { timeout: 10000 });
  check(true, 'the three proposals join the queue, each marked harvested');
  const card = page.locator('#items .card', { hasText: 'uefi-rs' }).first();
  const text = await card.textContent();
  check(text.includes('Thanks to @seijikun for their contributions!'),
    'the card renders the harvested entry with its thanks');
  check(!(await card.innerHTML()).includes('chore(deps): lock file maintenance</a>'),
    'the dependency bumps stay comments: not shown as links');
  await card.screenshot({ path: `${shots}/harvest-card.png` });
});
