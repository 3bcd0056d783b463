// Cell values of a spreadsheet as the box's fields want them: text, dates, lists. Pure.
import { atLocalTime, type LocalDate } from '../../util/local-time.js';

/** A cell as the readers give it: text (CSV, or a text cell), a number, a date (a date cell), a boolean, or empty. */
export type RawCell = string | number | boolean | Date | null;

/** Which way round a date like 03/05/2024 is read: by the studio's country (US: month first). */
export type DayOrder = 'dmy' | 'mdy';

/** The cell as text, the way a person reads it ("" when empty; a date cell as YYYY-MM-DD). */
export function cellText(cell: RawCell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().replace(/T00:00:00\.000Z$/, '').replace(/:00\.000Z$/, '').replace('T', ' ');
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  return String(cell).trim();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDate = (d: LocalDate) => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;

function realDate(year: number, month: number, day: number): LocalDate | null {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? { year, month, day } : null;
}

// Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in); 1 = 1900-01-01.
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
/** Serial numbers of 1920-01-01 … 2150-12-31: a bare number outside is not taken as a date. */
const SERIAL_MIN = 7306;
const SERIAL_MAX = 91310;

export interface DateTimeParts {
  date: LocalDate;
  /** Null when the cell gave only a date. */
  time: { hour: number; minute: number } | null;
}

/**
 * A date (and time) from a cell: a date cell (its wall-clock reading, which the readers give
 * as UTC), an Excel serial number, or text in the forms people type: 2024-03-05, 2024/3/5,
 * 2024.3.5, 20240305, 2024年3月5日, ngày 5 tháng 3 năm 2024, and 5/3/2024 (or 3/5/2024 when
 * `order` is 'mdy'), each optionally followed by a time 14:30 or 14:30:00. Null when it is none.
 */
export function parseDateTime(cell: RawCell, order: DayOrder): DateTimeParts | null {
  if (cell instanceof Date) return fromUtcReading(cell);
  if (typeof cell === 'number') {
    if (!(cell >= SERIAL_MIN && cell <= SERIAL_MAX)) return null;
    return fromUtcReading(new Date(EXCEL_EPOCH + Math.round(cell * 86_400_000 / 60_000) * 60_000));
  }
  if (typeof cell !== 'string') return null;
  const text = cell.trim().replace(/\s+/g, ' ');
  const m = /^(.*?)(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(text);
  if (!m) return null;
  const date = parseDateText(m[1]!.trim(), order);
  if (!date) return null;
  if (m[2] === undefined) return { date, time: null };
  const hour = Number(m[2]);
  const minute = Number(m[3]);
  if (hour > 23 || minute > 59 || Number(m[4] ?? 0) > 59) return null;
  return { date, time: { hour, minute } };
}

function fromUtcReading(d: Date): DateTimeParts | null {
  if (Number.isNaN(d.getTime())) return null;
  const date = realDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  if (!date) return null;
  const hour = d.getUTCHours();
  const minute = d.getUTCMinutes();
  return { date, time: hour || minute ? { hour, minute } : null };
}

function parseDateText(text: string, order: DayOrder): LocalDate | null {
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text) ?? /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/.exec(text);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})$/iu.exec(text.normalize('NFC'));
  if (m) return realDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    return order === 'mdy' ? realDate(Number(m[3]), a, b) : realDate(Number(m[3]), b, a);
  }
  return null;
}

/** A date-only field (birthday, wedding date): YYYY-MM-DD, or null when the cell is no date. */
export function parseDateOnly(cell: RawCell, order: DayOrder): string | null {
  const p = parseDateTime(cell, order);
  return p ? isoDate(p.date) : null;
}

/**
 * A time field (stage added / due) as UTC ISO: the cell's wall-clock time in the studio's zone;
 * a bare date is taken at `defaultHour`:00 local.
 */
export function parseInstant(cell: RawCell, order: DayOrder, timeZone: string, defaultHour: number): string | null {
  const p = parseDateTime(cell, order);
  if (!p) return null;
  return atLocalTime(p.date, p.time?.hour ?? defaultHour, p.time?.minute ?? 0, timeZone).toISOString();
}

/** A cell holding several values: split at commas, semicolons, slashes, 、, | and line breaks (full-width ones too). */
export function splitList(text: string, withSlash = true): string[] {
  const re = withSlash ? /[,;/、|\n\r，；／｜]+/ : /[,;、|\n\r，；｜]+/;
  return text
    .split(re)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
