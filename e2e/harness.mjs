// What the end-to-end tests share: the binary and browser to use (skipping, with the reason,
// when either is missing), a server on a fresh data folder, and a headless Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const binary = process.env.TOASOAN_BIN ?? join(root, 'target/debug/toasoan');
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const missing = [binary, browserPath].filter((p) => !existsSync(p));
export const skip = missing.length ? `skipped: ${missing.join(', ')} not found (run cargo build; apt-get install chromium)` : false;

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url) {
  for (let i = 0; i < 1200; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server at ${url} did not answer`);
}

const env = { ...process.env, TOASOAN_LOG: 'warn', TOASOAN_DATABASE_URL: '' }; // empty: the SQLite file in the data folder

/// Runs `toasoan --data DIR ARGS…` to completion, with `input` on standard input.
export function cli(dataDir, args, input = '') {
  const run = spawnSync(binary, ['--data', dataDir, ...args], { env, input, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`toasoan ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

/// A fresh data folder, prepared by `prepare(dataDir)`, served with the demo content.
export async function startSite(prepare = () => {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'toasoan-e2e-'));
  prepare(dataDir);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(binary, ['--data', dataDir, 'serve', '--demo', '--addr', `127.0.0.1:${port}`], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitUntilUp(base);
  const browser = await chromium.launch({
    executablePath: browserPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const stop = async () => {
    await browser.close();
    server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { base, browser, dataDir, stop };
}
