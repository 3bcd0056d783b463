// EXIF date-times to UTC (pure).
//
// EXIF stores "YYYY:MM:DD HH:MM:SS" in the camera's wall-clock time with no zone. Since
// EXIF 2.31 cameras may add OffsetTimeOriginal ("+07:00"); many still do not. Without it
// the only sane guess is that the camera's clock was set to the studio's local time, so the
// box's configured time zone (IANA name) turns the wall time into an instant, DST included.
// We never use the process's TZ (exifr's revived Date does): the box may run in UTC.

import { zoneFormatter } from '../../util/local-time.js';

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/**
 * Parses an EXIF date-time: "2024:05:01 10:00:00", also with "-" or "/" in the date, a "T",
 * fractional seconds, trailing NULs/spaces. Null for blanks, "0000:00:00 00:00:00" (a
 * camera whose clock was never set) and impossible dates.
 */
export function parseExifDateTime(raw: unknown): WallTime | null {
  if (typeof raw !== 'string') return null;
  const s = raw.replace(/\0+$/, '').trim();
  const m = /^(\d{4})[:\-/](\d{2})[:\-/](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/.exec(s);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const millisecond = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  if (year < 1900 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null; // 31 April, 30 February
  return { year, month, day, hour, minute, second: Math.min(second, 59), millisecond };
}

/** SubSecTimeOriginal ("123", "5", "  ") -> milliseconds, or null. */
export function parseSubSec(raw: unknown): number | null {
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.replace(/\0+$/, '').trim() : '';
  if (!/^\d{1,9}$/.test(s)) return null;
  return Math.floor(Number(`0.${s}`) * 1000);
}

/** "+07:00", "-0530", "+09", "Z" -> minutes east of UTC; null for blanks and nonsense (beyond ±14 h). */
export function parseOffset(raw: unknown): number | null {
  if (typeof raw !== 'string') return null;
  const s = raw.replace(/\0+$/, '').trim();
  if (s === 'Z') return 0;
  const m = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(s);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (minutes > 14 * 60 || Number(m[3] ?? 0) > 59) return null;
  return m[1] === '-' ? -minutes : minutes;
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

const wallAsUtcMs = (w: WallTime) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);

/** "2024-05-01T10:00:00" (with ".123" when there are milliseconds): the time as the camera showed it. */
export function formatWallTime(w: WallTime): string {
  return new Date(wallAsUtcMs(w)).toISOString().replace(/(\.000)?Z$/, '');
}

/** Whether the runtime knows this IANA zone name ("Asia/Ho_Chi_Minh", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    zoneFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at an instant, in ms (local minus UTC), to the second. */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of zoneFormatter(timeZone).formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const local = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return local - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The instant at which the clocks of `timeZone` showed `wall`. Around DST changes this
 * follows the usual "compatible" rule (as Temporal and most calendars do): a wall time that
 * happened twice (clocks set back) is the earlier one; a wall time that never happened
 * (clocks set forward) is moved forward by the gap.
 */
export function zonedWallTimeToUtcMs(wall: WallTime, timeZone: string): number {
  const asUtc = wallAsUtcMs(wall);
  const day = 86_400_000;
  const before = zoneOffsetMs(asUtc - day, timeZone);
  const after = zoneOffsetMs(asUtc + day, timeZone);
  const candidates = [asUtc - before, asUtc - after].filter((t) => t - asUtc === -zoneOffsetMs(t, timeZone));
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: read the wall time with the offset in force before the change.
  return asUtc - before;
}

export interface CaptureTime {
  /** UTC, ISO 8601 with Z. */
  utc: string;
  /** The wall time the camera recorded. */
  local: string;
  /** The camera's offset when EXIF gave one ("+07:00"); null when the box's zone was assumed. */
  offset: string | null;
}

/** EXIF date-time (+ optional sub-seconds and offset) -> UTC; null when the date-time is unusable. */
export function captureTimeFrom(dateTime: unknown, subSec: unknown, offset: unknown, timeZone: string): CaptureTime | null {
  const wall = parseExifDateTime(dateTime);
  if (!wall) return null;
  const sub = parseSubSec(subSec);
  if (sub !== null && wall.millisecond === 0) wall.millisecond = sub;
  const minutes = parseOffset(offset);
  const utcMs = minutes !== null ? wallAsUtcMs(wall) - minutes * 60_000 : zonedWallTimeToUtcMs(wall, timeZone);
  return { utc: new Date(utcMs).toISOString(), local: formatWallTime(wall), offset: minutes !== null ? formatOffset(minutes) : null };
}
