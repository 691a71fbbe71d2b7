// harness.mjs: what the browser walk-throughs share — starting the real
// binary and the GitHub stand-in, checks that print as they pass, and
// Debian's chromium through playwright-core.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
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
