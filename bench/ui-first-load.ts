// What a browser must fetch before it shows the first screen, read from the built dist/ui: the
// page (index.html, styles.css), app.js and every chunk it imports statically (transitively:
// esbuild splits shared code and lazily opened pages into chunks), plus one language's core
// catalog (ui/src/i18n/lang/<lang>.ts), fetched on demand before the first render: counted for
// the largest. Pages opened later (a customer's page, SMS…) and each i18n domain's strings
// (ui/src/i18n/<domain>/<lang>.ts, fetched with those pages) are chunks imported on demand and
// do not count; this checks that none of them is loaded up front. Which chunk holds which
// source is read from dist/ui/chunk-sources.json (written by scripts/build.mjs). Sizes are
// gzipped at best compression, as the box serves them. Shared by the bundle-size test and
// `npm run bench -- search`.
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { constants, gzipSync } from 'node:zlib';

export interface ChunkSet {
  /** The chunk holding these strings and what it imports that the page does not have. */
  files: string[];
  bytes: number;
}

export interface FirstLoad {
  /** index.html, styles.css, app.js and its static imports. */
  page: string[];
  /** Per language: its core catalog chunk. */
  languages: ({ lang: string } & ChunkSet)[];
  /** Per i18n domain and language: its chunk, fetched with the pages that name the domain. */
  domains: ({ domain: string; lang: string } & ChunkSet)[];
  /** Gzipped bytes of each file counted. */
  sizes: Record<string, number>;
  /** The page plus the largest language's core catalog. */
  total: number;
}

export function firstLoad(dist: string, languages: readonly string[]): FirstLoad {
  const source = (file: string) => readFileSync(join(dist, file), 'utf8');
  const sizes: Record<string, number> = {};
  const gz = (file: string) => (sizes[file] ??= gzipSync(readFileSync(join(dist, file)), { level: constants.Z_BEST_COMPRESSION }).length);
  const sources = JSON.parse(source('chunk-sources.json')) as Record<string, string[]>;
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
  /** The one output file holding this source: a chunk imported on demand by the page, not part of it. */
  const onDemand = (src: string, what: string, fromPage: boolean): ChunkSet => {
    const chunks = Object.keys(sources).filter((f) => sources[f]!.includes(src));
    if (chunks.length !== 1) throw new Error(`${what}: expected one chunk holding ${src}, found ${chunks.length}`);
    const chunk = chunks[0]!;
    if (base.has(chunk)) throw new Error(`${what}: loaded up front (in ${chunk})`);
    // A core catalog is imported on demand by app.js (or its static chunks); a domain's strings
    // may also be imported by a page's own chunk (a page with a words loader of its own).
    if (fromPage && !dynamic.has(chunk)) throw new Error(`${what}: ${chunk} is not imported on demand by app.js or its chunks`);
    const files = [...withStatic(chunk)].filter((f) => !base.has(f));
    return { files, bytes: files.reduce((sum, f) => sum + gz(f), 0) };
  };
  const perLanguage = languages.map((lang) => ({ lang, ...onDemand(`ui/src/i18n/lang/${lang}.ts`, `${lang} core catalog`, true) }));
  // A domain's chunk holds one of its files and nothing else (ui/src/i18n/<domain>/<lang>.ts).
  const alone = Object.values(sources).filter((ins) => ins.length === 1).map((ins) => ins[0]!);
  const domainNames = [...new Set(alone.map((s) => /^ui\/src\/i18n\/([\w-]+)\/[\w-]+\.ts$/.exec(s)?.[1]))].filter(
    (d): d is string => !!d && d !== 'lang' && languages.every((lang) => alone.includes(`ui/src/i18n/${d}/${lang}.ts`)),
  );
  // A domain spread into the core catalogs (ingest, home) is in their chunks: not a domain chunk.
  const coreSources = new Set(perLanguage.flatMap((l) => l.files.flatMap((f) => sources[f] ?? [])));
  const domains = domainNames
    .filter((d) => !coreSources.has(`ui/src/i18n/${d}/en.ts`))
    .flatMap((domain) => languages.map((lang) => ({ domain, lang, ...onDemand(`ui/src/i18n/${domain}/${lang}.ts`, `${domain} strings in ${lang}`, false) })));
  const page = ['index.html', 'styles.css', ...base];
  const largest = perLanguage.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const total = page.reduce((sum, f) => sum + gz(f), 0) + largest.bytes;
  return { page, languages: perLanguage, domains, sizes, total };
}
