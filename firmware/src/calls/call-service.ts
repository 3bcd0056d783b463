// Calls (H2) for the rest of the box: each line's events go through its own call machine
// (call-machine.ts); the machine's effects become the caller's card on every screen
// (`call.ringing`, `call.answered`, `call.ended` events), rows of the call log, and the
// buzzer. Everything a call does is driven from here; the lines only translate.
import type { CountryCode } from 'libphonenumber-js';
import type { ActiveCall, CallEnded, CallLine, CallPage, CallRecord, CustomerSummary, MissedCaller, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import { callerNumberCandidates } from '../callerid/index.js';
import type { CustomerService } from '../crm/customer-service.js';
import { displayPhone } from '../crm/phone.js';
import type { Db } from '../db/connection.js';
import type { EventHub } from '../events/event-hub.js';
import type { Gpio } from '../hw/gpio.js';
import type { Logger } from '../log.js';
import type { Clock } from '../util/clock.js';
import { callerCard, customerRef, NO_FACTS, type CardFacts } from './caller-card.js';
import type { CallLineSource, LineInput } from './call-line.js';
import { IDLE, nextDeadline, step, type Caller, type CallEffect, type CallMachineOptions, type CallMachineState } from './call-machine.js';
import { CallRinger } from './call-ringer.js';
import { CallStore, type CallListQuery } from './call-store.js';

export interface CallServiceOptions {
  /** The box's own area code, for local landline numbers that arrive without it. */
  localAreaCode?: string | undefined;
  ringTimeoutMs: number;
  /** Ring the GPIO buzzer (and light the call LED) with the call. */
  buzzer: boolean;
  /** An answered call with no hang-up after this long is closed (default 4 h). */
  maxCallMs?: number;
}

export interface CallServiceDeps {
  db: Db;
  audit: AuditLog;
  events: EventHub;
  customers: CustomerService;
  /** The card's facts from other modules: last order, what is owed, member card, last contact. */
  cardFacts: (customerId: number) => CardFacts;
  /** The studio's country, read per call (setup can change it). */
  country: () => CountryCode;
  clock: Clock;
  log: Logger;
  lines: CallLineSource[];
  gpio: Gpio | null;
}

interface LineState {
  source: CallLineSource;
  opt: CallMachineOptions;
  machine: CallMachineState;
  timer: NodeJS.Timeout | null;
  /** The call being shown on this line. */
  call: ActiveCall | null;
}

export class CallService {
  readonly store: CallStore;
  private readonly lines = new Map<CallLine, LineState>();
  private readonly ringer: CallRinger | null;
  private nextId = 1;
  private running = false;

  constructor(
    private readonly deps: CallServiceDeps,
    private readonly opt: CallServiceOptions,
  ) {
    this.store = new CallStore(deps.db, deps.audit, deps.clock, deps.country);
    this.ringer = deps.gpio && opt.buzzer ? new CallRinger(deps.gpio) : null;
    for (const source of deps.lines) {
      this.lines.set(source.line, {
        source,
        opt: {
          ringTimeoutMs: opt.ringTimeoutMs,
          callerIdWaitMs: source.callerIdWaitMs,
          reportsAnswer: source.reportsAnswer,
          maxCallMs: opt.maxCallMs ?? 4 * 3600_000,
        },
        machine: IDLE,
        timer: null,
        call: null,
      });
    }
  }

  /** Closes what a crash left open, then listens to the lines. */
  async start(): Promise<void> {
    const closed = this.store.closeLeftOpen();
    if (closed) this.deps.log.warn({ calls: closed }, 'calls left open by the last run closed as "unknown"');
    this.nextId = this.store.nextId();
    this.running = true;
    for (const l of this.lines.values()) {
      await l.source.start((input) => this.onInput(l, input));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const l of this.lines.values()) {
      if (l.timer) clearTimeout(l.timer);
      l.timer = null;
      await l.source.stop();
    }
    this.ringer?.stop();
  }

  /** Calls ringing or being talked on now (a screen opened mid-ring shows them). */
  active(): ActiveCall[] {
    return [...this.lines.values()].flatMap((l) => (l.call ? [l.call] : []));
  }

  list(q: CallListQuery): CallPage {
    return this.store.list(q);
  }

  missed(limit: number): MissedCaller[] {
    return this.store.missed(limit);
  }

  markCalledBack(id: number, actor: UserRef): CallRecord {
    const r = this.store.markCalledBack(id, actor);
    if (r.cleared.length) this.deps.events.publish('call.calledBack', { callIds: r.cleared, customerId: r.call.customer?.id ?? null });
    return r.call;
  }

  /**
   * Something on this customer's card changed (a contact record, an order, a payment, points):
   * the cards of their calls that are up show it, on every screen.
   */
  customerChanged(customerId: number): void {
    for (const l of this.lines.values()) {
      const prev = l.call;
      if (!prev?.customer || prev.customer.id !== customerId) continue;
      try {
        const call: ActiveCall = { ...prev, customer: { ...prev.customer, ...this.deps.cardFacts(customerId) } };
        l.call = call;
        this.deps.events.publish(call.state === 'ringing' ? 'call.ringing' : 'call.answered', call);
      } catch (err) {
        // The change is saved; the card shows it at the next call.
        this.deps.log.error({ err, callId: prev.callId }, 'refreshing a caller card failed');
      }
    }
  }

  // ------------------------------------------------------------------ the machines

  private onInput(l: LineState, input: LineInput): void {
    if (!this.running) return;
    this.feed(l, { ...input, at: this.deps.clock().getTime() });
  }

  private feed(l: LineState, input: Parameters<typeof step>[1]): void {
    const r = step(l.machine, input, l.opt);
    l.machine = r.state;
    for (const e of r.effects) {
      try {
        this.perform(l, e);
      } catch (err) {
        // A failed write must not stop the popup or the next call.
        this.deps.log.error({ err, effect: e.type, line: l.source.line }, 'call effect failed');
      }
    }
    this.arm(l);
  }

  /** One timer per line, for the machine's next deadline (caller-ID wait, ring timeout). */
  private arm(l: LineState): void {
    if (l.timer) clearTimeout(l.timer);
    l.timer = null;
    const due = nextDeadline(l.machine, l.opt);
    if (due === null || !this.running) return;
    const wait = Math.max(0, due - this.deps.clock().getTime());
    l.timer = setTimeout(() => {
      l.timer = null;
      this.feed(l, { type: 'tick', at: Math.max(due, this.deps.clock().getTime()) });
    }, wait);
    l.timer.unref();
  }

  private perform(l: LineState, e: CallEffect): void {
    const line = l.source.line;
    const iso = (ms: number) => new Date(ms).toISOString();
    switch (e.type) {
      case 'announce': {
        const id = this.nextId++;
        const call: ActiveCall = { callId: id, line, state: 'ringing', startedAt: iso(e.startedAt), answeredAt: null, ...this.identify(e.caller) };
        l.call = call;
        // The screens first, the disk second: on a Pi an fsync can take longer than the
        // whole rest of the way to the popup, and the popup must not wait for it.
        this.deps.events.publish('call.ringing', call);
        this.store.insert({ id, line, number: call.number, e164: call.e164, absence: call.absence, callerName: call.callerName, customerId: call.customer?.id ?? null, startedAt: call.startedAt });
        this.ringer?.start(line);
        this.deps.log.info({ callId: id, line, number: call.number, absence: call.absence, customerId: call.customer?.id ?? null }, 'incoming call');
        return;
      }
      case 'caller-changed': {
        const prev = l.call;
        if (!prev) return;
        const call: ActiveCall = { ...prev, ...this.identify(e.caller) };
        l.call = call;
        this.deps.events.publish(call.state === 'ringing' ? 'call.ringing' : 'call.answered', call);
        this.store.updateCaller(call.callId, { number: call.number, e164: call.e164, absence: call.absence, callerName: call.callerName, customerId: call.customer?.id ?? null });
        return;
      }
      case 'ring':
        this.ringer?.ring(line);
        return;
      case 'answered': {
        const prev = l.call;
        if (!prev) return;
        const call: ActiveCall = { ...prev, state: 'answered', answeredAt: iso(e.at) };
        l.call = call;
        this.ringer?.stop(line);
        this.deps.events.publish('call.answered', call);
        this.store.answered(call.callId, call.answeredAt!);
        return;
      }
      case 'ended': {
        const prev = l.call;
        l.call = null;
        this.ringer?.stop(line);
        if (!prev) return;
        const ended: CallEnded = { callId: prev.callId, line, outcome: e.outcome, endedAt: iso(e.at), customerId: prev.customer?.id ?? null };
        this.deps.events.publish('call.ended', ended);
        this.store.ended(prev.callId, e.outcome, ended.endedAt);
        this.deps.log.info({ callId: prev.callId, line, outcome: e.outcome }, 'call ended');
        return;
      }
    }
  }

  /** The caller as the screens show it: the number for people, and whose it is. */
  private identify(caller: Caller): Pick<ActiveCall, 'number' | 'e164' | 'display' | 'absence' | 'callerName' | 'customer' | 'alsoMatches'> {
    const base = { number: caller.number, absence: caller.absence, callerName: caller.name };
    if (caller.number === null) return { ...base, e164: null, display: null, customer: null, alsoMatches: [] };
    const country = this.deps.country();
    const area = this.opt.localAreaCode ? { localAreaCode: this.opt.localAreaCode } : {};
    const e164 = callerNumberCandidates(caller.number, country, area)[0] ?? null;
    let matches: CustomerSummary[] = [];
    let facts = NO_FACTS;
    try {
      matches = this.deps.customers.findByNumber(caller.number, area);
      if (matches[0]) facts = this.deps.cardFacts(matches[0].id);
    } catch (err) {
      // The call is still shown, as an unknown number, rather than not at all.
      this.deps.log.error({ err, number: caller.number }, 'customer lookup for a call failed');
    }
    const first = matches[0];
    return {
      ...base,
      e164,
      display: e164 ? displayPhone(e164, country) : caller.number,
      customer: first ? callerCard(first, facts) : null,
      alsoMatches: matches.slice(1).map(customerRef),
    };
  }
}
