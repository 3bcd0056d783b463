// `studio-box scrub` against the daemon's database: alone it reads the disks itself; beside a
// running daemon (another live process holds the ingest lock) it asks the daemon and follows.
import { spawn, type ChildProcess } from 'node:child_process';
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.js';
import { scrubCommand } from '../../src/cli/scrub-command.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Db } from '../../src/db/connection.js';
import { bootId } from '../../src/ingest/ingest-lock.js';
import { ScrubService } from '../../src/scrub/scrub-service.js';
import { addCustomer, auditDisks, Scratch, silentLog, testDb } from '../ingest/engine-helpers.js';
import { ingestCard, type StoredRow } from './scrub-helpers.js';

const scratch = new Scratch('sb-scrub-cli-');
afterAll(() => scratch.cleanup());

function capture() {
  const s = new PassThrough();
  let text = '';
  s.on('data', (d: Buffer) => (text += d.toString()));
  return { stream: s, text: () => text };
}

describe('studio-box scrub', () => {
  let config: Config;
  let db: Db;
  let rows: StoredRow[];
  let roots: { library: string; backup: string };
  let other: ChildProcess | null = null;

  beforeAll(async () => {
    const dataDir = scratch.folder('data');
    roots = { library: scratch.folder('library'), backup: scratch.folder('backup') };
    config = loadConfig({ env: { STUDIO_BOX_DATA_DIR: dataDir, STUDIO_BOX_DISKS__LIBRARY__PATH: roots.library, STUDIO_BOX_DISKS__BACKUP__PATH: roots.backup } });
    db = testDb(join(dataDir, 'studio-box.db'));
    const c = addCustomer(db, 'C000555', 'Phạm Thu');
    rows = await ingestCard(db, roots, c, scratch.folder('card'), 6);
  }, 60_000);
  afterAll(() => {
    other?.kill('SIGKILL');
    db?.close();
  });

  it('alone: reads both disks itself, repairs, prints the findings, exit 0', async () => {
    unlinkSync(join(roots.backup, rows[2]!.backup_path));
    const out = capture();
    const err = capture();
    const code = await scrubCommand({ customer: 'C000555' }, { config, stdout: out.stream, stderr: err.stream, log: silentLog });
    expect(err.text()).toBe('');
    expect(code).toBe(0);
    expect(out.text()).toContain(`repaired      backup  ${rows[2]!.backup_path}: backup copy is missing; written again from the library copy`);
    expect(out.text()).toMatch(/done: 6 files read on both disks; 1 copies repaired\./);
    expect(auditDisks(db, roots).problems).toEqual([]);
    // The lock was given back.
    expect(db.prepare('SELECT COUNT(*) AS n FROM ingest_owner').get()).toEqual({ n: 0 });
  });

  it('an unknown customer is a usage error', async () => {
    const err = capture();
    expect(await scrubCommand({ customer: 'C999999' }, { config, stdout: capture().stream, stderr: err.stream, log: silentLog })).toBe(2);
    expect(err.text()).toMatch(/customer C999999 not found/);
  });

  it('beside a running daemon: asks it (a requested run in the shared database) and follows the run to its end', async () => {
    // Another live process holds the ingest lock as the daemon does.
    other = spawn('sleep', ['60'], { stdio: 'ignore' });
    db.prepare(`INSERT INTO ingest_owner (id, pid, boot_id, what, since) VALUES (1, ?, ?, ?, ?)`).run(other.pid, bootId(), `studio-box daemon (pid ${other.pid})`, new Date().toISOString());
    // The "daemon": a scrub service on the same database that looks for requests.
    const daemon = new ScrubService({
      db, clock: () => new Date(), log: silentLog, audit: new AuditLog(db, () => new Date()),
      roots: { library: roots.library, backups: [roots.backup] }, disksReady: async () => null, readBytesPerSecond: () => 0, pollMs: 50,
    });
    daemon.start();
    try {
      const bad = join(roots.library, rows[4]!.library_path);
      unlinkSync(bad);
      const out = capture();
      const code = await scrubCommand({}, { config, stdout: out.stream, stderr: capture().stream, log: silentLog, followMs: 50 });
      expect(out.text()).toMatch(/studio-box daemon \(pid \d+\) has the disks: asked it to scrub \(run \d+\)/);
      expect(out.text()).toContain(`repaired      library ${rows[4]!.library_path}`);
      expect(code).toBe(0);
      const last = db.prepare(`SELECT trigger, state FROM scrub_runs ORDER BY id DESC LIMIT 1`).get();
      expect(last).toEqual({ trigger: 'cli', state: 'done' });
    } finally {
      await daemon.stop();
    }
  });

  it('beside a shell ingest (which never scrubs): refused at once with who holds the disks', async () => {
    db.prepare(`UPDATE ingest_owner SET what = ?`).run(`studio-box ingest (shell, pid ${other!.pid})`);
    const err = capture();
    expect(await scrubCommand({}, { config, stdout: capture().stream, stderr: err.stream, log: silentLog })).toBe(75);
    expect(err.text()).toMatch(/ingest is in use by studio-box ingest \(shell/);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM scrub_runs WHERE state = 'requested'`).get()).toEqual({ n: 0 });
  });
});
