// Pieces the SMS screens share: an outgoing message's state badge with the modem's words
// and what "unknown" means, its Resend / Cancel buttons, an incoming message's marks, and
// a reload that runs once for a burst of server events.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import { ApiFailure, api } from '../../api';
import { useApp } from '../../app-context';
import type { InboxMessage, OutboxMessage } from '../../contract';
import { t } from '../../i18n/catalog';
import { outboxStateLabel } from '../../i18n/enum-labels';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';
import { useValue } from '../../use-value';
import { usePhoneText } from '../../phone-text';

export function OutboxState(p: { m: OutboxMessage }) {
  const m = p.m;
  return html`<span class=${`sms-state sms-state-${m.state}`}>${outboxStateLabel(m.state)}</span>
    ${m.error && m.state !== 'unknown' ? html`<small class="sms-error">${t('sms.modemSaid', { error: m.error })}</small>` : null}
    ${m.state === 'unknown' ? html`<small class="sms-unknown">${t('sms.unknownExplain')}${m.error ? html`<br /><span class="muted">${m.error}</span>` : null}</small>` : null}`;
}

/** "1 of 2 sent" for a long message whose parts are not all at the same point; else nothing. */
export function partsProgress(m: OutboxMessage): string | null {
  if (m.partsTotal <= 1 || m.state === 'cancelled') return null;
  const sent = m.parts.filter((x) => x.state === 'sent' || x.state === 'delivered').length;
  const delivered = m.parts.filter((x) => x.state === 'delivered').length;
  if (delivered) return t('sms.partsDelivered', { n: delivered, total: m.partsTotal });
  if (sent) return t('sms.partsSent', { n: sent, total: m.partsTotal });
  return null;
}

/** Resend (unknown, failed) and Cancel (queued, unknown, failed), for users with sms:edit. */
export function OutboxActions(p: { m: OutboxMessage; onChanged(m: OutboxMessage): void; onError(message: string): void }) {
  const me = useApp().me;
  const phone = usePhoneText();
  const busy = useValue(false);
  const m = p.m;
  if (!can(me, 'sms', 'edit')) return null;
  const act = async (what: 'resend' | 'cancel') => {
    if (what === 'cancel' && !window.confirm(t('sms.cancelConfirm', { to: phone(m.to) }))) return;
    // Unknown: it may have gone out; a second copy is the person's decision, made knowingly.
    if (what === 'resend' && m.state === 'unknown' && !window.confirm(`${t('sms.unknownExplain')}\n\n${t('sms.resendConfirm', { to: phone(m.to) })}`)) return;
    busy.set(true);
    try {
      p.onChanged(await api<OutboxMessage>('POST', `/api/sms/outbox/${m.id}/${what}`));
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 409) {
        p.onError(t('sms.stateChanged'));
        try {
          p.onChanged(await api<OutboxMessage>('GET', `/api/sms/outbox/${m.id}`));
        } catch {
          // The list reloads on the next event anyway.
        }
      } else p.onError(errorText(err));
    } finally {
      busy.set(false);
    }
  };
  const canResend = m.state === 'unknown' || m.state === 'failed';
  const canCancel = canResend || m.state === 'queued';
  if (!canResend && !canCancel) return null;
  return html`<span class="sms-actions">
    ${canResend ? html`<button type="button" disabled=${busy.value} onClick=${() => void act('resend')}>${t('sms.resend')}</button>` : null}
    ${canCancel ? html`<button type="button" class="danger" disabled=${busy.value} onClick=${() => void act('cancel')}>${t('sms.cancel')}</button>` : null}
  </span>`;
}

/** Marks on a received message: new (unread), incomplete long message. */
export function InboxMarks(p: { m: InboxMessage }) {
  const m = p.m;
  return html`${m.readAt === null ? html`<span class="tag tag-new">${t('sms.unreadTag')}</span>` : null}
  ${!m.complete ? html`<span class="tag tag-warn">${t('sms.incomplete', { received: m.partsReceived, total: m.partsTotal })}</span>` : null}`;
}

/** The text of a received message, or why it could not be read. */
export function InboxBody(p: { m: InboxMessage; clamp?: boolean }) {
  const m = p.m;
  if (m.decodeError !== null) return html`<p class="sms-body field-error">${t('sms.unreadable', { error: m.decodeError })}</p>`;
  return html`<p class=${`sms-body${p.clamp ? ' clamp' : ''}`}>${m.body}</p>`;
}

/**
 * Runs fn once, `ms` after the last of a burst of calls (a received SMS brings three events:
 * sms.inbox, sms.received, sms.unread). Never after unmount.
 */
export function useCoalesced(fn: () => void, ms = 80): () => void {
  const latest = useRef(fn);
  latest.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  return () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = setTimeout(() => ((timer.current = null), latest.current()), ms);
  };
}

/** The id an SMS event is about, if it says. */
export function eventId(data: unknown): number | null {
  const id = (data as { id?: unknown } | null)?.id;
  return typeof id === 'number' ? id : null;
}
