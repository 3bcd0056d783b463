// A campaign's recipients and the day-by-day send records (S5) as spreadsheet rows in the
// reader's language.
import type { CampaignRecipient, ExclusionReason, Language, SendRecordDay, SmsOrigin } from '../api-types.js';
import { localStamp } from './customer-export.js';
import { OUTBOX_STATE_WORDS, ORIGIN_WORDS } from './export-words.js';
import type { XlsxCell, XlsxColumn } from './xlsx-table.js';

type Words<K extends string> = Record<Language, Record<K, string>>;

export const RECIPIENT_COLUMNS: Words<'customerNo' | 'name' | 'to' | 'text' | 'parts' | 'state' | 'reason' | 'sentAt' | 'deliveredAt' | 'error' | 'sheet'> = {
  'zh-CN': { customerNo: '客户编号', name: '姓名', to: '号码', text: '内容', parts: '条数', state: '状态', reason: '未发原因', sentAt: '发出时间', deliveredAt: '送达时间', error: '错误', sheet: '群发记录' },
  vi: { customerNo: 'Mã khách hàng', name: 'Họ tên', to: 'Số điện thoại', text: 'Nội dung', parts: 'Số tin', state: 'Trạng thái', reason: 'Lý do không gửi', sentAt: 'Gửi lúc', deliveredAt: 'Đến máy lúc', error: 'Lỗi', sheet: 'Kết quả gửi hàng loạt' },
  en: { customerNo: 'Customer no.', name: 'Name', to: 'Number', text: 'Text', parts: 'Parts', state: 'State', reason: 'Not sent because', sentAt: 'Sent', deliveredAt: 'Delivered', error: 'Error', sheet: 'Group SMS records' },
};

const EXTRA_STATES: Words<'pending' | 'excluded'> = {
  'zh-CN': { pending: '等待中', excluded: '未发送' },
  vi: { pending: 'Chờ lượt', excluded: 'Không gửi' },
  en: { pending: 'Waiting', excluded: 'Not sent' },
};

export const REASON_WORDS: Words<ExclusionReason> = {
  'zh-CN': { opted_out: '已退订', no_phone: '没有号码', invalid_phone: '号码不能收短信' },
  vi: { opted_out: 'Đã từ chối nhận tin', no_phone: 'Không có số', invalid_phone: 'Số không nhận được SMS' },
  en: { opted_out: 'Opted out', no_phone: 'No phone number', invalid_phone: 'Number cannot take SMS' },
};

export function recipientColumns(lang: Language): XlsxColumn[] {
  const w = RECIPIENT_COLUMNS[lang];
  return [
    { header: w.customerNo, width: 12 }, { header: w.name, width: 18 }, { header: w.to, width: 16 }, { header: w.text, width: 50 },
    { header: w.parts, width: 7 }, { header: w.state, width: 12 }, { header: w.reason, width: 18 }, { header: w.sentAt, width: 17 },
    { header: w.deliveredAt, width: 17 }, { header: w.error, width: 24 },
  ];
}

export function recipientRow(r: CampaignRecipient, lang: Language, timeZone: string, phone: (e164: string) => string): XlsxCell[] {
  const state = r.state === 'pending' || r.state === 'excluded' ? EXTRA_STATES[lang][r.state] : OUTBOX_STATE_WORDS[lang][r.state];
  return [
    r.customer.customerNo ?? '', r.customer.name ?? '', r.to ? phone(r.to) : '', r.text ?? '', r.parts, state,
    r.reason ? REASON_WORDS[lang][r.reason] : '', localStamp(r.sentAt, timeZone), localStamp(r.deliveredAt, timeZone), r.error ?? '',
  ];
}

export const RECORD_COLUMNS: Words<'day' | 'origin' | 'messages' | 'parts' | 'waiting' | 'sheet'> = {
  'zh-CN': { day: '日期', origin: '来源', messages: '短信数', parts: '条数', waiting: '排队中', sheet: '每日发送记录' },
  vi: { day: 'Ngày', origin: 'Nguồn gửi', messages: 'Số tin nhắn', parts: 'Số tin', waiting: 'Đang chờ', sheet: 'Gửi theo ngày' },
  en: { day: 'Day', origin: 'Origin', messages: 'Messages', parts: 'Parts', waiting: 'Waiting', sheet: 'SMS by day' },
};

export function recordColumns(lang: Language): XlsxColumn[] {
  const w = RECORD_COLUMNS[lang];
  const s = OUTBOX_STATE_WORDS[lang];
  return [
    { header: w.day, width: 12 }, { header: w.origin, width: 14 }, { header: w.messages, width: 10 }, { header: w.parts, width: 8 },
    { header: w.waiting, width: 10 }, { header: s.sent, width: 10 }, { header: s.delivered, width: 10 }, { header: s.failed, width: 10 },
    { header: s.unknown, width: 10 }, { header: s.cancelled, width: 10 },
  ];
}

export function recordRow(r: SendRecordDay, lang: Language): XlsxCell[] {
  return [r.day, ORIGIN_WORDS[lang][r.origin as SmsOrigin] ?? r.origin, r.messages, r.parts, r.queued, r.sent, r.delivered, r.failed, r.unknown, r.cancelled];
}
