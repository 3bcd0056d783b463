// Which parts of a caller's card each user may see (events/event-rights.ts): every
// combination of the four rights, on the stream's events and the same shape elsewhere.
import { describe, expect, it } from 'vitest';
import type { ActiveCall, CallerCard, PermissionMap } from '../../src/api-types.js';
import { cardFor, redactFor } from '../../src/events/event-rights.js';

const card: CallerCard = {
  id: 7, customerNo: 'C000007', name: 'Phạm Thu', stage: 'ordered', stageDueAt: null,
  lastOrder: { id: 3, orderNo: '20261123-001', title: 'Wedding package A', state: 'booked', at: '2026-06-01T01:00:00.000Z' },
  unpaid: { amountMinor: 300_000, currency: 'CNY' },
  membership: { cardNo: 'G-0001', cardType: 'Gold', points: 300 },
  lastContact: { at: '2026-05-01T01:00:00.000Z', channel: 'phone', note: 'wants red', by: null },
};
const call = { callId: 1, customer: card } as unknown as ActiveCall;
const PARTS = [['lastContact', 'contacts'], ['lastOrder', 'orders'], ['unpaid', 'finance'], ['membership', 'membership']] as const;

describe('a caller card per user', () => {
  it('each part shows exactly for those with its view right (all 16 combinations)', () => {
    for (let mask = 0; mask < 16; mask++) {
      const perms: PermissionMap = { calls: ['view'] };
      PARTS.forEach(([, feature], i) => {
        if (mask & (1 << i)) perms[feature] = ['view'];
      });
      const seen = redactFor('call.ringing', call, perms).customer!;
      PARTS.forEach(([part], i) => {
        expect(seen[part], `${part} with mask ${mask}`).toEqual(mask & (1 << i) ? card[part] : null);
      });
      // Who is calling is for calls:view, whatever else.
      expect(seen).toMatchObject({ id: 7, name: 'Phạm Thu', stage: 'ordered' });
    }
  });

  it('add/edit without view does not show a part; the original is never changed', () => {
    const seen = cardFor(call, { calls: ['view'], finance: ['add', 'edit'] });
    expect(seen.customer?.unpaid).toBeNull();
    expect(call.customer?.unpaid).toEqual({ amountMinor: 300_000, currency: 'CNY' });
  });

  it('leaves other events, unknown callers and full rights alone', () => {
    const all: PermissionMap = { calls: ['view'], contacts: ['view'], orders: ['view'], finance: ['view'], membership: ['view'] };
    expect(redactFor('call.ringing', call, all)).toBe(call);
    const unknown = { callId: 2, customer: null };
    expect(redactFor('call.ringing', unknown, {})).toBe(unknown);
    const sms = { customer: card };
    expect(redactFor('sms.received', sms, {})).toBe(sms);
  });
});
