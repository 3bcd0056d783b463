// The appliance's files as systemd, sudo and shellcheck see them, and the root helper's checks:
// every argument the daemon passes to root is refused unless it is exactly what it may be.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root as repo } from '../helpers/cli-daemon.js';
import { waitFor } from '../helpers/wait-for.js';
import { fakeSystem } from './fake-system.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-units-'));
const FIRSTBOOT = 'image-build/stage-studio-box/00-studio-box/files';
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const shellScripts = () => [
  ...['install.sh', 'uninstall.sh', 'libexec/root-helper', 'libexec/apply-update', 'libexec/studio-box', 'libexec/helper-serve'].map((f) => join(repo, 'systemd', f)),
  join(repo, FIRSTBOOT, 'studio-box-firstboot'),
  ...readdirSync(join(repo, 'image-build'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.sh'))
    .map((f) => join(repo, 'image-build', f)),
];

describe('unit and scripts', () => {
  it('systemd-analyze verify accepts studio-box.service', () => {
    const r = spawnSync('systemd-analyze', ['verify', join(repo, 'systemd/studio-box.service')], { encoding: 'utf8' });
    expect(r.error, 'systemd-analyze is needed (apt-get install systemd)').toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const unit = readFileSync(join(repo, 'systemd/studio-box.service'), 'utf8');
    for (const line of ['Type=notify', 'WatchdogSec=30', 'Restart=always', 'ProtectSystem=strict', 'PrivateTmp=yes', 'RestartPreventExitStatus=78']) {
      expect(unit).toContain(`\n${line}\n`);
    }
  });

  it('systemd-analyze verify accepts the image’s first-boot unit', () => {
    // Verified as on the image: its script where the unit expects it does not exist here.
    const unit = join(scratch, 'studio-box-firstboot.service');
    writeFileSync(unit, readFileSync(join(repo, FIRSTBOOT, 'studio-box-firstboot.service'), 'utf8').replace('/usr/local/libexec/studio-box-firstboot', join(repo, FIRSTBOOT, 'studio-box-firstboot')));
    const r = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('starts the daemon through bin.cjs, which sizes the thread pool; the unit sets no size of its own', () => {
    const unit = readFileSync(join(repo, 'systemd/studio-box.service'), 'utf8');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node --max-semi-space-size=2 \/opt\/studio-box\/current\/dist\/firmware\/src\/bin\.cjs serve --config \/etc\/studio-box\/config\.json$/m);
    expect(unit).not.toMatch(/UV_THREADPOOL_SIZE/);
    expect(readFileSync(join(repo, 'firmware/src/bin.cts'), 'utf8')).toContain("process.env.UV_THREADPOOL_SIZE ||= '16'");
  });

  it('systemd-analyze verify accepts the root helper’s socket and its per-request service; the daemon has no way to new privileges', () => {
    // Verified as installed, with the helper's script where the service expects it.
    const dir = mkdtempSync(join(scratch, 'helper-units-'));
    writeFileSync(join(dir, 'studio-box-helper@.service'), readFileSync(join(repo, 'systemd/studio-box-helper@.service'), 'utf8').replace('/usr/local/libexec/studio-box/helper-serve', join(repo, 'systemd/libexec/helper-serve')));
    writeFileSync(join(dir, 'studio-box-helper.socket'), readFileSync(join(repo, 'systemd/studio-box-helper.socket'), 'utf8'));
    const r = spawnSync('systemd-analyze', ['verify', join(dir, 'studio-box-helper.socket')], { encoding: 'utf8', cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const socket = readFileSync(join(repo, 'systemd/studio-box-helper.socket'), 'utf8');
    for (const line of ['SocketUser=root', 'SocketGroup=studio-box', 'SocketMode=0660', 'Accept=yes']) expect(socket).toContain(`\n${line}\n`);
    const unit = readFileSync(join(repo, 'systemd/studio-box.service'), 'utf8');
    for (const line of ['NoNewPrivileges=yes', 'RestrictSUIDSGID=yes', 'CapabilityBoundingSet=CAP_NET_BIND_SERVICE', 'ProtectSystem=strict', 'PrivateTmp=yes']) expect(unit).toContain(`\n${line}\n`);
    // Nothing the daemon runs as root goes through sudo any more.
    expect(readFileSync(join(repo, 'systemd/config.pi.json'), 'utf8')).not.toContain('sudo');
  });

  it('every shell script passes shellcheck', () => {
    const r = spawnSync('shellcheck', ['--severity=style', ...shellScripts()], { encoding: 'utf8' });
    expect(r.error, 'shellcheck is needed (apt-get install shellcheck; .ci/run installs it)').toBeUndefined();
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('root-helper', () => {
  const work = mkdtempSync(join(scratch, 'helper-'));
  const sys = fakeSystem(work, join(work, 'root'));
  const dev = join(work, 'dev');
  const cards = join(work, 'run/cards');
  const disks = join(work, 'srv');
  const updates = join(work, 'updates');
  const etc = join(work, 'etc');
  for (const d of [dev, cards, join(disks, 'library'), join(disks, 'backup'), updates, etc]) mkdirSync(d, { recursive: true });
  execFileSync('mknod', [join(dev, 'sdb1'), 'b', '7', '250']);
  execFileSync('mknod', [join(dev, 'sdb'), 'b', '7', '251']);
  writeFileSync(join(dev, 'sdc1'), 'not a device');
  writeFileSync(join(etc, 'hosts'), '127.0.0.1\tlocalhost\n127.0.1.1\traspberrypi\n');
  const helperEnv = {
    STUDIO_BOX_TEST_PATH: `${sys.bin}:${process.env.PATH}`, STUDIO_BOX_DEV: dev, STUDIO_BOX_CARD_BASE: cards,
    STUDIO_BOX_DISK_BASE: disks, STUDIO_BOX_UPDATE_DIR: updates, STUDIO_BOX_ETC: etc, STUDIO_BOX_LIBEXEC: '/usr/local/libexec/studio-box',
  };
  const helper = (...args: string[]) => spawnSync('bash', [join(repo, 'systemd/libexec/root-helper'), ...args], { encoding: 'utf8', env: helperEnv });
  const refused = (args: string[], why: RegExp) => {
    const before = sys.calls().length;
    const r = helper(...args);
    expect(r.status, args.join(' ')).toBe(2);
    expect(r.stderr).toMatch(why);
    expect(sys.calls().slice(before)).toEqual([]);
  };

  it('mounts a card read-only, standing in the checked folder', () => {
    mkdirSync(join(cards, 'sdb1'));
    const r = helper('mount-card', join(dev, 'sdb1'), join(cards, 'sdb1'), 'exfat');
    expect(r.status, r.stderr).toBe(0);
    expect(sys.calls().at(-1)).toBe(`mount --no-canonicalize -t exfat -o ro,nosuid,nodev,noexec ${join(dev, 'sdb1')} .`);
    expect(helper('mount-card', join(dev, 'sdb1'), join(cards, 'sdb1'), 'ntfs').status).toBe(0);
    expect(sys.calls().at(-1)).toContain('-t ntfs3 -o ro,');
  });

  it('refuses devices, mount points and filesystems that are not a card’s', () => {
    mkdirSync(join(cards, 'ok'), { recursive: true });
    refused(['mount-card', '/etc/passwd', join(cards, 'ok'), 'vfat'], /not a card or disk device/);
    refused(['mount-card', join(dev, 'sda'), join(cards, 'ok'), 'vfat'], /no such block device/);
    refused(['mount-card', join(dev, 'sdc1'), join(cards, 'ok'), 'vfat'], /no such block device/);
    refused(['mount-card', join(dev, 'sdb1'), '/etc', 'vfat'], /not under/);
    refused(['mount-card', join(dev, 'sdb1'), `${cards}/../../etc`, 'vfat'], /bad mount point name/);
    refused(['mount-card', join(dev, 'sdb1'), join(cards, 'missing'), 'vfat'], /not a folder/);
    symlinkSync(etc, join(cards, 'sneaky'));
    refused(['mount-card', join(dev, 'sdb1'), join(cards, 'sneaky'), 'vfat'], /not a folder/);
    refused(['mount-card', join(dev, 'sdb1'), join(cards, 'ok'), 'ext4'], /not a card filesystem/);
    refused(['mount-card', join(dev, 'sdb1'), join(cards, 'ok'), 'vfat', '-o'], /usage/);
    refused(['mount-disk', join(dev, 'sdb1'), join(disks, 'elsewhere')], /not a disk mount point/);
    refused(['unmount', '/'], /not a mount point of the box/);
    refused(['rm', '-rf', '/'], /unknown command 'rm'/);
  });

  it('sets the box name for NAME.local, and refuses a name a phone could not resolve', () => {
    const r = helper('set-hostname', 'studio-2');
    expect(r.status, r.stderr).toBe(0);
    expect(sys.calls().slice(-2)).toEqual(['hostnamectl set-hostname studio-2', 'avahi-set-host-name studio-2']);
    expect(readFileSync(join(etc, 'hosts'), 'utf8')).toBe('127.0.0.1\tlocalhost\n127.0.1.1\tstudio-2\n');
    for (const bad of ['Studio', 'studio_box', '-studio', 'studio-', 'a'.repeat(64), 'x.local', '', 'a b']) {
      refused(['set-hostname', bad], /a box name is 1-63 of a-z/);
    }
  });

  it('hands an uploaded release to apply-update outside the daemon’s unit; nothing else', () => {
    const file = join(updates, 'studio-box-1.2.0-linux-arm64.tar.gz');
    writeFileSync(file, 'tarball');
    const r = helper('update', file);
    expect(r.status, r.stderr).toBe(0);
    expect(sys.calls().at(-1)).toBe(`systemd-run --unit=studio-box-update --collect --quiet --property=Type=oneshot --no-block /usr/local/libexec/studio-box/apply-update ${file}`);
    refused(['update', '/etc/shadow'], /not an uploaded release/);
    refused(['update', `${updates}/../studio-box-1.tar.gz`], /not an uploaded release/);
    refused(['update', join(updates, 'studio-box-9.tar.gz')], /no such release file/);
  });

  it('answers over its socket as if run directly: output, errors and exit code (libexec/helper, helper-serve)', async () => {
    // socat stands in for systemd's Accept=yes socket: one helper-serve per connection.
    const sock = join(work, 'helper.sock');
    const server = spawn('socat', ['-t', '30', `UNIX-LISTEN:${sock},fork`, `EXEC:${join(repo, 'systemd/libexec/helper-serve')}`], {
      env: { ...helperEnv, STUDIO_BOX_LIBEXEC: join(repo, 'systemd/libexec') },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => server.once('exit', resolve));
    try {
      await waitFor(() => existsSync(sock), 'the socket listening');
      const client = (socket: string, ...args: string[]) =>
        spawnSync(process.execPath, [join(repo, 'systemd/libexec/helper.cjs'), ...args], { encoding: 'utf8', env: { STUDIO_BOX_HELPER_SOCKET: socket } });
      const ok = client(sock, 'set-hostname', 'studio-3');
      expect(ok.status, ok.stderr).toBe(0);
      expect(sys.calls().slice(-2)).toEqual(['hostnamectl set-hostname studio-3', 'avahi-set-host-name studio-3']);
      // An argument with a space arrives as one argument, and is refused as the helper refuses it.
      const bad = client(sock, 'set-hostname', 'a b');
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/^root-helper: a box name is 1-63 of a-z.*: a b\n$/);
      expect(client(sock, 'smart', join(dev, 'sdb')).status).toBe(0);
      expect(sys.calls().at(-1)).toBe(`smartctl -H -A --json -- ${join(dev, 'sdb')}`);
      const nobody = client(join(work, 'missing.sock'), 'poweroff');
      expect(nobody.status).toBe(2);
      expect(nobody.stderr).toMatch(/^helper: .*missing\.sock: connect ENOENT/);
    } finally {
      server.kill('SIGTERM');
      await exited;
    }
  });

  it('reads a whole disk’s SMART health as JSON, passing smartctl’s exit code on; nothing else', () => {
    const r = helper('smart', join(dev, 'sdb'));
    expect(r.status, r.stderr).toBe(0);
    expect(sys.calls().at(-1)).toBe(`smartctl -H -A --json -- ${join(dev, 'sdb')}`);
    refused(['smart', join(dev, 'sdb1')], /not a whole disk/);
    refused(['smart', '/etc/passwd'], /not a whole disk/);
    refused(['smart', join(dev, 'sdc')], /no such block device/);
    refused(['smart', join(dev, 'sdb'), '-s', 'off'], /usage/);
  });
});

describe('the image’s first boot', () => {
  const firstBoot = (answer: string | null, serial: string) => {
    const work = mkdtempSync(join(scratch, 'firstboot-'));
    const sys = fakeSystem(work, join(work, 'root'));
    const resolve = join(sys.bin, 'avahi-resolve');
    writeFileSync(resolve, `#!/bin/bash\necho "avahi-resolve $*" >>'${join(work, 'calls.log')}'\n${answer === null ? 'echo "Failed to resolve host name" >&2; exit 1' : `echo "studio-box.local\t${answer}"`}\n`);
    chmodSync(resolve, 0o755);
    const helper = join(sys.bin, 'root-helper');
    writeFileSync(helper, `#!/bin/bash\necho "root-helper $*" >>'${join(work, 'calls.log')}'\n`);
    chmodSync(helper, 0o755);
    writeFileSync(join(work, 'serial'), `${serial}\0`);
    const r = spawnSync('bash', [join(repo, FIRSTBOOT, 'studio-box-firstboot')], {
      encoding: 'utf8',
      env: { STUDIO_BOX_TEST_PATH: `${sys.bin}:${process.env.PATH}`, STUDIO_BOX_HELPER: helper, STUDIO_BOX_SERIAL_FILE: join(work, 'serial'), STUDIO_BOX_DONE: join(work, 'done') },
    });
    return { r, calls: sys.calls(), done: readFileSync(join(work, 'done'), 'utf8').trim() };
  };

  it('names the box studio-box when no other box answers to studio-box.local', () => {
    const b = firstBoot(null, '10000000a1b2c3d4');
    expect(b.r.status, b.r.stderr).toBe(0);
    expect(b.calls).toContain('root-helper set-hostname studio-box');
    expect(b.done).toBe('studio-box');
  });

  it('takes studio-box-<last 4 of the serial> when another box already is studio-box.local', () => {
    const b = firstBoot('192.168.1.20', '10000000A1B2C3D4');
    expect(b.r.status, b.r.stderr).toBe(0);
    expect(b.calls).toContain('root-helper set-hostname studio-box-c3d4');
    expect(b.r.stdout).toContain('http://studio-box-c3d4.local/');
  });
});
