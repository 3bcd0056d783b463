// image-build/read-only-root.sh in a folder instead of a Pi (--root): what can be tested off the
// Pi is what it writes and asks for. The overlay itself (raspi-config's, at boot) needs a Pi.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root as repo } from '../helpers/cli-daemon.js';
import { fakeSystem } from './fake-system.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-ro-root-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function pi(disk: string | null) {
  const work = mkdtempSync(join(scratch, 'pi-'));
  const root = join(work, 'root');
  const sys = fakeSystem(work, root);
  for (const name of ['raspi-config', 'mountpoint']) {
    writeFileSync(join(sys.bin, name), `#!/bin/bash\necho "${name} $*" >>'${join(work, 'calls.log')}'\n${name === 'mountpoint' ? 'exit 1' : ''}\n`);
    chmodSync(join(sys.bin, name), 0o755);
  }
  // blkid -L LABEL: the data disk's device, or nothing.
  writeFileSync(join(sys.bin, 'blkid'), `#!/bin/bash\necho "blkid $*" >>'${join(work, 'calls.log')}'\n${disk ? `[ "$2" = SB-LIBRARY ] && echo ${disk}` : ''}\nexit 0\n`);
  mkdirSync(join(root, 'etc'), { recursive: true });
  mkdirSync(join(root, 'var/lib/studio-box'), { recursive: true });
  writeFileSync(join(root, 'etc/fstab'), 'proc /proc proc defaults 0 0\n');
  writeFileSync(join(root, 'var/lib/studio-box/studio-box.db'), 'the studio’s data');
  const run = (...args: string[]) =>
    spawnSync('bash', [join(repo, 'image-build/read-only-root.sh'), ...args, '--root', root], { encoding: 'utf8', env: { PATH: `${sys.bin}:${process.env.PATH}` } });
  return { root, sys, run };
}

describe('read-only-root.sh', () => {
  it('enable: the data copied to the labelled disk once, two fstab lines once, the overlay asked of raspi-config', () => {
    const p = pi('/dev/sda1');
    expect(p.run('status').stdout).toBe('overlay: off\ndata: /var/lib/studio-box on the root filesystem\n');
    const r = p.run('enable');
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(p.root, 'srv/studio-box/library/.studio-box/var-lib/studio-box.db'), 'utf8')).toBe('the studio’s data');
    const fstab = readFileSync(join(p.root, 'etc/fstab'), 'utf8');
    expect(fstab).toBe(
      'proc /proc proc defaults 0 0\n# studio-box: data on the data disk (read-only root)\n' +
        'LABEL=SB-LIBRARY /srv/studio-box/library auto defaults,nofail,noatime,x-systemd.device-timeout=30s 0 2\n' +
        '/srv/studio-box/library/.studio-box/var-lib /var/lib/studio-box none bind,x-systemd.requires-mounts-for=/srv/studio-box/library 0 0\n',
    );
    const calls = p.sys.calls();
    expect(calls).toContain(`mount /dev/sda1 ${p.root}/srv/studio-box/library`);
    expect(calls).toContain('systemctl stop studio-box.service');
    expect(calls.at(-1)).toBe('raspi-config nonint do_overlayfs 0');
    // Again (a second enable after a disable): nothing doubled, the data on the disk kept.
    writeFileSync(join(p.root, 'srv/studio-box/library/.studio-box/var-lib/studio-box.db'), 'newer, on the disk');
    expect(p.run('enable').status).toBe(0);
    expect(readFileSync(join(p.root, 'etc/fstab'), 'utf8')).toBe(fstab);
    expect(readFileSync(join(p.root, 'srv/studio-box/library/.studio-box/var-lib/studio-box.db'), 'utf8')).toBe('newer, on the disk');
    expect(p.run('status').stdout).toBe('overlay: off\ndata: /var/lib/studio-box on the disk labelled SB-LIBRARY\n');
    mkdirSync(join(p.root, 'boot/firmware'), { recursive: true });
    writeFileSync(join(p.root, 'boot/firmware/cmdline.txt'), 'boot=overlay console=tty1 root=PARTUUID=1-02\n');
    expect(p.run('status').stdout).toMatch(/^overlay: on \(root read-only\)\n/);
    expect(p.run('disable').status).toBe(0);
    expect(p.sys.calls().at(-1)).toBe('raspi-config nonint do_overlayfs 1');
  });

  it('enable without the data disk, or with a label that is not one, changes nothing', () => {
    const p = pi(null);
    const r = p.run('enable');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no disk labelled SB-LIBRARY: plug in the data disk/);
    expect(readFileSync(join(p.root, 'etc/fstab'), 'utf8')).toBe('proc /proc proc defaults 0 0\n');
    expect(p.sys.calls().some((c) => c.startsWith('raspi-config') || c.startsWith('mount'))).toBe(false);
    expect(p.run('enable', '--label', 'x; rm -rf /').stderr).toMatch(/not a filesystem label/);
  });
});
