// The scrub's schedule runs node-cron in the studio's time zone, whatever the box's clock says.
// A fake clock (vitest's fake timers move Date and setTimeout together) walks through a week.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cronProblem, ScrubSchedule } from '../../src/scrub/scrub-schedule.js';
import { silentLog } from '../ingest/engine-helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

const DEFAULTS = { enabled: true, start: '0 1 * * 0', night: '0 1 * * *', day: '0 6 * * *' };

function scheduleIn(zone: { tz: string }, config = DEFAULTS) {
  const calls: { what: string; at: string }[] = [];
  const at = () => new Date().toISOString();
  const s = new ScrubSchedule({
    config,
    timeZone: () => zone.tz,
    log: silentLog,
    onStart: () => calls.push({ what: 'start', at: at() }),
    onNight: () => calls.push({ what: 'night', at: at() }),
    onDay: () => calls.push({ what: 'day', at: at() }),
    zoneCheckMs: 60_000,
  });
  return { s, calls };
}

describe('the scrub schedule', () => {
  it('weekly at 01:00 on Sunday in Hanoi (UTC+7) is Saturday 18:00 UTC; each night resumes at 01:00 and pauses at 06:00', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-27T12:00:00Z') }); // Friday 19:00 in Hanoi
    const zone = { tz: 'Asia/Ho_Chi_Minh' };
    const { s, calls } = scheduleIn(zone);
    s.start();
    expect(s.nextStart()?.toISOString()).toBe('2026-11-28T18:00:00.000Z');
    await vi.advanceTimersByTimeAsync(2 * 24 * 3600_000); // to Sunday 12:00 UTC
    await s.stop();
    // Two tasks due at the same instant may fire in either order: compared sorted.
    const byTime = (x: { what: string; at: string }[]) => [...x].sort((p, q) => p.at.localeCompare(q.at) || p.what.localeCompare(q.what));
    expect(byTime(calls)).toEqual([
      { what: 'night', at: '2026-11-27T18:00:00.000Z' }, // Saturday 01:00 in Hanoi
      { what: 'day', at: '2026-11-27T23:00:00.000Z' }, // Saturday 06:00
      { what: 'night', at: '2026-11-28T18:00:00.000Z' }, // Sunday 01:00 ...
      { what: 'start', at: '2026-11-28T18:00:00.000Z' }, // ... and the weekly pass
      { what: 'day', at: '2026-11-28T23:00:00.000Z' },
    ]);
  });

  it('a change of the studio\'s time zone in the settings re-plans it within a minute', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-27T12:00:00Z') });
    const zone = { tz: 'Asia/Ho_Chi_Minh' };
    const { s, calls } = scheduleIn(zone, { ...DEFAULTS, night: '0 1 * * 0', day: '0 6 * * 0' });
    s.start();
    zone.tz = 'Europe/Berlin'; // UTC+1 in winter
    await vi.advanceTimersByTimeAsync(61_000);
    expect(s.nextStart()?.toISOString()).toBe('2026-11-29T00:00:00.000Z');
    await vi.advanceTimersByTimeAsync(2 * 24 * 3600_000);
    await s.stop();
    expect(calls.filter((c) => c.what === 'start')).toEqual([{ what: 'start', at: '2026-11-29T00:00:00.000Z' }]);
    expect(calls.filter((c) => c.at === '2026-11-28T18:00:00.000Z')).toEqual([]); // not at Hanoi's 01:00 any more
  });

  it('off: nothing planned; a bad pattern is named', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-27T12:00:00Z') });
    const { s, calls } = scheduleIn({ tz: 'UTC' }, { ...DEFAULTS, enabled: false });
    s.start();
    expect(s.nextStart()).toBeNull();
    await vi.advanceTimersByTimeAsync(8 * 24 * 3600_000);
    expect(calls).toEqual([]);
    expect(cronProblem('0 1 * * 0')).toBeNull();
    expect(cronProblem('61 1 * * 0')).toMatch(/minute/i);
    expect(cronProblem('every sunday')).not.toBeNull();
  });
});
