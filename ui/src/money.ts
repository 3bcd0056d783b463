// Money for people: the API speaks integers in the currency's minor unit (fen, cents; the
// đồng has none); staff type and read amounts the way they write them.
import { getLanguage } from './i18n/catalog';

/** Digits after the decimal point in this currency: 2 for CNY/USD, 0 for VND/JPY. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** 123450 CNY → "¥1,234.50" in the user's language (or another: a receipt in the customer's). */
export function formatMoney(amountMinor: number, currency: string, lang: string = getLanguage()): string {
  const digits = minorDigits(currency);
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(amountMinor / 10 ** digits);
  } catch {
    return `${amountMinor / 10 ** digits} ${currency}`;
  }
}

/** An amount for an input: 123450 CNY → "1234.50"; 500000 VND → "500000". */
export function moneyInput(amountMinor: number, currency: string): string {
  const digits = minorDigits(currency);
  return (amountMinor / 10 ** digits).toFixed(digits);
}

/**
 * What staff typed, as the minor unit, or null when it is not an amount. Spaces, commas,
 * dots and apostrophes may group thousands; the last comma or dot followed by no more
 * digits than the currency has is the decimal point ("1,234.50", "1.234,5", "1 234"). In a
 * currency without minor unit every separator groups ("500.000 ₫" is five hundred thousand).
 */
export function parseMoney(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const s = text.trim().replace(/[\s\u00a0\u202f'’]/g, '');
  if (!/^\d[\d.,]*$/.test(s) || /[.,]{2}/.test(s) || /[.,]$/.test(s)) return null;
  let whole = s;
  let frac = '';
  const last = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  if (digits > 0 && last >= 0 && s.length - last - 1 <= digits) {
    whole = s.slice(0, last);
    frac = s.slice(last + 1);
  }
  whole = whole.replace(/[.,]/g, '');
  const n = Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(n) ? n : null;
}
