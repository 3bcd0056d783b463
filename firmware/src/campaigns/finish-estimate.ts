// When a campaign's last message should have gone (S3: "a 3,000-recipient campaign on one SIM
// takes hours, so the page says when it will finish"). Pure: the modem sends `perMinute` parts a
// minute outside the quiet hours and nothing inside them; the walk goes a minute at a time and
// jumps over each quiet window (care/quiet-hours.ts handles DST and windows over midnight).
import { quietUntil, type QuietHours } from '../care/quiet-hours.js';

/** The first instant at or after `at` outside the quiet hours. */
export function outsideQuiet(at: Date, q: QuietHours, timeZone: string): Date {
  return quietUntil(at, q, timeZone) ?? at;
}

/** The moment `parts` more parts are out, starting at `start`; null when there is nothing to send or no rate. */
export function finishEstimate(start: Date, parts: number, perMinute: number, q: QuietHours, timeZone: string): Date | null {
  if (parts <= 0 || perMinute <= 0) return null;
  let t = outsideQuiet(start, q, timeZone);
  let left = parts;
  // At most a year of minutes: a rate that small is not a plan.
  for (let i = 0; i < 525_600; i++) {
    const held = quietUntil(t, q, timeZone);
    if (held) {
      t = held;
      continue;
    }
    if (left <= perMinute) return new Date(t.getTime() + Math.ceil((left / perMinute) * 60_000));
    left -= perMinute;
    t = new Date(t.getTime() + 60_000);
  }
  return null;
}
