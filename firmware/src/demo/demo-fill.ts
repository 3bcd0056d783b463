// Puts the demo data into a fresh box through its own services (so every row is audited and
// every rule holds as if staff had typed it), and plays the SMS thread through the simulated
// modem so it goes the real way: received, answered, delivered.
import type { Customer, StudioSettings, UserRef } from '../api-types.js';
import type { HttpContext } from '../http/context.js';
import type { Logger } from '../log.js';
import { FLOW } from '../orders/order-states.js';
import { demoData, type DemoData } from './demo-data.js';

/** What makes a box "not fresh": any of these rows means people have used it. */
const REAL_DATA_TABLES = ['customers', 'orders', 'payments', 'member_cards', 'sms_outbox', 'sms_inbox', 'calls', 'ingest_jobs', 'contact_records'] as const;

export class DemoRefused extends Error {}

/** Rows per table that say the box is in use, or an empty list for a fresh box. */
export function realData(ctx: Pick<HttpContext, 'db'>): string[] {
  return REAL_DATA_TABLES.flatMap((table) => {
    const { n } = ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number };
    return n > 0 ? [`${n} ${table.replace('_', ' ')}`] : [];
  });
}

export interface DemoSummary {
  customers: number;
  orders: number;
  payments: number;
  cards: number;
  messages: number;
}

/** Fills the box; refuses (DemoRefused) when it has data. The SMS thread is played when a simulator is there. */
export async function fillDemo(ctx: HttpContext, settings: StudioSettings, actor: UserRef, log: Logger, now = new Date()): Promise<DemoSummary> {
  const found = realData(ctx);
  if (found.length) throw new DemoRefused(`this box already has data (${found.join(', ')}); the demo only fills a fresh box`);
  const data = demoData({ country: settings.country, language: settings.language, currency: settings.currency, now });
  const made = ctx.db.transaction(() => fillRecords(ctx, data, actor, now))();
  let messages = 0;
  if (ctx.simulator?.state().running && made.threadCustomer) messages = await playThread(ctx, data, made.threadCustomer, actor, log);
  const summary = { ...made.counts, messages };
  log.info(summary, 'demo data added');
  return summary;
}

function fillRecords(ctx: HttpContext, data: DemoData, actor: UserRef, now: Date): { counts: Omit<DemoSummary, 'messages'>; threadCustomer: Customer | null } {
  const counts = { customers: 0, orders: 0, payments: 0, cards: 0 };
  const cardType = ctx.membership.createType(actor, data.cardType);
  let first: Customer | null = null;
  for (const d of data.customers) {
    const c = ctx.customers.create(actor, { name: d.name, gender: d.gender, phones: [{ number: d.phone }], stage: d.stage, source: d.source, notes: d.notes });
    first ??= c;
    counts.customers++;
    for (const o of d.orders) {
      const order = ctx.orders.create(actor, c.id, { title: o.title, totalMinor: o.totalMinor, serviceAt: o.serviceAt });
      counts.orders++;
      // Forward one step at a time, as the desk would click it.
      for (const state of FLOW.slice(1, FLOW.indexOf(o.state as (typeof FLOW)[number]) + 1)) ctx.orders.setState(actor, order.id, state);
      for (const p of o.payments) {
        const at = new Date(Math.min(now.getTime(), Date.parse(o.serviceAt))).toISOString();
        ctx.payments.take(actor, order.id, { amountMinor: p.amountMinor, method: p.method, note: p.note, at });
        counts.payments++;
      }
    }
    // An order moves a lead to "ordered": put the customer back where the demo wants them.
    if (ctx.customers.get(c.id).stage !== d.stage) ctx.customers.update(actor, c.id, { stage: d.stage });
    if (d.card) {
      const card = ctx.membership.issue(actor, c.id, { typeId: cardType.id });
      for (const p of d.card.points) ctx.membership.addPoints(actor, card.id, p);
      counts.cards++;
    }
    if (d.contact) {
      ctx.contacts.add(actor, { customerId: c.id, channel: d.contact.channel, note: d.contact.note, at: new Date(now.getTime() - d.contact.daysAgo * 86_400_000).toISOString() });
    }
  }
  return { counts, threadCustomer: first };
}

/** The customer writes, the studio answers (marking it read), the customer thanks: left unread. */
async function playThread(ctx: HttpContext, data: DemoData, customer: Customer, actor: UserRef, log: Logger): Promise<number> {
  const phone = customer.phones[0]!.e164;
  let lastIn: number | null = null;
  let n = 0;
  for (const m of data.thread) {
    if (m.from === 'customer') {
      const before = ctx.sms.listInbox({ limit: 1 }).items[0]?.id ?? 0;
      ctx.simulator!.sms({ from: phone, text: m.text });
      lastIn = await arrived(ctx, before);
      if (lastIn === null) {
        log.warn('demo: the simulated SMS did not reach the inbox in time; the thread stops here');
        return n;
      }
    } else {
      ctx.sms.send({ customerId: customer.id, text: m.text, ...(lastIn !== null ? { inReplyTo: lastIn } : {}) }, actor);
    }
    n++;
  }
  return n;
}

async function arrived(ctx: HttpContext, after: number): Promise<number | null> {
  const end = Date.now() + 20_000;
  while (Date.now() < end) {
    await ctx.sms.settled();
    const top = ctx.sms.listInbox({ limit: 1 }).items[0];
    if (top && top.id > after && top.complete) return top.id;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}
