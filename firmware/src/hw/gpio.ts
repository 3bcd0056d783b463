/** Status LEDs and buzzer (H5). */
export type Led = 'ready' | 'ingest' | 'unread-sms' | 'fault';

export interface Gpio {
  setLed(led: Led, on: boolean): void;
  /** Called when the eject button is pressed; returns an unsubscribe function. */
  onEjectButton(fn: () => void): () => void;
  close(): void;
}

/** Off the Pi: remembers LED states (for the status page and tests), drives nothing. */
export class NoopGpio implements Gpio {
  readonly leds = new Map<Led, boolean>();

  setLed(led: Led, on: boolean): void {
    this.leds.set(led, on);
  }

  onEjectButton(): () => void {
    return () => {};
  }

  close(): void {}
}
