// What an SMS was for, in the three languages (the SMS report's rows): a template purpose
// ('general', a reminder kind, an automatic message) or, for a message without one, its origin.
import type { Language } from '../api-types.js';

export const SMS_PURPOSE_WORDS: Record<Language, Record<string, string>> = {
  'zh-CN': {
    general: '通用', birthday: '生日提醒', baby_full_month: '宝宝满月', baby_100_days: '宝宝百天', shoot: '拍摄提醒', selection: '选片提醒',
    sample_viewing: '看样提醒', pickup: '取件提醒', wedding_day: '婚礼当天', wedding_anniversary: '结婚纪念日', bridal_makeup: '新娘早妆',
    after_sales: '售后回访', stage_due: '阶段到期', order_placed: '下单成功', payment_taken: '收款成功', stage_changed: '阶段变更',
    day_before_shoot: '拍摄前一天', day_before_selection: '选片前一天', day_before_appointment: '预约前一天', balance_due: '欠款提醒', day_before_pickup: '取件前一天',
    birthday_blessing: '生日祝福', missed_call: '未接来电',
    manual: '手动发送', template: '模板短信', automatic: '自动短信', reminder: '提醒短信', campaign: '群发',
  },
  vi: {
    general: 'Chung', birthday: 'Nhắc sinh nhật', baby_full_month: 'Bé đầy tháng', baby_100_days: 'Bé 100 ngày', shoot: 'Nhắc buổi chụp',
    selection: 'Nhắc chọn ảnh', sample_viewing: 'Nhắc xem ảnh mẫu', pickup: 'Nhắc nhận album', wedding_day: 'Ngày cưới',
    wedding_anniversary: 'Kỷ niệm ngày cưới', bridal_makeup: 'Trang điểm cô dâu buổi sáng', after_sales: 'Chăm sóc sau bán',
    stage_due: 'Hạn của giai đoạn', order_placed: 'Đã đặt đơn', payment_taken: 'Đã thanh toán', stage_changed: 'Đổi giai đoạn',
    day_before_shoot: 'Trước buổi chụp một ngày', day_before_selection: 'Trước buổi chọn ảnh một ngày', day_before_appointment: 'Trước ngày hẹn', balance_due: 'Nhắc khoản còn nợ',
    day_before_pickup: 'Trước ngày nhận album', birthday_blessing: 'Chúc mừng sinh nhật', missed_call: 'Cuộc gọi nhỡ',
    manual: 'Gửi tay', template: 'Theo mẫu', automatic: 'Tự động', reminder: 'Nhắc lịch', campaign: 'Gửi nhóm',
  },
  en: {
    general: 'General', birthday: 'Birthday reminder', baby_full_month: 'Baby’s full month', baby_100_days: 'Baby’s 100 days', shoot: 'Shoot reminder',
    selection: 'Photo selection reminder', sample_viewing: 'Sample viewing reminder', pickup: 'Pickup reminder', wedding_day: 'Wedding day',
    wedding_anniversary: 'Wedding anniversary', bridal_makeup: 'Bride’s morning make-up', after_sales: 'After-sales visit', stage_due: 'Stage due date',
    order_placed: 'Order placed', payment_taken: 'Payment taken', stage_changed: 'Stage changed', day_before_shoot: 'Day before the shoot',
    day_before_selection: 'Day before photo selection', day_before_appointment: 'Day before an appointment', balance_due: 'Balance due', day_before_pickup: 'Day before pickup',
    birthday_blessing: 'Birthday blessing', missed_call: 'Missed call',
    manual: 'Sent by hand', template: 'From a template', automatic: 'Automatic', reminder: 'Reminder', campaign: 'Group send',
  },
};
