// The workflow rules (O2), pure: stage lists, moves, stages for fixed states, default due
// times and the overdue flag in the studio's time zone, board order.
import { describe, expect, it } from 'vitest';
import { PHASES, type Phase } from '../../src/api-types.js';
import {
  compareCards, defaultDueAt, dueStatusAt, firstStage, lifecycleAfterMove, lifecycleOf, stageForState, stageListProblems, whyNotMove, type StageRule,
} from '../../src/workflow/workflow-machine.js';

const rule = (id: number, phase: Phase, extra: Partial<StageRule> = {}): StageRule => ({ id, phase, post: 'front_desk', lifecycle: null, dueDays: 7, defaultUserId: null, ...extra });
// The default list: booked, shot, selected, sample viewed, retouching, ready, picked up.
const DEFAULT: StageRule[] = [
  rule(1, 'booked', { lifecycle: 'ordered' }),
  rule(2, 'shot', { post: 'photographer', lifecycle: 'shot' }),
  rule(3, 'selected', { lifecycle: 'selected', dueDays: 14 }),
  rule(4, 'selected', { dueDays: 3 }),
  rule(5, 'in_production', { post: 'retoucher', dueDays: 14 }),
  rule(6, 'ready', { post: 'designer' }),
  rule(7, 'delivered', { lifecycle: 'history', dueDays: null }),
];

describe('stage lists', () => {
  const named = (phases: Phase[]) => phases.map((phase, i) => ({ name: `s${i}`, phase }));
  it('accepts every phase in order, several stages per phase', () => {
    expect(stageListProblems(named([...PHASES]))).toEqual([]);
    expect(stageListProblems(named(['booked', 'booked', 'shot', 'selected', 'selected', 'in_production', 'ready', 'delivered']))).toEqual([]);
  });
  it('refuses an empty list, a missing phase, phases going back', () => {
    expect(stageListProblems([])).toEqual([{ path: 'stages', message: 'at least one stage is needed' }]);
    const missing = stageListProblems(named(['booked', 'shot', 'selected', 'ready', 'delivered']));
    expect(missing).toEqual([{ path: 'stages', message: expect.stringContaining('in_production') }]);
    const back = stageListProblems(named(['booked', 'selected', 'shot', 'in_production', 'ready', 'delivered']));
    expect(back).toEqual([{ path: 'stages.2.phase', message: expect.stringContaining('phases must follow') }]);
  });
  it('a new stage needs a name; a default one may keep its key; names differ (case aside)', () => {
    const list = named([...PHASES]);
    list[0]!.name = '';
    expect(stageListProblems(list)).toEqual([{ path: 'stages.0.name', message: 'a new stage needs a name' }]);
    expect(stageListProblems(list.map((s, i) => (i === 0 ? { ...s, key: 'booked' } : s)))).toEqual([]);
    list[0]!.name = 'S1';
    expect(stageListProblems(list)).toEqual([{ path: 'stages.1.name', message: 'the same name as stage 1' }]);
  });
  it('at most 30 stages', () => {
    const many = Array.from({ length: 31 }, (_, i) => ({ name: `s${i}`, phase: PHASES[Math.min(i, 5)]! }));
    expect(stageListProblems(many)).toContainEqual({ path: 'stages', message: 'at most 30 stages' });
  });
});

describe('moves on the board', () => {
  it('forward any number of stages, back exactly one', () => {
    expect(whyNotMove(DEFAULT, 1, 2, 'booked')).toBeNull();
    expect(whyNotMove(DEFAULT, 1, 7, 'booked')).toBeNull();
    expect(whyNotMove(DEFAULT, 4, 3, 'selected')).toBeNull();
    expect(whyNotMove(DEFAULT, 5, 3, 'in_production')).toBe('an order goes back only one stage at a time');
    expect(whyNotMove(DEFAULT, 7, 6, 'delivered')).toBeNull();
  });
  it('not to the same stage, an unknown one, nor for a cancelled order', () => {
    expect(whyNotMove(DEFAULT, 3, 3, 'selected')).toBe('the order is already in this stage');
    expect(whyNotMove(DEFAULT, 3, 99, 'selected')).toBe('there is no stage 99');
    expect(whyNotMove(DEFAULT, 3, 4, 'cancelled')).toBe('the order is cancelled; reopen it first');
  });
  it('an order without a stage (or whose stage is gone) may go anywhere', () => {
    expect(whyNotMove(DEFAULT, null, 5, 'in_production')).toBeNull();
    expect(whyNotMove(DEFAULT, 42, 1, 'booked')).toBeNull();
  });
  it('the customer follows the lifecycle stage the order stands for, only when it changes', () => {
    expect(lifecycleOf(DEFAULT, 4)).toBe('selected');
    expect(lifecycleOf(DEFAULT, 6)).toBe('selected');
    expect(lifecycleOf(DEFAULT, null)).toBeNull();
    expect(lifecycleOf([rule(1, 'booked'), ...DEFAULT.slice(1)], 1)).toBeNull();
    expect(lifecycleAfterMove(DEFAULT, 6, 7)).toBe('history');
    // Skipping "selected" still makes the customer selected.
    expect(lifecycleAfterMove(DEFAULT, 2, 4)).toBe('selected');
    // Within "selected": the customer stays where they are.
    expect(lifecycleAfterMove(DEFAULT, 3, 4)).toBeNull();
    expect(lifecycleAfterMove(DEFAULT, 5, 4)).toBeNull();
    // Back: the customer goes back too; a new order (no stage) starts them.
    expect(lifecycleAfterMove(DEFAULT, 2, 1)).toBe('ordered');
    expect(lifecycleAfterMove(DEFAULT, null, 5)).toBe('selected');
    expect(firstStage(DEFAULT)?.id).toBe(1);
    expect(firstStage([])).toBeNull();
  });
});

describe('the stage of a fixed state (the order page)', () => {
  it('keeps a stage that already counts as the state', () => {
    expect(stageForState(DEFAULT, 4, 'shot', 'selected')?.id).toBe(4);
  });
  it('forward: the first stage of the state; back: the last', () => {
    expect(stageForState(DEFAULT, 2, 'shot', 'selected')?.id).toBe(3);
    expect(stageForState(DEFAULT, 5, 'in_production', 'selected')?.id).toBe(4);
    expect(stageForState(DEFAULT, null, 'cancelled', 'booked')?.id).toBe(1);
  });
  it('cancelling leaves the stage; a list without the phase gives none', () => {
    expect(stageForState(DEFAULT, 3, 'selected', 'cancelled')).toBeNull();
    expect(stageForState([rule(1, 'booked')], 1, 'booked', 'shot')).toBeNull();
  });
});

describe('default due time, studio time zone', () => {
  const now = new Date('2026-03-10T03:00:00Z'); // 11:00 in Shanghai, 23:00 the day before in New York
  it('dueDays studio days from today at 18:00 studio time', () => {
    expect(defaultDueAt({ phase: 'shot', dueDays: 7 }, { now, timeZone: 'Asia/Shanghai', serviceAt: null })).toBe('2026-03-17T10:00:00.000Z');
    // In New York it is still 9 March: +7 days is 16 March, 18:00 EDT (after the 8 March change).
    expect(defaultDueAt({ phase: 'shot', dueDays: 7 }, { now, timeZone: 'America/New_York', serviceAt: null })).toBe('2026-03-16T22:00:00.000Z');
    expect(defaultDueAt({ phase: 'shot', dueDays: 0 }, { now, timeZone: 'Asia/Shanghai', serviceAt: null })).toBe('2026-03-10T10:00:00.000Z');
  });
  it('across a daylight-saving change the hour stays 18:00 local', () => {
    const before = new Date('2026-03-25T12:00:00Z'); // Berlin, CET; summer time from 29 March
    expect(defaultDueAt({ phase: 'ready', dueDays: 7 }, { now: before, timeZone: 'Europe/Berlin', serviceAt: null })).toBe('2026-04-01T16:00:00.000Z');
  });
  it('a booked stage is due at the shoot when the shoot is ahead', () => {
    const serviceAt = '2026-03-12T02:00:00.000Z';
    expect(defaultDueAt({ phase: 'booked', dueDays: 7 }, { now, timeZone: 'Asia/Shanghai', serviceAt })).toBe(serviceAt);
    expect(defaultDueAt({ phase: 'booked', dueDays: 7 }, { now, timeZone: 'Asia/Shanghai', serviceAt: '2026-03-01T02:00:00.000Z' })).toBe('2026-03-17T10:00:00.000Z');
    expect(defaultDueAt({ phase: 'shot', dueDays: 7 }, { now, timeZone: 'Asia/Shanghai', serviceAt })).toBe('2026-03-17T10:00:00.000Z');
  });
  it('no due days: no due time', () => {
    expect(defaultDueAt({ phase: 'delivered', dueDays: null }, { now, timeZone: 'Asia/Shanghai', serviceAt: null })).toBeNull();
  });
});

describe('overdue', () => {
  const now = new Date('2026-03-10T03:00:00Z');
  it('passed is overdue, to the millisecond', () => {
    expect(dueStatusAt('2026-03-10T03:00:00.000Z', now, 'Asia/Shanghai')).toBe('overdue');
    expect(dueStatusAt('2026-03-10T03:00:00.001Z', now, 'Asia/Shanghai')).toBe('today');
  });
  it('"today" is the studio\'s day, not UTC\'s', () => {
    // 15:59 UTC is 23:59 in Shanghai, the same day; 16:00 UTC is the next day there.
    expect(dueStatusAt('2026-03-10T15:59:00Z', now, 'Asia/Shanghai')).toBe('today');
    expect(dueStatusAt('2026-03-10T16:00:00Z', now, 'Asia/Shanghai')).toBe('later');
    // In New York it is 9 March 23:00: 04:59 UTC on the 10th is still the 9th there.
    expect(dueStatusAt('2026-03-10T03:59:00Z', now, 'America/New_York')).toBe('today');
    expect(dueStatusAt('2026-03-10T05:00:00Z', now, 'America/New_York')).toBe('later');
  });
  it('no due time: none', () => {
    expect(dueStatusAt(null, now, 'UTC')).toBe('none');
  });
});

describe('board order', () => {
  it('due first (none last), then since, then order id', () => {
    const cards = [
      { orderId: 5, since: '2026-03-01T00:00:00Z', dueAt: null },
      { orderId: 4, since: '2026-03-02T00:00:00Z', dueAt: '2026-03-05T00:00:00Z' },
      { orderId: 3, since: '2026-03-01T00:00:00Z', dueAt: '2026-03-05T00:00:00Z' },
      { orderId: 2, since: '2026-03-01T00:00:00Z', dueAt: '2026-03-04T00:00:00Z' },
      { orderId: 1, since: '2026-03-01T00:00:00Z', dueAt: null },
    ];
    expect([...cards].sort(compareCards).map((c) => c.orderId)).toEqual([2, 3, 4, 1, 5]);
  });
});
