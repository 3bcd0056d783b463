// The texts a box ships with, for every reminder kind and automatic message, in the three
// languages (issue 14.3). A studio's own template for a purpose and language replaces the
// default (care/template-store.ts). English defaults stay in the GSM-7 alphabet (one part holds
// 160 characters); Chinese and Vietnamese are UCS-2 anyway (70 per part).
import { AUTO_SMS_KINDS, REMINDER_KINDS, type Language } from '../api-types.js';

/** What a template is for: 'general' for staff, each reminder kind (C4), each automatic message (S2). */
export const TEMPLATE_PURPOSES = ['general', ...REMINDER_KINDS, ...AUTO_SMS_KINDS] as const;
export type TemplatePurpose = (typeof TEMPLATE_PURPOSES)[number];

type Texts = Record<Language, string>;

export const DEFAULT_TEMPLATES: Record<TemplatePurpose, Texts> = {
  general: {
    'zh-CN': '{name}{title}您好，{store}提醒您：',
    vi: 'Chào {title} {name}, {store} xin thông báo: ',
    en: 'Dear {title} {name}, {store} here: ',
  },
  birthday: {
    'zh-CN': '{name}{title}，{store}祝您生日快乐，幸福美满！',
    vi: '{store} chúc {title} {name} sinh nhật vui vẻ, hạnh phúc!',
    en: 'Happy birthday, {title} {name}! Best wishes from {store}.',
  },
  baby_full_month: {
    'zh-CN': '{name}{title}，恭喜宝宝满月！{store}为宝宝准备了满月照套餐，欢迎来电{store_phone}预约。',
    vi: 'Chúc mừng bé nhà {title} {name} tròn tháng! {store} có gói chụp ảnh đầy tháng, gọi {store_phone} để đặt lịch.',
    en: 'Congratulations, {title} {name}: your baby is one month old! Book a full-month shoot at {store}: {store_phone}.',
  },
  baby_100_days: {
    'zh-CN': '{name}{title}，宝宝{date}就满百天啦！{store}恭喜您，欢迎来电{store_phone}预约百天照。',
    vi: 'Bé nhà {title} {name} tròn 100 ngày vào {date}! {store} chúc mừng, gọi {store_phone} để đặt lịch chụp.',
    en: 'Your baby turns 100 days on {date}, {title} {name}! Book a 100-day shoot at {store}: {store_phone}.',
  },
  shoot: {
    'zh-CN': '{name}{title}，您在{store}的拍摄定于{date} {time}，请准时到店。如需改期请致电{store_phone}。',
    vi: '{title} {name} ơi, buổi chụp tại {store} vào {time} ngày {date}. Cần đổi lịch xin gọi {store_phone}.',
    en: 'Dear {title} {name}, your shoot at {store} is on {date} at {time}. To change it call {store_phone}.',
  },
  selection: {
    'zh-CN': '{name}{title}，您的照片已可选片，选片时间{date} {time}，{store}期待您的光临。',
    vi: '{title} {name} ơi, ảnh đã sẵn sàng để chọn vào {time} ngày {date}. {store} hân hạnh đón tiếp.',
    en: 'Dear {title} {name}, your photos are ready to choose on {date} at {time}. See you at {store}.',
  },
  sample_viewing: {
    'zh-CN': '{name}{title}，您的样片已准备好，看样时间{date} {time}，地址：{store}。',
    vi: '{title} {name} ơi, ảnh mẫu đã sẵn sàng, mời xem vào {time} ngày {date} tại {store}.',
    en: 'Dear {title} {name}, your samples are ready to view on {date} at {time} at {store}.',
  },
  pickup: {
    'zh-CN': '{name}{title}，您的相册已制作完成，取件时间{date}，欢迎到{store}领取。电话{store_phone}',
    vi: '{title} {name} ơi, album đã hoàn thành, mời nhận vào ngày {date} tại {store}. ĐT {store_phone}',
    en: 'Dear {title} {name}, your album is ready to collect on {date} at {store}. Tel {store_phone}',
  },
  wedding_day: {
    'zh-CN': '{name}{title}，{store}恭祝您新婚快乐，百年好合！',
    vi: '{store} chúc mừng hạnh phúc {title} {name} trong ngày cưới! Trăm năm hạnh phúc!',
    en: 'Congratulations on your wedding, {title} {name}! With love from {store}.',
  },
  wedding_anniversary: {
    'zh-CN': '{name}{title}，结婚纪念日快乐！{store}为您准备了纪念照优惠，详询{store_phone}。',
    vi: 'Chúc mừng kỷ niệm ngày cưới {title} {name}! {store} có ưu đãi chụp ảnh kỷ niệm, gọi {store_phone}.',
    en: 'Happy anniversary, {title} {name}! {store} has an anniversary shoot offer for you: {store_phone}.',
  },
  bridal_makeup: {
    'zh-CN': '{name}{title}，您的新娘跟妆定于{date} {time}，化妆师会准时到达，祝一切顺利！{store}',
    vi: '{title} {name} ơi, lịch trang điểm cô dâu vào {time} ngày {date}. Chuyên viên sẽ đến đúng giờ. {store}',
    en: 'Dear {title} {name}, your bridal make-up is on {date} at {time}; our artist will be on time. {store}',
  },
  after_sales: {
    'zh-CN': '{name}{title}，感谢您选择{store}！对我们的服务有任何意见，欢迎致电{store_phone}。',
    vi: 'Cảm ơn {title} {name} đã chọn {store}! Mọi góp ý xin gọi {store_phone}.',
    en: 'Thank you for choosing {store}, {title} {name}! We would love your feedback: {store_phone}.',
  },
  stage_due: {
    'zh-CN': '{name}{title}，{store}提醒您：您的预约在{date} {time}，如需调整请致电{store_phone}。',
    vi: '{store} nhắc {title} {name}: lịch hẹn vào {time} ngày {date}. Cần đổi xin gọi {store_phone}.',
    en: 'Dear {title} {name}, a reminder from {store}: your appointment is on {date} at {time}. Tel {store_phone}',
  },
  order_placed: {
    'zh-CN': '{name}{title}，感谢您在{store}下单，订单号{order_no}。我们会尽快与您确认拍摄时间。',
    vi: 'Cảm ơn {title} {name} đã đặt dịch vụ tại {store}, mã đơn {order_no}. Chúng tôi sẽ sớm xác nhận lịch chụp.',
    en: 'Thank you for your order at {store}, {title} {name}. Order no. {order_no}; we will confirm your shoot soon.',
  },
  payment_taken: {
    'zh-CN': '{name}{title}，{store}已收到您的付款。订单{order_no}尚欠{amount_due}。谢谢！',
    vi: '{store} đã nhận thanh toán của {title} {name}. Đơn {order_no} còn lại {amount_due}. Cảm ơn!',
    en: '{store} received your payment, {title} {name}. Order {order_no}: {amount_due} still to pay. Thank you!',
  },
  stage_changed: {
    'zh-CN': '{name}{title}，您在{store}的订单有了新进展，下一步时间{date}。详询{store_phone}',
    vi: 'Đơn của {title} {name} tại {store} đã sang bước mới, hẹn ngày {date}. ĐT {store_phone}',
    en: 'Dear {title} {name}, your order at {store} moved to its next step, due {date}. Tel {store_phone}',
  },
  day_before_shoot: {
    'zh-CN': '{name}{title}，明天{time}是您在{store}的拍摄，请休息好并准时到店。电话{store_phone}',
    vi: '{title} {name} ơi, ngày mai lúc {time} là buổi chụp tại {store}. Nhớ nghỉ ngơi và đến đúng giờ nhé. ĐT {store_phone}',
    en: 'Dear {title} {name}, your shoot at {store} is tomorrow at {time}. Please be on time. Tel {store_phone}',
  },
  day_before_selection: {
    'zh-CN': '{name}{title}，明天{time}请到{store}选片，期待您的光临。电话{store_phone}',
    vi: '{title} {name} ơi, ngày mai lúc {time} mời đến {store} chọn ảnh. ĐT {store_phone}',
    en: 'Dear {title} {name}, photo selection at {store} is tomorrow at {time}. Tel {store_phone}',
  },
  day_before_pickup: {
    'zh-CN': '{name}{title}，您的相册明天{time}可在{store}领取。电话{store_phone}',
    vi: '{title} {name} ơi, album có thể nhận vào ngày mai lúc {time} tại {store}. ĐT {store_phone}',
    en: 'Dear {title} {name}, your album is ready to collect tomorrow at {time} at {store}. Tel {store_phone}',
  },
  day_before_appointment: {
    'zh-CN': '{name}{title}，提醒您明天{time}在{store}有预约，请准时到店。如需改期请致电{store_phone}',
    vi: '{title} {name} ơi, ngày mai lúc {time} bạn có lịch hẹn tại {store}. Cần đổi lịch xin gọi {store_phone}',
    en: 'Dear {title} {name}, your appointment at {store} is tomorrow at {time}. To change it call {store_phone}',
  },
  balance_due: {
    'zh-CN': '{name}{title}，您在{store}的订单{order_no}尚有{amount_due}未付，方便时请到店或来电结清。电话{store_phone}',
    vi: '{title} {name} ơi, đơn {order_no} tại {store} còn {amount_due} chưa thanh toán. Khi tiện xin ghé hoặc gọi {store_phone}',
    en: 'Dear {title} {name}, order {order_no} at {store} still has {amount_due} to pay. Please drop by or call {store_phone}',
  },
  birthday_blessing: {
    'zh-CN': '{name}{title}，生日快乐！{store}祝您幸福安康，万事如意！',
    vi: 'Chúc mừng sinh nhật {title} {name}! {store} chúc bạn luôn vui khỏe, hạnh phúc.',
    en: 'Happy birthday, {title} {name}! Warm wishes from {store}.',
  },
  missed_call: {
    'zh-CN': '{name}{title}，抱歉刚才未能接听您的来电，我们会尽快回电。{store}',
    vi: 'Xin lỗi {title} {name}, chúng tôi vừa lỡ cuộc gọi của bạn và sẽ gọi lại sớm. {store}',
    en: 'Sorry we missed your call, {title} {name}. We will call you back soon. {store}',
  },
};

export function isTemplatePurpose(s: string): s is TemplatePurpose {
  return (TEMPLATE_PURPOSES as readonly string[]).includes(s);
}
