// #/sms/compose?customerId=ID&to=N&replyTo=ID: a new SMS, to a customer or a number, or the
// answer to a received one (shown above the box). Sent, it goes to the outbox to be followed.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api, withQuery } from '../../api';
import { Banner } from '../../components/fields';
import { SmsCompose } from '../../components/care/sms-compose';
import type { Customer, InboxMessage, SmsPage } from '../../contract';
import { t } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { currentQuery, navigate } from '../../router';
import { useValue } from '../../use-value';
import { usePhoneText } from '../../phone-text';

function idOf(s: string | null): number | null {
  return s && /^\d+$/.test(s) ? Number(s) : null;
}

export function SmsComposePage() {
  const q = currentQuery();
  const phone = usePhoneText();
  const customerId = idOf(q.get('customerId'));
  const replyTo = idOf(q.get('replyTo'));
  const to = q.get('to') ?? undefined;
  const customer = useValue<Customer | null>(null);
  const original = useValue<InboxMessage | null>(null);
  const error = useValue<unknown>(null);
  const ready = useValue(customerId === null);

  useEffect(() => {
    if (customerId !== null)
      api<Customer>('GET', `/api/customers/${customerId}`).then(
        (c) => (customer.set(c), ready.set(true)),
        (err) => (error.set(err), ready.set(true)),
      );
    // The message answered: the inbox page that ends just above it.
    if (replyTo !== null)
      api<SmsPage<InboxMessage>>('GET', withQuery('/api/sms/inbox', { before: replyTo + 1, limit: 1 })).then(
        (page) => original.set(page.items[0]?.id === replyTo ? page.items[0] : null),
        () => undefined,
      );
  }, []);

  const o = original.value;
  return html`<section class="narrow-form">
    <p><a href="#/sms">← ${t('sms.title')}</a></p>
    <h1>${replyTo !== null ? t('sms.replyTitle') : t('sms.composeTitle')}</h1>
    ${error.value ? html`<${Banner} kind="error">${errorText(error.value)}<//>` : null}
    ${o
      ? html`<blockquote class="sms-quote">
          <small class="muted">${t('sms.inReplyTo', { from: o.customer ? `${o.customer.name} (${phone(o.from)})` : phone(o.from) })}</small>
          <p class="sms-body">${o.body}</p>
        </blockquote>`
      : null}
    ${ready.value
      ? html`<${SmsCompose}
          customer=${customer.value}
          to=${to}
          replyTo=${replyTo}
          autoFocus
          onSent=${(m: { id: number }) => navigate(`/sms/outbox?sent=${m.id}`)}
          onCancel=${() => (history.length > 1 ? history.back() : navigate('/sms'))}
        />`
      : html`<p>${t('app.loading')}</p>`}
  </section>`;
}
