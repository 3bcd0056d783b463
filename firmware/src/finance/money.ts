// Amounts are kept in the currency's minor unit (fen, cents; đồng has none). Messages to staff
// show them in the major unit, with as many decimals as the currency has (ISO 4217, via Intl).

const digitsCache = new Map<string, number>();

export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      d = 2; // not an ISO code Intl knows: show it the common way rather than fail a message
    }
    digitsCache.set(currency, d);
  }
  return d;
}

/** "1500.00 CNY", "250000 VND": for messages, not for sums. */
export function formatMinor(amountMinor: number, currency: string): string {
  const d = minorDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const abs = String(Math.abs(amountMinor)).padStart(d + 1, '0');
  const major = d === 0 ? abs : `${abs.slice(0, -d)}.${abs.slice(-d)}`;
  return `${sign}${major} ${currency}`;
}
