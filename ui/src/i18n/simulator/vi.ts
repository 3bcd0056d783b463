import type { SimulatorMessages } from './en';

export const simulatorVi: SimulatorMessages = {
  'sim.title': 'Trình mô phỏng',
  'sim.intro': 'Mô-đun GSM đang được mô phỏng: tin nhắn và cuộc gọi không đến điện thoại thật. Hãy mô phỏng mạng điện thoại tại đây để dùng thử hộp.',
  'sim.notRunning': 'Mô-đun mô phỏng không chạy: {detail}',
  'sim.ring.heading': 'Cuộc gọi đến',
  'sim.ring.number': 'Số người gọi',
  'sim.ring.ring': 'Đổ chuông',
  'sim.ring.answer': 'Đổ chuông và nhấc máy',
  'sim.ring.hangUp': 'Người gọi gác máy',
  'sim.call.ringing': 'Đang đổ chuông: {number}',
  'sim.call.active': 'Đang gọi với {number}',
  'sim.call.none': 'Không có cuộc gọi.',
  'sim.sms.heading': 'Tin nhắn đến',
  'sim.sms.from': 'Từ số',
  'sim.sms.text': 'Nội dung',
  'sim.sms.send': 'Cho tin nhắn đến',
  'sim.sms.arrived': 'Tin nhắn đã đến ({parts} phần); xem trong hộp thư đến SMS.',
  'sim.reports.label': 'Báo cáo gửi: tin đã gửi chuyển sang “Đã đến máy”',
  'sim.required': 'Bắt buộc',
};
