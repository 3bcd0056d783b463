// Template rendering (care/template-render.ts) and the shipped defaults (care/default-templates.ts).
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/api-types.js';
import { DEFAULT_TEMPLATES, TEMPLATE_PURPOSES } from '../../src/care/default-templates.js';
import { formatAmount, lacksEssential, PLACEHOLDERS, placeholdersIn, renderTemplate, unknownPlaceholders, type TemplateValues } from '../../src/care/template-render.js';
import { smsParts } from '../../src/modem/pdu/split-text.js';
import { REMINDER_KINDS } from '../../src/api-types.js';

const full: TemplateValues = {
  name: 'Hoa', gender: 'female', date: { year: 2026, month: 12, day: 3 }, time: { hour: 9, minute: 5 }, store: 'Anh Duong Studio',
  storePhone: '021 5555 0101', orderNo: 'D2026-0042', amountDue: { minor: 150000, currency: 'CNY' }, points: 320,
};

describe('renderTemplate', () => {
  it('fills every placeholder in each language, with the title from gender and language', () => {
    const body = '{title} {name}|{date}|{time}|{store}|{store_phone}|{order_no}|{amount_due}|{points}';
    expect(renderTemplate(body, 'en', full)).toEqual({ text: 'Ms Hoa|3 Dec|09:05|Anh Duong Studio|021 5555 0101|D2026-0042|1500.00 CNY|320', missing: [] });
    expect(renderTemplate(body, 'zh-CN', full).text).toBe('女士 Hoa|12月3日|09:05|Anh Duong Studio|021 5555 0101|D2026-0042|1500.00元|320');
    expect(renderTemplate(body, 'vi', { ...full, gender: 'male', amountDue: { minor: 2500000, currency: 'VND' } }).text).toBe('Anh Hoa|03/12|09:05|Anh Duong Studio|021 5555 0101|D2026-0042|2.500.000đ|320');
    expect(renderTemplate('{name}{title}', 'zh-CN', { name: '王兰', gender: 'male' }).text).toBe('王兰先生');
    expect(renderTemplate('Dear {title} {name}', 'en', { name: 'Lan', gender: 'male' }).text).toBe('Dear Mr Lan');
    // A message opening with a value starts with a capital; one the studio typed in lower case stays so.
    expect(renderTemplate('{title} {name} ơi', 'vi', { name: 'Hoa', gender: 'female' }).text).toBe('Chị Hoa ơi');
    expect(renderTemplate('{title} {name}', 'vi', { name: 'Hoa' }).text).toBe('Hoa');
    expect(renderTemplate('chào {name}', 'vi', { name: 'Hoa' }).text).toBe('chào Hoa');
    // A placeholder used twice is filled twice.
    expect(renderTemplate('{name}, {name}!', 'en', { name: 'A' }).text).toBe('A, A!');
  });

  it('a missing value renders as nothing, closes up the gap, and is reported', () => {
    expect(renderTemplate('Dear {title} {name}, see you {date}.', 'en', { name: 'Lan', gender: 'other' })).toEqual({ text: 'Dear Lan, see you.', missing: ['title', 'date'] });
    expect(renderTemplate('{name}{title}您好', 'zh-CN', { name: '王兰', gender: null })).toEqual({ text: '王兰您好', missing: ['title'] });
    expect(renderTemplate('{points} points', 'en', { points: 0 })).toEqual({ text: '0 points', missing: [] });
    expect(renderTemplate('{name}', 'en', { name: '   ' })).toEqual({ text: '', missing: ['name'] });
    expect(renderTemplate('{name}', 'en', {})).toEqual({ text: '', missing: ['name'] });
    expect(lacksEssential(renderTemplate('{title} {name}, {store} {store_phone}', 'en', {}))).toEqual([]);
    expect(lacksEssential(renderTemplate('{title} {name} on {date} at {time}', 'en', { name: 'A' }))).toEqual(['date', 'time']);
  });

  it('leaves unknown names in braces as typed, and names them', () => {
    expect(renderTemplate('Hi {nmae} {name} {}', 'en', { name: 'A' }).text).toBe('Hi {nmae} A {}');
    expect(unknownPlaceholders('Hi {nmae} {name} {Name} {nmae} {x1}')).toEqual(['{nmae}']);
    expect(placeholdersIn('{time} {date} {time} {oops}')).toEqual(['time', 'date']);
    // Text without placeholders is untouched, double spaces included.
    expect(renderTemplate('a  b', 'en', {}).text).toBe('a  b');
  });

  it('formats amounts as customers read them, negative and tiny ones too', () => {
    expect(formatAmount({ minor: 5, currency: 'CNY' }, 'zh-CN')).toBe('0.05元');
    expect(formatAmount({ minor: -12345, currency: 'USD' }, 'en')).toBe('-123.45 USD');
    expect(formatAmount({ minor: 500, currency: 'VND' }, 'vi')).toBe('500đ');
    expect(formatAmount({ minor: 1234567, currency: 'VND' }, 'en')).toBe('1234567 VND');
    expect(formatAmount({ minor: 100, currency: 'JPY' }, 'zh-CN')).toBe('100 JPY');
  });
});

describe('the shipped defaults', () => {
  it('cover every reminder kind and automatic message, in zh-CN, vi and en, with known placeholders only', () => {
    for (const kind of REMINDER_KINDS) expect(TEMPLATE_PURPOSES).toContain(kind);
    for (const p of TEMPLATE_PURPOSES) {
      for (const lang of LANGUAGES) {
        const body = DEFAULT_TEMPLATES[p][lang];
        expect(body.trim(), `${p} ${lang}`).not.toBe('');
        expect(unknownPlaceholders(body), `${p} ${lang}`).toEqual([]);
        const r = renderTemplate(body, lang, full);
        expect(r.missing, `${p} ${lang}`).toEqual([]);
        expect(r.text).not.toMatch(/[{}]/);
        for (const ph of PLACEHOLDERS) expect(r.text).not.toContain(`{${ph}}`);
      }
    }
  });

  it('English defaults stay GSM-7 and fit one SMS for an ordinary customer; the others fit two UCS-2 parts', () => {
    for (const p of TEMPLATE_PURPOSES) {
      const en = smsParts(renderTemplate(DEFAULT_TEMPLATES[p].en, 'en', full).text);
      expect(en.encoding, p).toBe('gsm7');
      expect(en.parts, p).toBe(1);
      for (const lang of ['zh-CN', 'vi'] as const) expect(smsParts(renderTemplate(DEFAULT_TEMPLATES[p][lang], lang, full).text).parts, `${p} ${lang}`).toBeLessThanOrEqual(2);
    }
  });
});
