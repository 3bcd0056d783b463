// The module's restarts (issue 13.3) are counted the same in memory and in the database, and
// the database keeps them across a restart of the daemon (a new connection on the same file).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { MemoryRestartRecords, RestartLog, type RestartRecords } from '../../src/modem/restart-log.js';
import { SqliteRestartRecords } from '../../src/modem/restart-store.js';

const H = 3600_000;
const T0 = Date.parse('2026-12-01T08:00:00.000Z');
const at = (hours: number) => new Date(T0 + hours * H).toISOString();

function sqlite(): RestartRecords {
  const db = openDatabase(':memory:');
  migrate(db, migrations);
  return new SqliteRestartRecords(db);
}

describe.each([
  ['in memory', () => new MemoryRestartRecords()],
  ['in the database', sqlite],
])('RestartLog %s', (_name, make) => {
  it('counts every restart, shows those of the last 24 hours, the last one, and "frequent" from 3 in 24 hours', () => {
    const log = new RestartLog(make());
    expect(log.summary(new Date(T0))).toEqual({ last24h: [], total: 0, lastAt: null, lastSign: null, frequent: false });
    log.add({ at: at(0), sign: 'RDY' });
    log.add({ at: at(10), sign: 'echo of AT+CSQ' });
    expect(log.summary(new Date(T0 + 11 * H))).toEqual({ last24h: [at(0), at(10)], total: 2, lastAt: at(10), lastSign: 'echo of AT+CSQ', frequent: false });
    log.add({ at: at(20), sign: 'SMS Ready' });
    expect(log.summary(new Date(T0 + 21 * H))).toMatchObject({ total: 3, frequent: true });
    // A day later the first has left the window, the count stays.
    expect(log.summary(new Date(T0 + 25 * H))).toEqual({ last24h: [at(10), at(20)], total: 3, lastAt: at(20), lastSign: 'SMS Ready', frequent: false });
  });

  it('forgets restarts older than 30 days but keeps the newest, so the total and the last one stay', () => {
    const log = new RestartLog(make());
    for (let i = 0; i < 5; i++) log.add({ at: at(i), sign: 'RDY' });
    const later = 40 * 24;
    expect(log.summary(new Date(T0 + later * H))).toEqual({ last24h: [], total: 5, lastAt: at(4), lastSign: 'RDY', frequent: false });
    log.add({ at: at(later), sign: 'RDY' });
    expect(log.summary(new Date(T0 + (later + 1) * H))).toEqual({ last24h: [at(later)], total: 6, lastAt: at(later), lastSign: 'RDY', frequent: false });
  });
});

it('the database keeps them across a restart of the daemon', () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-box-restarts-'));
  try {
    const file = join(dir, 'box.db');
    const first = openDatabase(file);
    migrate(first, migrations);
    const log = new RestartLog(new SqliteRestartRecords(first));
    for (const h of [1, 2, 3]) log.add({ at: at(h), sign: 'RDY' });
    first.close();

    const second = openDatabase(file);
    migrate(second, migrations);
    const again = new RestartLog(new SqliteRestartRecords(second));
    expect(again.summary(new Date(T0 + 4 * H))).toEqual({ last24h: [at(1), at(2), at(3)], total: 3, lastAt: at(3), lastSign: 'RDY', frequent: true });
    second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
