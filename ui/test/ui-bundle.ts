// What a browser test (or benchmark) needs before it opens the box in Chromium: a UI bundle
// built from the current sources (a stale one would test nothing), and how to start Chromium.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const bundle = join(root, 'dist/ui/app.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The newest of the last build's own inputs (dist/ui/chunk-sources.json, from esbuild's
 * metafile: the firmware files the UI imports — the API contract, template rendering, the till's
 * rules, the SMS splitter — and the packages); Infinity when the list is missing or an input is
 * gone.
 */
function newestInput(): number {
  let inputs: string[];
  try {
    const list = JSON.parse(readFileSync(join(root, 'dist/ui/chunk-sources.json'), 'utf8')) as Record<string, string[]>;
    inputs = [...new Set(Object.values(list).flat())];
  } catch {
    return Infinity;
  }
  let newest = 0;
  for (const file of inputs) {
    try {
      newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
    } catch {
      return Infinity;
    }
  }
  return newest;
}

function fresh(): boolean {
  if (!existsSync(bundle)) return false;
  const sources = Math.max(
    newestInput(),
    newestSource(join(root, 'ui/src')),
    newestSource(join(root, 'ui/icons')),
    statSync(join(root, 'ui/index.html')).mtimeMs,
    statSync(join(root, 'ui/styles.css')).mtimeMs,
    statSync(join(root, 'scripts/build.mjs')).mtimeMs,
  );
  return statSync(bundle).mtimeMs >= sources;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds dist/ui when it is missing or older than ui/src, index.html, styles.css, the build
 * script or any file the last build read (the firmware modules the UI imports included). Test files run in parallel processes: one builds (holding a
 * lock folder) while the others wait for it; the build swaps dist/ui in whole (app.js, its
 * chunks and the rest together), so none sees half of one.
 */
export function ensureBundle(): void {
  if (fresh()) return;
  const lock = join(root, 'dist/.ui-build.lock');
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another process is building; a lock left by a killed one is taken over after 2 minutes.
      let age: number;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue; // just released
      }
      if (age > 120_000) rmSync(lock, { recursive: true, force: true });
      else sleep(200);
    }
  }
  try {
    if (!fresh()) execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'ui'], { cwd: root, stdio: 'inherit' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Debian's Chromium, headless; no skipping when it is missing: the suite fails. */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
};
