// Contact records (C3): the small form that writes one (on the customer's page and in the
// caller-ID popup, where it is linked to the call), and the customer's list, newest first.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api, withQuery } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import { CONTACT_CHANNELS, type ContactChannel, type ContactRecord, type ContactRecordInput, type Customer } from '../../contract';
import { t } from '../../i18n/catalog';
import { contactChannelLabel } from '../../i18n/enum-labels';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';
import { useSubmission } from '../../use-submission';
import { useValue } from '../../use-value';
import { Banner, SelectField, TextField } from '../fields';

const NOTE_MAX = 2000;
const LIST_LIMIT = 50;

export interface ContactFormProps {
  customerId: number;
  /** The call it is written from (the popup), or null. */
  callId: number | null;
  onSaved(r: ContactRecord): void;
  onCancel(): void;
}

export function ContactForm(p: ContactFormProps) {
  const channel = useValue<ContactChannel>('phone');
  const note = useValue('');
  const sub = useSubmission();
  const errors = sub.errors.value;

  const save = async (e: Event) => {
    e.preventDefault();
    const text = note.value.trim();
    const local: Record<string, string> = {};
    if (!text) local.note = t('contact.noteRequired');
    else if (text.length > NOTE_MAX) local.note = t('contact.noteTooLong', { max: NOTE_MAX });
    if (!sub.check(local)) return;
    const body: ContactRecordInput = { channel: channel.value, note: text, callId: p.callId };
    let saved: ContactRecord | null = null;
    const ok = await sub.run(async () => {
      saved = await api<ContactRecord>('POST', `/api/customers/${p.customerId}/contacts`, body);
    });
    if (ok && saved) p.onSaved(saved);
  };

  return html`<form class="contact-form" onSubmit=${save} novalidate>
    <${SelectField}
      label=${t('contact.channel')}
      value=${channel.value}
      options=${CONTACT_CHANNELS.map((c) => ({ value: c, label: contactChannelLabel(c) }))}
      onValue=${(v: string) => channel.set(v as ContactChannel)}
      error=${errors.channel}
    />
    <${TextField} multiline label=${t('contact.note')} value=${note.value} onValue=${note.set} error=${errors.note} autoFocus required />
    ${sub.failure.value ? html`<${Banner} kind="error">${sub.failure.value}<//>` : null}
    <div class="actions">
      <button type="submit" class="primary" disabled=${sub.busy.value}>${t('contact.save')}</button>
      <button type="button" onClick=${p.onCancel}>${t('common.cancel')}</button>
    </div>
  </form>`;
}

/** "12 Mar 10:00 · Phone · Lan" above a record's note. */
export function contactMeta(r: { at: string; channel: ContactChannel; by: { name: string } | null }, tz: string): string {
  return [formatDateTime(r.at, tz), contactChannelLabel(r.channel), r.by?.name].filter(Boolean).join(' · ');
}

export function CustomerContacts(p: { customer: Customer }) {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const id = p.customer.id;
  const list = useValue<ContactRecord[] | null>(null);
  const error = useValue<string | null>(null);
  const adding = useValue(false);

  const load = useCallback(async () => {
    try {
      list.set(await api<ContactRecord[]>('GET', withQuery(`/api/customers/${id}/contacts`, { limit: LIST_LIMIT })));
      error.set(null);
    } catch (err) {
      error.set(errorText(err));
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  useServerEvents(['contact.added'], (e) => {
    if ((e.data as { customerId?: number } | null)?.customerId === id) void load();
  });

  const records = list.value;
  return html`<section class="card contact-records">
    <div class="page-head">
      <h2>${t('contact.title')}</h2>
      ${can(me, 'contacts', 'add') && !adding.value
        ? html`<button type="button" class="primary" onClick=${() => adding.set(true)}>${t('contact.add')}</button>`
        : null}
    </div>
    ${adding.value
      ? html`<${ContactForm}
          customerId=${id}
          callId=${null}
          onSaved=${(r: ContactRecord) => (adding.set(false), list.set((prev) => [r, ...(prev ?? []).filter((x) => x.id !== r.id)]))}
          onCancel=${() => adding.set(false)}
        />`
      : null}
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${records === null
      ? html`<p>${t('app.loading')}</p>`
      : records.length === 0
        ? html`<p class="empty">${t('contact.empty')}</p>`
        : html`<ol class="contact-list">
            ${records.map(
              (r) => html`<li key=${r.id} data-id=${r.id}>
                <div class="muted">${contactMeta({ at: r.at, channel: r.channel, by: r.createdBy }, tz)}${r.callId !== null ? html` · <a href="#/calls">${t('contact.fromCall')}</a>` : null}</div>
                <p class="pre contact-note">${r.note}</p>
              </li>`,
            )}
          </ol>`}
  </section>`;
}
