// Visit plans and feedback on the customer's page (C3): plan a follow-up for a staff member,
// mark it done (which records the contact), and record the customer's satisfaction.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import { CONTACT_CHANNELS, FEEDBACK_KINDS, type ContactChannel, type Customer, type FeedbackKind, type FeedbackList, type UserRef, type VisitPlan } from '../../contract';
import { t, type MessageKey } from '../../i18n/catalog';
import { contactChannelLabel } from '../../i18n/enum-labels';
import { formatDate, formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';
import { useSubmission } from '../../use-submission';
import { studioToday } from '../../studio-day';
import { useValue } from '../../use-value';
import { Banner, SelectField, TextField } from '../fields';

function useLoaded<T>(path: string, events: string[], customerId: number) {
  const value = useValue<T | null>(null);
  const error = useValue<string | null>(null);
  const load = useCallback(async () => {
    try {
      value.set(await api<T>('GET', path));
      error.set(null);
    } catch (err) {
      error.set(errorText(err));
    }
  }, [path]);
  useEffect(() => void load(), [load]);
  useServerEvents(events, (e) => {
    if ((e.data as { customerId?: number } | null)?.customerId === customerId) void load();
  });
  return { value, error, load };
}

/** Done: the contact it became (channel and note); the customer's page and the due list use it. */
export function DoneForm(p: { plan: VisitPlan; onDone(): void; onCancel(): void }) {
  const channel = useValue<ContactChannel>('phone');
  const note = useValue('');
  const sub = useSubmission();
  const save = async (e: Event) => {
    e.preventDefault();
    if (!sub.check(note.value.trim() ? {} : { note: t('field.required') })) return;
    if (await sub.run(() => api('POST', `/api/visit-plans/${p.plan.id}/complete`, { channel: channel.value, note: note.value.trim() }))) p.onDone();
  };
  return html`<form class="visit-done" onSubmit=${save} novalidate>
    <h3>${t('visits.doneTitle')}</h3>
    <${SelectField} label=${t('contact.channel')} value=${channel.value} options=${CONTACT_CHANNELS.map((c) => ({ value: c, label: contactChannelLabel(c) }))} onValue=${(v: string) => channel.set(v as ContactChannel)} error=${sub.errors.value.channel} />
    <${TextField} multiline label=${t('contact.note')} value=${note.value} onValue=${note.set} error=${sub.errors.value.note} autoFocus />
    ${sub.failure.value ? html`<${Banner} kind="error">${sub.failure.value}<//>` : null}
    <div class="actions">
      <button type="submit" class="primary" disabled=${sub.busy.value}>${t('visits.doneSave')}</button>
      <button type="button" onClick=${p.onCancel}>${t('common.cancel')}</button>
    </div>
  </form>`;
}

export function CustomerVisitPlans(p: { customer: Customer }) {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const id = p.customer.id;
  const plans = useLoaded<VisitPlan[]>(`/api/customers/${id}/visit-plans`, ['visit_plan.changed'], id);
  const staff = useValue<UserRef[]>([]);
  const adding = useValue(false);
  const doing = useValue<number | null>(null);
  const draft = useValue({ dueDate: studioToday(me), staffId: String(me.user.id), purpose: '' });
  const sub = useSubmission();

  useEffect(() => {
    api<UserRef[]>('GET', '/api/visit-plans/staff').then(staff.set, () => {});
  }, []);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!sub.check(draft.value.purpose.trim() ? {} : { purpose: t('field.required') })) return;
    const body = { dueDate: draft.value.dueDate, staffId: Number(draft.value.staffId), purpose: draft.value.purpose.trim() };
    if (await sub.run(() => api('POST', `/api/customers/${id}/visit-plans`, body))) {
      adding.set(false);
      draft.set({ ...draft.value, purpose: '' });
      void plans.load();
    }
  };

  const d = draft.value;
  const list = plans.value.value;
  return html`<section class="card visit-plans">
    <div class="page-head">
      <h2>${t('visits.heading')}</h2>
      ${can(me, 'contacts', 'add') && !adding.value ? html`<button type="button" class="primary" onClick=${() => adding.set(true)}>${t('visits.plan')}</button>` : null}
    </div>
    ${adding.value
      ? html`<form onSubmit=${save} novalidate>
          <${TextField} type="date" label=${t('visits.dueDate')} value=${d.dueDate} onValue=${(v: string) => draft.set({ ...d, dueDate: v })} error=${sub.errors.value.dueDate} />
          <${SelectField} label=${t('visits.staff')} value=${d.staffId} options=${staff.value.map((u) => ({ value: String(u.id), label: u.name }))} onValue=${(v: string) => draft.set({ ...d, staffId: v })} error=${sub.errors.value.staffId} />
          <${TextField} label=${t('visits.purpose')} value=${d.purpose} onValue=${(v: string) => draft.set({ ...d, purpose: v })} error=${sub.errors.value.purpose} />
          ${sub.failure.value ? html`<${Banner} kind="error">${sub.failure.value}<//>` : null}
          <div class="actions">
            <button type="submit" class="primary" disabled=${sub.busy.value}>${t('visits.save')}</button>
            <button type="button" onClick=${() => adding.set(false)}>${t('common.cancel')}</button>
          </div>
        </form>`
      : null}
    ${plans.error.value ? html`<${Banner} kind="error">${plans.error.value}<//>` : null}
    ${list === null
      ? html`<p>${t('app.loading')}</p>`
      : list.length === 0
        ? html`<p class="empty">${t('visits.none')}</p>`
        : html`<ul class="plain visit-list">
            ${list.map(
              (v) => html`<li key=${v.id} data-state=${v.state}>
                <strong>${formatDate(v.dueDate)}</strong> · ${v.staff.name} · ${v.purpose}
                ${' '}<span class=${`tag ${v.overdue ? 'tag-warning' : ''}`}>${v.overdue ? t('visits.overdue') : t(`visits.state.${v.state}` as MessageKey)}</span>
                ${v.closedAt ? html` <span class="muted">${formatDateTime(v.closedAt, tz)}</span>` : null}
                ${v.state === 'open' && can(me, 'contacts', 'add') && doing.value !== v.id ? html` <button type="button" onClick=${() => doing.set(v.id)}>${t('visits.done')}</button>` : null}
                ${doing.value === v.id ? html`<${DoneForm} plan=${v} onDone=${() => (doing.set(null), void plans.load())} onCancel=${() => doing.set(null)} />` : null}
              </li>`,
            )}
          </ul>`}
  </section>`;
}

export function CustomerFeedback(p: { customer: Customer }) {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const id = p.customer.id;
  const fb = useLoaded<FeedbackList>(`/api/customers/${id}/feedback`, ['feedback.changed'], id);
  const adding = useValue(false);
  const draft = useValue<{ kind: FeedbackKind; score: string; comment: string }>({ kind: 'feedback', score: '5', comment: '' });
  const sub = useSubmission();

  const save = async (e: Event) => {
    e.preventDefault();
    const body = { kind: draft.value.kind, score: Number(draft.value.score), comment: draft.value.comment.trim() };
    if (await sub.run(() => api('POST', `/api/customers/${id}/feedback`, body))) {
      adding.set(false);
      draft.set({ kind: 'feedback', score: '5', comment: '' });
      void fb.load();
    }
  };
  const d = draft.value;
  const list = fb.value.value;
  return html`<section class="card feedback">
    <div class="page-head">
      <h2>${t('feedback.heading')}</h2>
      ${can(me, 'contacts', 'add') && !adding.value ? html`<button type="button" class="primary" onClick=${() => adding.set(true)}>${t('feedback.add')}</button>` : null}
    </div>
    ${adding.value
      ? html`<form onSubmit=${save} novalidate>
          <${SelectField} label=${t('feedback.kind')} value=${d.kind} options=${FEEDBACK_KINDS.map((k) => ({ value: k, label: t(`feedback.kind.${k}` as MessageKey) }))} onValue=${(v: string) => draft.set({ ...d, kind: v as FeedbackKind })} error=${sub.errors.value.kind} />
          <${SelectField} label=${t('feedback.score')} value=${d.score} options=${['5', '4', '3', '2', '1'].map((s) => ({ value: s, label: s }))} onValue=${(v: string) => draft.set({ ...d, score: v })} error=${sub.errors.value.score} />
          <${TextField} multiline label=${t('feedback.comment')} value=${d.comment} onValue=${(v: string) => draft.set({ ...d, comment: v })} error=${sub.errors.value.comment} />
          ${sub.failure.value ? html`<${Banner} kind="error">${sub.failure.value}<//>` : null}
          <div class="actions">
            <button type="submit" class="primary" disabled=${sub.busy.value}>${t('feedback.save')}</button>
            <button type="button" onClick=${() => adding.set(false)}>${t('common.cancel')}</button>
          </div>
        </form>`
      : null}
    ${fb.error.value ? html`<${Banner} kind="error">${fb.error.value}<//>` : null}
    ${list === null
      ? html`<p>${t('app.loading')}</p>`
      : list.count === 0
        ? html`<p class="empty">${t('feedback.none')}</p>`
        : html`<p class="feedback-average">${t('feedback.average', { average: String(list.average), count: String(list.count) })}</p>
            <ul class="plain feedback-list">
              ${list.items.map(
                (f) => html`<li key=${f.id}>
                  <strong>${'★'.repeat(f.score)}${'☆'.repeat(5 - f.score)}</strong> ${t(`feedback.kind.${f.kind}` as MessageKey)}${f.state === 'open' ? html` <span class="tag tag-warning">${t('feedback.open')}</span>` : null}
                  <span class="muted"> · ${formatDateTime(f.at, tz)}${f.orderNo ? ` · ${f.orderNo}` : ''}</span>
                  ${f.comment ? html`<p class="pre">${f.comment}</p>` : null}
                  ${f.resolution ? html`<p class="muted">${t('feedback.resolution')}: ${f.resolution}</p>` : null}
                </li>`,
              )}
            </ul>`}
  </section>`;
}
