// The owner is texted the box's address when it changes (issue 17 item 3): through the care
// SMS queue and the simulated modem, with a fake network-interface reader. Debounced (a lease
// that flaps sends nothing), once per change (not again after a restart at the same address),
// nothing without an owner phone; the phone is checked with libphonenumber-js on saving.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { BoxAddress, CareSettings } from '../../src/api-types.js';
import { boxUrl, primaryAddress } from '../../src/system/owner-address-sms.js';
import { wallClock } from '../../src/util/local-time.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';

let address: BoxAddress[] = [];
const lan = (ip: string): BoxAddress[] => [{ iface: 'wlan0', address: 'fd00::5', family: 'IPv6' }, { iface: 'eth0', address: ip, family: 'IPv4' }];
const config = { modem: { kind: 'simulator' }, system: { addressCheckSeconds: 0.05, addressStableSeconds: 0.4 } };
const boxes: TestBox[] = [];
afterAll(async () => {
  for (const b of boxes.reverse()) await b.close().catch(() => {});
});

type Row = { to_number: string; body: string; state: string; purpose: string; origin: string; customer_id: number | null; idempotency_key: string; next_attempt_at: string };
const texts = (tb: TestBox) => tb.box.ctx.db.prepare(`SELECT * FROM sms_outbox WHERE purpose = 'box-address' ORDER BY id`).all() as Row[];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the primary address and the link in the SMS', () => {
  it('takes the first IPv4, and leaves the port out when it is 80', () => {
    expect(primaryAddress(lan('192.168.1.23'))).toBe('192.168.1.23');
    expect(primaryAddress([{ iface: 'eth0', address: 'fd00::5', family: 'IPv6' }])).toBe('fd00::5');
    expect(primaryAddress([])).toBeNull();
    expect(boxUrl('192.168.1.23', 80)).toBe('http://192.168.1.23/');
    expect(boxUrl('192.168.1.23', 8080)).toBe('http://192.168.1.23:8080/');
    expect(boxUrl('fd00::5', 80)).toBe('http://[fd00::5]/');
  });
});

describe('texting the owner the box’s address', () => {
  it('sends one SMS per change, debounced, through the modem; refuses a bad phone', { timeout: 60_000 }, async () => {
    address = lan('192.168.1.23');
    const { tb, admin } = await startSetUpBox({ config, addresses: () => address });
    boxes.push(tb);
    const port = tb.box.port;
    // No owner phone: nothing.
    await sleep(700);
    expect(texts(tb)).toEqual([]);

    const care = (await admin.get<CareSettings>('/api/care/settings')).data;
    const bad = await admin.put('/api/care/settings', { ...care, ownerPhone: '138 1234' });
    expect(bad.status).toBe(400);
    expect(bad.error?.fields).toEqual([{ path: 'ownerPhone', message: expect.stringMatching(/short|not a valid/) }]);
    // Quiet hours around now on the studio's clock (all day but the minute after next): the
    // address SMS is operational and still goes out at once (owner-address-sms.ts says why).
    const w = wallClock(new Date(), tb.box.ctx.settings.get()?.timeZone ?? 'UTC');
    const hhmm = (m: number) => `${String(Math.floor((m % 1440) / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const quietHours = { start: hhmm(w.hour * 60 + w.minute + 2), end: hhmm(w.hour * 60 + w.minute + 1) };
    const saved = await admin.put<CareSettings>('/api/care/settings', { ...care, quietHours, ownerPhone: '138 1234 5678' });
    expect(saved.status, JSON.stringify(saved.error)).toBe(200);
    expect(saved.data.ownerPhone).toBe('+8613812345678');

    await waitFor(() => texts(tb).length === 1, 'the first address SMS');
    const [first] = texts(tb);
    expect(first).toMatchObject({ to_number: '+8613812345678', origin: 'automatic', customer_id: null, idempotency_key: 'box-address:1:192.168.1.23' });
    expect(first!.body).toContain(`http://192.168.1.23:${port}/`);
    expect(Date.parse(first!.next_attempt_at)).toBeLessThanOrEqual(Date.now());
    // The simulated modem sends it.
    await waitFor(() => ['sent', 'delivered'].includes(texts(tb)[0]!.state), 'the simulated modem sending it', 20_000);

    // A lease that flaps for less than the debounce: nothing.
    address = lan('192.168.1.40');
    await sleep(150);
    address = lan('192.168.1.23');
    await sleep(800);
    expect(texts(tb)).toHaveLength(1);

    // A new address that holds: one more, and only one.
    address = lan('10.0.0.7');
    await waitFor(() => texts(tb).length === 2, 'the second address SMS');
    await sleep(600);
    expect(texts(tb).map((t) => t.idempotency_key)).toEqual(['box-address:1:192.168.1.23', 'box-address:2:10.0.0.7']);
    expect(texts(tb)[1]!.body).toContain(`http://10.0.0.7:${port}/`);

    // Restarted at the same address: nothing again. At a new one: texted.
    const dataDir = tb.dataDir;
    await tb.box.close();
    boxes.pop();
    const again = await startTestBox({ config, dataDir, addresses: () => address });
    boxes.push(again);
    await sleep(800);
    expect(texts(again)).toHaveLength(2);
    address = lan('10.0.0.8');
    await waitFor(() => texts(again).length === 3, 'the address SMS after a restart');
    expect(texts(again)[2]!.idempotency_key).toBe('box-address:3:10.0.0.8');
    await again.close();
    boxes.pop();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
