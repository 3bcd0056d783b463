// The first load stays light for the studio's old front-desk PCs and tablets on Wi-Fi: the
// whole UI bundle, gzipped as the box serves it, under 60 KB.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ensureBundle } from './ui-bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('UI bundle', () => {
  it('is under 60 KB gzipped', () => {
    ensureBundle();
    const js = readFileSync(join(root, 'dist/ui/app.js'));
    const gz = gzipSync(js, { level: constants.Z_BEST_COMPRESSION }).length;
    expect(gz).toBeLessThan(60 * 1024);
  });
});
