// The demo studio's data as pure values (no I/O): customers whose names and mobile numbers fit
// the studio's country (Chinese for CN, Vietnamese for VN, English elsewhere), orders, payments,
// member cards with points, contact notes and an SMS thread in the studio's language. The same
// settings always give the same data (a seeded generator), so the demo and its test agree.
import { getExampleNumber, isValidPhoneNumber, type CountryCode } from 'libphonenumber-js';
import examples from 'libphonenumber-js/mobile/examples';
import type { Language, OrderState, PaymentMethod, Stage } from '../api-types.js';
import { seededRandom } from '../util/seeded-random.js';
import { DEMO_TEXT } from './demo-text.js';

export interface DemoSettings {
  country: string;
  language: Language;
  currency: string;
  /** When the demo is made: orders' shoot dates fall around it. */
  now: Date;
}

export interface DemoOrder {
  title: string;
  totalMinor: number;
  /** Shoot date (UTC ISO). */
  serviceAt: string;
  /** Where the order is in its workflow (reached one step at a time from booked). */
  state: OrderState;
  payments: { amountMinor: number; method: PaymentMethod; note: string }[];
}

export interface DemoCustomer {
  name: string;
  gender: 'female' | 'male';
  /** International form, valid for the country. */
  phone: string;
  stage: Stage;
  source: string;
  notes: string;
  orders: DemoOrder[];
  /** Member card: the points entries it earns (positive) and spends (negative), in order. */
  card: { points: { delta: number; reason: string }[] } | null;
  contact: { channel: 'phone' | 'visit' | 'wechat'; note: string; daysAgo: number } | null;
}

export interface DemoData {
  customers: DemoCustomer[];
  cardType: { name: string; note: string };
  /** The SMS thread with the first customer: in, out (a reply), in. */
  thread: { from: 'customer' | 'studio'; text: string }[];
}

export const DEMO_CUSTOMERS = 36;

type NameKind = 'zh' | 'vi' | 'en';
export const nameKindOf = (country: string): NameKind => (country === 'CN' ? 'zh' : country === 'VN' ? 'vi' : 'en');

const NAMES = {
  zh: {
    family: ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '梁', '宋'],
    female: ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '秀英', '欣怡', '梓萱', '雨桐', '思琪', '晓燕', '婷婷', '佳怡'],
    male: ['伟', '强', '磊', '洋', '勇', '军', '杰', '涛', '明', '超', '浩然', '宇轩', '子豪', '建华', '志强', '俊杰'],
  },
  vi: {
    family: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'],
    female: ['Thị Hoa', 'Thu Hà', 'Ngọc Lan', 'Thị Mai', 'Thanh Hương', 'Thùy Linh', 'Minh Thư', 'Bảo Ngọc', 'Thị Yến', 'Khánh Vy', 'Phương Thảo', 'Thu Trang'],
    male: ['Văn Nam', 'Minh Tuấn', 'Quốc Huy', 'Văn Dũng', 'Hoàng Long', 'Gia Bảo', 'Đức Anh', 'Thanh Tùng', 'Quang Hải', 'Minh Khôi', 'Văn Hùng', 'Anh Quân'],
  },
  en: {
    family: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Taylor', 'Davies', 'Wilson', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright', 'Thompson', 'White', 'Hughes'],
    female: ['Emily', 'Olivia', 'Sophie', 'Grace', 'Chloe', 'Hannah', 'Lucy', 'Emma', 'Amelia', 'Isla', 'Megan', 'Charlotte'],
    male: ['James', 'Oliver', 'Jack', 'Harry', 'George', 'Thomas', 'Daniel', 'Samuel', 'William', 'Joshua', 'Ethan', 'Noah'],
  },
} as const;

function personName(kind: NameKind, family: string, given: string): string {
  return kind === 'en' ? `${given} ${family}` : kind === 'zh' ? `${family}${given}` : `${family} ${given}`;
}

/** Mobile numbers that exist in the numbering plan (not any real person's, as far as a demo can tell). */
function mobiles(country: string, count: number, rand: () => number): string[] {
  const out = new Set<string>();
  const gen: () => string =
    country === 'CN'
      ? () => `+861${['36', '38', '39', '50', '58', '86', '88'][Math.floor(rand() * 7)]}${digits(8, rand)}`
      : country === 'VN'
        ? () => `+849${['0', '1', '3', '4', '8'][Math.floor(rand() * 5)]}${digits(7, rand)}`
        : exampleBased(country, rand);
  for (let tries = 0; out.size < count && tries < count * 50; tries++) {
    const n = gen();
    if (isValidPhoneNumber(n)) out.add(n);
  }
  return [...out];
}

const digits = (n: number, rand: () => number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');

/** Elsewhere: the country's example mobile number with its last four digits changed. */
function exampleBased(country: string, rand: () => number): () => string {
  let example: string | undefined;
  try {
    example = getExampleNumber(country as CountryCode, examples)?.number;
  } catch {
    example = undefined;
  }
  const base = example ?? '+12015550123';
  return () => base.slice(0, -4) + digits(4, rand);
}

/** A price given in yuan, in the currency's minor unit, rounded as a price list would be. */
function price(yuan: number, currency: string): number {
  const perYuan: Record<string, number> = { CNY: 1, VND: 3500, USD: 0.14, EUR: 0.13, GBP: 0.11, HKD: 1.1, TWD: 4.5, SGD: 0.19, AUD: 0.21, CAD: 0.19, JPY: 21, KRW: 190, THB: 4.9, MYR: 0.65 };
  const major = yuan * (perYuan[currency] ?? 1);
  const step = major >= 1_000_000 ? 50_000 : major >= 10_000 ? 1000 : major >= 1000 ? 50 : major >= 100 ? 5 : 1;
  const rounded = Math.max(step, Math.round(major / step) * step);
  return rounded * 10 ** minorDigitsOf(currency);
}

export function minorDigitsOf(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

const STATE_FOR_STAGE: Record<Stage, OrderState[]> = {
  lead: [],
  ordered: ['booked'],
  shot: ['shot'],
  selected: ['selected', 'in_production', 'ready'],
  history: ['delivered'],
};

export function demoData(s: DemoSettings): DemoData {
  const rand = seededRandom(0x5b0c + s.country.charCodeAt(0) * 31 + (s.country.charCodeAt(1) || 0));
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const kind = nameKindOf(s.country);
  const t = DEMO_TEXT[s.language];
  const names = NAMES[kind];
  const phones = mobiles(s.country, DEMO_CUSTOMERS, rand);
  const day = 24 * 3600 * 1000;
  const stages: Stage[] = ['lead', 'ordered', 'ordered', 'shot', 'selected', 'selected', 'history', 'history', 'history'];
  const used = new Set<string>();
  const customers: DemoCustomer[] = [];
  for (let i = 0; i < phones.length; i++) {
    const gender = rand() < 0.6 ? 'female' : 'male';
    let name = '';
    for (let k = 0; k < 20 && (name === '' || used.has(name)); k++) name = personName(kind, pick(names.family), pick(names[gender]));
    used.add(name);
    // The first customer is the SMS thread's: a booked shoot coming up.
    const stage = i === 0 ? 'ordered' : pick(stages);
    const orders: DemoOrder[] = [];
    const states = STATE_FOR_STAGE[stage];
    const count = states.length === 0 ? 0 : rand() < 0.25 ? 2 : 1;
    for (let o = 0; o < count; o++) {
      const pkg = pick(t.packages);
      const totalMinor = price(pkg.yuan, s.currency);
      const state = o === 0 ? pick(states) : 'delivered';
      const future = state === 'booked';
      const serviceAt = new Date(s.now.getTime() + (future ? 1 + Math.floor(rand() * 20) : -(3 + Math.floor(rand() * 120))) * day);
      serviceAt.setUTCHours(2 + Math.floor(rand() * 6), rand() < 0.5 ? 0 : 30, 0, 0);
      const payments: DemoOrder['payments'] = [];
      const deposit = Math.round(totalMinor * 0.3 / 10 ** minorDigitsOf(s.currency)) * 10 ** minorDigitsOf(s.currency);
      if (state !== 'booked' || rand() < 0.7) payments.push({ amountMinor: deposit, method: pick(t.methods), note: t.deposit });
      if (state === 'delivered' || state === 'ready' || (state !== 'booked' && rand() < 0.4)) payments.push({ amountMinor: totalMinor - deposit, method: pick(t.methods), note: t.balance });
      orders.push({ title: pkg.title, totalMinor, serviceAt: serviceAt.toISOString(), state, payments });
    }
    const card =
      i % 4 === 1
        ? { points: [{ delta: 500, reason: t.welcomePoints }, ...orders.filter((o) => o.payments.length).map((o) => ({ delta: Math.max(1, Math.round(sumMajor(o, s.currency) / pointsPer(s.currency))), reason: `${t.pointsFor} ${o.title}` })), ...(rand() < 0.3 ? [{ delta: -200, reason: t.redeem }] : [])] }
        : null;
    customers.push({
      name,
      gender,
      phone: phones[i]!,
      stage,
      source: pick(t.sources),
      notes: rand() < 0.3 ? pick(t.notes) : '',
      orders,
      card,
      contact: rand() < 0.4 ? { channel: pick(t.channels), note: pick(t.contacts), daysAgo: 1 + Math.floor(rand() * 30) } : null,
    });
  }
  return { customers, cardType: t.cardType, thread: t.thread };
}

const sumMajor = (o: DemoOrder, currency: string) => o.payments.reduce((a, p) => a + p.amountMinor, 0) / 10 ** minorDigitsOf(currency);
/** One point per yuan-ish of spending, whatever the currency. */
const pointsPer = (currency: string) => (currency === 'VND' ? 3500 : ['USD', 'EUR', 'GBP', 'SGD', 'AUD', 'CAD'].includes(currency) ? 0.14 : 1);
