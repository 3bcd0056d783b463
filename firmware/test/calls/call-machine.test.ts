// The call state machine: every transition by example, then every input sequence up to five
// inputs (three rhythms, both kinds of line) against the rules a call must keep, and random
// long sequences for the same rules and for "a late timer changes nothing".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IDLE,
  NO_CALLER_ID,
  improves,
  nextDeadline,
  sameNumber,
  step,
  type Caller,
  type CallEffect,
  type CallInput,
  type CallMachineOptions,
  type CallMachineState,
} from '../../src/calls/call-machine.js';

const GSM: CallMachineOptions = { ringTimeoutMs: 8000, callerIdWaitMs: 1500, reportsAnswer: true, maxCallMs: 3_600_000 };
const ANALOG: CallMachineOptions = { ...GSM, callerIdWaitMs: 4000, reportsAnswer: false };

const HOA: Caller = { number: '+8613812345678', absence: null, name: null };
const HOA_NATIONAL: Caller = { number: '13812345678', absence: null, name: null };
const HOA_NAMED: Caller = { number: '13812345678', absence: null, name: 'TRAN HOA' };
const OTHER: Caller = { number: '+8613912345678', absence: null, name: null };
const WITHHELD: Caller = { number: null, absence: 'private', name: null };
const UNAVAILABLE: Caller = { number: null, absence: 'unavailable', name: null };

type WithoutAt<T> = T extends unknown ? Omit<T, 'at'> : never;
type Timed = WithoutAt<CallInput> & { dt?: number };

/** Runs inputs from t=0 (each `dt` ms after the previous, default 1 s); returns every effect and the states. */
function run(inputs: Timed[], opt = GSM, start = 0) {
  let state: CallMachineState = IDLE;
  let at = start;
  const effects: CallEffect[] = [];
  const states: CallMachineState[] = [];
  for (const i of inputs) {
    at += i.dt ?? 1000;
    const { dt: _dt, ...rest } = i;
    const r = step(state, { ...rest, at } as CallInput, opt);
    state = r.state;
    effects.push(...r.effects);
    states.push(state);
  }
  return { state, effects, states, at };
}

describe('a GSM call', () => {
  it('RING starts ringing; +CLIP shows the caller at once, dated from the first RING', () => {
    const r = run([{ type: 'ring' }, { type: 'caller', caller: HOA, dt: 50 }]);
    expect(r.effects).toEqual([
      { type: 'ring', at: 1000 },
      { type: 'announce', at: 1050, startedAt: 1000, caller: HOA },
    ]);
    expect(r.state).toEqual({ phase: 'ringing', startedAt: 1000, lastRingAt: 1050, caller: HOA, announced: true });
  });

  it('RING + CLIP repeated with every ring adds rings, not announcements; NO CARRIER: missed', () => {
    const r = run([
      { type: 'ring' },
      { type: 'caller', caller: HOA, dt: 10 },
      { type: 'ring', dt: 4000 },
      { type: 'caller', caller: HOA, dt: 10 },
      { type: 'ring', dt: 4000 },
      { type: 'caller', caller: HOA, dt: 10 },
      { type: 'hangup', dt: 2000 },
    ]);
    expect(r.effects.map((e) => e.type)).toEqual(['ring', 'announce', 'ring', 'ring', 'ended']);
    expect(r.effects.at(-1)).toEqual({ type: 'ended', at: 11030, outcome: 'missed' });
    expect(r.state).toBe(IDLE);
  });

  it('answered (+CLCC stat 0) then hang-up: answered, whatever came after', () => {
    const r = run([{ type: 'ring' }, { type: 'caller', caller: HOA, dt: 10 }, { type: 'answered', dt: 3000 }, { type: 'ring' }, { type: 'hangup', dt: 60_000 }]);
    expect(r.effects.map((e) => e.type)).toEqual(['ring', 'announce', 'answered', 'ended']);
    expect(r.effects.at(-1)).toEqual({ type: 'ended', at: 65010, outcome: 'answered' });
  });

  it('a withheld number is shown as withheld', () => {
    const r = run([{ type: 'ring' }, { type: 'caller', caller: WITHHELD, dt: 5 }]);
    expect(r.effects[1]).toEqual({ type: 'announce', at: 1005, startedAt: 1000, caller: WITHHELD });
  });

  it('no +CLIP: shown without caller ID once the wait is over, stamped at the deadline even when noticed late', () => {
    const early = run([{ type: 'ring' }, { type: 'tick', dt: 1499 }]);
    expect(early.effects.map((e) => e.type)).toEqual(['ring']);
    const late = run([{ type: 'ring' }, { type: 'tick', dt: 3000 }]);
    expect(late.effects).toEqual([
      { type: 'ring', at: 1000 },
      { type: 'announce', at: 2500, startedAt: 1000, caller: NO_CALLER_ID },
    ]);
  });

  it('a late +CLIP improves the call already shown', () => {
    const r = run([{ type: 'ring' }, { type: 'tick', dt: 1500 }, { type: 'caller', caller: UNAVAILABLE, dt: 100 }, { type: 'caller', caller: UNAVAILABLE, dt: 100 }]);
    expect(r.effects.map((e) => e.type)).toEqual(['ring', 'announce', 'caller-changed']);
    expect(r.effects[2]).toEqual({ type: 'caller-changed', at: 2600, caller: UNAVAILABLE });
  });

  it('rings that stop without NO CARRIER: missed at the last RING + the timeout', () => {
    const r = run([{ type: 'ring' }, { type: 'caller', caller: HOA, dt: 10 }, { type: 'ring', dt: 4000 }, { type: 'tick', dt: 20_000 }]);
    expect(r.effects.at(-1)).toEqual({ type: 'ended', at: 5010 + 8000, outcome: 'missed' });
  });

  it('a short ring the caller abandons before +CLIP is still logged: shown, then missed', () => {
    const r = run([{ type: 'ring' }, { type: 'hangup', dt: 300 }]);
    expect(r.effects).toEqual([
      { type: 'ring', at: 1000 },
      { type: 'announce', at: 1300, startedAt: 1000, caller: NO_CALLER_ID },
      { type: 'ended', at: 1300, outcome: 'missed' },
    ]);
  });

  it('another number while one rings: the first is over, the second is a new call', () => {
    const r = run([{ type: 'ring' }, { type: 'caller', caller: HOA, dt: 10 }, { type: 'caller', caller: OTHER, dt: 2000 }]);
    expect(r.effects).toEqual([
      { type: 'ring', at: 1000 },
      { type: 'announce', at: 1010, startedAt: 1000, caller: HOA },
      { type: 'ended', at: 3010, outcome: 'missed' },
      { type: 'announce', at: 3010, startedAt: 3010, caller: OTHER },
    ]);
  });

  it('the same number in another form (+CLCC without +86) is the same call', () => {
    const r = run([{ type: 'ring' }, { type: 'caller', caller: HOA, dt: 10 }, { type: 'caller', caller: HOA_NATIONAL, dt: 10 }]);
    expect(r.effects.map((e) => e.type)).toEqual(['ring', 'announce']);
  });

  it('answered before caller ID: shown first, then answered', () => {
    const r = run([{ type: 'ring' }, { type: 'answered', dt: 200 }]);
    expect(r.effects.map((e) => e.type)).toEqual(['ring', 'announce', 'answered']);
    expect(r.state).toMatchObject({ phase: 'answered', startedAt: 1000, answeredAt: 1200 });
  });

  it('a name for the answered caller is kept; another number while talking is ignored', () => {
    const r = run([{ type: 'caller', caller: HOA_NATIONAL }, { type: 'answered' }, { type: 'caller', caller: OTHER }, { type: 'caller', caller: HOA_NAMED }]);
    expect(r.effects.map((e) => e.type)).toEqual(['announce', 'answered', 'caller-changed']);
    expect(r.effects[2]).toMatchObject({ caller: HOA_NAMED });
  });

  it('an answered call with no hang-up is closed after maxCallMs', () => {
    const r = run([{ type: 'caller', caller: HOA }, { type: 'answered' }, { type: 'tick', dt: GSM.maxCallMs + 5 }]);
    expect(r.effects.at(-1)).toEqual({ type: 'ended', at: 2000 + GSM.maxCallMs, outcome: 'answered' });
  });

  it('the modem going away ends a ringing call as unknown, an answered one as answered', () => {
    expect(run([{ type: 'caller', caller: HOA }, { type: 'line-lost' }]).effects.at(-1)).toEqual({ type: 'ended', at: 2000, outcome: 'unknown' });
    expect(run([{ type: 'caller', caller: HOA }, { type: 'answered' }, { type: 'line-lost' }]).effects.at(-1)).toEqual({ type: 'ended', at: 3000, outcome: 'answered' });
  });

  it('hang-up, answered, line-lost and ticks with no call do nothing', () => {
    const r = run([{ type: 'hangup' }, { type: 'answered' }, { type: 'line-lost' }, { type: 'tick', dt: 100_000 }]);
    expect(r.effects).toEqual([]);
    expect(r.state).toBe(IDLE);
  });
});

describe('an analog call', () => {
  it('caller ID before the first RING (China) shows the call at once', () => {
    const r = run([{ type: 'caller', caller: HOA_NAMED }, { type: 'ring', dt: 800 }], ANALOG);
    expect(r.effects).toEqual([
      { type: 'announce', at: 1000, startedAt: 1000, caller: HOA_NAMED },
      { type: 'ring', at: 1800 },
    ]);
  });

  it('rings that stop end as unknown: the handset may have answered', () => {
    const r = run([{ type: 'ring' }, { type: 'caller', caller: HOA, dt: 2000 }, { type: 'ring', dt: 3000 }, { type: 'tick', dt: 9000 }], ANALOG);
    expect(r.effects.at(-1)).toEqual({ type: 'ended', at: 6000 + 8000, outcome: 'unknown' });
  });

  it('waits longer for caller ID than GSM', () => {
    const r = run([{ type: 'ring' }, { type: 'tick', dt: 3999 }], ANALOG);
    expect(r.effects.map((e) => e.type)).toEqual(['ring']);
    expect(nextDeadline(r.state, ANALOG)).toBe(5000);
  });
});

describe('deadlines', () => {
  it('none when idle; caller-ID wait or ring timeout while ringing; the call limit while answered', () => {
    expect(nextDeadline(IDLE, GSM)).toBeNull();
    expect(nextDeadline({ phase: 'ringing', startedAt: 0, lastRingAt: 0, caller: null, announced: false }, GSM)).toBe(1500);
    expect(nextDeadline({ phase: 'ringing', startedAt: 0, lastRingAt: 0, caller: HOA, announced: true }, GSM)).toBe(8000);
    // Waiting for caller ID longer than the ring timeout: the timeout comes first.
    expect(nextDeadline({ phase: 'ringing', startedAt: 0, lastRingAt: 0, caller: null, announced: false }, { ...GSM, callerIdWaitMs: 20_000 })).toBe(8000);
    expect(nextDeadline({ phase: 'answered', startedAt: 0, answeredAt: 10, caller: HOA }, GSM)).toBe(10 + GSM.maxCallMs);
  });
});

describe('sameNumber', () => {
  it.each([
    ['+8613812345678', '13812345678', true],
    ['008613812345678', '+86 138 1234 5678', true],
    ['01065529988', '65529988', true],
    ['13812345678', '13812345678', true],
    ['13812345678', '13812345679', false],
    ['+8613812345678', '+8613912345678', false],
    // Too short to say: a 6-digit extension never matches the end of another number.
    ['123456', '99123456', false],
    // Not a prefix a number can have (six digits before it).
    ['12345613812345678', '13812345678', false],
  ])('%s vs %s: %s', (a, b, same) => {
    expect(sameNumber(a, b)).toBe(same);
    expect(sameNumber(b, a)).toBe(same);
  });
});

describe('improves', () => {
  it('a number beats none; a reason beats "unknown"; a name is added; nothing else changes the caller', () => {
    expect(improves(NO_CALLER_ID, HOA)).toEqual(HOA);
    expect(improves(NO_CALLER_ID, WITHHELD)).toEqual(WITHHELD);
    expect(improves(WITHHELD, NO_CALLER_ID)).toBeNull();
    expect(improves(WITHHELD, UNAVAILABLE)).toBeNull();
    expect(improves(HOA_NATIONAL, HOA_NAMED)).toEqual({ ...HOA_NATIONAL, name: 'TRAN HOA' });
    expect(improves(HOA_NAMED, HOA_NATIONAL)).toBeNull();
    expect(improves(HOA, OTHER)).toBeNull();
    expect(improves(HOA, WITHHELD)).toBeNull();
    expect(improves({ ...NO_CALLER_ID, name: 'X' }, HOA)).toEqual({ ...HOA, name: 'X' });
  });
});

// ------------------------------------------------------------------ the rules, exhaustively

const ALPHABET: WithoutAt<CallInput>[] = [
  { type: 'ring' },
  { type: 'caller', caller: HOA },
  { type: 'caller', caller: OTHER },
  { type: 'caller', caller: WITHHELD },
  { type: 'caller', caller: HOA_NAMED },
  { type: 'answered' },
  { type: 'hangup' },
  { type: 'line-lost' },
  { type: 'tick' },
];
/** Gaps between inputs: all quick; all beyond the ring timeout; alternating around the caller-ID wait. */
const RHYTHMS: ((i: number) => number)[] = [() => 1000, () => 10_000, (i) => (i % 2 ? 6000 : 500)];
const FAR = 1e12;

interface Trace {
  effects: CallEffect[];
  final: CallMachineState;
  /** The state after each input. */
  states: CallMachineState[];
}

function trace(inputs: CallInput[], opt: CallMachineOptions): Trace {
  let state: CallMachineState = IDLE;
  const effects: CallEffect[] = [];
  const states: CallMachineState[] = [];
  for (const i of [...inputs, { type: 'tick', at: FAR } as CallInput]) {
    const r = step(state, i, opt);
    state = r.state;
    effects.push(...r.effects);
    states.push(state);
  }
  return { effects, final: state, states };
}

/** Every rule a call's effects must keep; returns the first broken one, or null. */
function broken(inputs: CallInput[], t: Trace, opt: CallMachineOptions): string | null {
  if (t.final !== IDLE && t.final.phase !== 'idle') return 'not idle after the last deadline';
  let open: { announced: boolean; answered: boolean } | null = null;
  let last = -Infinity;
  for (const e of t.effects) {
    if (e.at < last) return `effect times go back (${e.type} at ${e.at} after ${last})`;
    last = e.at;
    switch (e.type) {
      case 'ring':
        if (open?.answered) return 'ring while answered';
        open ??= { announced: false, answered: false };
        break;
      case 'announce':
        if (open?.announced) return 'announced twice';
        if ((e.caller.number === null) !== (e.caller.absence !== null)) return 'caller with both or neither of number and absence';
        if (e.startedAt > e.at) return 'started after it was announced';
        open = { announced: true, answered: false };
        break;
      case 'caller-changed':
        if (!open?.announced) return 'caller changed before the call was shown';
        break;
      case 'answered':
        if (!open?.announced) return 'answered before shown';
        if (open.answered) return 'answered twice';
        open.answered = true;
        break;
      case 'ended':
        if (!open?.announced) return 'ended a call never shown';
        if ((e.outcome === 'answered') !== open.answered) return `outcome ${e.outcome} but answered=${open.answered}`;
        if (e.outcome === 'missed' && !opt.reportsAnswer && !inputs.some((i) => i.type === 'hangup' && i.at === e.at)) {
          return 'a line that cannot tell answered from missed ended a call as missed without a hang-up';
        }
        open = null;
        break;
    }
  }
  if (open) return 'a call was left open';
  for (let k = 0; k < inputs.length; k++) {
    const i = inputs[k]!;
    if ((i.type === 'hangup' || i.type === 'line-lost') && t.states[k]!.phase !== 'idle') return `not idle after ${i.type}`;
  }
  if (!inputs.some((i) => i.type === 'ring' || i.type === 'caller') && t.effects.length) return 'effects without a call';
  return null;
}

function withoutTicks(inputs: CallInput[]): CallInput[] {
  return inputs.filter((i) => i.type !== 'tick');
}

function* sequences(maxLength: number): Generator<number[]> {
  const seq: number[] = [];
  function* grow(): Generator<number[]> {
    yield seq;
    if (seq.length === maxLength) return;
    for (let s = 0; s < ALPHABET.length; s++) {
      seq.push(s);
      yield* grow();
      seq.pop();
    }
  }
  yield* grow();
}

describe('every input sequence up to five inputs', () => {
  for (const [name, opt] of [['GSM', GSM], ['analog', ANALOG]] as const) {
    it(`${name}: keeps every rule, and ticks change nothing`, () => {
      let checked = 0;
      for (const seq of sequences(5)) {
        for (const rhythm of RHYTHMS) {
          let at = 0;
          const inputs = seq.map((s, i) => ({ ...ALPHABET[s]!, at: (at += rhythm(i)) }) as CallInput);
          const t = trace(inputs, opt);
          const problem = broken(inputs, t, opt);
          if (problem) throw new Error(`${problem}: ${JSON.stringify(inputs)} -> ${JSON.stringify(t.effects)}`);
          // A timer that fires (or not) between inputs does not change what happens.
          expect(trace(withoutTicks(inputs), opt).effects).toEqual(t.effects);
          checked++;
        }
      }
      expect(checked).toBe(3 * ((9 ** 6 - 1) / 8));
    }, 120_000);
  }
});

// ------------------------------------------------------------------ random long sequences

const arbInput = fc.tuple(fc.constantFrom(...ALPHABET), fc.integer({ min: 0, max: 20_000 }));
const arbOpt = fc.record({
  ringTimeoutMs: fc.integer({ min: 1, max: 15_000 }),
  callerIdWaitMs: fc.integer({ min: 0, max: 20_000 }),
  reportsAnswer: fc.boolean(),
  maxCallMs: fc.integer({ min: 1, max: 100_000 }),
});

describe('random sequences', () => {
  it('keep every rule for any timeouts', () => {
    fc.assert(
      fc.property(fc.array(arbInput, { maxLength: 40 }), arbOpt, (raw, opt) => {
        let at = 0;
        const inputs = raw.map(([i, dt]) => ({ ...i, at: (at += dt) }) as CallInput);
        const t = trace(inputs, opt);
        expect(broken(inputs, t, opt)).toBeNull();
      }),
      { numRuns: 3000 },
    );
  });

  it('a tick at any moment (a late or early timer) changes nothing', () => {
    fc.assert(
      fc.property(
        fc.array(arbInput.filter(([i]) => i.type !== 'tick'), { maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 400_000 }), { maxLength: 20 }),
        arbOpt,
        (raw, tickTimes, opt) => {
          let at = 0;
          const inputs = raw.map(([i, dt]) => ({ ...i, at: (at += dt) }) as CallInput);
          const ticks = tickTimes.map((t) => ({ type: 'tick', at: t }) as CallInput);
          // Ticks merged in time order (a tick at an input's own time goes first).
          const merged = [...inputs, ...ticks].sort((a, b) => a.at - b.at || (a.type === 'tick' ? -1 : 0) - (b.type === 'tick' ? -1 : 0));
          expect(trace(merged, opt).effects).toEqual(trace(inputs, opt).effects);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
