// The Chinese lunar calendar for lunar birthdays (many Chinese and Vietnamese customers keep
// theirs on the lunar date), through lunar-typescript. Pure; conversions are memoised because a
// reminder run asks the same few hundred (year, month, day) questions for thousands of customers.
import { LunarMonth, Solar } from 'lunar-typescript';
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

const toLunarCache = new Map<string, LunarDate>();
const toSolarCache = new Map<string, LocalDate>();

/** The lunar date of a solar (Gregorian) day. */
export function lunarOf(d: LocalDate): LunarDate {
  const key = `${d.year}-${d.month}-${d.day}`;
  let l = toLunarCache.get(key);
  if (!l) {
    const lunar = Solar.fromYmd(d.year, d.month, d.day).getLunar();
    const m = lunar.getMonth();
    l = { year: lunar.getYear(), month: Math.abs(m), leap: m < 0, day: lunar.getDay() };
    toLunarCache.set(key, l);
  }
  return l;
}

/**
 * The solar day on which someone born on lunar `month`/`day` has their birthday in lunar year
 * `year`. Customs we follow: one born in a leap month celebrates in the ordinary month of that
 * number (every year has it; a leap month comes only every few years, and then the ordinary
 * one comes first); one born on the 30th celebrates on the 29th in a year whose month is short
 * (a lunar month has 29 or 30 days).
 */
export function lunarBirthdayIn(year: number, month: number, day: number): LocalDate {
  const key = `${year}-${month}-${day}`;
  let s = toSolarCache.get(key);
  if (!s) {
    const m = LunarMonth.fromYm(year, month);
    /* c8 ignore next -- lunar-typescript covers 1900–2100, beyond the box's life */
    if (!m) throw new RangeError(`lunar year ${year} is out of the calendar's range`);
    // Day 1 of the lunar month, then plain day arithmetic.
    const solar = Solar.fromJulianDay(m.getFirstJulianDay()).next(Math.min(day, m.getDayCount()) - 1);
    s = { year: solar.getYear(), month: solar.getMonth(), day: solar.getDay() };
    toSolarCache.set(key, s);
  }
  return s;
}
