// The box's own bell (H5): the call LED is lit while any line rings, and the buzzer sounds a
// short burst with every RING, so it rings in the line's own rhythm and stops with it.
import type { CallLine } from '../api-types.js';
import type { Gpio } from '../hw/gpio.js';

export class CallRinger {
  private readonly ringing = new Set<CallLine>();
  private pulse: NodeJS.Timeout | null = null;

  constructor(
    private readonly gpio: Gpio,
    /** Buzzer on-time per RING; shorter than the gap between RINGs (≥ 3 s). */
    private readonly burstMs = 800,
  ) {}

  /** A call is shown on `line`: light the LED (the buzzer follows the RINGs). */
  start(line: CallLine): void {
    this.ringing.add(line);
    this.gpio.setLed('call', true);
  }

  ring(line: CallLine): void {
    this.start(line);
    this.gpio.setBuzzer(true);
    if (this.pulse) clearTimeout(this.pulse);
    this.pulse = setTimeout(() => {
      this.pulse = null;
      this.gpio.setBuzzer(false);
    }, this.burstMs);
    this.pulse.unref();
  }

  /** The call on `line` was answered or ended; without a line: everything off. */
  stop(line?: CallLine): void {
    if (line) this.ringing.delete(line);
    else this.ringing.clear();
    if (this.ringing.size > 0) return;
    if (this.pulse) clearTimeout(this.pulse);
    this.pulse = null;
    this.gpio.setBuzzer(false);
    this.gpio.setLed('call', false);
  }
}
