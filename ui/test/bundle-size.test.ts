// The first load stays light for the studio's old front-desk PCs and tablets on Wi-Fi: all a
// browser must fetch before it can show the first screen, gzipped as the box serves it, under
// 60 KB. That is index.html, styles.css, app.js, every chunk app.js imports statically (shared
// code, if esbuild splits any out), and one language's catalog (a chunk app.js imports on
// demand): counted for the largest, since any of them may be the one shown. The other
// languages are never fetched unless picked, so they do not count.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../firmware/src/api-types';
import en from '../src/i18n/lang/en';
import vi from '../src/i18n/lang/vi';
import zhCN from '../src/i18n/lang/zh-CN';
import { firstLoad } from '../../bench/ui-first-load.js';
import { ensureBundle } from './ui-bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(root, 'dist/ui');
const LIMIT = 60 * 1024;
const source = (file: string) => readFileSync(join(dist, file), 'utf8');

describe('UI bundle', () => {
  it('loads only one language, and the first load is under 60 KB gzipped', () => {
    ensureBundle();
    // Throws unless each language is one chunk imported on demand and none is loaded up front.
    const load = firstLoad(dist, LANGUAGES);
    const largest = load.languages.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      [
        'UI first load, gzipped (best compression):',
        ...load.page.map((f) => `  ${f}: ${load.sizes[f]} B`),
        ...load.languages.map((l) => `  ${l.lang} catalog (${l.files.join(', ')}): ${l.bytes} B`),
        `  first load = page + largest language (${largest.lang}) = ${load.total} B (${kb(load.total)}; limit ${kb(LIMIT)})`,
      ].join('\n'),
    );
    // Pages opened later are not in it: a customer's page is a chunk of its own.
    expect(load.page.some((f) => f.startsWith('chunks/customer-detail-'))).toBe(false);
    expect(load.total).toBeLessThan(LIMIT);
  });

  it('has each language’s strings in its own chunk only, none in app.js', () => {
    ensureBundle();
    const load = firstLoad(dist, LANGUAGES);
    const upFront = load.page.filter((f) => f.endsWith('.js')).map(source).join('\n');
    const catalogs: Record<string, Record<string, string>> = { en, 'zh-CN': zhCN, vi };
    for (const lang of LANGUAGES) {
      const chunk = source(load.languages.find((l) => l.lang === lang)!.files[0]!);
      for (const key of ['setup.title', 'nav.customers'] as const) {
        const text = catalogs[lang]![key]!;
        expect(upFront.includes(JSON.stringify(text)), `${lang} ${key} in app.js or its chunks`).toBe(false);
        expect(chunk.includes(JSON.stringify(text)), `${lang} ${key} in its chunk`).toBe(true);
      }
    }
  });
});
