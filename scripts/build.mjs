// Build once, at install time (npm's `prepare`), never at start-up:
//   firmware/src (TypeScript) -> dist/firmware/src (tsc)
//   ui/src/main.ts (Preact + htm) -> dist/ui/app.js, one minified ES module (esbuild),
//   plus index.html and styles.css, each with a .gz twin so the box serves them pre-compressed.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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
}

if (only !== 'firmware') {
  const esbuild = await import('esbuild');
  const out = join(root, 'dist/ui');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await esbuild.build({
    entryPoints: [join(root, 'ui/src/main.ts')],
    bundle: true,
    format: 'esm',
    minify: true,
    // Browsers of front-desk PCs, tablets and phones from 2021 on (iPadOS 14.5+).
    target: ['es2020', 'chrome90', 'safari14.1', 'firefox90'],
    outfile: join(out, 'app.js'),
    legalComments: 'none',
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'ui/index.html'), join(out, 'index.html'));
  copyFileSync(join(root, 'ui/styles.css'), join(out, 'styles.css'));
  for (const name of ['app.js', 'index.html', 'styles.css']) {
    const body = readFileSync(join(out, name));
    writeFileSync(join(out, name + '.gz'), gzipSync(body, { level: constants.Z_BEST_COMPRESSION }));
  }
}
