// A customer's SMS conversation (S4, S5) on their page: what was sent to them and what they
// answered, newest first, with each sent message's state; a Send SMS button that opens the
// composer with the customer chosen; Reply and Mark as read on their messages. Live.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api, withQuery } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import type { Customer, InboxMessage, OutboxMessage, SmsPage } from '../../contract';
import { t } from '../../i18n/catalog';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';
import { useValue } from '../../use-value';
import { Banner } from '../fields';
import { InboxBody, InboxMarks, OutboxActions, OutboxState, eventId, partsProgress, useCoalesced } from '../care/sms-bits';
import { SmsCompose } from '../care/sms-compose';
import { usePhoneText } from '../../phone-text';

const PAGE = 20;
const MAX_PAGE = 200;

interface Thread {
  out: OutboxMessage[];
  outNext: number | null;
  inb: InboxMessage[];
  inNext: number | null;
}

type Entry = { kind: 'out'; at: string; m: OutboxMessage } | { kind: 'in'; at: string; m: InboxMessage };

/**
 * The two lists merged by time. Each is paged on its own, so below the oldest loaded row of a
 * list that has more, rows of the other list could be out of order: they wait for "older".
 */
export function mergeThread(th: Thread): { entries: Entry[]; more: boolean } {
  let cut = '';
  const lastOut = th.out[th.out.length - 1];
  const lastIn = th.inb[th.inb.length - 1];
  if (th.outNext !== null && lastOut && lastOut.createdAt > cut) cut = lastOut.createdAt;
  if (th.inNext !== null && lastIn && lastIn.receivedAt > cut) cut = lastIn.receivedAt;
  const entries: Entry[] = [
    ...th.out.map((m): Entry => ({ kind: 'out', at: m.createdAt, m })),
    ...th.inb.map((m): Entry => ({ kind: 'in', at: m.receivedAt, m })),
  ].filter((e) => e.at >= cut);
  entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.m.id - a.m.id));
  return { entries, more: th.outNext !== null || th.inNext !== null };
}

export function CustomerSms(p: { customer: Customer }) {
  const me = useApp().me;
  const phone = usePhoneText();
  const tz = me.settings.timeZone;
  const c = p.customer;
  const thread = useValue<Thread | null>(null);
  const error = useValue<string | null>(null);
  const compose = useValue<{ replyTo: number | null; to?: string } | null>(null);
  const busy = useValue(false);

  const load = useCallback(
    async (limitOut: number, limitIn: number) => {
      try {
        const pages = await Promise.all([
          api<SmsPage<OutboxMessage>>('GET', withQuery('/api/sms/outbox', { customerId: c.id, limit: limitOut })),
          api<SmsPage<InboxMessage>>('GET', withQuery('/api/sms/inbox', { customerId: c.id, limit: limitIn })),
        ]);
        thread.set({ out: pages[0].items, outNext: pages[0].nextBefore, inb: pages[1].items, inNext: pages[1].nextBefore });
        error.set(null);
      } catch (err) {
        error.set(errorText(err));
      }
    },
    [c.id],
  );
  useEffect(() => void load(PAGE, PAGE), [load]);

  const th = thread.value;
  const size = (n: number | undefined) => Math.min(MAX_PAGE, Math.max(PAGE, n ?? 0));
  const reload = useCoalesced(() => void load(size(th?.out.length), size(th?.inb.length)));
  useServerEvents(['sms.outbox', 'sms.received', 'sms.inbox', 'sms.unread'], (e) => {
    const data = e.data as { customerId?: unknown; customer?: { id?: unknown } | null } | null;
    const id = eventId(data);
    const ours =
      (e.type === 'sms.outbox' && (data?.customerId === c.id || th?.out.some((m) => m.id === id))) ||
      (e.type === 'sms.received' && data?.customer?.id === c.id) ||
      (e.type === 'sms.inbox' && th?.inb.some((m) => m.id === id)) ||
      (e.type === 'sms.unread' && th?.inb.some((m) => m.readAt === null));
    if (ours) reload();
  });

  const older = async () => {
    if (!th) return;
    busy.set(true);
    try {
      const pages = await Promise.all([
        th.outNext !== null ? api<SmsPage<OutboxMessage>>('GET', withQuery('/api/sms/outbox', { customerId: c.id, limit: PAGE, before: th.outNext })) : null,
        th.inNext !== null ? api<SmsPage<InboxMessage>>('GET', withQuery('/api/sms/inbox', { customerId: c.id, limit: PAGE, before: th.inNext })) : null,
      ]);
      const o = pages[0];
      const i = pages[1];
      thread.set({
        out: o ? [...th.out, ...o.items] : th.out,
        outNext: o ? o.nextBefore : th.outNext,
        inb: i ? [...th.inb, ...i.items] : th.inb,
        inNext: i ? i.nextBefore : th.inNext,
      });
    } catch (err) {
      error.set(errorText(err));
    } finally {
      busy.set(false);
    }
  };

  const replaceOut = (m: OutboxMessage) => thread.set((x) => x && { ...x, out: x.out.map((y) => (y.id === m.id ? m : y)) });
  const markRead = async (m: InboxMessage) => {
    try {
      const read = await api<InboxMessage>('POST', `/api/sms/inbox/${m.id}/read`);
      thread.set((x) => x && { ...x, inb: x.inb.map((y) => (y.id === read.id ? read : y)) });
    } catch (err) {
      error.set(errorText(err));
    }
  };

  const mayAdd = can(me, 'sms', 'add');
  // Marking read changes what every desk sees: it needs the edit right, not just view.
  const mayMarkRead = can(me, 'sms', 'edit');
  const merged = th ? mergeThread(th) : null;
  const at = (iso: string | null) => (iso ? formatDateTime(iso, tz) : '');

  return html`<section class="card sms-conversation">
    <div class="page-head">
      <h2>${t('sms.conversation')}</h2>
      ${mayAdd && !compose.value ? html`<button type="button" class="primary" onClick=${() => compose.set({ replyTo: null })}>${t('sms.sendSms')}</button>` : null}
    </div>
    ${compose.value
      ? html`<${SmsCompose}
          key=${compose.value.replyTo ?? 'new'}
          customer=${c}
          fixedCustomer
          to=${compose.value.to}
          replyTo=${compose.value.replyTo}
          autoFocus
          onSent=${() => (compose.set(null), reload())}
          onCancel=${() => compose.set(null)}
        />`
      : null}
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${merged === null
      ? html`<p>${t('app.loading')}</p>`
      : merged.entries.length === 0
        ? html`<p class="empty">${t('sms.conversationEmpty')}</p>`
        : html`<ol class="sms-thread">
            ${merged.entries.map((e) => {
              if (e.kind === 'out') {
                const m = e.m;
                const progress = partsProgress(m);
                return html`<li key=${`o${m.id}`} class="sms-bubble out" data-id=${m.id}>
                  <div class="sms-meta">
                    <span>${t('sms.dirOut', { to: phone(m.to) })}</span>
                    <time datetime=${m.createdAt}>${at(m.createdAt)}</time>
                    ${m.createdBy ? html`<span class="muted">${t('sms.by', { name: m.createdBy.name })}</span>` : null}
                  </div>
                  <p class="sms-body">${m.body}</p>
                  <div class="sms-meta">
                    <${OutboxState} m=${m} />
                    ${progress ? html`<small class="muted">${progress}</small>` : null}
                    ${m.deliveredAt ? html`<small class="muted">${t('sms.deliveredAt', { at: at(m.deliveredAt) })}</small>` : m.sentAt ? html`<small class="muted">${t('sms.sentAt', { at: at(m.sentAt) })}</small>` : null}
                  </div>
                  <${OutboxActions} m=${m} onChanged=${replaceOut} onError=${error.set} />
                </li>`;
              }
              const m = e.m;
              return html`<li key=${`i${m.id}`} class=${`sms-bubble in${m.readAt === null ? ' unread' : ''}`} data-id=${m.id}>
                <div class="sms-meta">
                  <span class="sms-from">${t('sms.dirIn', { from: phone(m.from) })}</span>
                  <time datetime=${m.receivedAt}>${at(m.receivedAt)}</time>
                  <${InboxMarks} m=${m} />
                </div>
                <${InboxBody} m=${m} />
                <div class="actions">
                  ${m.readAt === null && mayMarkRead ? html`<button type="button" onClick=${() => void markRead(m)}>${t('sms.markRead')}</button>` : null}
                  ${mayAdd && m.decodeError === null
                    ? html`<button type="button" onClick=${() => (compose.set({ replyTo: m.id, to: m.from }), m.readAt === null && mayMarkRead && void markRead(m))}>${t('sms.reply')}</button>`
                    : null}
                </div>
              </li>`;
            })}
          </ol>`}
    ${merged?.more ? html`<div class="actions"><button type="button" disabled=${busy.value} onClick=${() => void older()}>${t('sms.older')}</button></div>` : null}
  </section>`;
}
