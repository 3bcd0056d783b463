#!/usr/bin/env node
// `npm run release`: the release tarball a Pi installs from (docs/appliance.md).
//   dist/releases/studio-box-<version>-linux-<arch>.tar.gz   app + install.sh, for this CPU and Node ABI
//   dist/releases/SHA256SUMS                                   its checksum (sha256sum -c)
//   dist/releases/SHA256SUMS.sig                               with STUDIO_BOX_SIGNING_KEY=<ed25519 private key PEM>
// The native modules (SQLite, serial port, GPIO) are this machine's: build an arm64 release on
// an arm64 machine (a Pi, or an arm64 container). Options: --out DIR, --version V, --skip-build.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { chmodSync, cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string' }, version: { type: 'string' }, 'skip-build': { type: 'boolean' } } });
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const version = values.version ?? pkg.version;
if (!/^[0-9A-Za-z.+-]+$/.test(version)) throw new Error(`not a usable version: ${version}`);
const outDir = resolve(values.out ?? join(root, 'dist/releases'));
// Debian's names for the CPU, as `dpkg --print-architecture` says them on the Pi.
const arch = { arm64: 'arm64', x64: 'amd64', arm: 'armhf' }[process.arch] ?? process.arch;

if (!values['skip-build']) execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
if (!existsSync(join(root, 'dist/firmware/src/cli.js')) || !existsSync(join(root, 'dist/ui'))) throw new Error('dist/ is not built (npm run build)');

const name = `studio-box-${version}`;
const work = mkdtempSync(join(tmpdir(), 'sb-release-'));
try {
  const top = join(work, name);
  const app = join(top, 'app');
  mkdirSync(app, { recursive: true });
  for (const part of ['dist/firmware', 'dist/ui', 'package-lock.json', 'systemd', 'docs', 'README.md']) {
    cpSync(join(root, part), join(app, part), { recursive: true });
  }
  writeFileSync(join(app, 'package.json'), JSON.stringify({ ...pkg, version }, null, 2) + '\n');
  // Only the production dependency tree, as installed here (native parts already built).
  const ls = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8' });
  const modules = ls.stdout.split('\n').filter((p) => p && p !== root && p.includes(`${root}/node_modules/`));
  if (modules.length === 0) throw new Error(`npm ls found no production modules: ${ls.stderr}`);
  // Build leftovers of native modules (objects, static libraries, generated and vendored C
  // sources such as better-sqlite3's 10 MB sqlite3.c) and source maps: nothing loads them at run
  // time, and they were a third of the tarball.
  const leftover = /\.(a|o|c|cc|cpp|h|hpp|gyp|gypi|map)$/;
  for (const dir of modules) {
    const built = existsSync(join(dir, 'build/Release'));
    cpSync(dir, join(app, relative(root, dir)), {
      recursive: true,
      // Nested node_modules are copied as packages of their own.
      filter: (src) => {
        const parts = relative(dir, src).split('/');
        if (parts.some((p, i) => (p === 'node_modules' && i === 0) || p === 'obj.target' || p === 'obj' || p === '.deps')) return false;
        if (built && parts[0] === 'deps') return false;
        return !leftover.test(src);
      },
    });
  }
  for (const script of ['install.sh', 'uninstall.sh']) {
    cpSync(join(root, 'systemd', script), join(top, script));
    chmodSync(join(top, script), 0o755);
  }
  writeFileSync(join(top, 'RELEASE'), `VERSION=${version}\nARCH=${arch}\nNODE_ABI=${process.versions.modules}\nNODE=${process.version}\n`);
  const keyFile = process.env.STUDIO_BOX_SIGNING_KEY;
  const key = keyFile ? createPrivateKey(readFileSync(keyFile)) : null;
  if (key && key.asymmetricKeyType !== 'ed25519') throw new Error(`${keyFile}: not an ed25519 key`);
  if (key) writeFileSync(join(top, 'release-key.pem'), createPublicKey(key).export({ type: 'spki', format: 'pem' }));

  mkdirSync(outDir, { recursive: true });
  const tarball = join(outDir, `${name}-linux-${arch}.tar.gz`);
  execFileSync('tar', ['--owner=0', '--group=0', '--numeric-owner', '-czf', tarball, '-C', work, name]);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(tarball)) hash.update(chunk);
  const sums = `${hash.digest('hex')}  ${basename(tarball)}\n`;
  writeFileSync(join(outDir, 'SHA256SUMS'), sums);
  rmSync(join(outDir, 'SHA256SUMS.sig'), { force: true });
  if (key) writeFileSync(join(outDir, 'SHA256SUMS.sig'), sign(null, Buffer.from(sums), key));
  process.stdout.write(`${tarball}\n${join(outDir, 'SHA256SUMS')}${key ? `\n${join(outDir, 'SHA256SUMS.sig')}` : ' (unsigned: set STUDIO_BOX_SIGNING_KEY to sign)'}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
