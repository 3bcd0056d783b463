// The pure parts of a campaign: which numbers can take an SMS, each recipient's own text, and
// when the last message should have gone around the quiet hours.
import { describe, expect, it } from 'vitest';
import { finishEstimate, outsideQuiet } from '../../src/campaigns/finish-estimate.js';
import { recipientRenderer, smsCapable } from '../../src/campaigns/recipient-text.js';

describe('smsCapable', () => {
  it('takes mobiles, refuses landlines, service lines and invalid numbers, the same way on the second look', () => {
    for (let round = 0; round < 2; round++) {
      expect(smsCapable('+8613812345678')).toBe(true);
      expect(smsCapable('+8613812349999')).toBe(true);
      expect(smsCapable('+84901234567')).toBe(true);
      expect(smsCapable('+447911123456')).toBe(true);
      expect(smsCapable('+861082345678')).toBe(false); // Beijing landline
      expect(smsCapable('+842838220202')).toBe(false); // Ho Chi Minh City landline
      expect(smsCapable('+864001234567')).toBe(false); // 400 service line
      expect(smsCapable('+86138')).toBe(false);
    }
  });
});

describe('recipientRenderer', () => {
  const values = { valuesFor: (id: number) => ({ name: `N${id}`, gender: null, date: null, time: null, store: 'S', storePhone: null, orderNo: `O-${id}`, amountDue: null, points: 7 }), store: 'Ánh Dương', storePhone: '028 1' };
  it('fills name, title and store from the row alone', () => {
    const r = recipientRenderer('Chào {title} {name}, {store} ({store_phone})', 'vi', { ...values, valuesFor: () => { throw new Error('not needed'); } });
    expect(r({ id: 1, name: 'Hoa', gender: 'female' })).toBe('Chào chị Hoa, Ánh Dương (028 1)');
    expect(r({ id: 2, name: 'Lan', gender: null })).toBe('Chào Lan, Ánh Dương (028 1)');
  });
  it('reads the customer\'s values when the text needs an order or points', () => {
    const r = recipientRenderer('{name}: {order_no}, {points}', 'en', values);
    expect(r({ id: 5, name: 'ignored', gender: null })).toBe('N5: O-5, 7');
  });
});

describe('finishEstimate', () => {
  const q = { start: '21:00', end: '08:00' };
  const zone = 'Asia/Ho_Chi_Minh';
  const hcm = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 11, day, hour - 7, minute));
  it('sends perMinute parts a minute outside the quiet hours', () => {
    expect(finishEstimate(hcm(2, 10), 200, 20, q, zone)).toEqual(hcm(2, 10, 10));
    expect(finishEstimate(hcm(2, 10), 210, 20, q, zone)).toEqual(new Date(hcm(2, 10, 10).getTime() + 30_000));
  });
  it('stops for the night and goes on at 08:00', () => {
    // 3,000 parts at 20 a minute is 150 minutes: 20:00–21:00 sends 1,200, the rest from 08:00 (90 minutes).
    expect(finishEstimate(hcm(2, 20), 3000, 20, q, zone)).toEqual(hcm(3, 9, 30));
  });
  it('a start inside the quiet hours moves to their end; nothing to send: null', () => {
    expect(outsideQuiet(hcm(2, 23), q, zone)).toEqual(hcm(3, 8));
    expect(outsideQuiet(hcm(2, 12), q, zone)).toEqual(hcm(2, 12));
    expect(finishEstimate(hcm(2, 12), 0, 20, q, zone)).toBeNull();
    expect(finishEstimate(hcm(2, 23), 20, 20, q, zone)).toEqual(hcm(3, 8, 1));
  });
});
