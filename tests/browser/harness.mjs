// harness.mjs: what the browser walk-throughs share — starting the real
// binary and the GitHub stand-in, checks that print as they pass, and
// Debian's chromium through playwright-core.
import { chromium } from 'playwright-core';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function check(cond, what) {
  if (!cond) throw new Error(what);
  console.log(`ok - ${what}`);
}

// Starts cmd and resolves with the port its log names (pattern's group 1).
export function start(procs, cmd, args, env, pattern) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    procs.push(p);
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start: ${seen}`)), 10000);
    const look = (chunk) => {
      seen += chunk;
      const m = seen.match(pattern);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    };
    p.stdout.on('data', look);
    p.stderr.on('data', look);
    p.on('exit', (code) => reject(new Error(`${cmd} exited ${code}: ${seen}`)));
  });
}

export function launch(work) {
  return chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
  });
}

// Runs body(w) — w.work a fresh folder, w.start(cmd, args, env, pattern) a
// process stopped at the end, w.browser once set closed at the end — and
// reports: a failed check is "not ok" and a non-zero exit.
export async function walk(name, body) {
  const work = mkdtempSync(join(tmpdir(), `newsdesk-${name}-`));
  const procs = [];
  const w = { work, browser: null, start: (cmd, args, env, pattern) => start(procs, cmd, args, env, pattern) };
  try {
    await body(w);
    console.log(`browser ${name}: all checks passed`);
  } catch (e) {
    console.error(`not ok - ${e.message}`);
    process.exitCode = 1;
  } finally {
    if (w.browser) await w.browser.close();
    for (const p of procs) p.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
}

// newsdesk against the stand-in on ghPort with a maintainer `user` (its
// password given), config lines added; a browser page; the screenshots'
// folder (docs/ when env[shotsVar] is 1).  Resolves { base, page, shots }.
export async function serveWithMaintainer(w, ghPort, extra, user, password, shotsVar) {
  const cfg = join(w.work, 'c.toml');
  writeFileSync(cfg, `[server]\nlisten = "127.0.0.1:0"\naccess_log = false\n` +
    `[storage]\ndatabase = "${join(w.work, 'nd.db')}"\n` +
    `[github]\napi_url = "http://127.0.0.1:${ghPort}"\nwrite_interval_ms = 0\nrefresh_seconds = 0\n` +
    extra);
  execFileSync('./build/newsdesk', ['user', 'add', user, '--config', cfg], { input: `${password}\n` });
  const port = await w.start('./build/newsdesk', ['serve', '--config', cfg],
    { GITHUB_TOKEN: 'browser-token' }, /listening on http:\/\/127\.0\.0\.1:(\d+)\//);
  const browser = w.browser = await launch(w.work);
  const page = browser.pages()[0] || await browser.newPage();
  const shots = process.env[shotsVar] === '1' ? 'docs' : 'build/screenshots';
  mkdirSync(shots, { recursive: true });
  return { base: `http://127.0.0.1:${port}`, page, shots };
}
