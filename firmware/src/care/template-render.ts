// Message templates (S1): placeholders filled for one customer. Pure, and shared with the UI
// (the live preview renders as the text is typed), so it imports nothing with I/O.
//
// A placeholder is a known name in braces: {name} {title} {date} {time} {store} {store_phone}
// {order_no} {amount_due} {points}. {title} follows the customer's gender in the template's
// language (先生/女士, anh/chị, Mr/Ms). A value that is not known for this customer renders as
// nothing and is reported in `missing`, so the preview can say so and an automatic message can
// decide not to go out with a hole in it.
import type { Gender, Language } from '../api-types.js';

export const PLACEHOLDERS = ['name', 'title', 'date', 'time', 'store', 'store_phone', 'order_no', 'amount_due', 'points'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export interface TemplateValues {
  name?: string | null;
  gender?: Gender | null;
  /** The date the message is about (the shoot, the birthday), on the studio's calendar. */
  date?: { year: number; month: number; day: number } | null;
  time?: { hour: number; minute: number } | null;
  store?: string | null;
  storePhone?: string | null;
  orderNo?: string | null;
  /** What is still owed, in minor units. */
  amountDue?: { minor: number; currency: string } | null;
  points?: number | null;
}

export interface Rendered {
  text: string;
  /** Placeholders in the body whose value this customer lacks (rendered as nothing). */
  missing: Placeholder[];
}

const known = new Set<string>(PLACEHOLDERS);
const TOKEN = /\{([a-z_]+)\}/g;

/** Names in braces that look like placeholders but are none (a typo: "{nmae}"). */
export function unknownPlaceholders(body: string): string[] {
  const out = new Set<string>();
  for (const m of body.matchAll(TOKEN)) if (!known.has(m[1]!)) out.add(m[0]);
  return [...out];
}

/** The placeholders a body uses, in order of first use. */
export function placeholdersIn(body: string): Placeholder[] {
  const out = new Set<Placeholder>();
  for (const m of body.matchAll(TOKEN)) if (known.has(m[1]!)) out.add(m[1] as Placeholder);
  return [...out];
}

const TITLES: Record<Language, Partial<Record<Gender, string>>> = {
  'zh-CN': { male: '先生', female: '女士' },
  vi: { male: 'anh', female: 'chị' },
  en: { male: 'Mr', female: 'Ms' },
};

const pad = (n: number) => String(n).padStart(2, '0');

function formatDate(d: NonNullable<TemplateValues['date']>, language: Language): string {
  if (language === 'zh-CN') return `${d.month}月${d.day}日`;
  if (language === 'vi') return `${pad(d.day)}/${pad(d.month)}`;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${d.day} ${months[d.month - 1]}`;
}

/** Digits of a currency's minor unit (CNY 2, VND 0), from Intl; 2 for a code it does not know. */
function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** As a customer reads money: 1500.00元 in Chinese, 250.000đ in Vietnamese, else "1500.00 USD". */
export function formatAmount(a: NonNullable<TemplateValues['amountDue']>, language: Language): string {
  const d = minorDigits(a.currency);
  const sign = a.minor < 0 ? '-' : '';
  const abs = String(Math.abs(a.minor)).padStart(d + 1, '0');
  const whole = d === 0 ? abs : abs.slice(0, -d);
  const frac = d === 0 ? '' : abs.slice(-d);
  if (language === 'zh-CN' && a.currency === 'CNY') return `${sign}${whole}.${frac}元`;
  if (language === 'vi' && a.currency === 'VND') return `${sign}${whole.replace(/\B(?=(\d{3})+$)/g, '.')}đ`;
  return `${sign}${frac ? `${whole}.${frac}` : whole} ${a.currency}`;
}

function valueOf(p: Placeholder, v: TemplateValues, language: Language): string | null {
  switch (p) {
    case 'name':
      return v.name?.trim() || null;
    case 'title':
      return v.gender ? (TITLES[language][v.gender] ?? null) : null;
    case 'date':
      return v.date ? formatDate(v.date, language) : null;
    case 'time':
      return v.time ? `${pad(v.time.hour)}:${pad(v.time.minute)}` : null;
    case 'store':
      return v.store?.trim() || null;
    case 'store_phone':
      return v.storePhone?.trim() || null;
    case 'order_no':
      return v.orderNo?.trim() || null;
    case 'amount_due':
      return v.amountDue ? formatAmount(v.amountDue, language) : null;
    case 'points':
      return v.points === null || v.points === undefined ? null : String(v.points);
  }
}

/**
 * The body with each placeholder replaced. A missing value leaves nothing behind, and the
 * double space it would leave ("Dear  Hoa") is closed up; unknown names in braces stay as typed.
 */
export function renderTemplate(body: string, language: Language, values: TemplateValues): Rendered {
  const missing = new Set<Placeholder>();
  let hole = false;
  const text = body.replace(TOKEN, (whole, name: string) => {
    if (!known.has(name)) return whole;
    const v = valueOf(name as Placeholder, values, language);
    if (v === null) {
      missing.add(name as Placeholder);
      hole = true;
      return '';
    }
    return v;
  });
  let out = hole ? text.replace(/ {2,}/g, ' ').replace(/ +([,.!?，。！？])/g, '$1').trim() : text;
  // A message that opens with a value starts with a capital ("{title} {name} ơi" → "Chị Hoa ơi").
  if (/^\{[a-z_]+\}/.test(body) && out.length) out = out[0]!.toLocaleUpperCase(language) + out.slice(1);
  return { text: out, missing: [...missing] };
}

/**
 * Values a message cannot do without: an automatic message or reminder whose template needs one
 * of these and lacks it ("your shoot is on  at ") is not sent. A missing name, title, store or
 * store phone only shortens the greeting.
 */
export const ESSENTIAL: readonly Placeholder[] = ['date', 'time', 'order_no', 'amount_due', 'points'];

export function lacksEssential(r: Rendered): Placeholder[] {
  return r.missing.filter((p) => ESSENTIAL.includes(p));
}
