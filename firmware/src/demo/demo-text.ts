// The demo studio's words in each of the box's languages: what its staff would have typed.
import type { Language, PaymentMethod } from '../api-types.js';

export interface DemoText {
  /** Packages with a price in yuan (converted to the studio's currency). */
  packages: readonly { title: string; yuan: number }[];
  methods: readonly PaymentMethod[];
  channels: readonly ('phone' | 'visit' | 'wechat')[];
  deposit: string;
  balance: string;
  sources: readonly string[];
  notes: readonly string[];
  contacts: readonly string[];
  cardType: { name: string; note: string };
  welcomePoints: string;
  pointsFor: string;
  redeem: string;
  thread: { from: 'customer' | 'studio'; text: string }[];
}

export const DEMO_TEXT: Record<Language, DemoText> = {
  'zh-CN': {
    packages: [
      { title: '婚纱照套餐', yuan: 6800 },
      { title: '儿童写真', yuan: 1280 },
      { title: '全家福', yuan: 1680 },
      { title: '毕业照', yuan: 680 },
      { title: '证件照', yuan: 60 },
      { title: '孕妇照', yuan: 1980 },
      { title: '情侣写真', yuan: 2280 },
      { title: '百天照', yuan: 880 },
    ],
    methods: ['wechat', 'alipay', 'cash', 'card'],
    channels: ['phone', 'visit', 'wechat'],
    deposit: '定金',
    balance: '尾款',
    sources: ['老客户介绍', '大众点评', '小红书', '路过进店', '抖音'],
    notes: ['喜欢自然光，不要太多修图', '宝宝怕生，拍摄前多留时间熟悉', '周末才有空', '想要中式和西式两套造型'],
    contacts: ['电话确认拍摄时间', '到店选片，选了 30 张', '微信发了样片，客户很满意', '询问相册加印价格'],
    cardType: { name: '金卡会员', note: '消费即积分，满 500 分可享 9 折' },
    welcomePoints: '开卡赠送',
    pointsFor: '消费积分：',
    redeem: '积分抵扣',
    thread: [
      { from: 'customer', text: '你好，我想问一下周六下午拍照的时间还可以改到上午吗？' },
      { from: 'studio', text: '您好！周六上午 10 点可以，已经帮您改好了。到时见！' },
      { from: 'customer', text: '太好了，谢谢！' },
    ],
  },
  vi: {
    packages: [
      { title: 'Chụp ảnh cưới trọn gói', yuan: 6800 },
      { title: 'Ảnh em bé', yuan: 1280 },
      { title: 'Ảnh gia đình', yuan: 1680 },
      { title: 'Ảnh kỷ yếu', yuan: 680 },
      { title: 'Ảnh thẻ', yuan: 60 },
      { title: 'Ảnh bầu', yuan: 1980 },
      { title: 'Ảnh đôi', yuan: 2280 },
      { title: 'Ảnh thôi nôi', yuan: 880 },
    ],
    methods: ['cash', 'bank', 'card'],
    channels: ['phone', 'visit'],
    deposit: 'Đặt cọc',
    balance: 'Thanh toán nốt',
    sources: ['Khách cũ giới thiệu', 'Facebook', 'Zalo', 'Đi ngang qua', 'TikTok'],
    notes: ['Thích ánh sáng tự nhiên, chỉnh ảnh nhẹ', 'Bé hay lạ, cần thời gian làm quen', 'Chỉ rảnh cuối tuần', 'Muốn hai bộ: áo dài và váy cưới'],
    contacts: ['Gọi điện xác nhận lịch chụp', 'Đến chọn ảnh, chọn 30 tấm', 'Gửi ảnh mẫu qua Zalo, khách rất hài lòng', 'Hỏi giá in thêm album'],
    cardType: { name: 'Thẻ thành viên Vàng', note: 'Tích điểm theo mỗi lần chi tiêu; đủ 500 điểm được giảm 10%' },
    welcomePoints: 'Tặng khi mở thẻ',
    pointsFor: 'Tích điểm:',
    redeem: 'Đổi điểm',
    thread: [
      { from: 'customer', text: 'Chào shop, lịch chụp chiều thứ Bảy của em đổi sang buổi sáng được không ạ?' },
      { from: 'studio', text: 'Chào bạn! Sáng thứ Bảy lúc 10 giờ được nhé, studio đã đổi lịch cho bạn. Hẹn gặp bạn!' },
      { from: 'customer', text: 'Dạ vâng, cảm ơn shop nhiều!' },
    ],
  },
  en: {
    packages: [
      { title: 'Wedding package', yuan: 6800 },
      { title: 'Newborn session', yuan: 1280 },
      { title: 'Family portrait', yuan: 1680 },
      { title: 'Graduation photos', yuan: 680 },
      { title: 'Passport photos', yuan: 60 },
      { title: 'Maternity session', yuan: 1980 },
      { title: 'Couple shoot', yuan: 2280 },
      { title: 'First birthday', yuan: 880 },
    ],
    methods: ['card', 'cash', 'bank'],
    channels: ['phone', 'visit'],
    deposit: 'Deposit',
    balance: 'Balance',
    sources: ['Recommended by a customer', 'Google', 'Instagram', 'Walked in', 'Facebook'],
    notes: ['Likes natural light, light retouching only', 'The baby is shy: allow time to settle in', 'Only free at weekends', 'Wants two looks: classic and casual'],
    contacts: ['Phoned to confirm the shoot time', 'Came in to choose photos, picked 30', 'Sent sample photos, very happy', 'Asked about prices for extra album prints'],
    cardType: { name: 'Gold member', note: 'Points on every purchase; 500 points = 10% off' },
    welcomePoints: 'Welcome bonus',
    pointsFor: 'Points for',
    redeem: 'Points redeemed',
    thread: [
      { from: 'customer', text: 'Hi, could we move our Saturday afternoon shoot to the morning?' },
      { from: 'studio', text: 'Hello! Saturday at 10 am works, we have moved it for you. See you then!' },
      { from: 'customer', text: 'Great, thank you!' },
    ],
  },
};
