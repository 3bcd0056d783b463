// The front panel's LEDs from the box's state (H5, issue 17 item 5): gathers a snapshot from
// the running services, asks led-rules.ts what each LED shows and why, drives the pins it owns
// and keeps the answer for the status page. It looks again when something that matters happens
// (an SMS, a ring, a copy, the modem's status) and every `pollMs` for the disks, which change
// without an event (unplugged, filling up). The ingest LED's blinking stays with the ingest desk
// and the call LED with the call ringer (they time them); their states and reasons are reported
// here from the same facts.
import type { DiskHealth, LedPanel, LedState, ModemStatus, ServerEvent } from '../api-types.js';
import type { Logger } from '../log.js';
import type { Clock } from '../util/clock.js';
import type { Gpio, Led } from './gpio.js';
import { ledStates, type BoxSnapshot, type ModemSnapshot } from './led-rules.js';

export interface LedSources {
  ready(): boolean;
  copyingJobs(): number;
  unreadSms(): number;
  /** callerId.buzzer: the box's bell (buzzer and call LED) is on. */
  callBell: boolean;
  ringingLines(): number;
  disks(): Promise<DiskHealth[]>;
  lowSpaceBytes: number;
  modem(): ModemStatus;
}

export interface LedPanelOptions {
  gpio: Gpio;
  /** The pins are real (onoff); false: the status page says these are the LEDs the box would light. */
  driven: boolean;
  sources: LedSources;
  subscribe(fn: (e: ServerEvent) => void): () => void;
  clock: Clock;
  log: Logger;
  pollMs?: number;
}

/** The LEDs this panel sets; the others have their own timers elsewhere (see above). */
const OWNED: ReadonlySet<Led> = new Set(['ready', 'unread-sms', 'fault']);

/** Events after which an LED may change; the copy's progress (many a second) is not one. */
const wakesUp = (type: string) =>
  type === 'sms.unread' || type === 'sms.received' || type.startsWith('call.') || type.startsWith('card.') || (type.startsWith('ingest.') && type !== 'ingest.progress');

export function modemSnapshot(m: ModemStatus): ModemSnapshot | null {
  if (m.kind === 'none') return null;
  return { up: m.state !== 'down', sim: m.info?.sim ?? null, restartsLast24h: m.restarts.last24h.length, frequentRestarts: m.restarts.frequent };
}

export class LedPanelService {
  private panel: LedPanel;
  private readonly lit = new Map<Led, boolean>();
  private running: Promise<LedPanel> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private off: (() => void) | null = null;
  /** Between start() and stop(): before start the sources (disks, modem) are still starting. */
  private live = false;

  constructor(private readonly o: LedPanelOptions) {
    this.panel = { driven: o.driven, leds: [], at: o.clock().toISOString() };
  }

  async start(): Promise<void> {
    this.live = true;
    this.off = this.o.subscribe((e) => {
      if (wakesUp(e.type)) this.poke();
    });
    this.timer = setInterval(() => this.poke(), this.o.pollMs ?? 15_000);
    this.timer.unref();
    await this.refresh();
  }

  stop(): void {
    // The modem still reports while the box closes; the database it would read is going.
    this.live = false;
    this.off?.();
    this.off = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The last answer (empty before the first look). */
  current(): LedPanel {
    return this.panel;
  }

  /**
   * Look again soon; never throws (a failed look is logged, the LEDs keep their states). Not
   * before start: the modem reports while the box is still starting its disks, and a look then
   * lit (and logged) a fault on every boot.
   */
  poke(): void {
    if (!this.live) return;
    this.refresh().catch((err: unknown) => this.o.log.warn({ err }, 'LEDs: could not read the box state'));
  }

  /**
   * Looks at the box now and drives the LEDs. One look at a time: a call during a look waits
   * for a fresh one after it, so the last state applied is never older than the last request.
   */
  refresh(): Promise<LedPanel> {
    if (this.running) {
      // The look under way goes round once more before it answers.
      this.again = true;
      return this.running;
    }
    const run = (async () => {
      try {
        do {
          this.again = false;
          this.apply(ledStates(await this.snapshot()));
        } while (this.again);
        return this.panel;
      } finally {
        this.running = null;
      }
    })();
    this.running = run;
    return run;
  }

  private async snapshot(): Promise<BoxSnapshot> {
    const s = this.o.sources;
    const disks = await s.disks();
    return {
      ready: s.ready(),
      copyingJobs: s.copyingJobs(),
      unreadSms: s.unreadSms(),
      callBell: s.callBell,
      ringingLines: s.ringingLines(),
      disks: disks.map((d) => ({ role: d.role, present: d.state !== 'down', downReason: d.state === 'down' ? (d.reason ?? null) : null, freeBytes: d.freeBytes })),
      lowSpaceBytes: s.lowSpaceBytes,
      modem: modemSnapshot(s.modem()),
    };
  }

  private apply(leds: LedState[]): void {
    for (const l of leds) {
      if (!OWNED.has(l.led)) continue;
      const on = l.mode !== 'off';
      if (this.lit.get(l.led) === on) continue;
      this.lit.set(l.led, on);
      this.o.gpio.setLed(l.led, on);
      this.o.log.info({ led: l.led, on, reasons: l.reasons.map((r) => r.code) }, on ? 'LED on' : 'LED off');
    }
    this.panel = { driven: this.o.driven, leds, at: this.o.clock().toISOString() };
  }
}
