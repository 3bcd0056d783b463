// Build once, at install time (npm's `prepare`), never at start-up:
//   firmware/src (TypeScript) -> dist/firmware/src (tsc)
//   ui/src/main.ts (Preact + htm) -> dist/ui/app.js, a minified ES module (esbuild), which
//   imports each language's core catalog on demand from dist/ui/chunks/<lang>-<hash>.js (code
//   splitting: a browser downloads only the language it shows), the pages opened later and
//   each i18n domain's strings per language (chunks/<lang>-<hash>.js too, fetched with their
//   page), plus index.html and styles.css; every file with a .gz twin so the box serves them
//   pre-compressed. chunk-sources.json (not served) names the sources in each output file, so
//   the first-load measure (bench/ui-first-load.ts) can tell a core catalog from a domain's.
// dist/ui is built aside and swapped in whole, so a box or test starting meanwhile never
// sees half a build (app.js from one build, chunks from another).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const only = process.argv[2]; // 'ui' or 'firmware' to build one half

if (only !== 'ui') {
  rmSync(join(root, 'dist/firmware'), { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  chmodSync(join(root, 'dist/firmware/src/cli.js'), 0o755);
  chmodSync(join(root, 'dist/firmware/src/bin.cjs'), 0o755);
}

if (only !== 'firmware') {
  const esbuild = await import('esbuild');
  const out = join(root, 'dist/ui');
  const next = join(root, `dist/.ui-next-${process.pid}`);
  const old = join(root, `dist/.ui-old-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next, { recursive: true });
  const built = await esbuild
    .build({
      entryPoints: { app: join(root, 'ui/src/main.ts') },
      bundle: true,
      format: 'esm',
      splitting: true,
      minify: true,
      // Browsers of front-desk PCs, tablets and phones from 2021 on (iPadOS 14.5+).
      target: ['es2020', 'chrome90', 'safari14.1', 'firefox90'],
      outdir: next,
      entryNames: '[name]',
      // Hashed names: the box serves chunks as immutable (firmware/src/http/static-ui.ts).
      chunkNames: 'chunks/[name]-[hash]',
      legalComments: 'none',
      // Module scripts are always read as UTF-8: the catalogs stay readable and a little smaller.
      charset: 'utf8',
      logLevel: 'warning',
      metafile: true,
      absWorkingDir: root,
    })
    .catch((err) => {
      rmSync(next, { recursive: true, force: true });
      throw err;
    });
  const sources = Object.fromEntries(
    Object.entries(built.metafile.outputs)
      .filter(([file]) => file.endsWith('.js'))
      .map(([file, out]) => [relative(next, join(root, file)).split(sep).join('/'), Object.keys(out.inputs).sort()]),
  );
  writeFileSync(join(next, 'chunk-sources.json'), JSON.stringify(sources, null, 1) + '\n');
  copyFileSync(join(root, 'ui/index.html'), join(next, 'index.html'));
  copyFileSync(join(root, 'ui/styles.css'), join(next, 'styles.css'));
  // The favicon and the app icon (a tablet's "add to home screen"): small files, kept as they are.
  for (const name of readdirSync(join(root, 'ui/icons'))) copyFileSync(join(root, 'ui/icons', name), join(next, name));
  // The barcode reader's WebAssembly (the Scan button's polyfill, fetched only where the browser
  // has no BarcodeDetector): served by the box itself, never from a CDN.
  copyFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'), join(next, 'zxing_reader.wasm'));
  const chunks = existsSync(join(next, 'chunks')) ? readdirSync(join(next, 'chunks')).map((name) => `chunks/${name}`) : [];
  for (const name of ['app.js', 'index.html', 'styles.css', 'icon.svg', 'manifest.webmanifest', 'zxing_reader.wasm', ...chunks.filter((n) => n.endsWith('.js'))]) {
    const body = readFileSync(join(next, name));
    writeFileSync(join(next, name + '.gz'), gzipSync(body, { level: constants.Z_BEST_COMPRESSION }));
  }
  rmSync(old, { recursive: true, force: true });
  if (existsSync(out)) renameSync(out, old);
  renameSync(next, out);
  rmSync(old, { recursive: true, force: true });
}
