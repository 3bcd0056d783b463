// The eject button's meaning from samples of its pin (H5): a contact bounces for a few ms, so a
// level counts only once it has held for `debounceMs`. Released before `longPressMs`: a press
// (eject the cards). Held that long: a long press (safe shutdown), reported once while still
// held — so the person gets the buzzer's answer without letting go — and no press follows it.
// Pure: the caller samples the pin and acts on what this returns.

export type ButtonEvent = 'press' | 'long-press';

export interface ButtonTiming {
  debounceMs: number;
  longPressMs: number;
}

export class ButtonPress {
  private stable = false;
  private candidate = false;
  private candidateSince = 0;
  private pressedAt: number | null = null;
  private longFired = false;

  constructor(private readonly t: ButtonTiming) {
    if (!(t.debounceMs >= 0 && t.longPressMs > t.debounceMs)) throw new RangeError('longPressMs must be longer than debounceMs');
  }

  /** The pin at `nowMs` (true: pressed); the event this sample completes, if any. */
  sample(nowMs: number, pressed: boolean): ButtonEvent | null {
    if (pressed !== this.candidate) {
      this.candidate = pressed;
      this.candidateSince = nowMs;
    }
    if (this.candidate !== this.stable && nowMs - this.candidateSince >= this.t.debounceMs) {
      this.stable = this.candidate;
      if (this.stable) {
        this.pressedAt = this.candidateSince;
        this.longFired = false;
      } else {
        const wasShort = this.pressedAt !== null && !this.longFired;
        this.pressedAt = null;
        if (wasShort) return 'press';
      }
    }
    // Only while the pin still reads pressed: a release not yet confirmed by the debounce is no hold.
    if (this.stable && this.candidate && this.pressedAt !== null && !this.longFired && nowMs - this.pressedAt >= this.t.longPressMs) {
      this.longFired = true;
      return 'long-press';
    }
    return null;
  }
}
