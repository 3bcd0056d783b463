// The studio's "today" comes from the box, never from the browser's clock (a front-desk PC's
// clock can be a day off, or in another zone). Me carries the box's clock when it answered;
// the difference to this browser's clock is kept, so the day still turns at the studio's
// midnight on a page left open, and a wrong browser clock never moves it.
import type { Me } from './contract';

const skews = new WeakMap<Me, number>();

/** Called when a Me arrives from the box: how far the box's clock is from this browser's. */
export function noteBoxClock(me: Me): void {
  skews.set(me, Date.parse(me.clock.now) - Date.now());
}

/** The box's time now (its clock when `me` came, plus what has passed here since). */
export function boxNow(me: Me): Date {
  return new Date(Date.now() + (skews.get(me) ?? Date.parse(me.clock.now) - Date.now()));
}

/** The studio's date now, YYYY-MM-DD, in its zone. */
export function studioToday(me: Me): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: me.settings.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(boxNow(me));
}
