// The automatic messages' schedule (care/care-schedule.ts): node-cron at the start of every hour
// on the studio's clock, and once at start (what a stopped box missed today). Vitest's fake
// timers move Date and setTimeout together.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CareSchedule } from '../../src/care/care-schedule.js';
import { silentLog } from '../ingest/engine-helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

function scheduleIn(zone: { tz: string }) {
  const runs: string[] = [];
  const s = new CareSchedule({ timeZone: () => zone.tz, log: silentLog, run: () => runs.push(new Date().toISOString()), zoneCheckMs: 60_000 });
  return { s, runs };
}

describe('the automatic messages\' schedule', () => {
  it('runs once at start (not once per missed hour), then at every full hour in a half-hour zone', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-02T04:37:00Z') }); // 10:07 in Kolkata (UTC+5:30)
    const { s, runs } = scheduleIn({ tz: 'Asia/Kolkata' });
    s.start();
    expect(runs).toEqual(['2026-12-02T04:37:00.000Z']);
    expect(s.nextRun()?.toISOString()).toBe('2026-12-02T05:30:00.000Z'); // 11:00 Kolkata
    await vi.advanceTimersByTimeAsync(3 * 3600_000);
    await s.stop();
    expect(runs).toEqual(['2026-12-02T04:37:00.000Z', '2026-12-02T05:30:00.000Z', '2026-12-02T06:30:00.000Z', '2026-12-02T07:30:00.000Z']);
    await vi.advanceTimersByTimeAsync(2 * 3600_000);
    expect(runs).toHaveLength(4); // stopped: nothing more
  });

  it('follows a change of the studio\'s zone within a minute; a failing run is logged, the next still comes', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-02T04:10:00Z') });
    const zone = { tz: 'Asia/Shanghai' };
    let fail = true;
    const runs: string[] = [];
    const s = new CareSchedule({
      timeZone: () => zone.tz, log: silentLog, zoneCheckMs: 60_000,
      run: () => {
        runs.push(new Date().toISOString());
        if (fail) throw new Error('database busy');
      },
    });
    expect(() => s.start()).not.toThrow();
    fail = false;
    zone.tz = 'Asia/Kolkata';
    await vi.advanceTimersByTimeAsync(61_000);
    expect(s.nextRun()?.toISOString()).toBe('2026-12-02T04:30:00.000Z');
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    await s.stop();
    expect(runs).toEqual(['2026-12-02T04:10:00.000Z', '2026-12-02T04:30:00.000Z']);
  });
});
