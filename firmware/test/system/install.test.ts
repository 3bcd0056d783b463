// The release tarball and install.sh, installed into a folder instead of a Pi (install.sh
// --root): files, owners asked for, modes, an upgrade that keeps the data, a rollback when the
// new version is unhealthy, the uninstall, and the installed copy itself starting and answering
// /api/health. System programs (apt-get, systemctl, useradd…) are stand-ins (fake-system.ts).
//
// One real release is built (`npm run release`, ~90 MB with its node_modules): it is checked as
// a tarball and installed once, and that copy must start and answer /api/health. The other
// steps (upgrade, rollback, refusals, uninstall, apply-update) run on slim releases made from
// it: the same install.sh, uninstall.sh, RELEASE, key and app/systemd, with the app's code cut
// to two files. Those steps never look inside the app, and copying 90 MB per box made this file
// time out under load.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, root as repo } from '../helpers/cli-daemon.js';
import { fakeSystem, type FakeSystem } from './fake-system.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-install-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }), 120_000);

interface Release {
  tarball: string;
  dir: string;
}

/** Builds the real release of `version` into `out`, unpacked there too, signed with `key`. */
function release(out: string, version: string, key: string): Release {
  execFileSync(process.execPath, [join(repo, 'scripts/release.mjs'), '--skip-build', '--out', out, '--version', version], {
    env: { ...process.env, STUDIO_BOX_SIGNING_KEY: key },
    stdio: 'pipe',
  });
  const tarball = join(out, `studio-box-${version}-linux-${process.arch === 'x64' ? 'amd64' : process.arch}.tar.gz`);
  execFileSync('tar', ['-xzf', tarball, '-C', out]);
  return { tarball, dir: join(out, `studio-box-${version}`) };
}

/**
 * A slim release of `version` made from the real one (see the top of this file): tarball,
 * SHA256SUMS and SHA256SUMS.sig signed here with node:crypto, as release.mjs does.
 */
function slim(from: Release, version: string, key: KeyObject): Release {
  const out = join(scratch, `slim-${version}`);
  const dir = join(out, `studio-box-${version}`);
  mkdirSync(join(dir, 'app/dist/firmware/src'), { recursive: true });
  mkdirSync(join(dir, 'app/dist/ui'), { recursive: true });
  for (const f of ['install.sh', 'uninstall.sh', 'release-key.pem', 'app/systemd', 'app/dist/ui/index.html', 'app/dist/firmware/src/cli.js']) {
    cpSync(join(from.dir, f), join(dir, f), { recursive: true });
  }
  writeFileSync(join(dir, 'RELEASE'), readFileSync(join(from.dir, 'RELEASE'), 'utf8').replace(/^VERSION=.*$/m, `VERSION=${version}`));
  const name = from.tarball.split('/').at(-1)!.replace(/^studio-box-[^-]+/, `studio-box-${version}`);
  const tarball = join(out, name);
  execFileSync('tar', ['--owner=0', '--group=0', '--numeric-owner', '-czf', tarball, '-C', out, `studio-box-${version}`]);
  const sums = `${createHash('sha256').update(readFileSync(tarball)).digest('hex')}  ${name}\n`;
  writeFileSync(join(out, 'SHA256SUMS'), sums);
  writeFileSync(join(out, 'SHA256SUMS.sig'), sign(null, Buffer.from(sums), key));
  return { tarball, dir };
}

const mode = (p: string) => (statSync(p).mode & 0o7777).toString(8);

let real: Release;
let v1: Release;
let v2: Release;
beforeAll(() => {
  ensureBuilt();
  const { privateKey } = generateKeyPairSync('ed25519');
  const signingKey = join(scratch, 'release-key.pem');
  writeFileSync(signingKey, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  real = release(join(scratch, 'rel1'), '1.0.0', signingKey);
  v1 = slim(real, '1.0.0', privateKey);
  v2 = slim(real, '1.1.0', privateKey);
}, 300_000);

function box(): { root: string; sys: FakeSystem; install(dir: string, ...args: string[]): ReturnType<typeof spawnSync> } {
  const work = mkdtempSync(join(scratch, 'box-'));
  const root = join(work, 'root');
  mkdirSync(root);
  const sys = fakeSystem(work, root);
  return {
    root,
    sys,
    install: (dir, ...args) =>
      spawnSync('bash', [join(dir, 'install.sh'), '--root', root, '--no-packages', ...args], {
        encoding: 'utf8',
        env: { PATH: `${sys.bin}:${process.env.PATH}`, HEALTH_TIMEOUT: '2' },
        timeout: 60_000,
      }),
  };
}

describe('npm run release', () => {
  it('makes a tarball with install.sh, the app, RELEASE and a SHA256SUMS that sha256sum accepts', () => {
    const out = join(scratch, 'rel1');
    expect(spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' }).status).toBe(0);
    const sig = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', join(real.dir, 'release-key.pem'), '-rawin', '-in', join(out, 'SHA256SUMS'), '-sigfile', join(out, 'SHA256SUMS.sig')], { encoding: 'utf8' });
    expect(sig.stdout + sig.stderr).toMatch(/Signature Verified Successfully/);
    expect(readFileSync(join(real.dir, 'RELEASE'), 'utf8')).toMatch(new RegExp(`^VERSION=1\\.0\\.0\\nARCH=\\w+\\nNODE_ABI=${process.versions.modules}\\n`));
    expect(lstatSync(join(real.dir, 'install.sh')).mode & 0o111).toBeTruthy();
    for (const f of ['app/dist/firmware/src/cli.js', 'app/dist/firmware/src/bin.cjs', 'app/dist/ui/index.html', 'app/node_modules/better-sqlite3/package.json', 'app/node_modules/onoff/package.json', 'app/systemd/studio-box.service']) {
      expect(existsSync(join(real.dir, f)), f).toBe(true);
    }
    // Development tools stay out.
    expect(existsSync(join(real.dir, 'app/node_modules/vitest'))).toBe(false);
    expect(existsSync(join(real.dir, 'app/node_modules/typescript'))).toBe(false);
  });
});

describe('install.sh into a folder', () => {
  it('installs the real release (app, user, unit, rules, helper, config) with the right modes, and the installed copy answers /api/health', async () => {
    const b = box();
    const r = b.install(real.dir);
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const R = b.root;
    expect(readlinkSync(join(R, 'opt/studio-box/current'))).toBe('releases/1.0.0');
    expect(mode(join(R, 'etc/systemd/system/studio-box.service'))).toBe('644');
    expect(mode(join(R, 'etc/udev/rules.d/60-studio-box.rules'))).toBe('644');
    expect(mode(join(R, 'etc/avahi/services/studio-box.service'))).toBe('644');
    expect(mode(join(R, 'etc/systemd/system/studio-box-helper.socket'))).toBe('644');
    expect(mode(join(R, 'etc/systemd/system/studio-box-helper@.service'))).toBe('644');
    expect(mode(join(R, 'usr/local/libexec/studio-box/helper'))).toBe('755');
    expect(mode(join(R, 'usr/local/libexec/studio-box/helper-serve'))).toBe('755');
    expect(existsSync(join(R, 'etc/sudoers.d/studio-box'))).toBe(false);
    expect(readFileSync(join(R, 'etc/studio-box/config.json'), 'utf8')).not.toContain('sudo');
    expect(mode(join(R, 'usr/local/libexec/studio-box/root-helper'))).toBe('755');
    expect(mode(join(R, 'usr/local/libexec/studio-box/apply-update'))).toBe('755');
    expect(mode(join(R, 'usr/local/libexec/studio-box/release-key.pem'))).toBe('644');
    expect(mode(join(R, 'usr/local/bin/studio-box'))).toBe('755');
    expect(mode(join(R, 'etc/studio-box/config.json'))).toBe('640');
    expect(mode(join(R, 'var/lib/studio-box'))).toBe('750');
    expect(mode(join(R, 'opt/studio-box/releases/1.0.0/dist/ui/index.html'))).toBe('644');
    expect(mode(join(R, 'opt/studio-box/releases/1.0.0'))).toBe('755');
    // The app is root's: nothing in it is writable by the box's user or anyone else.
    expect(execFileSync('find', [join(R, 'opt/studio-box'), '-perm', '/022', '-not', '-type', 'l'], { encoding: 'utf8' })).toBe('');
    const calls = b.sys.calls();
    expect(calls).toContain('useradd --system --user-group --home-dir /var/lib/studio-box --no-create-home --shell /usr/sbin/nologin studio-box');
    expect(calls).toContain('usermod -a -G dialout,gpio,systemd-journal studio-box');
    expect(calls).toContain(`chown root:studio-box ${R}/etc/studio-box/config.json`);
    expect(calls).toContain(`chown studio-box:studio-box ${R}/var/lib/studio-box ${R}/var/lib/studio-box/updates`);
    expect(calls).toContain('systemctl enable studio-box.service avahi-daemon.service studio-box-helper.socket');
    expect(calls).toContain('systemctl start studio-box-helper.socket');
    expect(calls.indexOf('systemctl daemon-reload')).toBeLessThan(calls.indexOf('systemctl start studio-box.service'));
    expect(calls.some((c) => c.startsWith('apt-get'))).toBe(false);

    // The installed copy starts from /opt/studio-box with the installed config and answers /api/health.
    const cli = join(b.root, 'opt/studio-box/current/dist/firmware/src/cli.js');
    const config = join(b.root, 'etc/studio-box/config.json');
    // The Pi's config as installed passes the daemon's own validation.
    const check = spawnSync(process.execPath, [cli, 'config', '--config', config], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ dataDir: '/var/lib/studio-box', http: { port: 80 }, cardSource: { kind: 'block' } });
    // Started from the installed tree (its own node_modules), a laptop's settings over the Pi's.
    const data = join(b.root, 'var/lib/studio-box');
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0'], {
      cwd: data,
      env: { PATH: process.env.PATH ?? '', STUDIO_BOX_HTTP__HOST: '127.0.0.1', STUDIO_BOX_DATA_DIR: data, STUDIO_BOX_MODEM__KIND: 'none' },
    });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no banner: ${out}`)), 60_000);
        child.stdout.on('data', () => {
          const m = /Open (http:\/\/\S+) in a browser/.exec(out);
          if (m) {
            clearTimeout(t);
            resolve(m[1]!);
          }
        });
      });
      const res = await fetch(new URL('/api/health', url));
      expect(res.status).toBe(200);
      expect(((await res.json()) as { data: { db: { state: string } } }).data.db.state).toBe('ok');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      if (child.exitCode === null && child.signalCode === null) await exited;
    }
  }, 120_000);

  it('a second run upgrades in place: config and data kept, the database copied first, the previous release kept', () => {
    const b = box();
    const R = b.root;
    expect(b.install(v1.dir).status).toBe(0);
    const config = join(R, 'etc/studio-box/config.json');
    // A config and sudo rule kept from a version that used sudo: the rule goes, the commands become the socket's.
    writeFileSync(config, readFileSync(config, 'utf8').replace('"port": 80', '"port": 8081').replaceAll('/usr/local/libexec/studio-box/helper ', 'sudo -n /usr/local/libexec/studio-box/root-helper '));
    mkdirSync(join(R, 'etc/sudoers.d'), { recursive: true });
    writeFileSync(join(R, 'etc/sudoers.d/studio-box'), 'studio-box ALL=(root) NOPASSWD: /usr/local/libexec/studio-box/root-helper\n');
    writeFileSync(join(R, 'var/lib/studio-box/studio-box.db'), 'the studio’s data');
    writeFileSync(join(R, 'var/lib/studio-box/studio-box.db-wal'), 'its journal');
    const r = b.install(v2.dir);
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(readlinkSync(join(R, 'opt/studio-box/current'))).toBe('releases/1.1.0');
    expect(existsSync(join(R, 'opt/studio-box/releases/1.0.0/dist/firmware/src/cli.js'))).toBe(true);
    expect(readFileSync(config, 'utf8')).toContain('"port": 8081');
    expect(readFileSync(config, 'utf8')).not.toContain('sudo');
    expect(readFileSync(config, 'utf8')).toContain('"/usr/local/libexec/studio-box/helper mount-card {device} {mountpoint} vfat"');
    expect(existsSync(join(R, 'etc/sudoers.d/studio-box'))).toBe(false);
    expect(readFileSync(join(R, 'var/lib/studio-box/studio-box.db'), 'utf8')).toBe('the studio’s data');
    expect(readFileSync(join(R, 'var/lib/studio-box/update-backup/studio-box.db'), 'utf8')).toBe('the studio’s data');
    expect(readFileSync(join(R, 'var/lib/studio-box/update-backup/studio-box.db-wal'), 'utf8')).toBe('its journal');
    expect(readFileSync(join(R, 'var/lib/studio-box/update-backup/VERSION'), 'utf8').trim()).toBe('1.0.0');
    const calls = b.sys.calls();
    const stop = calls.lastIndexOf('systemctl stop studio-box.service');
    expect(stop).toBeGreaterThan(calls.indexOf('systemctl start studio-box.service'));
    expect(calls.lastIndexOf('systemctl start studio-box.service')).toBeGreaterThan(stop);
    // The user exists now: not created twice.
    expect(calls.filter((c) => c.startsWith('useradd'))).toHaveLength(1);
    // The same version again: a repair, nothing lost.
    expect(b.install(v2.dir).status).toBe(0);
    expect(readFileSync(join(R, 'var/lib/studio-box/studio-box.db'), 'utf8')).toBe('the studio’s data');
  }, 120_000);

  it('goes back to the previous version, database as it was, when the new one is not healthy', () => {
    const b = box();
    const R = b.root;
    expect(b.install(v1.dir).status).toBe(0);
    writeFileSync(join(R, 'var/lib/studio-box/studio-box.db'), 'before the update');
    b.sys.breakVersion('1.1.0');
    const r = b.install(v2.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/1\.1\.0 failed its health check; 1\.0\.0 runs again/);
    expect(readlinkSync(join(R, 'opt/studio-box/current'))).toBe('releases/1.0.0');
    // The broken version's start had changed ("migrated") the database: it is restored.
    expect(readFileSync(join(R, 'var/lib/studio-box/studio-box.db'), 'utf8')).toBe('before the update');
    expect(b.sys.calls().at(-1)).not.toMatch(/stop/);
  }, 120_000);

  it('refuses a release for another Node ABI or CPU with a clear message, changing nothing', () => {
    const b = box();
    const other = join(scratch, 'other-abi');
    execFileSync('cp', ['-R', v1.dir, other]);
    writeFileSync(join(other, 'RELEASE'), readFileSync(join(v1.dir, 'RELEASE'), 'utf8').replace(/NODE_ABI=\d+/, 'NODE_ABI=1'));
    const r = b.install(other);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/this release needs ABI 1/);
    expect(existsSync(join(b.root, 'opt'))).toBe(false);
    writeFileSync(join(other, 'RELEASE'), readFileSync(join(v1.dir, 'RELEASE'), 'utf8').replace(/ARCH=\w+/, 'ARCH=riscv64'));
    const r2 = b.install(other);
    expect(r2.stderr).toMatch(/built for riscv64, this machine is/);
    expect(existsSync(join(b.root, 'opt'))).toBe(false);
  });

  it('uninstall.sh removes the app and units and keeps the data, config and user', () => {
    const b = box();
    const R = b.root;
    expect(b.install(v1.dir).status).toBe(0);
    writeFileSync(join(R, 'var/lib/studio-box/studio-box.db'), 'keep me');
    const r = spawnSync('bash', [join(R, 'opt/studio-box/current/systemd/uninstall.sh'), '--root', R], {
      encoding: 'utf8',
      env: { PATH: `${b.sys.bin}:${process.env.PATH}` },
    });
    expect(r.status, r.stderr).toBe(0);
    for (const gone of ['opt/studio-box', 'etc/systemd/system/studio-box.service', 'etc/systemd/system/studio-box-helper.socket', 'etc/systemd/system/studio-box-helper@.service', 'etc/sudoers.d/studio-box', 'usr/local/libexec/studio-box', 'usr/local/bin/studio-box', 'etc/udev/rules.d/60-studio-box.rules']) {
      expect(existsSync(join(R, gone)), gone).toBe(false);
    }
    expect(readFileSync(join(R, 'var/lib/studio-box/studio-box.db'), 'utf8')).toBe('keep me');
    expect(existsSync(join(R, 'etc/studio-box/config.json'))).toBe(true);
    expect(b.sys.calls()).toContain('systemctl disable --now studio-box.service');
    expect(b.sys.calls().some((c) => c.startsWith('userdel'))).toBe(false);
  });
});

describe('apply-update (the web page’s update, run as root outside the daemon)', () => {
  function upload(R: string, opts: { damage?: boolean; signWith?: string } = {}): string {
    const updates = join(R, 'var/lib/studio-box/updates');
    const name = v2.tarball.split('/').at(-1)!;
    const file = join(updates, name);
    const bytes = readFileSync(v2.tarball);
    if (opts.damage) bytes[bytes.length >> 1]! ^= 0xff;
    writeFileSync(file, bytes);
    const sums = readFileSync(join(v2.tarball, '../SHA256SUMS'));
    writeFileSync(join(updates, 'SHA256SUMS'), sums);
    const sig = opts.signWith
      ? execFileSync('openssl', ['pkeyutl', '-sign', '-inkey', opts.signWith, '-rawin', '-in', join(updates, 'SHA256SUMS')])
      : readFileSync(join(v2.tarball, '../SHA256SUMS.sig'));
    writeFileSync(join(updates, 'SHA256SUMS.sig'), sig);
    return file;
  }
  const apply = (R: string, bin: string, file: string) =>
    spawnSync('bash', [join(R, 'usr/local/libexec/studio-box/apply-update'), file], {
      encoding: 'utf8',
      env: { STUDIO_BOX_ROOT: R, STUDIO_BOX_TEST_PATH: `${bin}:${process.env.PATH}`, HEALTH_TIMEOUT: '3' },
      timeout: 120_000,
    });
  const result = (R: string) => readFileSync(join(R, 'var/lib/studio-box/updates/last-update.result'), 'utf8').trim();
  const log = (R: string) => readFileSync(join(R, 'var/lib/studio-box/updates/last-update.log'), 'utf8');

  it('checks the checksum and the signature, installs, switches, and clears the upload', () => {
    const b = box();
    const R = b.root;
    expect(b.install(v1.dir).status).toBe(0);
    writeFileSync(join(R, 'var/lib/studio-box/studio-box.db'), 'data');
    const file = upload(R);
    const r = apply(R, b.sys.bin, file);
    expect(r.status, log(R)).toBe(0);
    expect(result(R)).toBe('ok');
    expect(log(R)).toMatch(/SHA-256 matches\napply-update: signature verified\n/);
    expect(readlinkSync(join(R, 'opt/studio-box/current'))).toBe('releases/1.1.0');
    expect(readFileSync(join(R, 'var/lib/studio-box/studio-box.db'), 'utf8')).toBe('data');
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(join(R, 'opt/studio-box')).filter((f) => f.startsWith('.update'))).toEqual([]);
  }, 120_000);

  it('goes back by itself when the new version is not healthy: old release, old database', () => {
    const b = box();
    const R = b.root;
    expect(b.install(v1.dir).status).toBe(0);
    writeFileSync(join(R, 'var/lib/studio-box/studio-box.db'), 'before the update');
    b.sys.breakVersion('1.1.0');
    const r = apply(R, b.sys.bin, upload(R));
    expect(r.status, log(R)).toBe(1);
    expect(result(R)).toBe('failed 1');
    expect(log(R)).toMatch(/signature verified[\s\S]*1\.1\.0 failed its health check; 1\.0\.0 runs again/);
    expect(readlinkSync(join(R, 'opt/studio-box/current'))).toBe('releases/1.0.0');
    expect(readFileSync(join(R, 'var/lib/studio-box/studio-box.db'), 'utf8')).toBe('before the update');
  }, 120_000);

  it('refuses a damaged file and a release signed with another key, changing nothing', () => {
    const b = box();
    const R = b.root;
    expect(b.install(v1.dir).status).toBe(0);
    expect(apply(R, b.sys.bin, upload(R, { damage: true })).status).toBe(3);
    expect(result(R)).toBe('failed 3');
    expect(log(R)).toMatch(/is damaged \(SHA-256 [0-9a-f]{64}, expected [0-9a-f]{64}\)/);
    const other = join(scratch, 'other-key.pem');
    writeFileSync(other, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(apply(R, b.sys.bin, upload(R, { signWith: other })).status).toBe(4);
    expect(result(R)).toBe('failed 4');
    expect(log(R)).toMatch(/not a signature of the release key/);
    expect(readlinkSync(join(R, 'opt/studio-box/current'))).toBe('releases/1.0.0');
    expect(readdirSync(join(R, 'opt/studio-box/releases'))).toEqual(['1.0.0']);
    // A box installed from an unsigned release takes no update from the web page at all.
    rmSync(join(R, 'usr/local/libexec/studio-box/release-key.pem'));
    expect(apply(R, b.sys.bin, upload(R)).status).toBe(4);
    expect(log(R)).toMatch(/no release key/);
  }, 120_000);
});
