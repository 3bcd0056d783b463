// The Chinese lunar calendar for lunar birthdays (many Chinese and Vietnamese customers keep
// theirs on the lunar date), from lunar-typescript's month tables. Pure. A lunar year's months
// (first day as a Julian day number, length) are read from the library once per year and kept:
// the library's own date conversion computes the moon's longitude each time (~100 µs), and a
// reminder run converts tens of thousands of birthdays.
import { createRequire } from 'node:module';
import type { LocalDate } from '../util/local-time.js';

export interface LunarDate {
  /** The lunar year (starts at the Spring Festival, in January or February). */
  year: number;
  /** 1–12 */
  month: number;
  /** True for a leap (intercalary) month, e.g. 闰四月. */
  leap: boolean;
  /** 1–30 */
  day: number;
}

interface MonthRow {
  year: number;
  /** Negative for a leap month, as lunar-typescript numbers them. */
  month: number;
  /** Julian day number (noon) of the month's first day. */
  first: number;
  days: number;
}

/** Julian day number of 1970-01-01 (at noon). */
const JDN_EPOCH = 2440588;
const DAY_MS = 86400_000;
const years = new Map<number, MonthRow[]>();

/**
 * lunar-typescript (~5 MB resident, ~70 ms to load) is loaded with the first lunar date asked
 * for, not at the daemon's start (idle memory, issue 17); its CommonJS build keeps this synchronous.
 */
let lunarModule: typeof import('lunar-typescript') | null = null;
const lunar = () => (lunarModule ??= createRequire(import.meta.url)('lunar-typescript') as typeof import('lunar-typescript'));

function monthsOf(lunarYear: number): MonthRow[] {
  let rows = years.get(lunarYear);
  if (!rows) {
    rows = lunar().LunarYear.fromYear(lunarYear)
      .getMonthsInYear()
      .map((m) => ({ year: m.getYear(), month: m.getMonth(), first: m.getFirstJulianDay(), days: m.getDayCount() }));
    years.set(lunarYear, rows);
  }
  return rows;
}

const jdnOf = (d: LocalDate) => Date.UTC(d.year, d.month - 1, d.day) / DAY_MS + JDN_EPOCH;

function dateOfJdn(jdn: number): LocalDate {
  const t = new Date((jdn - JDN_EPOCH) * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** The lunar date of a solar (Gregorian) day. */
export function lunarOf(d: LocalDate): LunarDate {
  const jdn = jdnOf(d);
  // The lunar year starts in January or February: the day is in this lunar year or the last.
  for (const y of [d.year, d.year - 1]) {
    for (const m of monthsOf(y)) {
      if (jdn >= m.first && jdn < m.first + m.days) return { year: m.year, month: Math.abs(m.month), leap: m.month < 0, day: jdn - m.first + 1 };
    }
  }
  /* c8 ignore next -- every day of 1900–2100 is in one of the two years' months */
  throw new RangeError(`${d.year}-${d.month}-${d.day} is out of the lunar calendar's range`);
}

/**
 * The solar day on which someone born on lunar `month`/`day` has their birthday in lunar year
 * `year`. Customs we follow: one born in a leap month celebrates in the ordinary month of that
 * number (every year has it; a leap month comes only every few years, and then the ordinary
 * one comes first); one born on the 30th celebrates on the 29th in a year whose month is short
 * (a lunar month has 29 or 30 days).
 */
export function lunarBirthdayIn(year: number, month: number, day: number): LocalDate {
  const m = monthsOf(year).find((r) => r.year === year && r.month === month);
  /* c8 ignore next -- every lunar year has its twelve ordinary months */
  if (!m) throw new RangeError(`lunar year ${year} has no month ${month}`);
  return dateOfJdn(m.first + Math.min(day, m.days) - 1);
}
