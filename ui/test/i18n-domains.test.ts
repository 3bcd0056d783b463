// Each i18n domain's strings (ui/src/i18n/domains.ts) are fetched only with the pages that name
// the domain (lazy() in ui/src/shell.ts), so a key must be where the code that shows it can
// find it: code in the first load (app.js and its static imports) may name only keys of the
// core catalog (ui/src/i18n/lang/), and a lazily loaded page (with everything it imports that
// is not in the first load) only keys of the core catalog or of the domains it names. This reads
// the sources as esbuild bundles them and fails naming the key, the file and the fix.
// A key is "named" by a string literal ('till.title'), by a template with that prefix
// (`reminderKind.${kind}`), or by calling a label helper built on one (auditActionLabel(a)).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
import { DOMAINS, type Domain } from '../src/i18n/domains';
import { CORE, domainCatalog } from './full-catalog';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const isStrings = (file: string) => /^ui\/src\/i18n\/[\w-]+\/[\w-]+\.ts$/.test(file);
/** Generic helpers whose templates name a family only where they are called. */
const HELPERS = ['ui/src/i18n/enum-labels.ts', 'ui/src/i18n/health-text.ts', 'ui/src/i18n/server-messages.ts'];

const domainNames = Object.keys(DOMAINS) as Domain[];
const domainKeys = Object.fromEntries(await Promise.all(domainNames.map(async (d) => [d, Object.keys(await domainCatalog(d, 'en'))] as const))) as Record<Domain, string[]>;

/** label helper name → the key prefix it reads (`stageLabel` → 'stage.'). */
const helperPrefix = new Map<string, string>();
for (const file of HELPERS)
  for (const m of read(file).matchAll(/export const (\w+) = \([^)]*\)[^;]*?tOr\(`([\w.]+\.)\$\{/g)) helperPrefix.set(m[1]!, m[2]!);

/** The domain keys these files name, each with the file naming it. */
function named(files: Iterable<string>): { key: string; domain: Domain; file: string }[] {
  const out: { key: string; domain: Domain; file: string }[] = [];
  for (const file of files) {
    const text = read(file);
    const literals = new Set([...text.matchAll(/['"`]([\w.-]+)['"`]/g)].map((m) => m[1]!));
    const prefixes = HELPERS.includes(file) ? [] : [...text.matchAll(/`([\w.-]+\.)\$\{/g)].map((m) => m[1]!);
    for (const m of text.matchAll(/\b(\w+)\(/g)) if (helperPrefix.has(m[1]!)) prefixes.push(helperPrefix.get(m[1]!)!);
    for (const domain of domainNames)
      for (const key of domainKeys[domain]) if (literals.has(key) || prefixes.some((p) => key.startsWith(p))) out.push({ key, domain, file });
  }
  return out;
}

describe('i18n domains load with the pages that show them', async () => {
  const built = await esbuild.build({
    entryPoints: [join(root, 'ui/src/main.ts')],
    absWorkingDir: root,
    bundle: true,
    format: 'esm',
    splitting: true,
    write: false,
    outdir: join(root, 'dist/.i18n-domains-check'),
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = built.metafile.inputs;
  const closure = (start: string, dynamic: boolean) => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file) || isStrings(file)) return;
      seen.add(file);
      for (const i of inputs[file]?.imports ?? []) if (i.kind === 'import-statement' || (dynamic && i.kind === 'dynamic-import')) visit(i.path);
    };
    visit(start);
    return seen;
  };
  const firstLoad = closure('ui/src/main.ts', false);
  const shell = read('ui/src/shell.ts');
  const pages = [...shell.matchAll(/= lazy\(\s*\(\) => import\('\.\/([\w/-]+)'\)\.then\([^)]*\)[^)]*\)(?:,\s*('all'|\[[^\]]*\]))?\s*\)/g)].map((m) => ({
    page: `ui/src/${m[1]}.ts`,
    domains: m[2] === "'all'" ? domainNames : [...(m[2] ?? '').matchAll(/'([\w-]+)'/g)].map((d) => d[1] as Domain),
  }));

  it('reads every lazy page of the shell, each naming only registered domains', () => {
    expect(pages.length).toBe([...shell.matchAll(/\blazy\(/g)].length);
    expect(pages.length).toBeGreaterThan(10);
    for (const p of pages) expect(p.domains.filter((d) => !domainNames.includes(d)), p.page).toEqual([]);
  });

  it('has no domain key in the first load: app.js shows only the core catalog', () => {
    const wrong = named([...firstLoad].filter((f) => f.startsWith('ui/src/')));
    expect(
      wrong.map((w) => `${w.key} (${w.domain}) is shown by ${w.file}, which is in the first load: move it to ui/src/i18n/lang/{en,zh-CN,vi}.ts`),
    ).toEqual([]);
  });

  it('has every key a lazy page shows in the core catalog or a domain it names', () => {
    const wrong: string[] = [];
    for (const p of pages) {
      const files = [...closure(p.page, true)].filter((f) => f.startsWith('ui/src/') && !firstLoad.has(f));
      for (const w of named(files))
        if (!p.domains.includes(w.domain)) wrong.push(`${w.key} is shown by ${w.file} on ${p.page}: name '${w.domain}' in its lazy() in ui/src/shell.ts`);
    }
    expect([...new Set(wrong)]).toEqual([]);
  });

  it('sees keys where they are (the check itself can fail)', () => {
    expect(named(['ui/src/pages/crm/stages-page.ts']).some((w) => w.domain === 'stages')).toBe(true);
    expect(Object.keys(CORE.en!)).toContain('nav.stages');
  });
});
