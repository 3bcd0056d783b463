// A bill's receipt (F1): the studio's name, the items, what was paid and what is still owed,
// in the customer's language (any of the box's three, whatever the screen's), printed from the
// browser on 58 or 80 mm thermal paper or A4. The paper is a class on the receipt and an
// attribute on the body: styles.css gives each its width and named @page (an inline <style>
// would break the CSP).
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { LANGUAGES, type Bill, type Language, type MemberCard } from '../../contract';
import { LANGUAGE_NAMES, loadLanguage, translate, type MessageKey, type Params } from '../../i18n/catalog';
import { formatDateTime } from '../../i18n/format';
import { formatMoney } from '../../money';
import { useValue } from '../../use-value';
import { CardCodes } from '../ingest/card-codes';
import { SelectField } from '../fields';
import { t, tOr } from '../../i18n/catalog';

export const PAPERS = ['58', '80', 'a4'] as const;
export type Paper = (typeof PAPERS)[number];

export function Receipt(p: { bill: Bill; studioName: string; timeZone: string; lang: Language; paper: Paper; card?: MemberCard | null }) {
  const b = p.bill;
  const lang = p.lang;
  const tr = (key: MessageKey, params?: Params) => translate(lang, key, params);
  const money = (minor: number) => formatMoney(minor, b.currency, lang);
  const method = (m: string) => translate(lang, `paymentMethod.${m}` as MessageKey);
  return html`<article class=${`receipt paper-${p.paper}`} lang=${lang} data-receipt>
    <h2 class="receipt-studio">${p.studioName}</h2>
    <p class="receipt-title">${tr('receipt.heading')}</p>
    <p>${tr('receipt.order', { orderNo: b.orderNo })} · ${b.orderTitle}</p>
    <p>${tr('receipt.customer', { name: b.customer.name })}</p>
    <p>${tr('receipt.date', { at: formatDateTime(b.createdAt, p.timeZone, lang) })}</p>
    <table class="receipt-lines">
      <tbody>
        ${b.lines.map(
          (l) => html`<tr key=${l.position}>
            <td>
              ${l.name}${l.qty > 1 ? ` × ${l.qty}` : ''}
              ${l.extraPhotos ? html`<br /><small>${tr('receipt.extras', { count: l.extraPhotos, price: money(l.extraPhotoMinor) })}</small>` : null}
              ${l.lineDiscountMinor ? html`<br /><small>${tr('receipt.lineDiscount', { amount: money(l.lineDiscountMinor) })}</small>` : null}
            </td>
            <td class="num">${money(l.grossMinor - l.lineDiscountMinor)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <table class="receipt-sums">
      <tbody>
        <tr><td>${tr('receipt.gross')}</td><td class="num">${money(b.grossMinor)}</td></tr>
        ${b.discountMinor ? html`<tr><td>${tr('receipt.discount')}</td><td class="num">−${money(b.discountMinor)}</td></tr>` : null}
        <tr class="receipt-total"><td>${tr('receipt.total')}</td><td class="num">${money(b.totalMinor)}</td></tr>
      </tbody>
    </table>
    ${b.payments.length
      ? html`<p class="receipt-title">${tr('receipt.payments')}</p>
          <table class="receipt-payments">
            <tbody>
              ${b.payments.map(
                (x) => html`<tr key=${x.id}>
                  <td>${formatDateTime(x.at, p.timeZone, lang)} · ${x.kind === 'reversal' ? tr('receipt.reversal') : method(x.method)}</td>
                  <td class="num">${money(x.amountMinor)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
      : null}
    <table class="receipt-sums">
      <tbody>
        <tr><td>${tr('receipt.paid')}</td><td class="num">${money(b.paidMinor)}</td></tr>
        <tr class="receipt-due"><td>${tr('receipt.due')}</td><td class="num">${money(b.dueMinor)}</td></tr>
      </tbody>
    </table>
    ${b.dueMinor === 0 ? html`<p class="receipt-thanks">${tr('receipt.paidInFull')}</p>` : null}
    ${b.createdBy ? html`<p><small>${tr('receipt.servedBy', { name: b.createdBy.name })}</small></p>` : null}
    ${p.card
      ? html`<p class="receipt-title">${tr('receipt.card', { cardNo: p.card.cardNo })}</p>
          <${CardCodes} card=${p.card} alt=${(key: 'card.barcode' | 'card.qr') => tr(key, { cardNo: p.card!.cardNo })} />`
      : null}
  </article>`;
}

/** The receipt with its language and paper pickers and the Print button (hidden when printing). */
export function PrintableReceipt(p: { bill: Bill; studioName: string; timeZone: string; defaultLanguage: Language }) {
  const lang = useValue<Language>(p.defaultLanguage);
  const ready = useValue<Language | null>(null);
  const paper = useValue<Paper>('80');
  // The customer's card (a main card before an attached one) is printed as barcode and QR.
  // Without membership:view, or without a card, the receipt has none.
  const card = useValue<MemberCard | null>(null);
  useEffect(() => {
    let live = true;
    api<MemberCard[]>('GET', `/api/customers/${p.bill.customer.id}/member-cards`).then(
      (list) => live && card.set(list.find((c) => c.state === 'active' && !c.mainCard) ?? list.find((c) => c.state === 'active') ?? null),
      () => live && card.set(null),
    );
    return () => void (live = false);
  }, [p.bill.customer.id]);
  useEffect(() => {
    let live = true;
    const want = lang.value;
    // The customer's language may not be the screen's: fetch its words before showing it.
    loadLanguage(want).then(
      () => live && ready.set(want),
      () => live && ready.set(null),
    );
    return () => void (live = false);
  }, [lang.value]);

  // The page size follows the paper (styles.css names a page per paper on the body).
  useEffect(() => {
    document.body.dataset.receiptPaper = paper.value;
    return () => void delete document.body.dataset.receiptPaper;
  }, [paper.value]);

  return html`<div class="printable">
    <div class="actions no-print">
      <${SelectField} class="inline" label=${t('receipt.language')} value=${lang.value}
        options=${LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], raw: true }))} onValue=${(v: string) => lang.set(v as Language)} />
      <${SelectField} class="inline" label=${t('receipt.paper')} value=${paper.value}
        options=${PAPERS.map((x) => ({ value: x, label: tOr(`receipt.paper${x === 'a4' ? 'A4' : x}`, x) }))} onValue=${(v: string) => paper.set(v as Paper)} />
      <button type="button" class="primary" onClick=${() => window.print()}>${t('receipt.print')}</button>
    </div>
    ${ready.value ? html`<${Receipt} bill=${p.bill} studioName=${p.studioName} timeZone=${p.timeZone} lang=${ready.value} paper=${paper.value} card=${card.value} />` : null}
  </div>`;
}
