// The exchange's "MMDDhhmm" stamp (SDMF, MDMF 0x01, and VCID DATE/TIME). It has no year, so
// we return the four fields and let the caller place it in time; out-of-range values are
// reported as null because exchanges with unset clocks do send them.
import type { CallerDateTime } from './types.js';

export function parseMonthDay(text: string): { month: number; day: number } | null {
  if (!/^\d{4}$/.test(text)) return null;
  const month = Number(text.slice(0, 2));
  const day = Number(text.slice(2, 4));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? { month, day } : null;
}

export function parseHourMinute(text: string): { hour: number; minute: number } | null {
  if (!/^\d{4}$/.test(text)) return null;
  const hour = Number(text.slice(0, 2));
  const minute = Number(text.slice(2, 4));
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

export function parseDateTime(text: string): CallerDateTime | null {
  if (text.length !== 8) return null;
  const date = parseMonthDay(text.slice(0, 4));
  const time = parseHourMinute(text.slice(4));
  return date && time ? { ...date, ...time } : null;
}
