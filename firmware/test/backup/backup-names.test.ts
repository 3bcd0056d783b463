import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backupName, backupsToKeep, parseBackupName } from '../../src/backup/backup-names.js';

const at = (iso: string) => new Date(iso);

describe('backup names', () => {
  it('carry the UTC time and the schema version, and read back', () => {
    const n = backupName(at('2026-12-02T02:30:05.123Z'), 14);
    expect(n).toBe('studio-box-db-20261202-023005Z-v14.sqlite.gz');
    expect(parseBackupName(n)).toEqual({ at: at('2026-12-02T02:30:05Z'), schemaVersion: 14, encrypted: false });
    expect(parseBackupName(backupName(at('2026-12-02T02:30:05Z'), 14, true))).toEqual({ at: at('2026-12-02T02:30:05Z'), schemaVersion: 14, encrypted: true });
    expect(backupName(at('2026-12-02T02:30:05Z'), 14, true)).toBe('studio-box-db-20261202-023005Z-v14.sqlite.gz.enc');
  });
  it.each(['studio-box-db-20261302-023005Z-v14.sqlite.gz', 'studio-box-db-20260230-000000Z-v1.sqlite.gz', 'x.sqlite.gz', 'studio-box-db-20261202-023005Z-v14.sqlite', '../studio-box-db-20261202-023005Z-v14.sqlite.gz'])('refuses %s', (n) => {
    expect(parseBackupName(n)).toBeNull();
  });
  it('round-trips any time', () => {
    fc.assert(
      fc.property(fc.date({ min: at('2000-01-01T00:00:00Z'), max: at('2099-12-31T23:59:59Z'), noInvalidDate: true }), fc.integer({ min: 1, max: 9999 }), (d, v) => {
        const p = parseBackupName(backupName(d, v))!;
        expect(p.schemaVersion).toBe(v);
        expect(p.at.getTime()).toBe(Math.floor(d.getTime() / 1000) * 1000);
      }),
    );
  });
});

describe('which backups are kept', () => {
  const names = (isos: string[]) => isos.map((i) => backupName(at(i), 14));

  it('the newest of each of the last N days and M months, in the studio time zone', () => {
    const all = names([
      '2026-12-02T02:30:00Z', // Dec 2 (Shanghai 10:30)
      '2026-12-01T18:00:00Z', // Dec 2 in Shanghai (02:00): an older one of the same local day
      '2026-12-01T02:30:00Z', // Dec 1
      '2026-11-30T02:30:00Z', // Nov 30: newest of November
      '2026-11-29T02:30:00Z',
      '2026-10-31T02:30:00Z', // newest of October
      '2026-10-01T02:30:00Z',
      '2026-09-15T02:30:00Z', // newest of September: past 3 months
    ]);
    const keep = backupsToKeep(all, 2, 3, 'Asia/Shanghai');
    expect([...keep].sort()).toEqual(names(['2026-12-02T02:30:00Z', '2026-12-01T02:30:00Z', '2026-11-30T02:30:00Z', '2026-10-31T02:30:00Z']).sort());
    // In UTC, 18:00 on Dec 1 is the newest of Dec 1.
    expect(backupsToKeep(all, 2, 0, 'UTC')).toEqual(new Set(names(['2026-12-02T02:30:00Z', '2026-12-01T18:00:00Z'])));
  });

  it('always keeps the newest, never keeps more than N + M, and ignores other files', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 400 * 24 }), { maxLength: 60 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 5 }), (hours, daily, monthly) => {
        const all = hours.map((h) => backupName(new Date(Date.UTC(2026, 0, 1) + h * 3_600_000), 3));
        const keep = backupsToKeep([...all, 'notes.txt'], daily, monthly, 'Asia/Ho_Chi_Minh');
        expect(keep.has('notes.txt')).toBe(false);
        expect(keep.size).toBeLessThanOrEqual(daily + monthly);
        if (all.length) expect(keep.has([...all].sort().at(-1)!)).toBe(true);
      }),
    );
  });
});
