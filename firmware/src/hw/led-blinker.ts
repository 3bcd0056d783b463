// One LED blinking while something runs (the ingest LED during a card copy): on at once, then
// toggled every `ms`; off when it stops. The timer does not keep the process alive.
import type { Gpio, Led } from './gpio.js';

export class LedBlinker {
  private timer: NodeJS.Timeout | null = null;
  private lit = false;

  constructor(
    private readonly gpio: Gpio,
    private readonly led: Led,
    private readonly ms: number,
  ) {}

  set(on: boolean): void {
    if (on && !this.timer) {
      this.timer = setInterval(() => {
        this.lit = !this.lit;
        this.gpio.setLed(this.led, this.lit);
      }, this.ms);
      this.timer.unref();
      this.lit = true;
      this.gpio.setLed(this.led, true);
    } else if (!on && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
      this.lit = false;
      this.gpio.setLed(this.led, false);
    }
  }
}
