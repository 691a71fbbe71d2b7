// mail.mjs: reply mails in a real browser.  newsdesk sends to a real SMTP
// server on loopback (tests/support/smtp_sink.py); the widget on
// /example.html offers "Tell me about replies by email" only because the
// form token says mail is on, and only once an email is typed; the
// confirmation mail's link opens a page whose button confirms (the GET
// alone does not); the no-JavaScript frame has the checkbox too.  Screenshot
// to build/screenshots/ (docs/ with MAIL_SCREENSHOTS=1): mail-widget.png.
// Usage: node tests/browser/mail.mjs (from the repository root, after make).
import { existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { check, serveWithMaintainer, walk } from './harness.mjs';

await walk('mail', async (w) => {
  const sink = join(w.work, 'sink');
  mkdirSync(sink);
  const smtp = await w.start('/usr/bin/python3', ['tests/support/smtp_sink.py', sink], {}, /port (\d+)/);
  const { base, page, shots } = await serveWithMaintainer(w, 1,
    `[comments]\nmoderation = "none"\nmin_form_seconds = 0\n` +
    `[mail]\nhost = "127.0.0.1"\nport = ${smtp}\ntls = "none"\nfrom = "news@newsdesk.example"\n`,
    'mod', 'correct horse battery staple', 'MAIL_SCREENSHOTS');

  await page.goto(`${base}/example.html`);
  await page.waitForSelector('.nd-root .nd-form');
  await page.waitForSelector('#nd-notify', { state: 'attached' });
  await page.waitForFunction(() => !document.querySelector('#nd-notify').closest('p').hidden);
  check(true, 'the widget offers reply mails when the service sends mail');
  check(await page.isDisabled('#nd-notify'), 'the checkbox waits for an email');
  await page.fill('#nd-author', 'Ann');
  await page.fill('#nd-email', 'ann@example.org');
  check(!(await page.isDisabled('#nd-notify')), 'with an email it can be ticked');
  await page.check('#nd-notify');
  await page.fill('#nd-body', 'Tell me when someone answers.');
  await page.locator('.nd-form').screenshot({ path: `${shots}/mail-widget.png` });
  await page.click('.nd-form button[type=submit]');
  await page.waitForSelector('.nd-notice:not([hidden])');
  check(!(await page.isChecked('#nd-notify')), 'after posting the box is clear again');

  const eml = join(sink, '0001.eml');
  for (let i = 0; i < 100 && !existsSync(eml); i++) await page.waitForTimeout(100);
  check(existsSync(eml), 'the confirmation mail reached the SMTP server');
  const facts = execFileSync('/usr/bin/python3', ['tests/support/mail_check.py', eml]).toString();
  const link = facts.match(/https?:\/\/[^/]+(\/mail\/confirm\/[A-Za-z0-9_-]+)/);
  check(link, 'the mail links to its confirmation page');
  const db = join(w.work, 'nd.db');
  const confirmed = () => execFileSync('sqlite3', [db,
    'SELECT count(*) FROM mail_addresses WHERE confirmed_at IS NOT NULL']).toString().trim();
  await page.goto(`${base}${link[1]}`);
  check(confirmed() === '0', 'opening the link confirms nothing by itself');
  await page.click('button[type=submit]');
  await page.waitForSelector('#mail-done');
  check((await page.textContent('h1')) === 'Address confirmed', 'the button confirms the address');
  check(confirmed() === '1', 'and the database says so');

  await page.goto(`${base}/comments?page=/this-month/2021-12/`);
  check(await page.isVisible('#nd-notify'), 'the no-JavaScript form has the checkbox too');
});
