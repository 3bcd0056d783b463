// What a browser test (or benchmark) needs before it opens the box in Chromium: a UI bundle
// built from the current sources (a stale one would test nothing), and how to start Chromium.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
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

function fresh(): boolean {
  const sources = Math.max(
    newestSource(join(root, 'ui/src')),
    newestSource(join(root, 'ui/icons')),
    statSync(join(root, 'ui/index.html')).mtimeMs,
    statSync(join(root, 'ui/styles.css')).mtimeMs,
    statSync(join(root, 'firmware/src/api-types.ts')).mtimeMs,
    statSync(join(root, 'scripts/build.mjs')).mtimeMs,
  );
  return existsSync(bundle) && statSync(bundle).mtimeMs >= sources;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds dist/ui when it is missing or older than ui/src, index.html, styles.css, the API
 * contract or the build script. Test files run in parallel processes: one builds (holding a
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
