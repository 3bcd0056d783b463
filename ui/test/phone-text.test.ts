// Phone numbers one way everywhere: the UI's formatter (min metadata, for numbers the box sends
// as E.164 only) says every number exactly as the box's own `display` does (max metadata).
import { describe, expect, it } from 'vitest';
import type { CountryCode } from 'libphonenumber-js';
import { displayPhone } from '../../firmware/src/crm/phone.js';
import * as lib from '../src/phone-lib';
import { phoneText } from '../src/phone-text';

const NUMBERS = ['+8613812345678', '+8675512345678', '+84912345678', '+842838123456', '+85291234567', '+886912345678', '+6591234567', '+819012345678', '+12025550123', '+447911123456', '+33612345678'];
const COUNTRIES: CountryCode[] = ['CN', 'VN', 'HK', 'TW', 'SG', 'JP', 'US', 'GB', 'FR'];

describe('phone text in the UI', () => {
  it('formats like the box: national at home, international for other countries', () => {
    for (const country of COUNTRIES) for (const n of NUMBERS) expect(phoneText(n, country, lib), `${n} in ${country}`).toBe(displayPhone(n, country));
    expect(phoneText('+8613812345678', 'CN', lib)).toBe('138 1234 5678');
    expect(phoneText('+84912345678', 'CN', lib)).toBe('+84 912 345 678');
  });

  it('leaves what is not an international number as it is', () => {
    for (const raw of ['10086', 'VIETTEL', '?', '', '+12', '13812345678', '+99912345678']) expect(phoneText(raw, 'CN', lib)).toBe(raw);
  });

  it('shows the stored number until the formatter has arrived', () => {
    expect(phoneText('+8613812345678', 'CN', null)).toBe('+8613812345678');
  });
});
