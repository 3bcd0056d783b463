// The words of the box's downloads in the three languages: column headers and values that are
// not customer fields (those are crm/field-words.ts, shared with the import).
import type { Language, OutboxState, SmsOrigin } from '../api-types.js';

type Words<K extends string> = Record<Language, Record<K, string>>;

export const CUSTOMER_EXTRA: Words<'customerNo' | 'createdAt' | 'createdBy' | 'updatedAt' | 'sheet'> = {
  'zh-CN': { customerNo: '客户编号', createdAt: '创建时间', createdBy: '创建人', updatedAt: '最后修改', sheet: '客户' },
  vi: { customerNo: 'Mã khách hàng', createdAt: 'Tạo lúc', createdBy: 'Người tạo', updatedAt: 'Sửa lần cuối', sheet: 'Khách hàng' },
  en: { customerNo: 'Customer no.', createdAt: 'Created', createdBy: 'Created by', updatedAt: 'Last changed', sheet: 'Customers' },
};

export const OUTBOX_COLUMNS: Words<'time' | 'to' | 'customerNo' | 'name' | 'origin' | 'purpose' | 'text' | 'parts' | 'state' | 'sentAt' | 'deliveredAt' | 'error' | 'by' | 'sheet'> = {
  'zh-CN': { time: '时间', to: '收件人', customerNo: '客户编号', name: '姓名', origin: '来源', purpose: '用途', text: '内容', parts: '条数', state: '状态', sentAt: '发出时间', deliveredAt: '送达时间', error: '错误', by: '发送人', sheet: '短信发送记录' },
  vi: { time: 'Thời gian', to: 'Người nhận', customerNo: 'Mã khách hàng', name: 'Họ tên', origin: 'Nguồn gửi', purpose: 'Mục đích', text: 'Nội dung', parts: 'Số tin', state: 'Trạng thái', sentAt: 'Gửi lúc', deliveredAt: 'Đến máy lúc', error: 'Lỗi', by: 'Người gửi', sheet: 'Tin nhắn đã gửi' },
  en: { time: 'Time', to: 'To', customerNo: 'Customer no.', name: 'Name', origin: 'Origin', purpose: 'Purpose', text: 'Text', parts: 'Parts', state: 'State', sentAt: 'Sent', deliveredAt: 'Delivered', error: 'Error', by: 'By', sheet: 'SMS sent' },
};

/** The UI's words for the outbox states (ui/src/i18n/lang/*.ts smsState.*). */
export const OUTBOX_STATE_WORDS: Words<OutboxState> = {
  'zh-CN': { queued: '排队中', sending: '发送中', sent: '已发出', delivered: '已送达', failed: '失败', unknown: '状态不明', cancelled: '已取消' },
  vi: { queued: 'Đang chờ', sending: 'Đang gửi', sent: 'Đã gửi', delivered: 'Đã đến máy', failed: 'Thất bại', unknown: 'Không rõ', cancelled: 'Đã hủy' },
  en: { queued: 'Queued', sending: 'Sending', sent: 'Sent', delivered: 'Delivered', failed: 'Failed', unknown: 'Unknown', cancelled: 'Cancelled' },
};

export const ORIGIN_WORDS: Words<SmsOrigin> = {
  'zh-CN': { manual: '手动', template: '模板', automatic: '自动', reminder: '提醒', campaign: '群发' },
  vi: { manual: 'Gõ tay', template: 'Mẫu', automatic: 'Tự động', reminder: 'Nhắc lịch', campaign: 'Gửi hàng loạt' },
  en: { manual: 'Manual', template: 'Template', automatic: 'Automatic', reminder: 'Reminder', campaign: 'Campaign' },
};
