// The appointment calendar (O3) in Chromium, the studio in Shanghai and the box's clock at 10:00
// on Wednesday 2 December 2026: the day view by room starts on the box's today; booking a shoot
// over another one shows the clash warning with the nearest free times; picking one books it;
// dragging it to another room and time moves it; on a phone the grid gives way to the day list.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment, AppointmentCalendar, AppointmentSettings, Customer, User } from '../../firmware/src/api-types.js';
import { ApiClient, SETUP, userWith } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { openAdminPage } from './browser-box.js';
import { ensureBundle } from './ui-bundle.js';

/** 2026-12-dd hh:mm Shanghai as UTC ISO. */
const sh = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 11, day, hour - 8, minute)).toISOString();

describe('the appointment calendar in a browser', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;
  let admin: ApiClient;
  let minh: User;
  let hoa: Customer;
  let rooms: AppointmentSettings['rooms'];

  const day = async (d: string) => (await admin.get<AppointmentCalendar>(`/api/appointments?from=${d}&to=${d}`)).data.items;

  beforeAll(async () => {
    ensureBundle();
    const start = Date.now();
    tb = await startTestBox({ clock: () => new Date(Date.parse('2026-12-02T02:00:00Z') + (Date.now() - start)) });
    admin = new ApiClient(tb.url);
    expect((await admin.post('/api/setup', SETUP)).status).toBe(201);
    minh = (await userWith(admin, 'minh', { workflow: ['view'] })).user;
    const s = await admin.put<AppointmentSettings>('/api/appointments/settings', {
      workingHours: Array.from({ length: 7 }, () => ({ open: '09:00', close: '18:00' })), daysOff: [], rooms: [{ name: 'Studio A', active: true }, { name: 'Studio B', active: true }],
    });
    rooms = s.data.rooms;
    hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', phones: [{ number: '138 1234 5678' }] })).data;
    const lan = (await admin.post<Customer>('/api/customers', { name: 'Lan', phones: [{ number: '139 1234 5678' }] })).data;
    const r = await admin.post<Appointment>('/api/appointments', {
      kind: 'shoot', customerId: lan.id, roomId: rooms[0]!.id, people: [{ userId: minh.id, post: 'photographer' }], startsAt: sh(3, 10), endsAt: sh(3, 12),
    });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    ({ browser, page } = await openAdminPage(tb.url, { viewport: { width: 1400, height: 1000 } }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  const column = (roomId: number) => page.locator(`section.appt-column[data-column="r${roomId}"]`);

  it('books a shoot: the clash warning offers the nearest free times; picking one books it', { timeout: 90_000 }, async () => {
    await page.getByRole('link', { name: 'Appointments' }).click();
    await page.getByRole('heading', { level: 1, name: 'Appointments' }).waitFor();
    await page.locator('.appt-range', { hasText: '2, 2026' }).waitFor(); // the box's today, 2 Dec
    await page.getByRole('button', { name: 'Next' }).click();
    await column(rooms[0]!.id).locator('.appt-block', { hasText: 'Lan' }).waitFor();

    await page.getByRole('button', { name: 'New appointment' }).click();
    const form = page.getByRole('form', { name: 'Book an appointment' });
    await form.getByLabel('Customer (name or phone)').fill('Hoa');
    await form.getByLabel('Choose the customer').selectOption(String(hoa.id));
    await form.getByText('Trần Thị Hoa').waitFor();
    await form.getByLabel('Room').selectOption(String(rooms[0]!.id));
    await form.getByLabel('Photographer').selectOption(String(minh.id));
    await form.getByLabel('Starts').fill('2026-12-03T11:00');
    await form.getByLabel('Minutes', { exact: true }).selectOption('60');
    await form.getByRole('button', { name: 'Book', exact: true }).click();

    const clash = form.locator('.appt-clash');
    await clash.waitFor();
    await expect(clash.textContent()).resolves.toContain('The room is taken (Lan');
    await expect(clash.textContent()).resolves.toContain(`${minh.displayName} is busy (Lan`);
    // Lan's shoot is busy 09:45–12:15 (set-up and clearing-up); this one needs 15 minutes before: 12:30.
    const slots = clash.locator('button.appt-slot');
    await expect(slots.first().textContent()).resolves.toMatch(/12:30/);
    expect(await day('2026-12-03')).toHaveLength(1);
    await slots.first().click();
    await page.getByText('Booked: Shoot for Trần Thị Hoa').waitFor();
    const items = await day('2026-12-03');
    expect(items.map((a) => [a.customer.name, a.startsAt, a.room?.id])).toEqual([
      ['Lan', sh(3, 10), rooms[0]!.id],
      ['Trần Thị Hoa', sh(3, 12, 30), rooms[0]!.id],
    ]);
    await column(rooms[0]!.id).locator('.appt-block', { hasText: 'Trần Thị Hoa' }).waitFor();
  });

  it('drags an appointment to another room and time', { timeout: 60_000 }, async () => {
    const block = column(rooms[0]!.id).locator('.appt-block', { hasText: 'Trần Thị Hoa' });
    // The grid starts at 09:00, a pixel a minute: 300 px down is 14:00 (grabbed 5 px below its top).
    await block.dragTo(column(rooms[1]!.id).locator('.appt-body'), { sourcePosition: { x: 10, y: 5 }, targetPosition: { x: 20, y: 300 } });
    await page.getByText('Moved to').waitFor();
    const moved = (await day('2026-12-03')).find((a) => a.customer.id === hoa.id)!;
    expect([moved.startsAt, moved.endsAt, moved.room?.id]).toEqual([sh(3, 14), sh(3, 15), rooms[1]!.id]);
    await column(rooms[1]!.id).locator('.appt-block', { hasText: 'Trần Thị Hoa' }).waitFor();
  });

  it('on a phone: the day as a list, no grid', { timeout: 60_000 }, async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const list = page.locator('.appt-daylist');
    await list.locator('li', { hasText: 'Trần Thị Hoa' }).waitFor();
    expect(await page.locator('.appt-grid').isVisible()).toBe(false);
    const rows = await list.locator('li').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('10:00–12:00');
    expect(rows[1]).toContain('14:00–15:00');
    expect(rows[1]).toContain('Studio B');
    await page.setViewportSize({ width: 1400, height: 1000 });
  });
});
