// The caller's card (H2), over whatever screen is open, as soon as the box says a call rings
// (`call.ringing`), and gone when it says the call ended (`call.ended`). Mounted once in the
// shell. A screen opened mid-ring asks the box which calls are active; while a card is up it
// asks again now and then, so a card whose end it missed (a sleeping tab) does not stay.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import { api } from '../api';
import { useApp, useServerEvents } from '../app-context';
import type { ActiveCall, CallEnded, CallerCard, ContactRecord, CustomerRef, Me } from '../contract';
import { t } from '../i18n/catalog';
import { callLineLabel, orderStateLabel, stageLabel } from '../i18n/enum-labels';
import { formatDateTime } from '../i18n/format';
import { can } from '../permissions';
import { formatMoney } from '../money';
import { useValue } from '../use-value';
import { ContactForm, contactMeta } from './crm/contact-records';

const RECHECK_MS = 20_000;

/** The box's list wins, except for calls whose events arrived after the question was asked. */
function reconcile(shown: ActiveCall[], fromBox: ActiveCall[], newerThan: Map<number, number>, asked: number, ended: Set<number>): ActiveCall[] {
  const out = fromBox.filter((c) => !ended.has(c.callId));
  for (const c of shown) {
    const i = out.findIndex((x) => x.callId === c.callId);
    const fresher = (newerThan.get(c.callId) ?? 0) > asked;
    if (i >= 0 && fresher) out[i] = c;
    else if (i < 0 && fresher && !ended.has(c.callId)) out.push(c);
  }
  return out;
}

/** Who is calling, in words: the customer, or why there is no one to show. */
export function callerTitle(c: Pick<ActiveCall, 'customer' | 'absence' | 'number'>): string {
  if (c.customer) return c.customer.name;
  if (c.absence === 'private') return t('call.withheld');
  if (c.absence === 'unavailable') return t('call.unavailable');
  if (c.number === null) return t('call.noCallerId');
  return t('call.unknownCaller');
}

function CardFacts(p: { card: CallerCard; tz: string; me: Me }) {
  const c = p.card;
  const rows: [string, unknown][] = [];
  rows.push([t('customer.stage'), html`<span class=${`stage stage-${c.stage}`}>${stageLabel(c.stage)}</span>${c.stageDueAt ? html` <span class="muted">${t('call.due', { at: formatDateTime(c.stageDueAt, p.tz) })}</span>` : null}`]);
  // The box leaves out what there is none of, and what this user may not see.
  if (c.lastOrder) {
    const o = c.lastOrder;
    rows.push([t('call.lastOrder'), html`${o.title} <small class="muted">${o.orderNo}</small><br /><span class=${`tag order-state state-${o.state}`}>${orderStateLabel(o.state)}</span> ${formatDateTime(o.at, p.tz)}`]);
  }
  if (c.unpaid) rows.push([t('call.unpaid'), html`<strong class="due">${formatMoney(c.unpaid.amountMinor, c.unpaid.currency)}</strong>`]);
  if (c.membership) rows.push([t('call.membership'), t('call.cardPoints', { card: `${c.membership.cardType} ${c.membership.cardNo}`, points: c.membership.points })]);
  if (c.lastContact && can(p.me, 'contacts', 'view')) {
    rows.push([t('call.lastContact'), html`<small class="muted">${contactMeta(c.lastContact, p.tz)}</small><br /><span class="pre call-last-note">${c.lastContact.note}</span>`]);
  }
  return html`<dl class="call-facts">
    ${rows.map((r) => html`<div class="row" key=${r[0]}><dt>${r[0]}</dt><dd>${r[1]}</dd></div>`)}
  </dl>`;
}

function Actions(p: { call: ActiveCall; me: Me; onAddContact(): void }) {
  const c = p.call;
  const me = p.me;
  const customer = c.customer;
  if (customer) {
    return html`<div class="actions">
      ${can(me, 'customers', 'view') ? html`<a class="button primary" href=${`#/customers/${customer.id}`}>${t('call.openCustomer')}</a>` : null}
      ${can(me, 'contacts', 'add') ? html`<button type="button" onClick=${p.onAddContact}>${t('contact.add')}</button>` : null}
      ${can(me, 'sms', 'add') ? html`<a class="button" href=${`#/sms/compose?customerId=${customer.id}`}>${t('call.sendSms')}</a>` : null}
    </div>`;
  }
  // As people write it here; the form normalises it again.
  const number = c.display ?? c.number;
  if (number && can(me, 'customers', 'add')) {
    return html`<div class="actions">
      <a class="button primary" href=${`#/customers/new?phone=${encodeURIComponent(number)}`}>${t('call.newCustomer')}</a>
    </div>`;
  }
  return null;
}

function Popup(p: { call: ActiveCall; me: Me; onHide(): void; onContact(r: ContactRecord): void }) {
  const c = p.call;
  const adding = useValue(false);
  const saved = useValue(false);
  const tz = p.me.settings.timeZone;
  const titleId = `call-${c.callId}-title`;
  const others: CustomerRef[] = c.alsoMatches;
  return html`<section class=${`call-popup call-${c.state}`} data-call-id=${c.callId} role="dialog" aria-modal="false" aria-labelledby=${titleId}>
    <header class="call-head">
      <span class="call-what">${c.state === 'answered' ? t('call.answered') : t('call.incoming')} · ${callLineLabel(c.line)}</span>
      <button type="button" class="link-button call-hide" aria-label=${t('call.hide')} title=${t('call.hide')} onClick=${p.onHide}>×</button>
    </header>
    <h2 id=${titleId} class="call-title">${callerTitle(c)}${c.customer ? html` <small class="muted">${c.customer.customerNo}</small>` : null}</h2>
    ${c.display ? html`<p class="call-number"><a href=${`tel:${c.e164 ?? c.number ?? ''}`}>${c.display}</a></p>` : null}
    ${c.callerName ? html`<p class="call-line-name muted">${t('call.lineName', { name: c.callerName })}</p>` : null}
    ${c.customer ? html`<${CardFacts} card=${c.customer} tz=${tz} me=${p.me} />` : null}
    ${others.length
      ? html`<p class="call-also">${t('call.alsoMatches')} ${others.map((o, i) => html`${i ? ', ' : ''}<a href=${`#/customers/${o.id}`} key=${o.id}>${o.name} (${o.customerNo})</a>`)}</p>`
      : null}
    ${saved.value ? html`<p class="call-saved" role="status">${t('contact.saved')}</p>` : null}
    ${c.customer && adding.value
      ? html`<${ContactForm}
          customerId=${c.customer.id}
          callId=${c.callId}
          onSaved=${(r: ContactRecord) => (adding.set(false), saved.set(true), p.onContact(r))}
          onCancel=${() => adding.set(false)}
        />`
      : html`<${Actions} call=${c} me=${p.me} onAddContact=${() => (saved.set(false), adding.set(true))} />`}
  </section>`;
}

export function CallPopup() {
  const app = useApp();
  const me = app.me;
  const calls = useValue<ActiveCall[]>([]);
  const hidden = useValue<number[]>([]);
  // Calls that ended (their events may overtake an answer to /api/calls/active) and when each
  // call last changed, to merge that answer without bringing back or losing a call.
  const ended = useRef(new Set<number>());
  const touched = useRef(new Map<number, number>());

  const upsert = (c: ActiveCall) => {
    if (ended.current.has(c.callId)) return;
    touched.current.set(c.callId, performance.now());
    calls.set((prev) => {
      const i = prev.findIndex((x) => x.callId === c.callId);
      if (i < 0) return [...prev, c];
      const next = [...prev];
      next[i] = c;
      return next;
    });
  };

  const load = async () => {
    const asked = performance.now();
    try {
      const list = await api<ActiveCall[]>('GET', '/api/calls/active');
      calls.set((prev) => reconcile(prev, list, touched.current, asked, ended.current));
    } catch {
      // The events still bring new calls; the next check tries again.
    }
  };

  useServerEvents(['call.ringing', 'call.answered'], (e) => upsert(e.data as ActiveCall));
  useServerEvents(['call.ended'], (e) => {
    const id = (e.data as CallEnded).callId;
    ended.current.add(id);
    touched.current.delete(id);
    calls.set((prev) => prev.filter((c) => c.callId !== id));
    hidden.set((prev) => prev.filter((h) => h !== id));
  });
  // The stream came back (box restarted, network back): what rings now may have changed.
  useServerEvents(['hello'], () => void load());

  useEffect(() => void load(), []);
  const showing = calls.value.length > 0;
  useEffect(() => {
    if (!showing) return;
    const timer = setInterval(() => void load(), RECHECK_MS);
    return () => clearInterval(timer);
  }, [showing]);

  // A record written here is the caller's last contact at once; the box sends the same card
  // to the other screens (call.ringing / call.answered again).
  const showContact = (r: ContactRecord) => {
    const last: CallerCard['lastContact'] = { at: r.at, channel: r.channel, note: r.note, by: r.createdBy };
    for (const c of calls.value) {
      if (c.customer?.id === r.customerId && (!c.customer.lastContact || c.customer.lastContact.at <= r.at)) upsert({ ...c, customer: { ...c.customer, lastContact: last } });
    }
  };

  const visible = calls.value.filter((c) => !hidden.value.includes(c.callId));
  return html`<div class="call-popups" aria-live="assertive">
    ${visible.map(
      (c) => html`<${Popup} key=${c.callId} call=${c} me=${me} onHide=${() => hidden.set((prev) => [...prev, c.callId])} onContact=${showContact} />`,
    )}
  </div>`;
}
