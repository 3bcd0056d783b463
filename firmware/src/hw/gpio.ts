import type { LedName } from '../api-types.js';

/** Status LEDs and buzzer (H5). `call` lights while a call rings; led-rules.ts says when each lights. */
export type Led = LedName;

export interface Gpio {
  setLed(led: Led, on: boolean): void;
  /** The buzzer (H5: rings with an incoming call). */
  setBuzzer(on: boolean): void;
  /** Called when the eject button is pressed; returns an unsubscribe function. */
  onEjectButton(fn: () => void): () => void;
  /** Called when the button is held for the long press (safe shutdown); returns an unsubscribe function. */
  onLongPress(fn: () => void): () => void;
  close(): void;
}

/** Off the Pi: remembers LED and buzzer states (for the status page and tests), drives nothing. */
export class NoopGpio implements Gpio {
  readonly leds = new Map<Led, boolean>();
  buzzer = false;

  setLed(led: Led, on: boolean): void {
    this.leds.set(led, on);
  }

  setBuzzer(on: boolean): void {
    this.buzzer = on;
  }

  onEjectButton(): () => void {
    return () => {};
  }

  onLongPress(): () => void {
    return () => {};
  }

  close(): void {}
}
