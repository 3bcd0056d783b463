// The words of the orders report (R1) in the three languages: the fixed order states and the
// stages the box came with (a stage the studio named keeps its name), as the UI says them.
import type { Language, OrderState } from '../api-types.js';

export const STATE_WORDS: Record<Language, Record<OrderState, string>> = {
  'zh-CN': { booked: '已预订', shot: '已拍摄', selected: '已选片', in_production: '制作中', ready: '待取件', delivered: '已取件', cancelled: '已取消' },
  vi: { booked: 'Đã đặt', shot: 'Đã chụp', selected: 'Đã chọn ảnh', in_production: 'Đang làm', ready: 'Chờ nhận', delivered: 'Đã giao', cancelled: 'Đã hủy' },
  en: { booked: 'Booked', shot: 'Shot', selected: 'Photos selected', in_production: 'In production', ready: 'Ready to pick up', delivered: 'Delivered', cancelled: 'Cancelled' },
};

export const STAGE_KEY_WORDS: Record<Language, Record<string, string>> = {
  'zh-CN': { booked: '已预订', shot: '已拍摄', selected: '已选片', sample_viewed: '已看样', retouching: '修片中', ready: '待取件', picked_up: '已取件' },
  vi: { booked: 'Đã đặt lịch', shot: 'Đã chụp', selected: 'Đã chọn ảnh', sample_viewed: 'Đã xem mẫu', retouching: 'Đang chỉnh ảnh', ready: 'Chờ nhận', picked_up: 'Đã nhận' },
  en: { booked: 'Booked', shot: 'Shot', selected: 'Selected', sample_viewed: 'Sample viewed', retouching: 'Retouching', ready: 'Ready', picked_up: 'Picked up' },
};

export const ORDER_REPORT_WORDS: Record<Language, { stage: string; state: string; orders: string; left: string; median: string; average: string; waiting: string; noStage: string }> = {
  'zh-CN': { stage: '环节', state: '状态', orders: '订单数', left: '离开次数', median: '停留天数（中位数）', average: '停留天数（平均）', waiting: '当前已等天数（中位数）', noStage: '（无环节）' },
  vi: { stage: 'Khâu', state: 'Trạng thái', orders: 'Số đơn', left: 'Lượt chuyển đi', median: 'Số ngày ở lại (trung vị)', average: 'Số ngày ở lại (trung bình)', waiting: 'Đang chờ (trung vị, ngày)', noStage: '(không có khâu)' },
  en: { stage: 'Stage', state: 'State', orders: 'Orders', left: 'Moves out', median: 'Days in stage (median)', average: 'Days in stage (average)', waiting: 'Waiting now (median days)', noStage: '(no stage)' },
};
