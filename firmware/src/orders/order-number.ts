// Order numbers (O1), pure: the studio's local date and the number of the order that day,
// "20261123-001". Staff read them aloud on the phone and write them on envelopes, so they are
// short and say the day; the day is the studio's, not UTC's (an order taken at 07:30 in
// Shanghai is 23:30 UTC the day before). The counter lives in the database (order_numbers).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Gregorian calendar and Latin digits whatever the runtime's locale data prefers.
    f = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The date in `timeZone` (IANA) at the instant `at`, as YYYYMMDD. An unknown zone throws RangeError. */
export function localDay(at: Date, timeZone: string): string {
  const parts = formatterFor(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}${part('month')}${part('day')}`;
}

/** "YYYYMMDD-NNN": at least three digits, more past 999 (a busy day never wraps or collides). */
export function orderNumber(day: string, seq: number): string {
  if (!/^\d{8}$/.test(day)) throw new RangeError(`order day must be YYYYMMDD, got "${day}"`);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`order sequence must be a positive whole number, got ${seq}`);
  return `${day}-${String(seq).padStart(3, '0')}`;
}
