// The bill editor (F1): items from the price list with quantity, extra photos and a discount
// (amount or percent) each, a discount on the whole bill, and the payments taken now by one or
// more methods. The sums are the box's own arithmetic (till/bill-math.ts, shared), so what the
// screen shows before saving is what is saved; the box checks it all again.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp } from '../../app-context';
import { CARD_METHODS, PAYMENT_METHODS, type PointsPreview, type BillInput, type Order, type PaymentMethod, type PriceItem } from '../../contract';
import { allowedDiscount, billSums, type BillProblem, type Discount, type LineIn } from '../../../../firmware/src/till/bill-math';
import { t } from '../../i18n/catalog';
import { paymentMethodLabel } from '../../i18n/enum-labels';
import { formatMoney, parseMoney } from '../../money';
import { useLatestOnly } from '../../latest-only';
import { useSubmission } from '../../use-submission';
import { useValue } from '../../use-value';
import { CardPick } from '../ingest/card-pick';
import { useDebounced } from '../use-debounced';
import { FormEnd, SelectField, TextField } from '../fields';
import { priceItemSummary } from './price-list';

type DiscountKind = 'amount' | 'percent';
interface LineDraft {
  itemId: string;
  qty: string;
  extras: string;
  discount: string;
  kind: DiscountKind;
}
interface PayDraft {
  method: PaymentMethod;
  amount: string;
  cardId: string;
}

const emptyLine = (): LineDraft => ({ itemId: '', qty: '1', extras: '0', discount: '', kind: 'amount' });

/** "10" or "12.5" percent as basis points; null when it is not a percentage. */
function percentBp(text: string): number | null {
  const s = text.trim().replace(',', '.');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(s)) return null;
  const bp = Math.round(Number(s) * 100);
  return bp <= 10_000 ? bp : null;
}

/** A typed discount, or undefined for none, or null when it cannot be read. */
function readDiscount(text: string, kind: DiscountKind, currency: string): Discount | undefined | null {
  if (!text.trim()) return undefined;
  if (kind === 'percent') {
    const bp = percentBp(text);
    return bp === null ? null : { bp };
  }
  const minor = parseMoney(text, currency);
  return minor === null ? null : { minor };
}

const wholeAtLeast = (text: string, min: number): number | null => (/^\d{1,6}$/.test(text.trim()) && Number(text.trim()) >= min ? Number(text.trim()) : null);

function problemText(p: BillProblem, currency: string): string {
  switch (p.code) {
    case 'over_discount':
      return t('bill.overLimit', { amount: formatMoney(p.discountMinor, currency), allowed: formatMoney(p.allowedDiscountMinor, currency) });
    case 'line_discount_too_big':
      return t('bill.lineTooBig', { n: p.line + 1 });
    case 'bill_discount_too_big':
      return t('bill.billTooBig');
    case 'extra_photos_not_sold':
      return t('bill.noExtras', { n: p.line + 1 });
    case 'too_large':
      return t('bill.tooLarge');
  }
}

function DiscountField(p: { label: string; value: string; kind: DiscountKind; error?: string | undefined; onValue(v: string): void; onKind(k: DiscountKind): void }) {
  return html`<div class="discount-field">
    <${TextField} label=${p.label} value=${p.value} onValue=${p.onValue} inputMode="decimal" error=${p.error} />
    <${SelectField} class="inline" label=${t('bill.discountKind')} value=${p.kind}
      options=${[{ value: 'amount', label: t('bill.discountAmount') }, { value: 'percent', label: t('bill.discountPercent') }]}
      onValue=${(v: string) => p.onKind(v as DiscountKind)} />
  </div>`;
}

/** The points the bill will earn on the customer's card, with the rules that gave them (M2). */
function PointsToEarn(p: { orderId: number; amountMinor: number }) {
  const preview = useValue<PointsPreview | null>(null);
  const latest = useLatestOnly();
  const amount = useDebounced(p.amountMinor, 300);
  useEffect(() => void latest(api<PointsPreview | null>('GET', `/api/orders/${p.orderId}/points-preview?amountMinor=${amount}`), preview.set, () => preview.set(null)), [p.orderId, amount]);
  const x = preview.value;
  if (!x) return null;
  return html`<p class="points-preview">${t('till.earns', { points: x.points, cardNo: x.cardNo })}
    ${x.steps.length ? html`<br /><small>${x.steps.map((s) => `${s.name}: ${s.before} → ${s.after}`).join(' · ')}</small>` : null}</p>`;
}

export function BillEditor(p: { order: Order; items: PriceItem[]; onSaved(): void }) {
  const me = useApp().me;
  const currency = p.order.currency;
  const items = p.items.filter((i) => i.currency === currency);
  const lines = useValue<LineDraft[]>([emptyLine()]);
  const billDiscount = useValue('');
  const billKind = useValue<DiscountKind>('amount');
  const pays = useValue<PayDraft[]>([{ method: 'cash', amount: '', cardId: '' }]);
  const sub = useSubmission();
  const errors = sub.errors.value;
  const money = (m: number) => formatMoney(m, currency);

  if (!items.length) return html`<p class="empty">${t('bill.noItems')}</p>`;

  // Updates from the previous state: a card picker may answer after more was typed.
  const setLine = (i: number, patch: Partial<LineDraft>) => lines.set((prev) => prev.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const setPay = (i: number, patch: Partial<PayDraft>) => pays.set((prev) => prev.map((x, j) => (j === i ? { ...x, ...patch } : x)));

  // Read what is typed; a field that cannot be read is named and the sums wait for it.
  const local: Record<string, string> = {};
  const chosen = lines.value.filter((l) => l.itemId);
  const lineIns: LineIn[] = [];
  const body: BillInput = { lines: [], payments: [] };
  lines.value.forEach((l, i) => {
    if (!l.itemId) return;
    const item = items.find((x) => String(x.id) === l.itemId)!;
    const qty = wholeAtLeast(l.qty, 1);
    const extras = wholeAtLeast(l.extras || '0', 0);
    const discount = readDiscount(l.discount, l.kind, currency);
    if (qty === null) local[`lines.${i}.qty`] = t('bill.qtyInvalid');
    if (extras === null) local[`lines.${i}.extraPhotos`] = t('priceList.wholeNumber');
    if (discount === null) local[`lines.${i}.discount`] = l.kind === 'percent' ? t('bill.percentInvalid') : t('money.invalid');
    lineIns.push({ unitPriceMinor: item.priceMinor, qty: qty ?? 1, extraPhotos: extras ?? 0, extraPhotoMinor: item.extraPhotoMinor, discount: discount ?? null });
    body.lines.push({
      priceItemId: item.id,
      qty: qty ?? 1,
      extraPhotos: extras ?? 0,
      ...(discount && 'minor' in discount ? { discountMinor: discount.minor } : {}),
      ...(discount && 'bp' in discount ? { discountBp: discount.bp } : {}),
    });
  });
  const bd = readDiscount(billDiscount.value, billKind.value, currency);
  if (bd === null) local.billDiscount = billKind.value === 'percent' ? t('bill.percentInvalid') : t('money.invalid');
  if (bd && 'minor' in bd) body.billDiscountMinor = bd.minor;
  if (bd && 'bp' in bd) body.billDiscountBp = bd.bp;
  pays.value.forEach((x, i) => {
    if (!x.amount.trim()) return;
    const m = parseMoney(x.amount, currency);
    const byCard = (CARD_METHODS as readonly string[]).includes(x.method);
    if (byCard && !x.cardId) local[`payments.${i}.cardId`] = t('till.pickCard');
    if (!m) local[`payments.${i}.amountMinor`] = t('money.invalid');
    else body.payments!.push({ method: x.method, amountMinor: m, ...(byCard && x.cardId ? { cardId: Number(x.cardId) } : {}) });
  });
  const result = chosen.length ? billSums(lineIns, bd ?? null, me.discountLimitPct) : null;
  const sums = result?.ok ? result.sums : null;
  const paidBefore = p.order.paidMinor ?? 0;
  const payingNow = body.payments!.reduce((a, x) => a + x.amountMinor, 0);
  const dueAfter = sums ? sums.totalMinor - paidBefore - payingNow : null;

  const save = async (e: Event) => {
    e.preventDefault();
    const problems = { ...local };
    if (!chosen.length) problems.lines = t('bill.nothingYet');
    if (result && !result.ok) problems.sums = problemText(result.problem, currency);
    if (dueAfter !== null && dueAfter < 0) problems.payments = t('bill.overpaid');
    if (!sub.check(problems)) return;
    if (await sub.run(() => api('POST', `/api/orders/${p.order.id}/bill`, body))) p.onSaved();
  };

  const grossNow = sums?.grossMinor ?? 0;
  return html`<form class="bill-editor card" onSubmit=${save} novalidate>
    <ol class="plain bill-lines">
      ${lines.value.map(
        (l, i) => html`<li key=${i} class="bill-line">
          <${SelectField} label=${t('bill.item')} value=${l.itemId} error=${errors[`lines.${i}.priceItemId`]}
            options=${[{ value: '', label: t('bill.pick') }, ...items.map((x) => ({ value: String(x.id), label: `${x.name} — ${priceItemSummary(x)}`, raw: true }))]}
            onValue=${(v: string) => setLine(i, { itemId: v })} />
          <${TextField} label=${t('bill.qty')} value=${l.qty} onValue=${(v: string) => setLine(i, { qty: v })} inputMode="numeric" error=${errors[`lines.${i}.qty`]} />
          ${items.find((x) => String(x.id) === l.itemId)?.extraPhotoMinor != null
            ? html`<${TextField} label=${t('bill.extraPhotos')} value=${l.extras} onValue=${(v: string) => setLine(i, { extras: v })} inputMode="numeric" error=${errors[`lines.${i}.extraPhotos`]} />`
            : null}
          <${DiscountField} label=${t('bill.discount')} value=${l.discount} kind=${l.kind} error=${errors[`lines.${i}.discount`] ?? errors[`lines.${i}.discountMinor`]}
            onValue=${(v: string) => setLine(i, { discount: v })} onKind=${(k: DiscountKind) => setLine(i, { kind: k })} />
          ${lines.value.length > 1 ? html`<button type="button" class="link-button" onClick=${() => lines.set(lines.value.filter((_, j) => j !== i))}>${t('bill.removeLine')}</button>` : null}
        </li>`,
      )}
    </ol>
    ${errors.lines ? html`<small class="field-error" role="alert">${errors.lines}</small>` : null}
    <div class="actions"><button type="button" onClick=${() => lines.set([...lines.value, emptyLine()])}>${t('bill.addLine')}</button></div>
    <${DiscountField} label=${t('bill.billDiscount')} value=${billDiscount.value} kind=${billKind.value} error=${errors.billDiscount ?? errors.billDiscountMinor}
      onValue=${billDiscount.set} onKind=${billKind.set} />
    <p class="hint">${t('bill.limit', { pct: me.discountLimitPct, amount: money(allowedDiscount(grossNow, me.discountLimitPct)) })}</p>

    <h2>${t('bill.payNow')}</h2>
    <ol class="plain bill-payments">
      ${pays.value.map(
        (x, i) => html`<li key=${i} class="bill-payment">
          <${SelectField} label=${t('bill.method')} value=${x.method} options=${PAYMENT_METHODS.map((m) => ({ value: m, label: paymentMethodLabel(m) }))}
            onValue=${(v: string) => setPay(i, { method: v as PaymentMethod })} />
          <${TextField} label=${t('bill.amount', { currency })} value=${x.amount} onValue=${(v: string) => setPay(i, { amount: v })} inputMode="decimal"
            error=${errors[`payments.${i}.amountMinor`]} />
          ${(CARD_METHODS as readonly string[]).includes(x.method)
            ? html`<${CardPick} customerId=${p.order.customer.id} value=${x.cardId} onValue=${(v: string) => setPay(i, { cardId: v })} error=${errors[`payments.${i}.cardId`]} />`
            : null}
        </li>`,
      )}
    </ol>
    ${errors.payments ? html`<small class="field-error" role="alert">${errors.payments}</small>` : null}
    <div class="actions"><button type="button" onClick=${() => pays.set([...pays.value, { method: 'wechat', amount: '', cardId: '' }])}>${t('bill.addPayment')}</button></div>

    <table class="bill-sums" aria-live="polite">
      <tbody>
        <tr><td>${t('bill.gross')}</td><td class="num">${sums ? money(sums.grossMinor) : '—'}</td></tr>
        <tr><td>${t('bill.discounts')}</td><td class="num">${sums ? money(sums.discountMinor) : '—'}</td></tr>
        <tr class="bill-total"><td>${t('bill.total')}</td><td class="num">${sums ? money(sums.totalMinor) : '—'}</td></tr>
        <tr><td>${t('bill.paid')}</td><td class="num">${money(paidBefore + payingNow)}</td></tr>
        <tr class="bill-due"><td>${t('bill.due')}</td><td class="num">${dueAfter !== null ? money(dueAfter) : '—'}</td></tr>
      </tbody>
    </table>
    ${sums ? html`<${PointsToEarn} orderId=${p.order.id} amountMinor=${sums.totalMinor - body.payments!.filter((x) => x.method === 'points').reduce((a, x) => a + x.amountMinor, 0)} />` : null}
    ${result && !result.ok ? html`<p class="field-error" role="alert">${problemText(result.problem, currency)}</p>` : errors.sums ? html`<p class="field-error" role="alert">${errors.sums}</p>` : null}
    <${FormEnd} failure=${sub.failure.value} busy=${sub.busy.value} label=${t('bill.save')} />
  </form>`;
}
