// The simulated modem driven by a person (the status page's Simulator panel, `studio-box sim`):
// a caller rings, an SMS arrives, the network reports sent messages delivered or not. It plays
// the network through the simulator's own controls (the ones the tests use: ring, answer,
// callerHangsUp, receiveText, setDeliveryReports), so the box handles all of it exactly as it
// would from a real modem.
import type { SimulatorRingInput, SimulatorSmsInput, SimulatorSmsResult, SimulatorState } from '../api-types.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Clock } from '../util/clock.js';
import type { ModemSimulator } from './simulator/modem-simulator.js';

export interface SimulatorControlOptions {
  /** The running simulator, or null (socat missing) with the reason. */
  simulator: () => ModemSimulator | null;
  why: () => string | null;
  clock: Clock;
  log: Logger;
  /** Between two RINGs (a real network: ~3–5 s). */
  ringIntervalMs?: number;
}

/** A caller who is not answered gives up after this many rings. */
const RINGS_BEFORE_GIVING_UP = 10;
const MAX_SMS_CHARS = 1530;

export class SimulatorControl {
  private call: { number: string; state: 'ringing' | 'active'; since: string; timers: NodeJS.Timeout[]; id: number } | null = null;
  private callSeq = 0;

  constructor(private readonly o: SimulatorControlOptions) {}

  stop(): void {
    this.endCall();
  }

  state(): SimulatorState {
    const sim = this.o.simulator();
    const c = this.call;
    return {
      running: sim !== null,
      detail: sim ? null : (this.o.why() ?? 'the modem is not simulated'),
      deliveryReports: sim?.deliveryReports ?? false,
      call: c ? { number: c.number, state: c.state, since: c.since } : null,
    };
  }

  setDeliveryReports(on: boolean): SimulatorState {
    this.need().setDeliveryReports(on);
    this.o.log.info({ deliveryReports: on }, 'simulator: delivery reports');
    return this.state();
  }

  ring(input: SimulatorRingInput): SimulatorState {
    const sim = this.need();
    const number = input.number.trim();
    if (!/^\+?[0-9]{3,20}$/.test(number.replace(/[\s-]/g, ''))) {
      throw new ValidationError([{ path: 'number', message: 'a phone number, e.g. +8613812345678' }]);
    }
    const after = input.hangUpAfterSeconds;
    if (after !== undefined && !(Number.isFinite(after) && after > 0 && after <= 3600)) {
      throw new ValidationError([{ path: 'hangUpAfterSeconds', message: 'seconds, from 1 to 3600' }]);
    }
    if (this.call) throw new ConflictError(`a call from ${this.call.number} is in progress; hang it up first`, 'call_in_progress');
    const interval = this.o.ringIntervalMs ?? 3000;
    const id = ++this.callSeq;
    const call = { number: number.replace(/[\s-]/g, ''), state: 'ringing' as const, since: this.o.clock().toISOString(), timers: [] as NodeJS.Timeout[], id };
    this.call = call;
    // The simulator's promise settles however the call ends (given up, hung up, ATH by the box).
    void sim.ring(call.number, { times: RINGS_BEFORE_GIVING_UP, intervalMs: interval }).then(() => {
      if (this.call?.id === id) this.endCall();
    });
    if (input.answer) {
      call.timers.push(
        setTimeout(() => {
          if (this.call?.id !== id) return;
          sim.answer();
          this.call = { ...this.call, state: 'active' };
        }, interval * 1.5),
      );
    }
    if (after !== undefined) call.timers.push(setTimeout(() => this.call?.id === id && this.hangUp(), after * 1000));
    this.o.log.info({ number: call.number, answer: input.answer ?? false, hangUpAfterSeconds: after ?? null }, 'simulator: incoming call');
    return this.state();
  }

  /** The caller hangs up (a ringing or an answered call). */
  hangUp(): SimulatorState {
    const sim = this.need();
    if (!this.call) throw new ConflictError('no call in progress', 'no_call');
    sim.callerHangsUp();
    this.endCall();
    return this.state();
  }

  /** An SMS from `from` arrives (several parts when it is long), as the network delivers it. */
  sms(input: SimulatorSmsInput): SimulatorSmsResult {
    const sim = this.need();
    const problems: { path: string; message: string }[] = [];
    const from = input.from.replace(/[\s-]/g, '');
    if (!/^\+?[0-9]{3,20}$/.test(from) && !/^[A-Za-z0-9 ]{1,11}$/.test(input.from.trim())) {
      problems.push({ path: 'from', message: 'a phone number, e.g. +8613812345678, or a sender name of up to 11 letters' });
    }
    if (input.text.trim() === '') problems.push({ path: 'text', message: 'empty' });
    if ([...input.text].length > MAX_SMS_CHARS) problems.push({ path: 'text', message: `longer than ${MAX_SMS_CHARS} characters` });
    if (problems.length) throw new ValidationError(problems);
    const sender = /^\+?[0-9]+$/.test(from) ? from : input.from.trim();
    const parts = sim.receiveText(sender, input.text).length;
    this.o.log.info({ from: sender, parts }, 'simulator: SMS arrives');
    return { parts };
  }

  private need(): ModemSimulator {
    const sim = this.o.simulator();
    if (!sim) throw new ConflictError(this.o.why() ?? 'the modem is not simulated', 'not_simulated');
    return sim;
  }

  private endCall(): void {
    for (const t of this.call?.timers ?? []) clearTimeout(t);
    this.call = null;
  }
}
