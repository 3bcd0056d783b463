import { describe, expect, it } from 'vitest';
import type { DiskHealth } from '../../src/api-types.js';
import { DEFAULT_LOW_SPACE_WARN_BYTES, formatBytes, ingestPreflight, spaceNeeded, type PreflightInput } from '../../src/ingest/card/preflight.js';

const GB = 1000 ** 3;
const MiB = 1024 ** 2;
const WARN = 20 * GB;

function disk(role: 'library' | 'backup', over: Partial<DiskHealth> = {}): DiskHealth {
  return {
    role,
    path: `/srv/${role}`,
    state: 'ok',
    freeBytes: 1000 * GB,
    totalBytes: 2000 * GB,
    error: null,
    reason: null,
    uuid: role === 'library' ? 'aaaa-1111' : 'bbbb-2222',
    label: null,
    device: role === 'library' ? '/dev/sda1' : '/dev/sdb1',
    fsType: 'ext4',
    ...over,
  };
}
const gone = (role: 'library' | 'backup'): DiskHealth => disk(role, { state: 'down', reason: 'not-connected', error: 'no disk with UUID x is connected', freeBytes: null, totalBytes: null });
const readOnly = (role: 'library' | 'backup'): DiskHealth => disk(role, { state: 'down', reason: 'read-only', error: 'mounted read-only', freeBytes: null, totalBytes: null });

const run = (over: Partial<PreflightInput>) =>
  ingestPreflight({ library: disk('library'), backup: disk('backup'), cardBytes: 30 * GB, adminOverride: false, lowSpaceWarnBytes: WARN, ...over });
const codes = (r: { blockers: { code: string }[]; warnings: { code: string }[] }) => ({ blockers: r.blockers.map((b) => b.code), warnings: r.warnings.map((w) => w.code) });

describe('spaceNeeded', () => {
  it('is the card plus 1 %, at least 64 MiB; nothing for nothing', () => {
    expect(spaceNeeded(0)).toBe(0);
    expect(spaceNeeded(1)).toBe(1 + 64 * MiB);
    expect(spaceNeeded(1000 * MiB)).toBe(1000 * MiB + 64 * MiB);
    expect(spaceNeeded(64 * GB)).toBe(64 * GB + 640_000_000);
    expect(spaceNeeded(101)).toBe(101 + 64 * MiB);
  });
});

describe('ingestPreflight', () => {
  it('both disks fine with room to spare: go, to both', () => {
    const r = run({});
    expect(r).toEqual({ ok: true, blockers: [], warnings: [], useBackup: true, needBytes: spaceNeeded(30 * GB) });
  });

  it('the library missing: refused, and an admin override does not change that', () => {
    for (const adminOverride of [false, true]) {
      const r = run({ library: gone('library'), adminOverride });
      expect(r.ok).toBe(false);
      expect(codes(r).blockers).toEqual(['library-missing']);
      expect(r.blockers[0]!.message).toBe('the library disk is not available: no disk with UUID x is connected');
    }
    expect(codes(run({ library: null })).blockers).toEqual(['library-missing']);
    expect(run({ library: null }).blockers[0]!.message).toBe('the library disk is not configured');
  });

  it('the backup missing: refused unless an admin overrides, then library only with a warning', () => {
    const refused = run({ backup: gone('backup') });
    expect(codes(refused)).toEqual({ blockers: ['backup-missing'], warnings: [] });
    expect(refused.ok).toBe(false);
    const overridden = run({ backup: gone('backup'), adminOverride: true });
    expect(overridden.ok).toBe(true);
    expect(overridden.useBackup).toBe(false);
    expect(codes(overridden)).toEqual({ blockers: [], warnings: ['backup-skipped'] });
    expect(overridden.warnings[0]!.message).toBe('copying to the library only, an admin accepted it: the backup disk is not available: no disk with UUID x is connected');
    expect(run({ backup: null, adminOverride: true }).useBackup).toBe(false);
  });

  it('an override when the backup is fine changes nothing', () => {
    expect(run({ adminOverride: true })).toEqual(run({}));
  });

  it('read-only disks are named as such', () => {
    expect(codes(run({ library: readOnly('library') })).blockers).toEqual(['library-read-only']);
    expect(codes(run({ backup: readOnly('backup') })).blockers).toEqual(['backup-read-only']);
    expect(codes(run({ backup: readOnly('backup'), adminOverride: true }))).toEqual({ blockers: [], warnings: ['backup-skipped'] });
  });

  it('a card that does not fit is refused; exactly fitting is allowed (with the low-space warning)', () => {
    const need = spaceNeeded(30 * GB);
    const exact = run({ library: disk('library', { freeBytes: need }) });
    expect(exact.ok).toBe(true);
    expect(codes(exact).warnings).toEqual(['library-low-space']);
    const short = run({ library: disk('library', { freeBytes: need - 1 }) });
    expect(codes(short).blockers).toEqual(['library-full']);
    expect(short.blockers[0]!.message).toBe('the card does not fit on the library disk: it needs 30.3 GB, 30.3 GB is free');
    expect(codes(run({ backup: disk('backup', { freeBytes: need - 1 }) })).blockers).toEqual(['backup-full']);
    expect(codes(run({ backup: disk('backup', { freeBytes: need - 1 }), adminOverride: true }))).toEqual({ blockers: [], warnings: ['backup-skipped'] });
  });

  it('warns when less than the threshold would be left, not at the threshold', () => {
    const need = spaceNeeded(30 * GB);
    expect(codes(run({ library: disk('library', { freeBytes: need + WARN }) })).warnings).toEqual([]);
    const low = run({ library: disk('library', { freeBytes: need + WARN - 1 }), backup: disk('backup', { freeBytes: need + 5 * GB }) });
    expect(low.ok).toBe(true);
    expect(codes(low).warnings).toEqual(['library-low-space', 'backup-low-space']);
    expect(low.warnings[1]!.message).toBe('the backup disk will have 5.0 GB free after this card (warning below 20.0 GB)');
  });

  it('the default threshold is one 32 GiB card', () => {
    const need = spaceNeeded(GB);
    const at = (free: number) => codes(ingestPreflight({ library: disk('library', { freeBytes: free }), backup: disk('backup'), cardBytes: GB, adminOverride: false })).warnings;
    expect(DEFAULT_LOW_SPACE_WARN_BYTES).toBe(32 * 1024 ** 3);
    expect(at(need + DEFAULT_LOW_SPACE_WARN_BYTES)).toEqual([]);
    expect(at(need + DEFAULT_LOW_SPACE_WARN_BYTES - 1)).toEqual(['library-low-space']);
  });

  it('unknown free space and degraded disks warn, they do not block', () => {
    const r = run({ library: disk('library', { freeBytes: null }), backup: disk('backup', { state: 'degraded', error: 'SMART: reallocated sectors' }) });
    expect(r.ok).toBe(true);
    expect(codes(r).warnings).toEqual(['library-space-unknown', 'backup-degraded']);
    expect(r.warnings[1]!.message).toBe('the backup disk reports a problem: SMART: reallocated sectors');
  });

  it('the laptop stand-ins (simulated) count as usable', () => {
    expect(run({ library: disk('library', { state: 'simulated' }), backup: disk('backup', { state: 'simulated' }) }).ok).toBe(true);
  });

  it('a backup on the same disk as the library is no backup', () => {
    for (const same of [{ uuid: 'AAAA-1111' }, { device: '/dev/sda1', uuid: null }, { path: '/srv/library', uuid: null, device: null }]) {
      const r = run({ backup: disk('backup', same) });
      expect(codes(r).blockers).toEqual(['same-disk']);
      expect(codes(run({ backup: disk('backup', same), adminOverride: true }))).toEqual({ blockers: [], warnings: ['backup-skipped'] });
    }
  });

  it('an empty card passes even on a nearly full disk; a nonsense size is refused', () => {
    expect(run({ cardBytes: 0, library: disk('library', { freeBytes: 0 }), backup: disk('backup', { freeBytes: 0 }) }).ok).toBe(true);
    for (const bad of [-1, Number.NaN, 1.5, Number.POSITIVE_INFINITY]) {
      const r = run({ cardBytes: bad });
      expect(codes(r)).toEqual({ blockers: ['invalid-card-size'], warnings: [] });
      expect(r.ok).toBe(false);
    }
  });

  it('reports every problem at once, library first', () => {
    const r = run({ library: disk('library', { freeBytes: GB }), backup: readOnly('backup') });
    expect(codes(r).blockers).toEqual(['library-full', 'backup-read-only']);
  });

  // Every kind of disk state against every other, with and without override: the rules hold.
  it('holds its rules across all combinations', () => {
    const need = spaceNeeded(30 * GB);
    const kinds = (role: 'library' | 'backup'): [string, DiskHealth | null][] => [
      ['absent', null],
      ['gone', gone(role)],
      ['read-only', readOnly(role)],
      ['not-mounted', disk(role, { state: 'down', reason: 'not-mounted', error: 'x', freeBytes: null })],
      ['degraded', disk(role, { state: 'degraded', error: 'x' })],
      ['roomy', disk(role)],
      ['low', disk(role, { freeBytes: need + 1 })],
      ['full', disk(role, { freeBytes: need - 1 })],
      ['unknown', disk(role, { freeBytes: null })],
    ];
    const unusable = new Set(['absent', 'gone', 'read-only', 'not-mounted', 'full']);
    let cases = 0;
    for (const [lk, library] of kinds('library')) {
      for (const [bk, backup] of kinds('backup')) {
        for (const adminOverride of [false, true]) {
          const r = ingestPreflight({ library, backup, cardBytes: 30 * GB, adminOverride, lowSpaceWarnBytes: WARN });
          const where = `${lk}/${bk}/${adminOverride}`;
          expect(r.ok, where).toBe(r.blockers.length === 0);
          expect(r.ok, where).toBe(!unusable.has(lk) && (adminOverride || !unusable.has(bk)));
          expect(r.blockers.some((b) => b.role === 'library'), where).toBe(unusable.has(lk));
          expect(r.useBackup, where).toBe(!unusable.has(bk));
          expect(r.warnings.some((w) => w.code === 'backup-skipped'), where).toBe(adminOverride && unusable.has(bk));
          if (adminOverride) expect(r.blockers.filter((b) => b.role === 'backup'), where).toEqual([]);
          for (const i of [...r.blockers, ...r.warnings]) expect(i.message.length, where).toBeGreaterThan(10);
          cases++;
        }
      }
    }
    expect(cases).toBe(162);
  });
});

describe('formatBytes', () => {
  it('decimal units, one decimal', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.0 kB');
    expect(formatBytes(30.3 * GB)).toBe('30.3 GB');
    expect(formatBytes(4 * 1000 * GB)).toBe('4.0 TB');
  });
});
