// Amounts in messages: the minor unit shown in the major unit, with the currency's decimals.
import { describe, expect, it } from 'vitest';
import { formatMinor } from '../../src/finance/money.js';

describe('formatMinor', () => {
  it('uses the currency\'s decimals, exactly (no floating point)', () => {
    expect(formatMinor(880000, 'CNY')).toBe('8800.00 CNY');
    expect(formatMinor(5, 'CNY')).toBe('0.05 CNY');
    expect(formatMinor(0, 'USD')).toBe('0.00 USD');
    expect(formatMinor(-30000, 'CNY')).toBe('-300.00 CNY');
    expect(formatMinor(250000, 'VND')).toBe('250000 VND');
    expect(formatMinor(1e13, 'CNY')).toBe('100000000000.00 CNY');
    expect(formatMinor(1234, 'XYZ?')).toBe('12.34 XYZ?');
  });
});
