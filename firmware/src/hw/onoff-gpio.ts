// The LEDs, buzzer and eject button on the Pi's header through onoff (sysfs GPIO). Pins are BCM
// numbers from config; the button is sampled every `pollMs` and read by ButtonPress (debounce,
// long press) rather than by edge interrupts: a press lasts far longer than a sample, and the
// same code then runs against a test's fake sysfs (epoll cannot wait on a plain file).
import { createRequire } from 'node:module';
import type { Gpio as OnoffPin } from 'onoff';
import type { Logger } from '../log.js';
import { ButtonPress } from './button-press.js';
import type { Gpio, Led } from './gpio.js';

export interface GpioPins {
  ready: number | null;
  ingest: number | null;
  unreadSms: number | null;
  fault: number | null;
  call: number | null;
  buzzer: number | null;
  button: number | null;
}

export interface OnoffGpioOptions {
  pins: GpioPins;
  /** sysfs number of BCM 0 (gpio-chip.ts piChipBase). */
  chipBase: number;
  /** A button wired to ground with the pin pulled up reads 0 when pressed. */
  buttonActiveLow: boolean;
  debounceMs: number;
  longPressMs: number;
  pollMs: number;
  log: Logger;
}

const LED_PIN: Record<Led, keyof GpioPins> = { ready: 'ready', ingest: 'ingest', 'unread-sms': 'unreadSms', fault: 'fault', call: 'call' };

export class OnoffGpio implements Gpio {
  readonly leds = new Map<Led, boolean>();
  buzzer = false;
  private readonly outputs = new Map<keyof GpioPins, OnoffPin>();
  private readonly button: OnoffPin | null = null;
  private readonly ejectFns = new Set<() => void>();
  private readonly longFns = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o: OnoffGpioOptions) {
    const { Gpio: Pin } = createRequire(import.meta.url)('onoff') as typeof import('onoff');
    const opened: OnoffPin[] = [];
    try {
      for (const key of ['ready', 'ingest', 'unreadSms', 'fault', 'call', 'buzzer'] as const) {
        const bcm = o.pins[key];
        if (bcm === null) continue;
        // 'low': exported as an output that starts off.
        const pin = new Pin(o.chipBase + bcm, 'low');
        opened.push(pin);
        this.outputs.set(key, pin);
      }
      if (o.pins.button !== null) {
        this.button = new Pin(o.chipBase + o.pins.button, 'in', 'none', { activeLow: o.buttonActiveLow });
        opened.push(this.button);
        this.startPolling(this.button);
      }
    } catch (err) {
      for (const pin of opened) pin.unexport();
      throw err;
    }
  }

  setLed(led: Led, on: boolean): void {
    this.leds.set(led, on);
    this.write(LED_PIN[led], on);
  }

  setBuzzer(on: boolean): void {
    this.buzzer = on;
    this.write('buzzer', on);
  }

  onEjectButton(fn: () => void): () => void {
    this.ejectFns.add(fn);
    return () => this.ejectFns.delete(fn);
  }

  onLongPress(fn: () => void): () => void {
    this.longFns.add(fn);
    return () => this.longFns.delete(fn);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // Off before letting go: an unexported pin keeps its last level on the Pi.
    for (const pin of this.outputs.values()) {
      try {
        pin.writeSync(0);
      } catch {
        // the pin is going anyway
      }
      pin.unexport();
    }
    this.outputs.clear();
    this.button?.unexport();
  }

  private write(key: keyof GpioPins, on: boolean): void {
    const pin = this.outputs.get(key);
    if (!pin) return;
    try {
      pin.writeSync(on ? 1 : 0);
    } catch (err) {
      this.o.log.warn({ err, pin: key }, 'could not set a GPIO pin');
    }
  }

  private startPolling(pin: OnoffPin): void {
    const press = new ButtonPress({ debounceMs: this.o.debounceMs, longPressMs: this.o.longPressMs });
    const fire = (fns: Set<() => void>, what: string) => {
      for (const fn of [...fns]) {
        try {
          fn();
        } catch (err) {
          this.o.log.error({ err }, `${what} handler failed`);
        }
      }
    };
    this.timer = setInterval(() => {
      let value: number;
      try {
        value = pin.readSync();
      } catch (err) {
        this.o.log.warn({ err }, 'could not read the eject button');
        return;
      }
      const event = press.sample(performance.now(), value === 1);
      if (event === 'press') fire(this.ejectFns, 'eject button');
      if (event === 'long-press') fire(this.longFns, 'long press');
    }, this.o.pollMs);
    this.timer.unref();
  }
}
