// Calendar dates (YYYY-MM-DD) for the reminders calendar: days, weeks starting on Monday, and
// the grid of a month view. Dates have no zone here: "today" comes from the box (the studio's
// date), never from this computer's clock.

const asUtc = (ymd: string) => new Date(`${ymd}T00:00:00Z`);
const ymdOf = (d: Date) => d.toISOString().slice(0, 10);

export function addDaysTo(ymd: string, days: number): string {
  const d = asUtc(ymd);
  d.setUTCDate(d.getUTCDate() + days);
  return ymdOf(d);
}

/** The Monday on or before the date. */
export function weekStart(ymd: string): string {
  return addDaysTo(ymd, -((asUtc(ymd).getUTCDay() + 6) % 7));
}

export function monthStart(ymd: string): string {
  return `${ymd.slice(0, 7)}-01`;
}

/** The same day of the month `n` months on, kept within the month (Jan 31 + 1 → Feb 28/29). */
export function addMonths(ymd: string, n: number): string {
  const d = asUtc(ymd);
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return ymdOf(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d.getUTCDate(), last))));
}

/** The month view's days: whole weeks (Monday first) covering the month — 28 to 42 days. */
export function monthGrid(ymd: string): string[] {
  const first = monthStart(ymd);
  const nextMonth = addMonths(first, 1);
  const days: string[] = [];
  for (let d = weekStart(first); d < nextMonth || days.length % 7 !== 0; d = addDaysTo(d, 1)) days.push(d);
  return days;
}

export function weekDays(ymd: string): string[] {
  const start = weekStart(ymd);
  return Array.from({ length: 7 }, (_, i) => addDaysTo(start, i));
}
