// Amounts as staff type them, to the API's minor unit and back (ui/src/money.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minorDigits, moneyInput, parseMoney } from '../src/money';

describe('money', () => {
  it('knows each currency\'s minor unit', () => {
    expect(minorDigits('CNY')).toBe(2);
    expect(minorDigits('VND')).toBe(0);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('not a currency')).toBe(2);
  });

  it.each([
    ['1234.50', 'CNY', 123_450],
    ['1,234.50', 'CNY', 123_450],
    ['1.234,50', 'CNY', 123_450],
    ['1 234,5', 'CNY', 123_450],
    ['1234', 'CNY', 123_400],
    ['1,234', 'CNY', 123_400],
    ['0.05', 'CNY', 5],
    [' 88 ', 'CNY', 8_800],
    ['500.000', 'VND', 500_000],
    ['500,000', 'VND', 500_000],
    ['1 500 000', 'VND', 1_500_000],
    ['0', 'CNY', 0],
  ])('%s %s → %d', (text, currency, minor) => {
    expect(parseMoney(text, currency)).toBe(minor);
  });

  it.each(['', 'abc', '-5', '1..2', '12.', '1,2,', '¥12', '1e5', '12.345.67x', '99999999999999999999'])('%j is not an amount', (text) => {
    expect(parseMoney(text, 'CNY')).toBeNull();
  });

  it('what moneyInput writes, parseMoney reads back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.constantFrom('CNY', 'VND', 'USD'), (minor, currency) => {
        expect(parseMoney(moneyInput(minor, currency), currency)).toBe(minor);
      }),
    );
  });
});
