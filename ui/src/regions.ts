// Choices for the studio's time zone, country and currency. Names come from the browser
// (Intl.DisplayNames) in the chosen language, so no list of names ships with the UI.
import { getLanguage } from './i18n/catalog';

/** Country -> its usual currency; the order is the order shown (the studios we serve first). */
export const COUNTRY_CURRENCY: Record<string, string> = {
  CN: 'CNY',
  VN: 'VND',
  HK: 'HKD',
  TW: 'TWD',
  MO: 'MOP',
  SG: 'SGD',
  MY: 'MYR',
  TH: 'THB',
  KH: 'KHR',
  LA: 'LAK',
  ID: 'IDR',
  PH: 'PHP',
  JP: 'JPY',
  KR: 'KRW',
  AU: 'AUD',
  US: 'USD',
  CA: 'CAD',
  GB: 'GBP',
  FR: 'EUR',
  DE: 'EUR',
};

export const TIME_ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Macau',
  'Asia/Ho_Chi_Minh',
  'Asia/Bangkok',
  'Asia/Phnom_Penh',
  'Asia/Singapore',
  'Asia/Kuala_Lumpur',
  'Asia/Jakarta',
  'Asia/Manila',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Australia/Sydney',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'America/Toronto',
  'UTC',
];

export function browserTimeZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

function displayName(type: 'region' | 'currency', code: string): string {
  try {
    return new Intl.DisplayNames([getLanguage()], { type }).of(code) ?? code;
  } catch {
    return code;
  }
}

export const countryName = (code: string) => displayName('region', code);
export const currencyName = (code: string) => displayName('currency', code);

/** The list, plus the current value when it is something else (never lose a saved choice). */
export function withCurrent(list: string[], current: string): string[] {
  return current && !list.includes(current) ? [current, ...list] : list;
}

export function currencies(): string[] {
  return [...new Set(Object.values(COUNTRY_CURRENCY))];
}
