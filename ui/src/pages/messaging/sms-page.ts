// SMS (S4, S5): the inbox (replies, newest first, unread in bold, linked to the customer
// whose phone matches; opening one marks it read; Reply answers it) and the outbox (every
// message sent with its state, the modem's error, parts and attempts; Resend and Cancel).
// Both follow the box's events, so a reply or a state change shows without reloading.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api, withQuery } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import { Banner, Checkbox, SelectField } from '../../components/fields';
import { InboxBody, InboxMarks, OutboxActions, OutboxState, eventId, partsProgress, useCoalesced } from '../../components/care/sms-bits';
import { OUTBOX_STATES, type InboxMessage, type OutboxMessage, type OutboxState as State, type SmsPage as Page } from '../../contract';
import { t, tOr } from '../../i18n/catalog';
import { outboxStateLabel, purposeLabel } from '../../i18n/enum-labels';
import { ExportLink } from '../../components/export-link';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';
import { currentQuery } from '../../router';
import { useValue } from '../../use-value';
import { usePhoneText } from '../../phone-text';

const PAGE = 50;
/** The most the box returns at once: a live reload asks for what is shown, up to this. */
const MAX_PAGE = 200;

interface Listing<T> {
  items: T[] | null;
  nextBefore: number | null;
  error: unknown;
  busy: boolean;
}

/**
 * A newest-first list with "older" pages. `reload` fetches the newest again, as many rows as
 * are shown (so the list keeps its length); `older` appends the next page.
 */
function useListing<T extends { id: number }>(path: string, query: Record<string, string | number | undefined>) {
  const state = useValue<Listing<T>>({ items: null, nextBefore: null, error: null, busy: false });
  const key = JSON.stringify(query);
  const fetchPage = useCallback(
    async (before: number | null, limit: number) => {
      state.set((s) => ({ ...s, busy: true }));
      try {
        const page = await api<Page<T>>('GET', withQuery(path, { ...query, limit, before: before ?? undefined }));
        state.set((s) => ({
          items: before === null ? page.items : [...(s.items ?? []), ...page.items],
          nextBefore: page.nextBefore,
          error: null,
          busy: false,
        }));
      } catch (error) {
        state.set((s) => ({ ...s, error, busy: false }));
      }
    },
    [path, key],
  );
  useEffect(() => {
    state.set({ items: null, nextBefore: null, error: null, busy: false });
    void fetchPage(null, PAGE);
  }, [fetchPage]);
  const shown = state.value.items?.length ?? 0;
  return {
    ...state.value,
    reload: () => void fetchPage(null, Math.min(MAX_PAGE, Math.max(PAGE, shown))),
    older: () => void fetchPage(state.value.nextBefore, PAGE),
    replace: (item: T) => state.set((s) => ({ ...s, items: s.items?.map((x) => (x.id === item.id ? item : x)) ?? null })),
  };
}

/** The customer's name, a link for those who may open customers. */
function CustomerName(p: { c: { id: number; name: string } }) {
  return can(useApp().me, 'customers', 'view') ? html`<a href=${`#/customers/${p.c.id}`}>${p.c.name}</a>` : html`<span>${p.c.name}</span>`;
}

function Older(p: { shown: number; nextBefore: number | null; busy: boolean; onOlder(): void }) {
  if (p.shown === 0) return null;
  return p.nextBefore !== null
    ? html`<div class="actions"><button type="button" disabled=${p.busy} onClick=${p.onOlder}>${t('sms.older')}</button></div>`
    : html`<p class="muted">${t('sms.end')}</p>`;
}

function Inbox() {
  const me = useApp().me;
  const phone = usePhoneText();
  const tz = me.settings.timeZone;
  const unreadOnly = useValue(false);
  const list = useListing<InboxMessage>('/api/sms/inbox', { unread: unreadOnly.value ? '1' : undefined });
  const open = useValue<number[]>([]);
  const failure = useValue<string | null>(null);
  const reload = useCoalesced(list.reload);
  // A new or completed message, or one read at another desk.
  useServerEvents(['hello', 'sms.received', 'sms.inbox', 'sms.unread'], reload);

  const toggle = async (m: InboxMessage) => {
    const opening = !open.value.includes(m.id);
    open.set((ids) => (opening ? [...ids, m.id] : ids.filter((id) => id !== m.id)));
    // Marking read changes what every desk sees: it needs the edit right, not just view.
    if (!opening || m.readAt !== null || !can(me, 'sms', 'edit')) return;
    try {
      list.replace(await api<InboxMessage>('POST', `/api/sms/inbox/${m.id}/read`));
      failure.set(null);
    } catch (err) {
      failure.set(errorText(err));
    }
  };

  const items = list.items;
  return html`<div>
    <${Checkbox} label=${t('sms.unreadOnly')} checked=${unreadOnly.value} onValue=${unreadOnly.set} />
    ${list.error ? html`<${Banner} kind="error">${errorText(list.error)}<//>` : null}
    ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
    ${items === null
      ? html`<p>${t('app.loading')}</p>`
      : items.length === 0
        ? html`<p class="empty">${t('sms.inboxEmpty')}</p>`
        : html`<ul class="sms-list inbox">
            ${items.map((m) => {
              const isOpen = open.value.includes(m.id);
              return html`<li key=${m.id} class=${`sms-item${m.readAt === null ? ' unread' : ''}`}>
                <div class="sms-meta">
                  <span class="sms-from">${phone(m.from)}</span>
                  ${m.customer ? html`<${CustomerName} c=${m.customer} />` : html`<span class="muted">${t('sms.notCustomer')}</span>`}
                  <time datetime=${m.receivedAt}>${formatDateTime(m.receivedAt, tz)}</time>
                  <${InboxMarks} m=${m} />
                </div>
                <${InboxBody} m=${m} clamp=${!isOpen} />
                ${isOpen
                  ? html`<p class="muted small">
                      ${m.sentAt ? html`${t('sms.sentByNetworkAt', { at: formatDateTime(m.sentAt, tz) })} · ` : null}${t('sms.receivedAt', { at: formatDateTime(m.receivedAt, tz) })}
                      ${m.readAt ? html`<br />${t('sms.readBy', { at: formatDateTime(m.readAt, tz), name: m.readBy?.name ?? t('common.system') })}` : null}
                    </p>`
                  : null}
                <div class="actions">
                  <button type="button" aria-expanded=${isOpen ? 'true' : 'false'} onClick=${() => void toggle(m)}>
                    ${isOpen ? t('sms.close') : t('sms.open')}<span class="sr-only"> ${phone(m.from)}</span>
                  </button>
                  ${can(me, 'sms', 'add') && m.decodeError === null && m.from !== '?'
                    ? html`<a class="button" href=${`#/sms/compose?${new URLSearchParams({ replyTo: String(m.id), to: m.from })}`}>${t('sms.reply')}<span class="sr-only"> ${phone(m.from)}</span></a>`
                    : null}
                </div>
              </li>`;
            })}
          </ul>`}
    <${Older} shown=${items?.length ?? 0} nextBefore=${list.nextBefore} busy=${list.busy} onOlder=${list.older} />
  </div>`;
}

function Outbox(p: { justSent: number | null }) {
  const me = useApp().me;
  const phone = usePhoneText();
  const tz = me.settings.timeZone;
  const state = useValue<State | ''>('');
  const list = useListing<OutboxMessage>('/api/sms/outbox', { state: state.value || undefined });
  const failure = useValue<string | null>(null);
  const reload = useCoalesced(list.reload);
  const items = list.items;
  const justSent = items?.find((m) => m.id === p.justSent) ?? null;
  useServerEvents(['hello'], reload);

  // A message shown here changed: fetch it alone. One not shown yet: the newest again.
  useServerEvents(['sms.outbox'], (e) => {
    const id = eventId(e.data);
    if (id === null) return;
    if (items?.some((m) => m.id === id))
      api<OutboxMessage>('GET', `/api/sms/outbox/${id}`).then(list.replace, () => undefined);
    else reload();
  });

  const at = (iso: string | null) => (iso ? formatDateTime(iso, tz) : '');
  return html`<div>
    <${SelectField}
      class="inline"
      label=${t('sms.filter')}
      value=${state.value}
      options=${[{ value: '', label: t('sms.allStates') }, ...OUTBOX_STATES.map((s) => ({ value: s, label: outboxStateLabel(s) }))]}
      onValue=${(v: string) => state.set(v as State | '')}
    />
    <${ExportLink} feature="sms" path="/api/exports/outbox" query=${{ state: state.value }} />
    ${justSent ? html`<${Banner} kind="ok">${t('sms.queuedBanner', { to: phone(justSent.to) })}<//>` : null}
    ${list.error ? html`<${Banner} kind="error">${errorText(list.error)}<//>` : null}
    ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
    ${items === null
      ? html`<p>${t('app.loading')}</p>`
      : items.length === 0
        ? html`<p class="empty">${t('sms.outboxEmpty')}</p>`
        : html`<table class="list sms-outbox">
            <thead>
              <tr>
                <th scope="col">${t('sms.colTime')}</th>
                <th scope="col">${t('sms.colTo')}</th>
                <th scope="col">${t('sms.colText')}</th>
                <th scope="col">${t('sms.colState')}</th>
                <th scope="col">${t('sms.colParts')}</th>
                <th scope="col">${t('sms.colAttempts')}</th>
                <th scope="col"><span class="sr-only">${t('sms.colActions')}</span></th>
              </tr>
            </thead>
            <tbody>
              ${items.map((m) => {
                const progress = partsProgress(m);
                return html`<tr key=${m.id} data-id=${m.id} class=${m.id === p.justSent ? 'just-sent' : ''}>
                  <td data-label=${t('sms.colTime')} class="small">
                    <div>
                      <div class="nowrap">${t('sms.queuedAt', { at: at(m.createdAt) })}</div>
                      ${m.sentAt ? html`<div class="nowrap">${t('sms.sentAt', { at: at(m.sentAt) })}</div>` : null}
                      ${m.deliveredAt ? html`<div class="nowrap">${t('sms.deliveredAt', { at: at(m.deliveredAt) })}</div>` : null}
                      ${m.state === 'queued' && m.nextAttemptAt && m.attempts > 0 ? html`<div class="nowrap muted">${t('sms.nextAttempt', { at: at(m.nextAttemptAt) })}</div>` : null}
                      ${m.state === 'queued' && m.nextAttemptAt && m.attempts === 0 && m.nextAttemptAt > m.createdAt ? html`<div class="nowrap muted">${t('sms.heldUntil', { at: at(m.nextAttemptAt) })}</div>` : null}
                    </div>
                  </td>
                  <td data-label=${t('sms.colTo')}>
                    <div>
                      <span class="nowrap">${phone(m.to)}</span>
                      ${m.customer ? html`<br /><${CustomerName} c=${m.customer} />` : null}
                    </div>
                  </td>
                  <td data-label=${t('sms.colText')}>
                    <div>
                      <span class="sms-body pre">${m.body}</span>
                      ${m.createdBy ? html`<br /><small class="muted">${t('sms.by', { name: m.createdBy.name })}</small>` : null}
                      ${m.origin !== 'manual'
                        ? html`<br /><small class="tag" data-origin=${m.origin}>${tOr(`origin.${m.origin}`, m.origin)}${m.purpose ? ` · ${purposeLabel(m.purpose)}` : ''}</small>`
                        : null}
                    </div>
                  </td>
                  <td data-label=${t('sms.colState')}><div><${OutboxState} m=${m} /></div></td>
                  <td data-label=${t('sms.colParts')}><div>${m.partsTotal}${progress ? html`<br /><small class="muted">${progress}</small>` : null}</div></td>
                  <td data-label=${t('sms.colAttempts')}>${m.attempts}</td>
                  <td data-label=${t('sms.colActions')}><${OutboxActions} m=${m} onChanged=${(x: OutboxMessage) => (failure.set(null), list.replace(x))} onError=${failure.set} /></td>
                </tr>`;
              })}
            </tbody>
          </table>`}
    <${Older} shown=${items?.length ?? 0} nextBefore=${list.nextBefore} busy=${list.busy} onOlder=${list.older} />
  </div>`;
}

export function SmsPage(p: { tab: 'inbox' | 'outbox' }) {
  const me = useApp().me;
  const sent = Number(currentQuery().get('sent'));
  const tab = (name: 'inbox' | 'outbox', href: string, label: string) =>
    html`<a role="tab" id=${`sms-tab-${name}`} href=${href} aria-selected=${p.tab === name ? 'true' : 'false'} aria-controls="sms-panel">${label}</a>`;
  return html`<section>
    <div class="page-head">
      <h1>${t('sms.title')}</h1>
      ${can(me, 'sms', 'add') ? html`<a class="button primary" href="#/sms/compose">${t('sms.new')}</a>` : null}
    </div>
    <div class="tabs" role="tablist" aria-label=${t('sms.tabs')}>${tab('inbox', '#/sms', t('sms.inbox'))}${tab('outbox', '#/sms/outbox', t('sms.outbox'))}</div>
    <div id="sms-panel" role="tabpanel" aria-labelledby=${`sms-tab-${p.tab}`}>
      ${p.tab === 'inbox' ? html`<${Inbox} key="inbox" />` : html`<${Outbox} key="outbox" justSent=${Number.isInteger(sent) && sent > 0 ? sent : null} />`}
    </div>
  </section>`;
}
