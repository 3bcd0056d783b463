// The rest of C3 over real HTTP: visit plans (due and overdue per staff member, done writes a
// contact record in the same transaction), feedback with its averages, and referrals (both
// pages, the count per referrer, the till's hook). Bad input is a 400 naming the field and
// writes nothing; each route checks its right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactRecord, Customer, ServerEvent, Feedback, FeedbackList, Referrals, ReferrerCount, User, UserRef, VisitPlan, VisitPlanDone, VisitPlanList } from '../../src/api-types.js';
import type { ReferralSet } from '../../src/crm/referral-service.js';
import { openEventStream } from '../helpers/event-stream.js';
import { ApiClient, SETUP, userWith } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

// 22:00 in Shanghai on 2026-11-22 (sessions idle out after 8 h: the clock only moves by minutes).
let nowMs = Date.parse('2026-11-22T14:00:00Z');
const clock = () => new Date(nowMs);

let tb: TestBox;
let admin: ApiClient;
/** contacts view/add/edit, customers view/edit. */
let desk: ApiClient;
let deskUser: User;
/** contacts view only; customers view. */
let viewer: ApiClient;
let viewerUser: User;
/** customers only. */
let outsider: ApiClient;
const people: Customer[] = [];

const rowCount = (table: string) => (tb.box.ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const counts = () => ['visit_plans', 'contact_records', 'feedback', 'audit_log'].map(rowCount);
const paths = (r: { error?: { fields?: { path: string }[] } | null }) => [...new Set(r.error?.fields?.map((f) => f.path))].sort();

beforeAll(async () => {
  tb = await startTestBox({ clock });
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
  ({ client: desk, user: deskUser } = await userWith(admin, 'lan', { customers: ['view', 'edit'], contacts: ['view', 'add', 'edit'] }));
  ({ client: viewer, user: viewerUser } = await userWith(admin, 'minh', { customers: ['view'], contacts: ['view'] }));
  ({ client: outsider } = await userWith(admin, 'tuan', { customers: ['view', 'add', 'edit'] }));
  for (const name of ['Trần Thị Hoa', '王芳', 'Mary Smith', 'Lê Văn Nam']) people.push((await admin.post<Customer>('/api/customers', { name })).data);
});
afterAll(() => tb?.close());

describe('visit plans', () => {
  let overdue: VisitPlan;
  let today: VisitPlan;

  it('plans a follow-up for a staff member; their list has what is due and overdue, oldest first', async () => {
    const [hoa, fang, mary] = people;
    const r = await desk.post<VisitPlan>(`/api/customers/${hoa!.id}/visit-plans`, { dueDate: '2026-11-20', staffId: deskUser.id, purpose: '  Ask about the album  ' });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    overdue = r.data;
    expect(overdue).toMatchObject({ customerId: hoa!.id, customerName: 'Trần Thị Hoa', dueDate: '2026-11-20', staff: { id: deskUser.id, name: 'lan' }, purpose: 'Ask about the album', state: 'open', overdue: true, closedAt: null, contactId: null });
    expect(overdue.createdBy?.name).toBe('lan');
    today = (await desk.post<VisitPlan>(`/api/customers/${fang!.id}/visit-plans`, { dueDate: '2026-11-22', staffId: deskUser.id, purpose: '满月照回访' })).data;
    expect(today.overdue).toBe(false);
    // Later, and someone else's: not in lan's due list.
    await desk.post(`/api/customers/${mary!.id}/visit-plans`, { dueDate: '2026-11-25', staffId: deskUser.id, purpose: 'Thank-you call' });
    await desk.post(`/api/customers/${mary!.id}/visit-plans`, { dueDate: '2026-11-21', staffId: viewerUser.id, purpose: 'Pickup reminder' });

    const mine = (await desk.get<VisitPlanList>(`/api/visit-plans?staffId=${deskUser.id}`)).data;
    expect(mine.today).toBe('2026-11-22');
    expect(mine.items.map((p) => p.purpose)).toEqual(['Ask about the album', '满月照回访']);
    expect(mine.overdue).toBe(1);
    expect((await desk.get<VisitPlanList>(`/api/visit-plans?staffId=${deskUser.id}&days=3`)).data.items.map((p) => p.dueDate)).toEqual(['2026-11-20', '2026-11-22', '2026-11-25']);
    expect((await desk.get<VisitPlanList>('/api/visit-plans')).data.items.map((p) => p.dueDate)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
    expect((await viewer.get<UserRef[]>('/api/visit-plans/staff')).data.map((u) => u.name)).toEqual(['Boss', 'lan', 'minh', 'tuan']);
    // The studio's day turns at its midnight, not UTC's: 2026-11-22 16:30 UTC is the 23rd in Shanghai.
    nowMs = Date.parse('2026-11-22T16:30:00Z');
    expect((await desk.get<VisitPlanList>(`/api/visit-plans?staffId=${deskUser.id}`)).data).toMatchObject({ today: '2026-11-23', overdue: 2 });
    nowMs = Date.parse('2026-11-22T14:00:00Z');
    expect((await viewer.get<VisitPlan[]>(`/api/customers/${mary!.id}/visit-plans`)).data.map((p) => p.dueDate)).toEqual(['2026-11-21', '2026-11-25']);
  });

  it("a staff member sees their own list; another's or everyone's needs the right to reassign plans (contacts: edit)", async () => {
    const own = await viewer.get<VisitPlanList>(`/api/visit-plans?staffId=${viewerUser.id}`);
    expect(own.status).toBe(200);
    expect(own.data.items.map((p) => p.purpose)).toEqual(['Pickup reminder']);
    for (const path of [`/api/visit-plans?staffId=${deskUser.id}`, '/api/visit-plans']) {
      const r = await viewer.get(path);
      expect(r.status, path).toBe(403);
      expect(r.error?.message).toMatch(/"edit" right on "contacts"/);
    }
  });

  it("the due count is the signed-in user's own, and turns with the studio's day; at its midnight every screen hears what fell due", async () => {
    expect((await desk.get('/api/visit-plans/mine')).data).toEqual({ today: '2026-11-22', due: 2, overdue: 1 });
    expect((await viewer.get('/api/visit-plans/mine')).data).toEqual({ today: '2026-11-22', due: 1, overdue: 1 });
    expect((await admin.get('/api/visit-plans/mine')).data).toEqual({ today: '2026-11-22', due: 0, overdue: 0 });
    const stream = await openEventStream(tb.url, { cookie: viewer.sessionCookie! });
    const blind = await openEventStream(tb.url, { cookie: outsider.sessionCookie! });
    try {
      // Shanghai's midnight: the 25th's plan is not due yet on the 23rd; the 22nd's is now overdue.
      nowMs = Date.parse('2026-11-22T16:00:00Z');
      tb.box.ctx.visitPlans.announceDue();
      const due = JSON.parse((await stream.waitFor((f) => f.event === 'visit_plan.due')).data!) as ServerEvent;
      expect(due.data).toEqual({ today: '2026-11-23', staff: [{ staffId: deskUser.id, due: 2, overdue: 2 }, { staffId: viewerUser.id, due: 1, overdue: 1 }] });
      expect((await desk.get('/api/visit-plans/mine')).data).toEqual({ today: '2026-11-23', due: 2, overdue: 2 });
      // Counts per staff member are for those who may see contact records.
      await stream.waitFor((f) => f.event === 'visit_plan.due');
      expect(blind.frames.some((f) => f.event === 'visit_plan.due')).toBe(false);
    } finally {
      await stream.close();
      await blind.close();
      nowMs = Date.parse('2026-11-22T14:00:00Z');
    }
    const stranger = await outsider.get('/api/visit-plans/mine');
    expect(stranger.status).toBe(403);
  });

  it('doing a plan writes its contact record, and the plan keeps it; a closed plan cannot be done again', async () => {
    const r = await desk.post<VisitPlanDone>(`/api/visit-plans/${overdue.id}/complete`, { channel: 'phone', note: 'Album ready on Friday' });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data.plan).toMatchObject({ state: 'done', overdue: false, closedBy: { name: 'lan' }, contactId: r.data.contact.id });
    expect(r.data.contact).toMatchObject({ customerId: overdue.customerId, channel: 'phone', note: 'Album ready on Friday' });
    const contacts = (await viewer.get<ContactRecord[]>(`/api/customers/${overdue.customerId}/contacts`)).data;
    expect(contacts[0]?.id).toBe(r.data.contact.id);
    expect((await desk.get<VisitPlanList>(`/api/visit-plans?staffId=${deskUser.id}`)).data.items.map((p) => p.id)).toEqual([today.id]);
    const before = counts();
    const again = await desk.post(`/api/visit-plans/${overdue.id}/complete`, { channel: 'phone', note: 'twice' });
    expect(again.status).toBe(409);
    expect(again.error?.code).toBe('visit_plan_closed');
    expect((await desk.post(`/api/visit-plans/${overdue.id}/cancel`, {})).status).toBe(409);
    expect((await desk.patch(`/api/visit-plans/${overdue.id}`, { dueDate: '2026-12-01' })).status).toBe(409);
    expect(counts()).toEqual(before);
    const log = (await admin.get<{ items: { action: string; entityId: number }[] }>('/api/audit?entity=visit_plan&limit=20')).data.items.filter((e) => e.entityId === overdue.id);
    expect(log.map((e) => e.action)).toEqual(['complete', 'create']);
  });

  it('moves, reassigns and cancels an open plan', async () => {
    const moved = await desk.patch<VisitPlan>(`/api/visit-plans/${today.id}`, { dueDate: '2026-11-24', staffId: viewerUser.id });
    expect(moved.status, JSON.stringify(moved.error)).toBe(200);
    expect(moved.data).toMatchObject({ dueDate: '2026-11-24', staff: { name: 'minh' }, purpose: '满月照回访', state: 'open' });
    const gone = await desk.post<VisitPlan>(`/api/visit-plans/${today.id}/cancel`, { reason: 'moved abroad' });
    expect(gone.data).toMatchObject({ state: 'cancelled', cancelReason: 'moved abroad', closedBy: { name: 'lan' } });
  });

  it('answers bad input with 400 naming each field, and writes nothing', async () => {
    const hoa = people[0]!;
    const before = counts();
    const bad = await desk.post(`/api/customers/${hoa.id}/visit-plans`, { dueDate: '2026-02-30', staffId: 'lan', purpose: '   ', colour: 'red' });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['colour', 'dueDate', 'purpose', 'staffId']);
    const noStaff = await desk.post(`/api/customers/${hoa.id}/visit-plans`, { dueDate: '2026-12-01', staffId: 9999, purpose: 'x' });
    expect(noStaff.status).toBe(400);
    expect(paths(noStaff)).toEqual(['staffId']);
    expect(paths(await desk.post(`/api/customers/${hoa.id}/visit-plans`, { dueDate: '2026-12-01', staffId: deskUser.id, purpose: 'x'.repeat(501) }))).toEqual(['purpose']);
    expect((await desk.post('/api/customers/99999/visit-plans', { dueDate: '2026-12-01', staffId: deskUser.id, purpose: 'x' })).status).toBe(404);
    const open = (await desk.post<VisitPlan>(`/api/customers/${hoa.id}/visit-plans`, { dueDate: '2026-12-01', staffId: deskUser.id, purpose: 'Anniversary offer' })).data;
    const mid = counts();
    // A bad completion neither writes the record nor closes the plan.
    const badDone = await desk.post(`/api/visit-plans/${open.id}/complete`, { channel: 'fax', note: '  ' });
    expect(badDone.status).toBe(400);
    expect(paths(badDone)).toEqual(['channel', 'note']);
    expect(paths(await desk.post(`/api/visit-plans/${open.id}/complete`, { channel: 'phone', note: 'ok', at: 'yesterday' }))).toEqual(['at']);
    expect(paths(await desk.patch(`/api/visit-plans/${open.id}`, { staffId: 9999 }))).toEqual(['staffId']);
    expect(paths(await desk.patch(`/api/visit-plans/${open.id}`, { dueDate: 'soon' }))).toEqual(['dueDate']);
    expect(paths(await viewer.get('/api/visit-plans?days=-1'))).toEqual(['days']);
    expect((await desk.get('/api/visit-plans/abc/complete')).status).toBe(404);
    expect(paths(await desk.post('/api/visit-plans/abc/complete', { channel: 'phone', note: 'x' }))).toEqual(['id']);
    expect((await desk.post('/api/visit-plans/99999/complete', { channel: 'phone', note: 'x' })).status).toBe(404);
    expect(counts()).toEqual([before[0]! + 1, before[1], before[2], before[3]! + 1]);
    expect(counts()).toEqual(mid);
    expect((await viewer.get<VisitPlan[]>(`/api/customers/${hoa.id}/visit-plans`)).data.find((p) => p.id === open.id)?.state).toBe('open');
  });

  it('checks the rights: contacts view to read, add to plan and to do, edit to move or cancel', async () => {
    const hoa = people[0]!;
    const open = (await desk.post<VisitPlan>(`/api/customers/${hoa.id}/visit-plans`, { dueDate: '2026-12-02', staffId: deskUser.id, purpose: 'Rights' })).data;
    const before = counts();
    expect((await viewer.post(`/api/customers/${hoa.id}/visit-plans`, { dueDate: '2026-12-01', staffId: deskUser.id, purpose: 'x' })).status).toBe(403);
    expect((await viewer.post(`/api/visit-plans/${open.id}/complete`, { channel: 'phone', note: 'x' })).status).toBe(403);
    expect((await viewer.post(`/api/visit-plans/${open.id}/cancel`, {})).status).toBe(403);
    expect((await viewer.patch(`/api/visit-plans/${open.id}`, { purpose: 'y' })).status).toBe(403);
    for (const path of ['/api/visit-plans', '/api/visit-plans/staff', `/api/customers/${hoa.id}/visit-plans`]) expect((await outsider.get(path)).status, path).toBe(403);
    expect(counts()).toEqual(before);
  });
});

describe('feedback', () => {
  it('records satisfaction per order or visit, and lists it with the average and each score', async () => {
    const [hoa, fang] = people;
    const order = (await admin.post<{ id: number; orderNo: string }>(`/api/customers/${hoa!.id}/orders`, { title: 'Wedding package', totalMinor: 100000 })).data;
    const plan = (await viewer.get<VisitPlan[]>(`/api/customers/${hoa!.id}/visit-plans`)).data[0]!;
    const a = await desk.post<Feedback>(`/api/customers/${hoa!.id}/feedback`, { kind: 'feedback', score: 5, comment: 'Beautiful photos', orderId: order.id });
    expect(a.status, JSON.stringify(a.error)).toBe(201);
    expect(a.data).toMatchObject({ customerId: hoa!.id, orderId: order.id, orderNo: order.orderNo, kind: 'feedback', score: 5, comment: 'Beautiful photos', state: 'resolved', createdBy: { name: 'lan' } });
    await desk.post(`/api/customers/${hoa!.id}/feedback`, { kind: 'feedback', score: 4, visitPlanId: plan.id });
    const complaint = await desk.post<Feedback>(`/api/customers/${fang!.id}/feedback`, { kind: 'complaint', score: 2, comment: '取件晚了三天', at: '2026-11-21T10:00:00+08:00' });
    expect(complaint.data).toMatchObject({ state: 'open', at: '2026-11-21T02:00:00.000Z' });

    const all = (await viewer.get<FeedbackList>('/api/feedback')).data;
    expect(all).toMatchObject({ count: 3, average: 3.67, byScore: [0, 1, 0, 1, 1], openComplaints: 1 });
    expect(all.items.map((f) => f.score)).toEqual([4, 5, 2]);
    expect((await viewer.get<FeedbackList>(`/api/customers/${hoa!.id}/feedback`)).data).toMatchObject({ count: 2, average: 4.5 });
    expect((await viewer.get<FeedbackList>('/api/feedback?kind=complaint&state=open')).data.items.map((f) => f.id)).toEqual([complaint.data.id]);
    expect((await viewer.get<FeedbackList>('/api/feedback?from=2026-11-22T00:00:00%2B08:00')).data).toMatchObject({ count: 2, average: 4.5 });
    expect((await viewer.get<FeedbackList>('/api/feedback?kind=complaint&state=resolved')).data).toMatchObject({ count: 0, average: null, byScore: [0, 0, 0, 0, 0] });

    // A complaint is resolved with its resolution, audited.
    const resolved = await desk.patch<Feedback>(`/api/feedback/${complaint.data.id}`, { state: 'resolved', resolution: 'Apologised; a free print' });
    expect(resolved.data).toMatchObject({ state: 'resolved', resolution: 'Apologised; a free print', updatedBy: { name: 'lan' } });
    expect((await viewer.get<FeedbackList>('/api/feedback')).data.openComplaints).toBe(0);
  });

  it('answers bad input with 400 naming each field, and writes nothing; checks the rights', async () => {
    const [hoa, fang] = people;
    const fangOrder = (await admin.post<{ id: number }>(`/api/customers/${fang!.id}/orders`, { title: 'Baby', totalMinor: 5000 })).data;
    const before = counts();
    const bad = await desk.post(`/api/customers/${hoa!.id}/feedback`, { kind: 'praise', score: 6, comment: 5, extra: 1 });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['comment', 'extra', 'kind', 'score']);
    expect(paths(await desk.post(`/api/customers/${hoa!.id}/feedback`, { kind: 'feedback', score: 3.5 }))).toEqual(['score']);
    expect(paths(await desk.post(`/api/customers/${hoa!.id}/feedback`, { kind: 'feedback', score: 0 }))).toEqual(['score']);
    expect(paths(await desk.post(`/api/customers/${hoa!.id}/feedback`, { kind: 'complaint', score: 1, comment: ' ' }))).toEqual(['comment']);
    // Another customer's order is not this one's.
    expect(paths(await desk.post(`/api/customers/${hoa!.id}/feedback`, { kind: 'feedback', score: 3, orderId: fangOrder.id, visitPlanId: 99999 }))).toEqual(['orderId', 'visitPlanId']);
    expect((await desk.post('/api/customers/99999/feedback', { kind: 'feedback', score: 3 })).status).toBe(404);
    const one = (await viewer.get<FeedbackList>('/api/feedback')).data.items[0]!;
    expect(paths(await desk.patch(`/api/feedback/${one.id}`, { state: 'resolved' }))).toEqual(['resolution']);
    expect(paths(await desk.patch(`/api/feedback/${one.id}`, { state: 'gone' }))).toEqual(['state']);
    expect((await desk.patch('/api/feedback/99999', { state: 'open' })).status).toBe(404);
    expect(paths(await viewer.get('/api/feedback?from=last-week'))).toEqual(['from']);
    expect((await viewer.post(`/api/customers/${hoa!.id}/feedback`, { kind: 'feedback', score: 3 })).status).toBe(403);
    expect((await viewer.patch(`/api/feedback/${one.id}`, { state: 'open' })).status).toBe(403);
    expect((await outsider.get('/api/feedback')).status).toBe(403);
    expect((await outsider.get(`/api/customers/${hoa!.id}/feedback`)).status).toBe(403);
    expect(counts()).toEqual(before);
  });
});

describe('referrals', () => {
  it('sets who brought a customer; both pages show it; a count per referrer; the hook hears it', async () => {
    const [hoa, fang, mary, nam] = people;
    const heard: ReferralSet[] = [];
    const off = tb.box.ctx.referrals.onReferred((e) => heard.push(e));
    const r = await desk.put<Referrals>(`/api/customers/${fang!.id}/referrer`, { referrerId: hoa!.id });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data).toEqual({ referrer: { id: hoa!.id, customerNo: hoa!.customerNo, name: 'Trần Thị Hoa' }, referred: [] });
    await desk.put(`/api/customers/${mary!.id}/referrer`, { referrerId: hoa!.id });
    await desk.put(`/api/customers/${nam!.id}/referrer`, { referrerId: fang!.id });
    const hoaSide = (await viewer.get<Referrals>(`/api/customers/${hoa!.id}/referrals`)).data;
    expect(hoaSide.referrer).toBeNull();
    expect(hoaSide.referred.map((c) => c.name).sort()).toEqual(['Mary Smith', '王芳']);
    expect(hoaSide.referred[0]?.since).toBe(clock().toISOString());
    expect((await viewer.get<ReferrerCount[]>('/api/referrals/top')).data.map((c) => [c.name, c.count])).toEqual([['Trần Thị Hoa', 2], ['王芳', 1]]);
    expect(tb.box.ctx.referrals.referrerOf(nam!.id)?.id).toBe(fang!.id);
    expect(heard.map((e) => [e.customer.name, e.referrer?.name, e.previous, e.actor.name])).toEqual([
      ['王芳', 'Trần Thị Hoa', null, 'lan'],
      ['Mary Smith', 'Trần Thị Hoa', null, 'lan'],
      ['Lê Văn Nam', '王芳', null, 'lan'],
    ]);
    // Setting the same referrer again changes nothing and tells nobody.
    await desk.put(`/api/customers/${mary!.id}/referrer`, { referrerId: hoa!.id });
    expect(heard).toHaveLength(3);
    // Cleared: gone from the referrer's page; the hook hears it with the previous one.
    await desk.put(`/api/customers/${mary!.id}/referrer`, { referrerId: null });
    expect((await viewer.get<Referrals>(`/api/customers/${hoa!.id}/referrals`)).data.referred.map((c) => c.name)).toEqual(['王芳']);
    expect(heard[3]).toMatchObject({ customer: { name: 'Mary Smith' }, referrer: null, previous: { name: 'Trần Thị Hoa' } });
    off();
    const audit = (await admin.get<{ items: { summary: string }[] }>(`/api/audit?entity=customer&limit=5`)).data.items.map((e) => e.summary);
    expect(audit[0]).toContain('referrer removed');
  });

  it('refuses a referrer that is the customer, a circle or no one, with 400 naming referrerId; checks the rights', async () => {
    const [hoa, fang, , nam] = people;
    const before = [rowCount('audit_log')];
    for (const [who, referrerId] of [[hoa!, hoa!.id], [hoa!, nam!.id], [hoa!, 99999], [hoa!, 'x']] as const) {
      const r = await desk.put(`/api/customers/${who.id}/referrer`, { referrerId });
      expect(r.status, String(referrerId)).toBe(400);
      expect(paths(r)).toEqual(['referrerId']);
    }
    expect(paths(await desk.put(`/api/customers/${hoa!.id}/referrer`, {}))).toEqual(['referrerId']);
    expect((await desk.put('/api/customers/99999/referrer', { referrerId: hoa!.id })).status).toBe(404);
    expect((await viewer.put(`/api/customers/${fang!.id}/referrer`, { referrerId: null })).status).toBe(403);
    expect([rowCount('audit_log')]).toEqual(before);
    expect(tb.box.ctx.referrals.referrerOf(hoa!.id)).toBeNull();
    expect(tb.box.ctx.referrals.referrerOf(fang!.id)?.id).toBe(hoa!.id);
  });

  it('a deleted referrer leaves the customers they brought, without a referrer', async () => {
    const extra = (await admin.post<Customer>('/api/customers', { name: 'Referrer To Go' })).data;
    const brought = (await admin.post<Customer>('/api/customers', { name: 'Brought' })).data;
    await desk.put(`/api/customers/${brought.id}/referrer`, { referrerId: extra.id });
    expect((await admin.delete(`/api/customers/${extra.id}`)).status).toBe(204);
    expect((await viewer.get<Referrals>(`/api/customers/${brought.id}/referrals`)).data.referrer).toBeNull();
  });
});
