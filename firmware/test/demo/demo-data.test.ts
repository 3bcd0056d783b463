// The demo studio's data (pure): names and numbers fit the country, words fit the language,
// money fits the currency, the same settings give the same data.
import { isValidPhoneNumber, parsePhoneNumber } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/api-types.js';
import { DEMO_CUSTOMERS, demoData, minorDigitsOf, type DemoSettings } from '../../src/demo/demo-data.js';
import { DEMO_TEXT } from '../../src/demo/demo-text.js';
import { FLOW } from '../../src/orders/order-states.js';

const NOW = new Date('2026-12-02T06:00:00Z');
const HAN = /^[\u4e00-\u9fff]{2,4}$/;
const VIET = /^[A-ZĐ][\p{L}]+( [A-ZĐ\p{Lu}][\p{L}]+){1,3}$/u;
const VIET_MARKS = /[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/i;
const LATIN = /^[A-Z][a-z]+ [A-Z][a-z]+$/;

const cases: (DemoSettings & { names: RegExp })[] = [
  { country: 'CN', language: 'zh-CN', currency: 'CNY', now: NOW, names: HAN },
  { country: 'VN', language: 'vi', currency: 'VND', now: NOW, names: VIET },
  { country: 'US', language: 'en', currency: 'USD', now: NOW, names: LATIN },
  { country: 'GB', language: 'en', currency: 'GBP', now: NOW, names: LATIN },
  { country: 'DE', language: 'en', currency: 'EUR', now: NOW, names: LATIN },
  // A country and a language that do not go together: names follow the country, words the language.
  { country: 'VN', language: 'zh-CN', currency: 'CNY', now: NOW, names: VIET },
];

describe('demo data', () => {
  it.each(cases)('$country / $language / $currency: a few dozen customers who fit the country', (s) => {
    const d = demoData(s);
    expect(d.customers).toHaveLength(DEMO_CUSTOMERS);
    for (const c of d.customers) {
      expect(c.name, c.name).toMatch(s.names);
      expect(isValidPhoneNumber(c.phone), c.phone).toBe(true);
      expect(parsePhoneNumber(c.phone).country).toBe(s.country);
    }
    if (s.country === 'VN') expect(d.customers.some((c) => VIET_MARKS.test(c.name))).toBe(true);
    expect(new Set(d.customers.map((c) => c.phone)).size).toBe(d.customers.length);
    expect(new Set(d.customers.map((c) => c.name)).size).toBeGreaterThan(d.customers.length * 0.9);
  });

  it.each(cases)('$country / $language / $currency: orders, payments, cards and the SMS thread in the language and currency', (s) => {
    const d = demoData(s);
    const t = DEMO_TEXT[s.language];
    const orders = d.customers.flatMap((c) => c.orders);
    expect(orders.length).toBeGreaterThanOrEqual(20);
    const unit = 10 ** minorDigitsOf(s.currency);
    for (const o of orders) {
      expect(t.packages.map((p) => p.title)).toContain(o.title);
      expect(Number.isInteger(o.totalMinor) && o.totalMinor > 0).toBe(true);
      expect(o.totalMinor % unit).toBe(0); // whole units, as a price list has them
      const paid = o.payments.reduce((a, p) => a + p.amountMinor, 0);
      expect(paid).toBeLessThanOrEqual(o.totalMinor);
      for (const p of o.payments) expect(p.amountMinor).toBeGreaterThan(0);
      if (o.state === 'delivered') expect(paid).toBe(o.totalMinor);
      expect([...FLOW]).toContain(o.state);
      // Booked shoots are ahead, the others behind.
      expect(Date.parse(o.serviceAt) > NOW.getTime()).toBe(o.state === 'booked');
    }
    const cards = d.customers.filter((c) => c.card);
    expect(cards.length).toBeGreaterThanOrEqual(5);
    for (const c of cards) {
      let balance = 0;
      for (const p of c.card!.points) {
        balance += p.delta;
        expect(balance).toBeGreaterThanOrEqual(0);
        expect(Number.isInteger(p.delta) && p.delta !== 0).toBe(true);
      }
    }
    expect(d.cardType.name).toBe(t.cardType.name);
    expect(d.thread.map((m) => m.from)).toEqual(['customer', 'studio', 'customer']);
    expect(d.customers[0]!.orders[0]?.state).toBe('booked');
    if (s.language === 'zh-CN') expect(d.thread[0]!.text).toMatch(/[\u4e00-\u9fff]/);
  });

  it('is the same every time for the same settings', () => {
    expect(demoData(cases[0]!)).toEqual(demoData(cases[0]!));
  });

  it('has every text in all three languages, none left in English', () => {
    for (const lang of LANGUAGES) {
      const t = DEMO_TEXT[lang];
      expect(t.packages).toHaveLength(DEMO_TEXT.en.packages.length);
      if (lang === 'en') continue;
      for (const [i, p] of t.packages.entries()) expect(p.title).not.toBe(DEMO_TEXT.en.packages[i]!.title);
      for (const m of t.thread) expect(DEMO_TEXT.en.thread.map((e) => e.text)).not.toContain(m.text);
    }
  });
});
