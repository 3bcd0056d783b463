// Writing an SMS (H1): to a number or to a customer (one of their phones), and, while typing,
// how many characters, which alphabet and how many parts it takes, by the same rules as the
// modem code. A single character that forces Unicode (a curly quote, an emoji) is pointed
// out, since it cuts each part from 160 to 70 characters. The box's answer is shown by field.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api, withQuery } from '../../api';
import { useApp } from '../../app-context';
import type { CustomerPage, CustomerSummary, OutboxMessage, Phone, PhoneCheck, PhoneMatch } from '../../contract';
import { t } from '../../i18n/catalog';
import { phoneTypeLabel } from '../../i18n/enum-labels';
import { can } from '../../permissions';
import { characterCount, nonGsmCharacters, smsParts } from '../../sms-text';
import { useSubmission } from '../../use-submission';
import { useValue } from '../../use-value';
import { Banner, SelectField, TextField } from '../fields';
import { useDebounced } from '../use-debounced';

/** Who a message can go to: a customer with their phones. */
export type Recipient = Pick<CustomerSummary, 'id' | 'name' | 'customerNo' | 'phones'>;

/** POST /api/sms (see firmware/src/http/routes/messaging/sms-routes.ts). */
interface SendBody {
  to?: string;
  customerId?: number;
  text: string;
  inReplyTo?: number;
}

export interface SmsComposeProps {
  /** The customer it goes to, chosen beforehand (their page, or #/sms/compose?customerId=). */
  customer?: Recipient | null;
  /** The customer cannot be changed here (on their own page). */
  fixedCustomer?: boolean;
  /** A number to start with (a reply goes to the sender's number). */
  to?: string;
  /** The received message this answers. */
  replyTo?: number | null;
  autoFocus?: boolean;
  onSent(m: OutboxMessage): void;
  onCancel?: () => void;
}

/** The phone of the customer to preselect: the one given, else their first. */
function pickPhone(phones: Phone[], wanted: string | undefined): string {
  const digits = (s: string) => s.replace(/\D/g, '');
  const w = wanted ? digits(wanted) : '';
  const match = w ? phones.find((ph) => digits(ph.e164) === w || digits(ph.e164).endsWith(w)) : undefined;
  return (match ?? phones[0])?.e164 ?? '';
}

/** One line under the message box: "80 characters · Unicode · 2 parts (67 per part) · 54 left in this part". */
export function smsPreview(text: string): string {
  const info = smsParts(text);
  return [
    t('sms.count.chars', { n: characterCount(text) }),
    info.encoding === 'gsm7' ? t('sms.encoding.gsm7') : t('sms.encoding.ucs2'),
    info.parts === 1 ? t('sms.count.onePart', { max: info.unitsPerPart }) : t('sms.count.parts', { n: info.parts, per: info.unitsPerPart }),
    t('sms.count.left', { n: info.remainingInPart }),
  ].join(' · ');
}

/**
 * The few characters that alone make an otherwise GSM-7 text Unicode; empty when the text is
 * GSM-7, or Unicode by nature (Chinese, Vietnamese with its diacritics).
 */
export function unicodeCulprits(text: string): string[] {
  const odd = nonGsmCharacters(text);
  if (odd.length === 0 || odd.length > 3) return [];
  let count = 0;
  for (const ch of text) if (odd.includes(ch)) count++;
  return count * 4 <= characterCount(text) ? odd : [];
}

export function CustomerSearch(p: { onPick(c: CustomerSummary): void; label?: string }) {
  const q = useValue('');
  const query = useDebounced(q.value.trim(), 200);
  const found = useValue<CustomerSummary[] | null>(null);
  useEffect(() => {
    if (!query) return found.set(null);
    let alive = true;
    api<CustomerPage>('GET', withQuery('/api/customers', { q: query, limit: 6 })).then(
      (page) => alive && found.set(page.items),
      () => alive && found.set([]),
    );
    return () => {
      alive = false;
    };
  }, [query]);
  return html`<${TextField} type="search" label=${p.label ?? t('sms.findCustomer')} value=${q.value} onValue=${q.set} hint=${t('sms.findCustomerHint')} autoComplete="off">
    ${found.value === null
      ? null
      : found.value.length === 0
        ? html`<small class="muted">${t('sms.noCustomerMatch')}</small>`
        : html`<ul class="customer-picks">
            ${found.value.map(
              (c) => html`<li key=${c.id}>
                <button type="button" class="link-button" onClick=${() => p.onPick(c)}>${c.name} · ${c.customerNo}${c.phones[0] ? ` · ${c.phones[0].display}` : ''}</button>
              </li>`,
            )}
          </ul>`}
  <//>`;
}

export function SmsCompose(p: SmsComposeProps) {
  const me = useApp().me;
  const customer = useValue<Recipient | null>(p.customer ?? null);
  const number = useValue(p.customer ? pickPhone(p.customer.phones, p.to) : (p.to ?? ''));
  const text = useValue('');
  const owners = useValue<{ number: string; matches: PhoneMatch[] } | null>(null);
  const sub = useSubmission();
  const errors = sub.errors.value;
  const c = customer.value;
  const seeCustomers = can(me, 'customers', 'view');

  // Whose number is this? Asked when it is given (a reply) and when typing stops.
  const checkNumber = async (n: string) => {
    const v = n.trim();
    if (!seeCustomers || !v || owners.value?.number === v) return;
    try {
      const r = await api<PhoneCheck>('GET', withQuery('/api/customers/phone-check', { phone: v }));
      owners.set({ number: v, matches: r.matches });
    } catch {
      // Only a convenience: the box links the message to the customer on sending anyway.
    }
  };
  useEffect(() => {
    if (!p.customer && p.to) void checkNumber(p.to);
  }, []);

  const pick = (next: CustomerSummary) => {
    customer.set(next);
    number.set(pickPhone(next.phones, undefined));
    sub.errors.set({});
  };

  const send = async (e: Event) => {
    e.preventDefault();
    const body: SendBody = { text: text.value };
    if (c) {
      body.customerId = c.id;
      if (number.value) body.to = number.value;
    } else body.to = number.value;
    if (p.replyTo) body.inReplyTo = p.replyTo;
    const result: { sent?: OutboxMessage } = {};
    const ok = await sub.run(async () => {
      result.sent = await api<OutboxMessage>('POST', '/api/sms', body);
    });
    if (ok && result.sent) {
      text.set('');
      p.onSent(result.sent);
    }
  };

  const culprits = unicodeCulprits(text.value);
  const fresh = owners.value && owners.value.number === number.value.trim() ? owners.value.matches : [];

  let recipient;
  if (c) {
    recipient = html`<div class="sms-recipient">
      <p>
        <strong>${t('sms.toCustomer', { name: c.name, no: c.customerNo })}</strong>
        ${p.fixedCustomer ? null : html` <button type="button" class="link-button" onClick=${() => (customer.set(null), number.set(''))}>${t('sms.change')}</button>`}
      </p>
      ${c.phones.length > 1
        ? html`<${SelectField}
            label=${t('sms.customerNumber')}
            value=${number.value}
            options=${c.phones.map((ph) => ({ value: ph.e164, label: ph.label ? `${ph.display} (${phoneTypeLabel(ph.label)})` : ph.display }))}
            onValue=${number.set}
            error=${errors.to}
          />`
        : html`<p>${c.phones[0]?.display ?? ''}</p>
            ${errors.to ? html`<small class="field-error" role="alert">${errors.to}</small>` : c.phones.length === 0 ? html`<small class="field-error">${t('field.customerNoPhone')}</small>` : null}`}
    </div>`;
  } else {
    recipient = html`<${TextField}
        type="tel"
        label=${t('sms.number')}
        value=${number.value}
        onValue=${number.set}
        onBlur=${() => void checkNumber(number.value)}
        error=${errors.to}
        hint=${t('sms.numberHint')}
        autoComplete="off"
        inputMode="tel"
        required
      >
        ${fresh.length
          ? html`<small class="hint" role="status">${t('sms.numberBelongsTo')}
              ${fresh.map((m) => html` <a key=${m.customerId} href=${`#/customers/${m.customerId}`}>${m.name} (${m.customerNo})</a>`)}</small>`
          : null}
      <//>
      ${seeCustomers && !p.to ? html`<${CustomerSearch} onPick=${pick} />` : null}`;
  }

  return html`<form class="sms-compose" onSubmit=${send} novalidate>
    ${recipient}
    <${TextField}
      multiline
      label=${t('sms.text')}
      value=${text.value}
      onValue=${text.set}
      error=${errors.text}
      hint=${smsPreview(text.value)}
      autoFocus=${p.autoFocus}
      required
    >
      ${culprits.length ? html`<small class="field-warning" role="status">${t('sms.unicodeBecause', { chars: culprits.join(' ') })}</small>` : null}
    <//>
    ${sub.failure.value ? html`<${Banner} kind="error">${sub.failure.value}<//>` : null}
    <div class="actions">
      <button type="submit" class="primary" disabled=${sub.busy.value}>${sub.busy.value ? t('sms.sending') : t('sms.send')}</button>
      ${p.onCancel ? html`<button type="button" onClick=${p.onCancel}>${t('common.cancel')}</button>` : null}
    </div>
  </form>`;
}
