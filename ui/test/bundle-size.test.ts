// The first load stays light for the studio's old front-desk PCs and tablets on Wi-Fi: all a
// browser must fetch before it can show the first screen, gzipped as the box serves it, under
// 60 KB. That is index.html, styles.css, app.js, every chunk app.js imports statically (shared
// code, if esbuild splits any out), and one language's catalog (a chunk app.js imports on
// demand): counted for the largest, since any of them may be the one shown. The other
// languages are never fetched unless picked, so they do not count.
import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../firmware/src/api-types';
import en from '../src/i18n/lang/en';
import vi from '../src/i18n/lang/vi';
import zhCN from '../src/i18n/lang/zh-CN';
import { ensureBundle } from './ui-bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(root, 'dist/ui');
const LIMIT = 60 * 1024;

const source = (file: string) => readFileSync(join(dist, file), 'utf8');
const gzSize = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: constants.Z_BEST_COMPRESSION }).length;

/** The files a (minified) module imports: `import … from "./x.js"` / `import "./x.js"`, and `import("./x.js")`. */
function imports(file: string): { static: string[]; dynamic: string[] } {
  const code = source(file);
  const resolve = (spec: string) => posix.normalize(posix.join(posix.dirname(file), spec));
  const statics = [...code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{},\s]+?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g)].map((m) => resolve(m[1]!));
  const dynamics = [...code.matchAll(/\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g)].map((m) => resolve(m[1]!));
  return { static: [...new Set(statics)], dynamic: [...new Set(dynamics)] };
}

/** A file and everything it imports statically, transitively. */
function withStaticImports(file: string, into = new Set<string>()): Set<string> {
  if (into.has(file)) return into;
  into.add(file);
  for (const dep of imports(file).static) withStaticImports(dep, into);
  return into;
}

describe('UI bundle', () => {
  it('loads only one language, and the first load is under 60 KB gzipped', () => {
    ensureBundle();
    const base = withStaticImports('app.js');
    const page = ['index.html', 'styles.css', ...base];
    const baseBytes = page.reduce((sum, f) => sum + gzSize(f), 0);

    // One chunk per language, named after it (chunks/zh-CN-<hash>.js), imported on demand only.
    const dynamic = imports('app.js').dynamic;
    const languageChunk = (lang: string) => dynamic.filter((f) => new RegExp(`^chunks/${lang}-[A-Z0-9]+\\.js$`).test(f));
    for (const lang of LANGUAGES) expect(languageChunk(lang), lang).toHaveLength(1);
    for (const lang of LANGUAGES) expect(base.has(languageChunk(lang)[0]!), `${lang} is loaded up front`).toBe(false);

    const perLanguage = LANGUAGES.map((lang) => {
      const files = [...withStaticImports(languageChunk(lang)[0]!)].filter((f) => !base.has(f));
      return { lang, files, bytes: files.reduce((sum, f) => sum + gzSize(f), 0) };
    });
    const largest = perLanguage.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const firstLoad = baseBytes + largest.bytes;

    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      [
        'UI first load, gzipped (best compression):',
        ...page.map((f) => `  ${f}: ${gzSize(f)} B`),
        ...perLanguage.map((l) => `  ${l.lang} catalog (${l.files.join(', ')}): ${l.bytes} B`),
        `  first load = ${page.join(' + ')} + largest language (${largest.lang}) = ${firstLoad} B (${kb(firstLoad)}; limit ${kb(LIMIT)})`,
      ].join('\n'),
    );
    expect(firstLoad).toBeLessThan(LIMIT);
  });

  it('has each language’s strings in its own chunk only, none in app.js', () => {
    ensureBundle();
    const app = source('app.js');
    const dynamic = imports('app.js').dynamic;
    const catalogs: Record<string, Record<string, string>> = { en, 'zh-CN': zhCN, vi };
    for (const lang of LANGUAGES) {
      const chunk = source(dynamic.find((f) => f.startsWith(`chunks/${lang}-`))!);
      for (const key of ['setup.title', 'nav.customers'] as const) {
        const text = catalogs[lang]![key]!;
        expect(app.includes(JSON.stringify(text)), `${lang} ${key} in app.js`).toBe(false);
        expect(chunk.includes(JSON.stringify(text)), `${lang} ${key} in its chunk`).toBe(true);
      }
    }
  });
});
