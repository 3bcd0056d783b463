// A report's cells for people (R1): months, days, counts, money and days in the language on
// screen and its number format (Intl); text cells come from the box already in that language.
import type { ReportCell, ReportCellKind } from '../../contract';
import { getLanguage } from '../../i18n/catalog';
import { formatDate } from '../../i18n/format';
import { formatMoney } from '../../money';

export function cellText(v: ReportCell, kind: ReportCellKind, currency: string): string {
  if (v === null) return '';
  const lang = getLanguage();
  switch (kind) {
    case 'text':
      return String(v);
    case 'month': {
      const d = new Date(`${String(v)}-01T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? String(v) : new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(d);
    }
    case 'day':
      return formatDate(String(v));
    case 'money':
      return typeof v === 'number' ? formatMoney(v, currency, lang) : String(v);
    case 'days':
    case 'gigabytes':
      return typeof v === 'number' ? new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(v) : String(v);
    case 'count':
    case 'points':
      return typeof v === 'number' ? new Intl.NumberFormat(lang).format(v) : String(v);
  }
}

/** A short axis label for a number of that kind (money without decimals). */
export function axisText(v: number, kind: ReportCellKind, currency: string, digits: number): string {
  const lang = getLanguage();
  if (kind === 'money') return new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(v / 10 ** digits);
  return new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(v);
}
