// An audit line's summary in the reader's language. The box writes each summary in English
// (for its log and shell); the UI tells it again from the line's recorded details (names,
// numbers, reasons) with a sentence from the catalog. English readers see the box's own text,
// which says a little more; a line whose details lack what its sentence needs is told by its
// action and record columns alone (never half a sentence, never English in another language).
import type { AuditEntry } from '../contract';
import { formatMoney } from '../money';
import { getLanguage, tOr, type Params } from './catalog';
import { contactChannelLabel, orderStateLabel } from './enum-labels';

type Detail = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const obj = (v: unknown): Detail => (v && typeof v === 'object' ? (v as Detail) : {});

/** What the sentences may need, from the details (and, for the few lines without details, the summary's fixed shape). */
export function auditParams(a: AuditEntry): Params {
  const d = obj(a.detail);
  const before = obj(d.before);
  const changes = obj(d.changes);
  const out: Record<string, string | undefined> = {
    name: str(d.name) ?? str(before.name) ?? str(changes.name) ?? str(d.stored),
    no: str(d.customerNo) ?? str(before.customerNo),
    username: str(d.username),
    to: str(d.to),
    orderNo: str(d.orderNo),
    title: str(d.title),
    cardNo: str(d.cardNo),
    reason: str(d.reason),
    customerId: str(d.customerId),
    count: str(d.count),
    fileName: str(d.fileName),
    channel: typeof d.channel === 'string' ? contactChannelLabel(d.channel) : undefined,
    from: typeof d.from === 'string' ? orderStateLabel(d.from) : undefined,
  };
  if (a.entity === 'order' && a.action === 'state' && typeof d.to === 'string') out.to = orderStateLabel(d.to);
  if (typeof d.delta === 'number') out.points = String(Math.abs(d.delta));
  if (typeof d.amountMinor === 'number' && typeof d.currency === 'string') out.amount = formatMoney(Math.abs(d.amountMinor), d.currency);
  // Lines recorded without details: customer changes and deletions name the customer as "customer <no> <name> …".
  const customer = /^customer (\S+) (.+) (?:changed|deleted)$/.exec(a.summary);
  if (a.entity === 'customer' && customer) {
    out.no ??= customer[1];
    out.name ??= customer[2];
  }
  const failed = /^failed login for "(.*)" from /.exec(a.summary);
  if (failed) out.username ??= failed[1];
  const params: Params = {};
  for (const [k, v] of Object.entries(out)) if (v !== undefined) params[k] = v;
  return params;
}

export function auditSummary(a: AuditEntry): string {
  if (getLanguage() === 'en') return a.summary;
  const text = tOr(`audit.sum.${a.entity}.${a.action}`, '', auditParams(a));
  return /\{\w+\}/.test(text) ? '' : text;
}
