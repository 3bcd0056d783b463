// Order numbers (orders/order-number.ts): the studio's local day, and the padded number of the day.
import { describe, expect, it } from 'vitest';
import { localDay, orderNumber } from '../../src/orders/order-number.js';

describe('order numbers', () => {
  it('use the studio-local day around midnight in Shanghai (UTC+8)', () => {
    // 23:59:59 local on 22 Nov is 15:59:59 UTC; midnight local is 16:00 UTC.
    expect(localDay(new Date('2026-11-22T15:59:59.999Z'), 'Asia/Shanghai')).toBe('20261122');
    expect(localDay(new Date('2026-11-22T16:00:00.000Z'), 'Asia/Shanghai')).toBe('20261123');
    // Early morning in the studio is still the previous day in UTC.
    expect(localDay(new Date('2026-11-22T23:30:00Z'), 'Asia/Shanghai')).toBe('20261123');
    expect(localDay(new Date('2026-11-22T23:30:00Z'), 'UTC')).toBe('20261122');
  });

  it('use the studio-local day around midnight in Ho Chi Minh City (UTC+7), and across a year end', () => {
    expect(localDay(new Date('2026-12-31T16:59:59Z'), 'Asia/Ho_Chi_Minh')).toBe('20261231');
    expect(localDay(new Date('2026-12-31T17:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe('20270101');
    // Same instant, one hour apart: Shanghai already on the next day.
    expect(localDay(new Date('2026-12-31T16:30:00Z'), 'Asia/Shanghai')).toBe('20270101');
    expect(localDay(new Date('2026-12-31T16:30:00Z'), 'Asia/Ho_Chi_Minh')).toBe('20261231');
    // 29 February exists in 2028.
    expect(localDay(new Date('2028-02-28T17:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe('20280229');
  });

  it('refuse an unknown time zone', () => {
    expect(() => localDay(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it('pad the number of the day to three digits and grow past 999', () => {
    expect(orderNumber('20261123', 1)).toBe('20261123-001');
    expect(orderNumber('20261123', 42)).toBe('20261123-042');
    expect(orderNumber('20261123', 999)).toBe('20261123-999');
    expect(orderNumber('20261123', 1000)).toBe('20261123-1000');
    expect(orderNumber('20261123', 12345)).toBe('20261123-12345');
  });

  it('refuse a malformed day or sequence', () => {
    expect(() => orderNumber('2026-11-23', 1)).toThrow(RangeError);
    expect(() => orderNumber('20261123', 0)).toThrow(RangeError);
    expect(() => orderNumber('20261123', 1.5)).toThrow(RangeError);
  });
});
