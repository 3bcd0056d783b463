// What a browser test (or benchmark) needs before it opens the box in Chromium: a UI bundle
// built from the current sources (a stale one would test nothing), and how to start Chromium.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

/** Builds dist/ui when it is missing or older than ui/src, index.html, styles.css or the API contract. */
export function ensureBundle(): void {
  const sources = Math.max(
    newestSource(join(root, 'ui/src')),
    statSync(join(root, 'ui/index.html')).mtimeMs,
    statSync(join(root, 'ui/styles.css')).mtimeMs,
    statSync(join(root, 'firmware/src/api-types.ts')).mtimeMs,
  );
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'ui'], { cwd: root, stdio: 'inherit' });
}

/** Debian's Chromium, headless; no skipping when it is missing: the suite fails. */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
};
