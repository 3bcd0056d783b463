// The shared zoned cron (util/zoned-cron.ts): tasks run on the studio's clock, a change of the
// zone re-plans every task within one look, and stop ends them all. Vitest's fake timers move
// Date and setTimeout together.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ZonedCron } from '../../src/util/zoned-cron.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('a cron on the studio\'s clock', () => {
  it('plans every job in the zone, re-plans all of them when the zone changes, and stops', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-02T04:10:00Z') });
    const zone = { tz: 'Asia/Shanghai' }; // UTC+8: 12:10
    const runs: string[] = [];
    const planned: string[] = [];
    const c = new ZonedCron({
      timeZone: () => zone.tz,
      zoneCheckMs: 60_000,
      jobs: [
        { pattern: '0 * * * *', name: 'zc-hour', run: () => runs.push(`hour ${new Date().toISOString()}`) },
        { pattern: '0 13 * * *', name: 'zc-daily', run: () => runs.push(`daily ${new Date().toISOString()}`) },
      ],
      onPlanned: (tz) => planned.push(tz),
    });
    expect(c.nextRun()).toBeNull(); // not started
    c.start();
    expect(planned).toEqual(['Asia/Shanghai']);
    expect(c.nextRun(0)?.toISOString()).toBe('2026-12-02T05:00:00.000Z');
    expect(c.nextRun(1)?.toISOString()).toBe('2026-12-02T05:00:00.000Z'); // 13:00 Shanghai

    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(planned).toEqual(['Asia/Shanghai']); // same zone: no re-plan
    zone.tz = 'Asia/Kolkata'; // UTC+5:30: 09:45
    await vi.advanceTimersByTimeAsync(61_000);
    expect(planned).toEqual(['Asia/Shanghai', 'Asia/Kolkata']);
    expect(c.nextRun(0)?.toISOString()).toBe('2026-12-02T04:30:00.000Z');
    expect(c.nextRun(1)?.toISOString()).toBe('2026-12-02T07:30:00.000Z'); // 13:00 Kolkata

    await vi.advanceTimersByTimeAsync(3 * 3600_000); // to 07:16 UTC
    await c.stop();
    expect(runs).toEqual(['hour 2026-12-02T04:30:00.000Z', 'hour 2026-12-02T05:30:00.000Z', 'hour 2026-12-02T06:30:00.000Z']);
    expect(c.nextRun()).toBeNull();
    await vi.advanceTimersByTimeAsync(3 * 3600_000);
    expect(runs).toHaveLength(3); // stopped: neither the tasks nor the zone watcher come back
    expect(planned).toHaveLength(2);
  });
});
