// The life of one incoming call on one line, pure: inputs (RING, caller ID, answered, hang-up,
// the passing of time) in, a new state and effects out. No I/O and no timers: the owner sets
// one timer for `nextDeadline` and feeds a `tick` when it fires. Because every input first
// settles the deadlines that passed before it, and a settled deadline is stamped with the
// deadline's own time, a late timer (a busy Pi) changes nothing: the effects are the same
// whenever the ticks come.
//
//   idle ──RING / caller ID──▶ ringing ──answered──▶ answered ──hang-up──▶ idle (answered)
//                                 │
//                                 ├──hang-up (NO CARRIER)────────────────▶ idle (missed)
//                                 └──no RING for ringTimeoutMs──────────▶ idle (missed / unknown)
import type { CallerAbsence, CallOutcome } from '../api-types.js';

/** Who is calling, as far as the line said. `absence` is set exactly when `number` is null. */
export interface Caller {
  /** As delivered ('+8613812345678', '13812345678', '65529988'). */
  number: string | null;
  absence: CallerAbsence | null;
  /** A name from the line (analog NAME, or the GSM module's phonebook), if any. */
  name: string | null;
}

export type CallInput =
  | { type: 'ring'; at: number }
  | { type: 'caller'; at: number; caller: Caller }
  /** The modem says the call was picked up (+CLCC stat 0). */
  | { type: 'answered'; at: number }
  /** NO CARRIER / BUSY / NO ANSWER, +CLCC stat 6: the call is over. */
  | { type: 'hangup'; at: number }
  /** The line's modem went away: whatever was going on, we will not hear how it ends. */
  | { type: 'line-lost'; at: number }
  | { type: 'tick'; at: number };

export type CallEffect =
  /** Show the call: first time the call is known well enough (caller ID, or waited long enough). */
  | { type: 'announce'; at: number; startedAt: number; caller: Caller }
  /** Better caller ID for the call already shown (late +CLIP, the name after the number). */
  | { type: 'caller-changed'; at: number; caller: Caller }
  /** One ring (the buzzer rings along). */
  | { type: 'ring'; at: number }
  | { type: 'answered'; at: number }
  | { type: 'ended'; at: number; outcome: CallOutcome };

export interface CallMachineOptions {
  /** No RING for this long: the ringing is over (a line rings every 4–6 s). */
  ringTimeoutMs: number;
  /** After the first RING, how long to wait for caller ID before showing the call without it. */
  callerIdWaitMs: number;
  /**
   * Whether the line says when a call is picked up. GSM does (+CLCC), so ringing that stops
   * without it is a missed call. An analog modem beside the shop's telephone cannot tell
   * "answered on the handset" from "the caller gave up": its calls end as 'unknown'.
   */
  reportsAnswer: boolean;
  /** An answered call with no hang-up after this long is closed (a lost NO CARRIER must not pin the popup). */
  maxCallMs: number;
}

export type CallMachineState =
  | { phase: 'idle' }
  | { phase: 'ringing'; startedAt: number; lastRingAt: number; caller: Caller | null; announced: boolean }
  | { phase: 'answered'; startedAt: number; answeredAt: number; caller: Caller | null };

export interface Step {
  state: CallMachineState;
  effects: CallEffect[];
}

export const IDLE: CallMachineState = { phase: 'idle' };

/** What a call without caller ID is shown as. */
export const NO_CALLER_ID: Caller = { number: null, absence: 'unknown', name: null };

/** The earliest time at which a `tick` changes something; null when nothing is pending. */
export function nextDeadline(state: CallMachineState, opt: CallMachineOptions): number | null {
  switch (state.phase) {
    case 'idle':
      return null;
    case 'ringing': {
      const end = state.lastRingAt + opt.ringTimeoutMs;
      return state.announced ? end : Math.min(end, state.startedAt + opt.callerIdWaitMs);
    }
    case 'answered':
      return state.answeredAt + opt.maxCallMs;
  }
}

export function step(state: CallMachineState, input: CallInput, opt: CallMachineOptions): Step {
  const effects: CallEffect[] = [];
  const settled = settle(state, input.at, opt, effects);
  return { state: apply(settled, input, opt, effects), effects };
}

/** Settles every deadline that passed at or before `at`, each stamped with its own time. */
function settle(state: CallMachineState, at: number, opt: CallMachineOptions, out: CallEffect[]): CallMachineState {
  for (;;) {
    const due = nextDeadline(state, opt);
    if (due === null || due > at) return state;
    if (state.phase === 'answered') {
      out.push({ type: 'ended', at: due, outcome: 'answered' });
      state = IDLE;
    } else if (state.phase === 'ringing') {
      if (!state.announced && due === state.startedAt + opt.callerIdWaitMs && due < state.lastRingAt + opt.ringTimeoutMs) {
        state = announce(state, due, out);
      } else {
        state = endRinging(state, due, opt.reportsAnswer ? 'missed' : 'unknown', out);
      }
    } else return state;
  }
}

function apply(state: CallMachineState, input: CallInput, opt: CallMachineOptions, out: CallEffect[]): CallMachineState {
  const at = input.at;
  switch (state.phase) {
    case 'idle':
      if (input.type === 'ring') {
        out.push({ type: 'ring', at });
        return { phase: 'ringing', startedAt: at, lastRingAt: at, caller: null, announced: false };
      }
      if (input.type === 'caller') {
        // Caller ID before the first RING: analog lines in China send it then; some GSM
        // modules print +CLIP first. It counts as the call's first sign of life.
        out.push({ type: 'announce', at, startedAt: at, caller: input.caller });
        return { phase: 'ringing', startedAt: at, lastRingAt: at, caller: input.caller, announced: true };
      }
      // Answered / hang-up without a ringing call: a call we never saw ring (the box started
      // mid-call) or an outgoing one. Nothing to show.
      return state;

    case 'ringing':
      switch (input.type) {
        case 'ring':
          out.push({ type: 'ring', at });
          return { ...state, lastRingAt: at };
        case 'caller':
          return ringingCaller(state, input.caller, at, opt, out);
        case 'answered': {
          const shown = state.announced ? state : announce(state, at, out);
          out.push({ type: 'answered', at });
          return { phase: 'answered', startedAt: shown.startedAt, answeredAt: at, caller: shown.caller };
        }
        case 'hangup':
          // The caller hung up before anyone answered: GSM says so with NO CARRIER.
          return endRinging(state, at, 'missed', out);
        case 'line-lost':
          return endRinging(state, at, 'unknown', out);
        case 'tick':
          return state;
      }
      return state;

    case 'answered':
      switch (input.type) {
        case 'caller': {
          // The same caller said more (a name): keep it. Another number while talking is a
          // waiting call, which this one-call-per-line machine does not follow.
          const better = state.caller && improves(state.caller, input.caller);
          if (!better) return state;
          out.push({ type: 'caller-changed', at, caller: better });
          return { ...state, caller: better };
        }
        case 'hangup':
        case 'line-lost':
          out.push({ type: 'ended', at, outcome: 'answered' });
          return IDLE;
        default:
          return state;
      }
  }
}

function ringingCaller(
  state: Extract<CallMachineState, { phase: 'ringing' }>,
  caller: Caller,
  at: number,
  opt: CallMachineOptions,
  out: CallEffect[],
): CallMachineState {
  if (!state.announced) {
    out.push({ type: 'announce', at, startedAt: state.startedAt, caller });
    return { ...state, caller, announced: true, lastRingAt: at };
  }
  const current = state.caller ?? NO_CALLER_ID;
  if (current.number !== null && caller.number !== null && !sameNumber(current.number, caller.number)) {
    // A different number while the last call still rang: that call is over (we missed its
    // NO CARRIER), and this is a new one.
    const idle = endRinging(state, at, opt.reportsAnswer ? 'missed' : 'unknown', out);
    return apply(idle, { type: 'caller', at, caller }, opt, out);
  }
  const better = improves(current, caller);
  // Caller ID repeats with every RING (GSM): the call is alive.
  if (!better) return { ...state, lastRingAt: at };
  out.push({ type: 'caller-changed', at, caller: better });
  return { ...state, caller: better, lastRingAt: at };
}

function announce(state: Extract<CallMachineState, { phase: 'ringing' }>, at: number, out: CallEffect[]) {
  const caller = state.caller ?? NO_CALLER_ID;
  out.push({ type: 'announce', at, startedAt: state.startedAt, caller });
  return { ...state, caller, announced: true };
}

function endRinging(state: Extract<CallMachineState, { phase: 'ringing' }>, at: number, outcome: CallOutcome, out: CallEffect[]): CallMachineState {
  // A call too short to be shown is still logged: announce it, then end it.
  if (!state.announced) announce(state, at, out);
  out.push({ type: 'ended', at, outcome });
  return IDLE;
}

/**
 * The caller record that says more than `current` about the same call, or null when `next`
 * adds nothing: a number where there was none, a known reason (withheld) where there was
 * only "no caller ID", a name where there was none.
 */
export function improves(current: Caller, next: Caller): Caller | null {
  if (current.number === null && next.number !== null) return { ...next, name: next.name ?? current.name };
  if (current.number === null && next.number === null) {
    if (current.absence === 'unknown' && next.absence !== null && next.absence !== 'unknown') return { ...next, name: next.name ?? current.name };
    if (current.name === null && next.name !== null) return { ...current, name: next.name };
    return null;
  }
  if (current.number !== null && next.number !== null && sameNumber(current.number, next.number) && current.name === null && next.name !== null) {
    return { ...current, name: next.name };
  }
  return null;
}

/**
 * Whether two deliveries of a number are the same number: '+8613812345678' from +CLIP and
 * '13812345678' from +CLCC are. Digits compared from the end; the shorter must still be a
 * whole subscriber number (7 digits or more) so that short numbers never match by accident.
 */
export function sameNumber(a: string, b: string): boolean {
  const da = a.replace(/\D/g, '');
  const db = b.replace(/\D/g, '');
  if (da === db) return true;
  const shorter = da.length <= db.length ? da : db;
  const longer = da.length <= db.length ? db : da;
  if (shorter.length < 7) return false;
  // What may stand before a national number: a trunk 0, a country code, an IDD 00.
  return longer.endsWith(shorter) && /^(0|00)?\d{0,3}$/.test(longer.slice(0, longer.length - shorter.length));
}
