// A real Samba server for the mirror's tests: smbd in the foreground (-F) on 127.0.0.1 and a
// random high port, with its own smb.conf, state folders, passdb and shares under a scratch
// folder. It serves two shares: `photos` (writable) and `locked` (read only); `small` is a
// 2 MB tmpfs when the test may mount (root), for "the share is full".
//
// smbd needs root (it switches to the logged-in user for each connection); CI runs as root.
// Elsewhere the tests that need it are skipped with the reason.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const SMB_USER = userInfo().username;
export const SMB_PASSWORD = 'Pass word 密码 mật khẩu!';

/** Why the smbd tests cannot run here; null when they can. */
export function smbdSkipReason(): string | null {
  for (const p of ['/usr/sbin/smbd', '/usr/bin/smbclient', '/usr/bin/pdbedit']) {
    if (!existsSync(p)) return `${p} is missing (apt-get install samba smbclient)`;
  }
  if (process.getuid?.() !== 0) return 'smbd must run as root (it changes to the logged-in user per connection); run the tests as root, as CI does';
  return null;
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

const answers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const c = createConnection({ host: '127.0.0.1', port });
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });

export class Smbd {
  readonly dir: string;
  readonly photos: string;
  readonly locked: string;
  readonly small: string;
  smallMounted = false;
  port = 0;
  private child: ChildProcess | null = null;
  private output = '';

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'sb-smbd-'));
    this.photos = join(this.dir, 'photos');
    this.locked = join(this.dir, 'locked');
    this.small = join(this.dir, 'small');
    for (const d of ['photos', 'locked', 'small', 'state', 'private', 'lock', 'cache', 'run', 'log']) mkdirSync(join(this.dir, d), { recursive: true });
  }

  private conf(): string {
    const d = this.dir;
    return `[global]
  server role = standalone server
  workgroup = STUDIO
  netbios name = STUDIOPC
  interfaces = 127.0.0.1
  bind interfaces only = yes
  smb ports = ${this.port}
  disable netbios = yes
  state directory = ${d}/state
  private dir = ${d}/private
  lock directory = ${d}/lock
  cache directory = ${d}/cache
  pid directory = ${d}/run
  ncalrpc dir = ${d}/run/ncalrpc
  log file = ${d}/log/log.%m
  log level = 1
  passdb backend = tdbsam:${d}/private/passdb.tdb
  map to guest = never
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
  unix charset = UTF-8
  server min protocol = SMB2
[photos]
  path = ${this.photos}
  read only = no
[locked]
  path = ${this.locked}
  read only = yes
[small]
  path = ${this.small}
  read only = no
`;
  }

  get confFile(): string {
    return join(this.dir, 'smb.conf');
  }

  async start(): Promise<void> {
    if (!this.port) {
      this.port = await freePort();
      writeFileSync(this.confFile, this.conf());
      const r = spawnSync('pdbedit', ['-s', this.confFile, '-a', '-u', SMB_USER, '-t'], { input: `${SMB_PASSWORD}\n${SMB_PASSWORD}\n`, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`pdbedit failed: ${r.stderr}${r.stdout}`);
    }
    this.output = '';
    const child = spawn('/usr/sbin/smbd', ['-s', this.confFile, '-F', '--no-process-group', '--debug-stdout'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    const until = Date.now() + 30_000;
    while (!(await answers(this.port))) {
      if (child.exitCode !== null) throw new Error(`smbd exited (${child.exitCode}): ${this.output}`);
      if (Date.now() > until) throw new Error(`smbd did not answer on ${this.port}: ${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Whether any process of our smbd's process group is still there. */
  private groupAlive(pgid: number): boolean {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Stops smbd with its helper and per-connection processes: they all are in the process group
   * smbd was started in (detached, and --no-process-group keeps them there), ended by its id.
   */
  async stop(): Promise<void> {
    const c = this.child;
    this.child = null;
    if (!c?.pid) return;
    const pgid = c.pid;
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {
      /* gone */
    }
    for (let i = 0; i < 150 && this.groupAlive(pgid); i++) {
      if (i === 30) process.kill(-pgid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 100));
    }
    for (let i = 0; i < 100 && (await answers(this.port)); i++) await new Promise((r) => setTimeout(r, 100));
    c.stdout?.destroy();
    c.stderr?.destroy();
  }

  /** A 2 MB tmpfs under the `small` share: writes past it fail with "disk full". */
  mountSmall(): boolean {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', this.small], { stdio: 'ignore' });
      this.smallMounted = true;
    } catch {
      this.smallMounted = false;
    }
    return this.smallMounted;
  }

  async cleanup(): Promise<void> {
    await this.stop();
    if (this.smallMounted) execFileSync('umount', [this.small], { stdio: 'ignore' });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
