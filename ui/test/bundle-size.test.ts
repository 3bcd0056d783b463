// The first load stays light for the studio's old front-desk PCs and tablets on Wi-Fi: all a
// browser must fetch before it can show the first screen, gzipped as the box serves it, under
// 60 KB. That is index.html, styles.css, app.js, every chunk app.js imports statically (shared
// code, if esbuild splits any out), and one language's core catalog (a chunk app.js imports on
// demand): counted for the largest, since any of them may be the one shown. The other
// languages are never fetched unless picked, and each i18n domain's strings (ui/src/i18n/domains.ts)
// come with the pages that show them, so they do not count, and none may be loaded up front.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../firmware/src/api-types';
import { DOMAINS, type Domain } from '../src/i18n/domains';
import { firstLoad } from '../../bench/ui-first-load.js';
import { CORE, domainCatalog } from './full-catalog';
import { ensureBundle } from './ui-bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(root, 'dist/ui');
const LIMIT = 60 * 1024;
const source = (file: string) => readFileSync(join(dist, file), 'utf8');

describe('UI bundle', () => {
  it('loads only one language, and the first load is under 60 KB gzipped', () => {
    ensureBundle();
    // Throws unless each language's core catalog and each domain's strings per language are one
    // chunk imported on demand, and none is loaded up front.
    const load = firstLoad(dist, LANGUAGES);
    const largest = load.languages.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      [
        'UI first load, gzipped (best compression):',
        ...load.page.map((f) => `  ${f}: ${load.sizes[f]} B`),
        ...load.languages.map((l) => `  ${l.lang} core catalog (${l.files.join(', ')}): ${l.bytes} B`),
        `  first load = page + largest language (${largest.lang}) = ${load.total} B (${kb(load.total)}; limit ${kb(LIMIT)})`,
        `  not in it, fetched with their pages: ${load.domains.filter((d) => d.lang === largest.lang).map((d) => `${d.domain} ${d.bytes} B`).join(', ')} (${largest.lang})`,
      ].join('\n'),
    );
    // Pages opened later are not in it: a customer's page is a chunk of its own.
    expect(load.page.some((f) => f.startsWith('chunks/customer-detail-'))).toBe(false);
    // Every registered domain has its chunk in each language, none of them up front (firstLoad throws otherwise).
    const chunked = new Set(load.domains.map((d) => d.domain));
    expect(Object.keys(DOMAINS).filter((d) => !chunked.has(d))).toEqual([]);
    expect(load.total).toBeLessThan(LIMIT);
  });

  it('has each language’s strings in its own chunk only, none in app.js, and each domain’s in its own chunks', async () => {
    ensureBundle();
    const load = firstLoad(dist, LANGUAGES);
    const upFront = load.page.filter((f) => f.endsWith('.js')).map(source).join('\n');
    for (const lang of LANGUAGES) {
      const chunk = source(load.languages.find((l) => l.lang === lang)!.files[0]!);
      for (const key of ['setup.title', 'nav.customers'] as const) {
        const text = CORE[lang]![key]!;
        expect(upFront.includes(JSON.stringify(text)), `${lang} ${key} in app.js or its chunks`).toBe(false);
        expect(chunk.includes(JSON.stringify(text)), `${lang} ${key} in its chunk`).toBe(true);
      }
      for (const domain of Object.keys(DOMAINS) as Domain[]) {
        const strings = Object.values(await domainCatalog(domain, lang));
        // Its longest string (a short one, like 'OK', may well appear elsewhere).
        const text = JSON.stringify(strings.reduce((a, b) => (b.length > a.length ? b : a)));
        const own = source(load.domains.find((d) => d.domain === domain && d.lang === lang)!.files[0]!);
        expect(own.includes(text), `${domain} ${lang} in its chunk`).toBe(true);
        expect(upFront.includes(text), `${domain} ${lang} in app.js or its chunks`).toBe(false);
        expect(chunk.includes(text), `${domain} ${lang} in the core catalog`).toBe(false);
      }
    }
  });
});
