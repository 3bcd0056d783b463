// Time stamps: TP-SCTS, TP-DT and the absolute validity period (TS 23.040 §9.2.3.11).
// Seven octets of swapped semi-octets: YY MM DD hh mm ss TZ. TZ is the offset from UTC in
// quarter hours; bit 3 of its first semi-octet (the low nibble of the octet) is the sign.

export interface Timestamp {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** The sender's offset from UTC in minutes (a multiple of 15; negative west of Greenwich). */
  offsetMinutes: number;
  /** The local time as written, with its offset: "2024-05-01T09:30:00+07:00". */
  local: string;
  /** The same instant in UTC: "2024-05-01T02:30:00.000Z". */
  utc: string;
}

export type TimestampFields = Pick<Timestamp, 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'offsetMinutes'>;

// Two digits of year: SMS began in 1992, so 90-99 are the 1990s (the classic published vectors
// are from 1999) and 00-89 are 2000-2089.
const fullYear = (yy: number): number => (yy >= 90 ? 1900 + yy : 2000 + yy);

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A swapped-semi-octet octet as a number 0-99, or -1 when a semi-octet is not a digit. */
function bcd(octet: number): number {
  const tens = octet & 15;
  const units = octet >> 4;
  return tens > 9 || units > 9 ? -1 : tens * 10 + units;
}

/** Decodes 7 octets; returns a reason string when a field is not a valid date or time. */
export function decodeTimestamp(octets: ArrayLike<number>): Timestamp | string {
  if (octets.length !== 7) return `time stamp needs 7 octets, got ${octets.length}`;
  const f = Array.from({ length: 6 }, (_, i) => bcd(octets[i] ?? 0xff));
  const [yy = -1, month = -1, day = -1, hour = -1, minute = -1, second = -1] = f;
  if (f.some((v) => v < 0)) return 'time stamp has a semi-octet that is not a digit';
  const tz = octets[6] ?? 0;
  const negative = (tz & 0x08) !== 0;
  const quarters = bcd(tz & 0xf7);
  if (quarters < 0) return 'time zone has a semi-octet that is not a digit';
  const year = fullYear(yy);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return `no such date ${year}-${pad(month)}-${pad(day)}`;
  if (hour > 23 || minute > 59 || second > 59) return `no such time ${pad(hour)}:${pad(minute)}:${pad(second)}`;
  const offsetMinutes = (negative ? -quarters : quarters) * 15;
  return withStrings({ year, month, day, hour, minute, second, offsetMinutes: offsetMinutes === 0 ? 0 : offsetMinutes });
}

function withStrings(t: TimestampFields): Timestamp {
  const abs = Math.abs(t.offsetMinutes);
  const zone = `${t.offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  const local = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${zone}`;
  const utcMs = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - t.offsetMinutes * 60_000;
  return { ...t, local, utc: new Date(utcMs).toISOString() };
}

const swapped = (n: number): number => ((n % 10) << 4) | Math.floor(n / 10);

/** Encodes local fields and offset; throws RangeError for values a time stamp cannot hold. */
export function encodeTimestamp(t: TimestampFields): Uint8Array {
  const quarters = t.offsetMinutes / 15;
  if (!Number.isInteger(quarters) || Math.abs(quarters) > 79) throw new RangeError(`offset ${t.offsetMinutes} min is not a multiple of 15 within ±19:45`);
  if (fullYear(t.year % 100) !== t.year) throw new RangeError(`year ${t.year} is outside 1990-2089`);
  const fields = [t.year % 100, t.month, t.day, t.hour, t.minute, t.second];
  if (fields.some((v) => !Number.isInteger(v) || v < 0 || v > 99)) throw new RangeError('time stamp fields must be integers 0-99');
  const tz = swapped(Math.abs(quarters)) | (quarters < 0 ? 0x08 : 0);
  return Uint8Array.of(...fields.map(swapped), tz);
}
