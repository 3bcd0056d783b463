// install.sh in a real Debian Bookworm root filesystem (issue 17): debootstrap (minbase, plus
// systemd as Raspberry Pi OS has it) into a folder, the real release tarball unpacked in it, and
// `chroot DIR install.sh` as a person runs it: apt-get installs the system packages from Debian's
// mirror, useradd/usermod/systemctl enable are the real ones. Then the daemon is started the way
// studio-box.service starts it (its ExecStart, User, Group, SupplementaryGroups,
// WorkingDirectory, Environment, read from the installed unit) and must answer /api/health to
// the host over loopback (a chroot shares the network). Then an upgrade in place keeps the data,
// and uninstall.sh removes the app and keeps the data.
//
// What it does not prove (docs/appliance.md, "What was verified where"): systemd is not PID 1
// here (install.sh sees that and does not start anything; the unit's sandboxing is not applied),
// the CPU is x86-64, not the Pi's arm64, and Node is the binary running this test copied into
// the root (install.sh then skips NodeSource: its ABI already matches).
//
// Needs root and debootstrap (.ci/run installs it) and Debian's mirror; ~2-3 min, mostly the
// downloads. The mirror is the one this machine's apt uses, or STUDIO_BOX_DEBIAN_MIRROR.
import { execFile, execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, root as repo } from '../helpers/cli-daemon.js';

const run = promisify(execFile);

const why =
  process.getuid?.() !== 0
    ? 'not root'
    : !existsSync('/usr/sbin/debootstrap')
      ? 'debootstrap is not installed (apt-get install debootstrap)'
      : !existsSync('/etc/debian_version')
        ? 'not a Debian machine'
        : null;

/** The Debian mirror this machine's apt uses (deb822 or one-line sources), else deb.debian.org. */
function mirror(): string {
  if (process.env.STUDIO_BOX_DEBIAN_MIRROR) return process.env.STUDIO_BOX_DEBIAN_MIRROR;
  const files = ['/etc/apt/sources.list', ...(existsSync('/etc/apt/sources.list.d') ? readdirSync('/etc/apt/sources.list.d').map((f) => `/etc/apt/sources.list.d/${f}`) : [])];
  for (const f of files) {
    if (!existsSync(f)) continue;
    const text = readFileSync(f, 'utf8');
    const m = /^URIs:\s*(https?:\/\/\S+\/debian)\/?\s*$/m.exec(text) ?? /^deb\s+(?:\[[^\]]*\]\s+)?(https?:\/\/\S+\/debian)\/?\s+bookworm\s/m.exec(text);
    if (m) return m[1]!;
  }
  return 'http://deb.debian.org/debian';
}

const scratch = mkdtempSync(join(tmpdir(), 'sb-chroot-'));
const R = join(scratch, 'root');
const mounts = ['dev', 'sys', 'proc'].map((m) => join(R, m));
const timings: string[] = [];
let daemon: ChildProcess | null = null;

async function timed<T>(what: string, f: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await f();
  } finally {
    timings.push(`${what} ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
}

/** Whether anything is still mounted at or under the root. */
function mountedUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((p) => p === dir || p.startsWith(`${dir}/`));
}

async function stopDaemon(): Promise<void> {
  const d = daemon;
  daemon = null;
  if (!d || d.exitCode !== null || d.signalCode !== null) return;
  const exited = new Promise((resolve) => d.once('exit', resolve));
  d.kill('SIGTERM');
  const t = setTimeout(() => d.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(t);
}

afterAll(async () => {
  await stopDaemon();
  // The root's /proc, /sys, /dev, then the root's own tmpfs; a lazy unmount when busy (it
  // detaches, deletes nothing).
  for (const m of [...mounts, R]) {
    if (!mountedUnder(m).length) continue;
    if (spawnSync('umount', ['-R', m]).status !== 0) spawnSync('umount', ['-R', '-l', m]);
  }
  // Never delete through a mount: the root's /dev is the host's.
  const left = mountedUnder(R);
  if (left.length) throw new Error(`still mounted, ${scratch} left in place: ${left.join(' ')}`);
  rmSync(scratch, { recursive: true, force: true });
  if (timings.length) console.log(`install-chroot: ${timings.join(', ')}`);
}, 120_000);

/** A command inside the root, as root. */
function inRoot(args: string[], env: Record<string, string> = {}, timeout = 300_000) {
  return spawnSync('chroot', [R, ...args], {
    encoding: 'utf8',
    env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', ...env },
    timeout,
  });
}

const ok = (r: ReturnType<typeof inRoot>) => {
  expect(r.status, `${r.error ?? ''}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
};

/** The unit's Key=value lines (the last one of each key wins, Environment= and DeviceAllow= add up). */
function unit(): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of readFileSync(join(R, 'etc/systemd/system/studio-box.service'), 'utf8').split('\n')) {
    const m = /^(\w+)=(.*)$/.exec(line);
    if (m) map.set(m[1]!, [...(map.get(m[1]!) ?? []), m[2]!]);
  }
  return map;
}

/**
 * Starts the installed daemon the way studio-box.service does: its ExecStart as its User, Group
 * and SupplementaryGroups, in its WorkingDirectory, with its Environment and nothing else from
 * this process. Differences: on 127.0.0.1 and a free port (the Pi's config says port 80, which
 * the unit allows with CAP_NET_BIND_SERVICE), no modem, and /run/studio-box made here (systemd's
 * RuntimeDirectory=). Resolves with the URL of its banner.
 */
async function startAsUnit(): Promise<string> {
  const u = unit();
  const one = (k: string) => {
    const v = u.get(k);
    if (!v?.length) throw new Error(`studio-box.service has no ${k}=`);
    return v.at(-1)!;
  };
  const user = one('User');
  const group = one('Group');
  const groups = one('SupplementaryGroups').split(/\s+/).join(',');
  const env = (u.get('Environment') ?? []).flatMap((e) => e.split(/\s+/));
  const exec = one('ExecStart').split(/\s+/);
  ok(inRoot(['install', '-d', '-m', '0750', '-o', user, '-g', group, '/run/studio-box']));
  const d = spawn(
    'chroot',
    [R, 'setpriv', `--reuid=${user}`, `--regid=${group}`, `--groups=${groups}`, '--', 'env', '-i', '-C', one('WorkingDirectory'), 'PATH=/usr/local/bin:/usr/bin:/bin', ...env, 'STUDIO_BOX_HTTP__HOST=127.0.0.1', 'STUDIO_BOX_MODEM__KIND=none', ...exec, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  daemon = d;
  let out = '';
  d.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  d.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  return new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no banner in 90 s:\n${out}`)), 90_000);
    d.once('exit', (code, signal) => {
      clearTimeout(t);
      reject(new Error(`the daemon exited (${code ?? signal}):\n${out}`));
    });
    d.stdout!.on('data', () => {
      const m = /Open (http:\/\/\S+) in a browser/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
  });
}

async function health(url: string): Promise<{ db: { state: string } }> {
  const res = await fetch(new URL('/api/health', url));
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: { db: { state: string } } }).data;
}

/** SQL on the box's database inside the root, as the box's user, with the installed better-sqlite3. */
function sql(statement: string): string {
  const js = `const D = require('/opt/studio-box/current/node_modules/better-sqlite3'); const d = new D('/var/lib/studio-box/studio-box.db'); const s = d.prepare(process.argv[1]); console.log(JSON.stringify(s.reader ? s.all() : s.run())); d.close();`;
  return ok(inRoot(['setpriv', '--reuid=studio-box', '--regid=studio-box', '--clear-groups', '--', '/usr/bin/node', '-e', js, statement]));
}

const release = join(scratch, 'release');
let version1 = '';

describe.skipIf(!!why)(`install.sh in a Debian Bookworm chroot${why ? ` (skipped: ${why})` : ''}`, () => {
  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(R);
    mkdirSync(release);
    // The root on a tmpfs of its own: dpkg syncs every file it unpacks, which on a busy disk
    // doubled the time of debootstrap and apt; and it goes with one unmount.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3g,mode=0755', 'sb-chroot', R]);
    // The root and the release at once: one waits on the network, the other on the disk.
    const [, tarball] = await Promise.all([
      timed('debootstrap', () => run('debootstrap', ['--variant=minbase', '--include=systemd', 'bookworm', R, mirror()], { maxBuffer: 64 << 20 })),
      timed('release', async () => {
        await run(process.execPath, [join(repo, 'scripts/release.mjs'), '--skip-build', '--out', release], { maxBuffer: 16 << 20 });
        return readdirSync(release).find((f) => f.endsWith('.tar.gz'))!;
      }),
    ]);
    execFileSync('tar', ['-xzf', join(release, tarball), '-C', join(R, 'root')]);
    version1 = /^studio-box-([^-]+)-/.exec(tarball)![1]!;
    // What the chroot needs from the host: /proc, /sys, /dev, name resolution for apt, and the
    // policy every image builder sets, so that package scripts start no services (avahi).
    execFileSync('mount', ['-t', 'proc', 'proc', join(R, 'proc')]);
    execFileSync('mount', ['-t', 'sysfs', 'sys', join(R, 'sys')]);
    execFileSync('mount', ['--bind', '/dev', join(R, 'dev')]);
    copyFileSync('/etc/resolv.conf', join(R, 'etc/resolv.conf'));
    writeFileSync(join(R, 'usr/sbin/policy-rc.d'), '#!/bin/sh\nexit 101\n', { mode: 0o755 });
    // Node 20: the binary this test runs on (NodeSource's, on CI) instead of install.sh's
    // NodeSource step, which is skipped when the installed Node's ABI is the release's.
    copyFileSync(process.execPath, join(R, 'usr/bin/node'));
    execFileSync('chmod', ['0755', join(R, 'usr/bin/node')]);
  }, 900_000);

  it('install.sh installs the packages, the user, the units and the app, and starts nothing without systemd', async () => {
    const r = await timed('install.sh', async () => inRoot(['bash', `/root/studio-box-${version1}/install.sh`], { DEBIAN_FRONTEND: 'noninteractive' }, 600_000));
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/systemd is not running here/);
    expect(r.stdout).toContain(`installed ${version1} (not started`);
    // install.sh's own apt-get line, against Debian's real archive.
    ok(inRoot(['dpkg-query', '-W', 'avahi-daemon', 'avahi-utils', 'smbclient', 'exfatprogs', 'ntfs-3g', 'smartmontools', 'curl', 'gnupg', 'sudo', 'ca-certificates']));
    expect(ok(inRoot(['getent', 'passwd', 'studio-box']))).toMatch(/^studio-box:x:\d+:\d+::\/var\/lib\/studio-box:\/usr\/sbin\/nologin$/m);
    expect(ok(inRoot(['id', '-nG', 'studio-box'])).trim().split(' ').sort()).toEqual(['dialout', 'gpio', 'studio-box', 'systemd-journal']);
    expect(readlinkSync(join(R, 'opt/studio-box/current'))).toBe(`releases/${version1}`);
    // Enabled by the real systemctl: its links, as systemd reads them at the next boot.
    expect(readlinkSync(join(R, 'etc/systemd/system/multi-user.target.wants/studio-box.service'))).toBe('/etc/systemd/system/studio-box.service');
    expect(readlinkSync(join(R, 'etc/systemd/system/sockets.target.wants/studio-box-helper.socket'))).toBe('/etc/systemd/system/studio-box-helper.socket');
    expect(lstatSync(join(R, 'etc/systemd/system/multi-user.target.wants/avahi-daemon.service')).isSymbolicLink()).toBe(true);
    // The unit as installed passes systemd's own check in the root it will run in.
    const verify = inRoot(['systemd-analyze', 'verify', '--man=no', '/etc/systemd/system/studio-box.service']);
    expect(verify.stderr).not.toMatch(/studio-box\.service:\d+:/);
    // The config as installed, checked by the installed CLI (it runs as the box's user).
    const cfg = ok(inRoot(['/usr/local/bin/studio-box', 'config']));
    expect(JSON.parse(cfg)).toMatchObject({ dataDir: '/var/lib/studio-box', http: { port: 80 } });
    const uid = Number(ok(inRoot(['id', '-u', 'studio-box'])).trim());
    expect(statSync(join(R, 'var/lib/studio-box')).uid).toBe(uid);
    expect((statSync(join(R, 'etc/studio-box/config.json')).mode & 0o777).toString(8)).toBe('640');
  }, 600_000);

  it('the daemon, started as the unit starts it, answers /api/health to the host; its data is the box user’s', async () => {
    const url = await timed('first start', startAsUnit);
    expect(new URL(url).hostname).toBe('127.0.0.1');
    expect((await health(url)).db.state).toBe('ok');
    await stopDaemon();
    const uid = Number(ok(inRoot(['id', '-u', 'studio-box'])).trim());
    expect(statSync(join(R, 'var/lib/studio-box/studio-box.db')).uid).toBe(uid);
    // A mark of this box's data, to find again after the upgrade and the uninstall.
    sql('CREATE TABLE ci_mark (v TEXT)');
    sql("INSERT INTO ci_mark VALUES ('kept')");
  }, 180_000);

  it('a second install.sh with a newer release upgrades in place: data and config kept, the new one answers', async () => {
    // The same release under a newer version number, as a person copies it into the box.
    const v2 = `${version1}-ci2`;
    ok(inRoot(['cp', '-a', `/root/studio-box-${version1}`, `/root/studio-box-${v2}`]));
    ok(inRoot(['sed', '-i', `s/^VERSION=.*/VERSION=${v2}/`, `/root/studio-box-${v2}/RELEASE`]));
    const config = join(R, 'etc/studio-box/config.json');
    writeFileSync(config, readFileSync(config, 'utf8').replace('"port": 80', '"port": 8088'));
    const r = await timed('upgrade', async () => inRoot(['bash', `/root/studio-box-${v2}/install.sh`, '--no-packages'], {}, 300_000));
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(readlinkSync(join(R, 'opt/studio-box/current'))).toBe(`releases/${v2}`);
    expect(existsSync(join(R, `opt/studio-box/releases/${version1}/dist/firmware/src/bin.cjs`))).toBe(true);
    expect(readFileSync(config, 'utf8')).toContain('"port": 8088');
    expect(ok(inRoot(['getent', 'passwd', 'studio-box'])).trim().split('\n')).toHaveLength(1);
    const url = await timed('second start', startAsUnit);
    expect((await health(url)).db.state).toBe('ok');
    await stopDaemon();
    expect(JSON.parse(sql('SELECT v FROM ci_mark'))).toEqual([{ v: 'kept' }]);
  }, 400_000);

  it('uninstall.sh removes the app, units, rules and links, and keeps the data, config and user', async () => {
    const r = await timed('uninstall', async () => inRoot(['bash', '/opt/studio-box/current/systemd/uninstall.sh']));
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    for (const gone of ['opt/studio-box', 'etc/systemd/system/studio-box.service', 'etc/systemd/system/studio-box-helper.socket', 'etc/udev/rules.d/60-studio-box.rules', 'etc/avahi/services/studio-box.service', 'usr/local/libexec/studio-box', 'usr/local/bin/studio-box']) {
      expect(existsSync(join(R, gone)), gone).toBe(false);
    }
    expect(existsSync(join(R, 'etc/systemd/system/multi-user.target.wants/studio-box.service'))).toBe(false);
    expect(() => lstatSync(join(R, 'etc/systemd/system/sockets.target.wants/studio-box-helper.socket'))).toThrow();
    expect(readFileSync(join(R, 'etc/studio-box/config.json'), 'utf8')).toContain('"port": 8088');
    ok(inRoot(['getent', 'passwd', 'studio-box']));
    // The database, read with the root's own tools now that the app is gone: the mark is there.
    const js = `const fs = require('fs'); process.stdout.write(String(fs.readFileSync('/var/lib/studio-box/studio-box.db').includes('kept')))`;
    expect(ok(inRoot(['node', '-e', js]))).toBe('true');
  }, 120_000);
});
