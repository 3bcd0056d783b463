// The stage machine (crm/stage-machine.ts): every stage × direction, every order state and
// event against tables written out by hand, the default due times in several time zones, the
// due flags at day edges, and the board order as a property.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ORDER_STATES, STAGES, type OrderState, type Stage } from '../../src/api-types.js';
import {
  compareCards,
  defaultDue,
  dueStatus,
  nextOccurrence,
  nextStage,
  planMove,
  previousStage,
  stageForOrderEvent,
  stageForOrderState,
} from '../../src/crm/stage-machine.js';

const NEXT: Record<Stage, Stage | null> = { lead: 'ordered', ordered: 'shot', shot: 'selected', selected: 'history', history: null };
const BACK: Record<Stage, Stage | null> = { lead: null, ordered: 'lead', shot: 'ordered', selected: 'shot', history: 'selected' };

describe('next and back', () => {
  it.each(STAGES)('%s', (s) => {
    expect(nextStage(s)).toBe(NEXT[s]);
    expect(previousStage(s)).toBe(BACK[s]);
  });

  it('back undoes next and next undoes back', () => {
    for (const s of STAGES) {
      const n = nextStage(s);
      if (n) expect(previousStage(n)).toBe(s);
      const b = previousStage(s);
      if (b) expect(nextStage(b)).toBe(s);
    }
  });

  it('walks lead to history in four steps', () => {
    const seen: Stage[] = ['lead'];
    for (let s = nextStage('lead'); s; s = nextStage(s)) seen.push(s);
    expect(seen).toEqual([...STAGES]);
  });
});

const now = new Date('2026-03-10T03:00:00Z'); // 11:00 in Shanghai, 10:00 in Ho Chi Minh City
const sh = { now, timeZone: 'Asia/Shanghai', weddingDate: null };

describe('default due time', () => {
  it('is N days ahead at 10:00 studio time', () => {
    expect(defaultDue('lead', sh)).toBe('2026-03-13T02:00:00.000Z');
    expect(defaultDue('ordered', sh)).toBe('2026-03-17T02:00:00.000Z');
    expect(defaultDue('shot', sh)).toBe('2026-03-17T02:00:00.000Z');
    expect(defaultDue('selected', sh)).toBe('2026-04-09T02:00:00.000Z');
    expect(defaultDue('shot', { ...sh, timeZone: 'Asia/Ho_Chi_Minh' })).toBe('2026-03-17T03:00:00.000Z');
  });

  it("counts days from the studio's date, not UTC's", () => {
    // 23:30 UTC on the 9th is already the 10th in Shanghai.
    const late = { ...sh, now: new Date('2026-03-09T23:30:00Z') };
    expect(defaultDue('shot', late)).toBe('2026-03-17T02:00:00.000Z');
    expect(defaultDue('shot', { ...late, timeZone: 'UTC' })).toBe('2026-03-16T10:00:00.000Z');
  });

  it('keeps 10:00 local across a daylight-saving change', () => {
    // Europe/Berlin goes to summer time on 2026-03-29: 10:00 is 09:00 UTC before, 08:00 after.
    const berlin = { now: new Date('2026-03-25T12:00:00Z'), timeZone: 'Europe/Berlin', weddingDate: null };
    expect(defaultDue('lead', berlin)).toBe('2026-03-28T09:00:00.000Z');
    expect(defaultDue('shot', berlin)).toBe('2026-04-01T08:00:00.000Z');
  });

  it('uses the order shoot time for "ordered" when there is one', () => {
    expect(defaultDue('ordered', { ...sh, shootAt: '2026-04-01T09:30:00+08:00' })).toBe('2026-04-01T01:30:00.000Z');
    expect(defaultDue('ordered', { ...sh, shootAt: null })).toBe('2026-03-17T02:00:00.000Z');
  });

  it('puts history at the wedding day, or its next anniversary, or nowhere', () => {
    expect(defaultDue('history', sh)).toBeNull();
    expect(defaultDue('history', { ...sh, weddingDate: '2026-05-20' })).toBe('2026-05-20T02:00:00.000Z');
    expect(defaultDue('history', { ...sh, weddingDate: '2026-03-10' })).toBe('2026-03-10T02:00:00.000Z'); // today
    expect(defaultDue('history', { ...sh, weddingDate: '2020-05-20' })).toBe('2026-05-20T02:00:00.000Z');
    expect(defaultDue('history', { ...sh, weddingDate: '2020-01-05' })).toBe('2027-01-05T02:00:00.000Z');
    expect(defaultDue('history', { ...sh, weddingDate: 'not a date' })).toBeNull();
    expect(defaultDue('history', { ...sh, weddingDate: '2026-02-30' })).toBeNull();
  });

  it('remembers a Feb 29 wedding on Feb 28 in common years and Feb 29 in leap years', () => {
    expect(nextOccurrence({ year: 2024, month: 2, day: 29 }, { year: 2026, month: 1, day: 1 })).toEqual({ year: 2026, month: 2, day: 28 });
    expect(nextOccurrence({ year: 2024, month: 2, day: 29 }, { year: 2027, month: 3, day: 1 })).toEqual({ year: 2028, month: 2, day: 29 });
    expect(nextOccurrence({ year: 2020, month: 12, day: 31 }, { year: 2026, month: 12, day: 31 })).toEqual({ year: 2026, month: 12, day: 31 });
  });

  it('is never before today and always at 10:00 local, whatever the zone and day', () => {
    const zones = ['Asia/Shanghai', 'Asia/Ho_Chi_Minh', 'UTC', 'America/New_York', 'Europe/Berlin', 'Pacific/Chatham'];
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }), fc.constantFrom(...zones), fc.constantFrom(...STAGES), (at, timeZone, stage) => {
        const due = defaultDue(stage, { now: at, timeZone, weddingDate: '2001-02-28' });
        expect(due).not.toBeNull();
        const local = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(due!));
        expect(local).toBe('10:00');
        const dayOf = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(d);
        expect(dayOf(new Date(due!)) >= dayOf(at)).toBe(true);
      }),
    );
  });
});

describe('planned moves', () => {
  it('starts the new stage now with the given, default or no due time', () => {
    expect(planMove('lead', 'next', '2026-03-20T15:00:00+08:00', sh)).toEqual({
      ok: true,
      position: { stage: 'ordered', addedAt: '2026-03-10T03:00:00.000Z', dueAt: '2026-03-20T07:00:00.000Z' },
    });
    expect(planMove('shot', 'next', undefined, sh)).toEqual({
      ok: true,
      position: { stage: 'selected', addedAt: '2026-03-10T03:00:00.000Z', dueAt: '2026-04-09T02:00:00.000Z' },
    });
    expect(planMove('shot', 'back', null, sh)).toEqual({ ok: true, position: { stage: 'ordered', addedAt: '2026-03-10T03:00:00.000Z', dueAt: null } });
  });

  it('refuses to go past either end, saying why', () => {
    const last = planMove('history', 'next', undefined, sh);
    expect(last).toEqual({ ok: false, error: expect.stringContaining('last stage') });
    const first = planMove('lead', 'back', undefined, sh);
    expect(first).toEqual({ ok: false, error: expect.stringContaining('first stage') });
  });

  it('every stage and direction: a move exactly when there is a neighbour', () => {
    for (const s of STAGES) {
      for (const d of ['next', 'back'] as const) {
        const r = planMove(s, d, null, sh);
        const expected = d === 'next' ? NEXT[s] : BACK[s];
        expect(r.ok ? r.position.stage : null).toBe(expected);
      }
    }
  });
});

describe('order states and stages', () => {
  const MAP: Record<OrderState, Stage | null> = {
    booked: 'ordered',
    shot: 'shot',
    selected: 'selected',
    in_production: null,
    ready: null,
    delivered: 'history',
    cancelled: null,
  };
  it.each(ORDER_STATES)('%s', (state) => expect(stageForOrderState(state)).toBe(MAP[state]));

  it('a new order moves leads and returning customers to "ordered", no one else', () => {
    const expected: Record<Stage, Stage | null> = { lead: 'ordered', ordered: null, shot: null, selected: null, history: 'ordered' };
    for (const s of STAGES) expect(stageForOrderEvent(s, { kind: 'created' })).toBe(expected[s]);
  });

  it('a state change moves to the mapped stage unless already there; unmapped states move no one', () => {
    for (const current of STAGES) {
      for (const to of ORDER_STATES) {
        const target = MAP[to];
        expect(stageForOrderEvent(current, { kind: 'state', to })).toBe(target && target !== current ? target : null);
      }
    }
  });
});

describe('due flags', () => {
  it('overdue, today, later, none in the studio time zone', () => {
    const at = new Date('2026-03-10T15:00:00Z'); // 23:00 in Shanghai
    expect(dueStatus(null, at, 'Asia/Shanghai')).toBe('none');
    expect(dueStatus('2026-03-10T14:59:59Z', at, 'Asia/Shanghai')).toBe('overdue');
    expect(dueStatus('2026-03-10T15:00:00Z', at, 'Asia/Shanghai')).toBe('overdue');
    expect(dueStatus('2026-03-10T15:59:59Z', at, 'Asia/Shanghai')).toBe('today'); // 23:59:59 local
    expect(dueStatus('2026-03-10T16:00:00Z', at, 'Asia/Shanghai')).toBe('later'); // midnight local
    // Same instants in UTC: the studio's day there runs until 23:59 UTC.
    expect(dueStatus('2026-03-10T16:00:00Z', at, 'UTC')).toBe('today');
    expect(dueStatus('2026-03-11T00:00:00Z', at, 'UTC')).toBe('later');
  });
});

describe('board order', () => {
  const card = fc.record({
    id: fc.integer({ min: 1, max: 50 }),
    stageAddedAt: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
    stageDueAt: fc.option(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString())),
  });

  it('sorts by due (none last), then added, then id', () => {
    fc.assert(
      fc.property(fc.array(card, { maxLength: 30 }), (cards) => {
        const sorted = [...cards].sort(compareCards);
        for (let i = 1; i < sorted.length; i++) {
          const a = sorted[i - 1]!;
          const b = sorted[i]!;
          if (a.stageDueAt === null) expect(b.stageDueAt).toBeNull();
          else if (b.stageDueAt !== null && a.stageDueAt !== b.stageDueAt) expect(a.stageDueAt < b.stageDueAt).toBe(true);
          else if (a.stageDueAt === b.stageDueAt) expect(a.stageAddedAt < b.stageAddedAt || (a.stageAddedAt === b.stageAddedAt && a.id <= b.id)).toBe(true);
        }
      }),
    );
  });
});
