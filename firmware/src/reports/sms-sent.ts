// SMS sent, delivered and failed (R1): the outbox's messages created in the range, per purpose
// (a message without one: its origin, e.g. sent by hand), per campaign, or per month or day,
// with the parts they used. Counted by the send records' own query (campaigns/send-records.ts)
// over the range's spans. Sent: left the modem (delivered and unconfirmed included); parts:
// the parts of the messages sent, what the operator bills.
import type { Language, ReportCell, ReportColumn } from '../api-types.js';
import { sendCounts, type SendCountKey, type SendCounts } from '../campaigns/send-records.js';
import { COMMON_WORDS } from './common-words.js';
import { sumColumns, type ReportBody, type ReportDef, type ReportEnv, type ReportRange } from './report-def.js';
import { buckets } from './report-range.js';
import { SMS_PURPOSE_WORDS } from './sms-words.js';

const WORDS: Record<Language, { purpose: string; campaign: string; messages: string; sent: string; delivered: string; failed: string; parts: string; deleted: string }> = {
  'zh-CN': { purpose: '用途', campaign: '群发活动', messages: '短信', sent: '已发出', delivered: '已送达', failed: '失败', parts: '计费条数', deleted: '（已删除的活动）' },
  vi: { purpose: 'Mục đích', campaign: 'Đợt gửi nhóm', messages: 'Tin nhắn', sent: 'Đã gửi', delivered: 'Đã nhận', failed: 'Lỗi', parts: 'Số phần tính phí', deleted: '(đợt gửi đã xoá)' },
  en: { purpose: 'Purpose', campaign: 'Campaign', messages: 'Messages', sent: 'Sent', delivered: 'Delivered', failed: 'Failed', parts: 'Parts used', deleted: '(deleted campaign)' },
};

type Group = 'purpose' | 'campaign' | 'month' | 'day';

function run(env: ReportEnv, range: ReportRange): ReportBody {
  const lang = env.language;
  const w = WORDS[lang];
  const c = COMMON_WORDS[lang];
  const group = (range.group ?? 'purpose') as Group;
  const byTime = group === 'month' || group === 'day';
  const spans: [string, string, string][] = byTime ? buckets(range.fromDay, range.toDay, group, env.timeZone).map((b) => [b.key, b.from, b.to]) : [['all', range.from, range.to]];
  const by: SendCountKey = byTime ? 'none' : group;
  const counts = sendCounts(env.sql, spans, by);
  const numbers = (n: SendCounts | undefined): ReportCell[] =>
    n ? [n.messages, n.sent + n.delivered + n.unknown, n.delivered, n.failed, n.partsSent] : [0, 0, 0, 0, 0];
  let rows: ReportCell[][];
  if (byTime) {
    const bySpan = new Map(counts.map((n) => [n.span, n]));
    rows = spans.map(([k]) => [k, ...numbers(bySpan.get(k))]);
  } else if (group === 'campaign') {
    const names = campaignNames(env, counts.map((n) => n.key as number));
    rows = counts.map((n) => [names.get(n.key as number) ?? w.deleted, ...numbers(n)]);
  } else {
    rows = counts.map((n) => [SMS_PURPOSE_WORDS[lang][n.key as string] ?? String(n.key), ...numbers(n)]);
  }
  if (!byTime) rows.sort((a, b) => (b[1] as number) - (a[1] as number) || String(a[0]).localeCompare(String(b[0]), lang));
  const first: ReportColumn = byTime ? { key: group, label: c[group], kind: group } : { key: group, label: w[group], kind: 'text' };
  const columns: ReportColumn[] = [
    first,
    { key: 'messages', label: w.messages, kind: 'count' },
    { key: 'sent', label: w.sent, kind: 'count' },
    { key: 'delivered', label: w.delivered, kind: 'count' },
    { key: 'failed', label: w.failed, kind: 'count' },
    { key: 'parts', label: w.parts, kind: 'count' },
  ];
  return {
    columns,
    rows,
    totals: sumColumns(columns, rows, ['messages', 'sent', 'delivered', 'failed', 'parts'], c.total),
    chart: byTime ? { type: 'line', x: group, series: ['sent', 'delivered', 'failed'] } : { type: 'bar', x: group, series: ['delivered', 'failed'] },
  };
}

/** The campaigns' names by id (a deleted campaign's messages keep no id: they are not here). */
function campaignNames(env: ReportEnv, ids: number[]): Map<number, string> {
  if (!ids.length) return new Map();
  const rows = env.sql('SELECT c.id, c.name FROM json_each(?) j JOIN campaigns c ON c.id = j.value').all(JSON.stringify(ids)) as { id: number; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

export const smsSent: ReportDef = { name: 'sms-sent', needs: ['sms', 'view'], run };
