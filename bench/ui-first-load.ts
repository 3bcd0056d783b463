// What a browser must fetch before it shows the first screen, read from the built dist/ui: the
// page (index.html, styles.css), app.js and every chunk it imports statically (transitively:
// esbuild splits shared code and lazily opened pages into chunks), plus one language's
// catalog, fetched on demand before the first render: counted for the largest. Pages opened
// later (a customer's page, SMS…) are chunks imported on demand and do not count. Sizes are
// gzipped at best compression, as the box serves them. Shared by the bundle-size test and
// `npm run bench -- search`.
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { constants, gzipSync } from 'node:zlib';

export interface FirstLoad {
  /** index.html, styles.css, app.js and its static imports. */
  page: string[];
  /** Per language: its catalog chunk and what that imports that the page does not have. */
  languages: { lang: string; files: string[]; bytes: number }[];
  /** Gzipped bytes of each file counted. */
  sizes: Record<string, number>;
  /** The page plus the largest language. */
  total: number;
}

export function firstLoad(dist: string, languages: readonly string[]): FirstLoad {
  const source = (file: string) => readFileSync(join(dist, file), 'utf8');
  const sizes: Record<string, number> = {};
  const gz = (file: string) => (sizes[file] ??= gzipSync(readFileSync(join(dist, file)), { level: constants.Z_BEST_COMPRESSION }).length);
  /** The files a (minified) module imports: `import … from "./x.js"` / `import "./x.js"`, and `import("./x.js")`. */
  const imports = (file: string) => {
    const code = source(file);
    const resolve = (spec: string) => posix.normalize(posix.join(posix.dirname(file), spec));
    const statics = [...code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{},\s]+?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g)].map((m) => resolve(m[1]!));
    const dynamics = [...code.matchAll(/\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g)].map((m) => resolve(m[1]!));
    return { static: [...new Set(statics)], dynamic: [...new Set(dynamics)] };
  };
  const withStatic = (file: string, into = new Set<string>()): Set<string> => {
    if (into.has(file)) return into;
    into.add(file);
    for (const dep of imports(file).static) withStatic(dep, into);
    return into;
  };
  const base = withStatic('app.js');
  const dynamic = new Set([...base].flatMap((f) => imports(f).dynamic));
  const perLanguage = languages.map((lang) => {
    const chunks = [...dynamic].filter((f) => new RegExp(`^chunks/${lang}-[A-Z0-9]+\\.js$`).test(f));
    if (chunks.length !== 1) throw new Error(`${lang}: expected one catalog chunk imported on demand, found ${chunks.length}`);
    if (base.has(chunks[0]!)) throw new Error(`${lang}: its catalog is loaded up front`);
    const files = [...withStatic(chunks[0]!)].filter((f) => !base.has(f));
    return { lang, files, bytes: files.reduce((sum, f) => sum + gz(f), 0) };
  });
  const page = ['index.html', 'styles.css', ...base];
  const largest = perLanguage.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const total = page.reduce((sum, f) => sum + gz(f), 0) + largest.bytes;
  return { page, languages: perLanguage, sizes, total };
}
