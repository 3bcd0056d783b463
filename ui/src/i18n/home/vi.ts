// Trang chủ sau khi đăng nhập, các bước thiết lập lần đầu, hộp thoại riêng của ứng dụng, menu
// trên điện thoại và gợi ý số điện thoại. Spread into ../lang/vi.ts.
import type { HomeMessages } from './en';

export const homeVi: HomeMessages = {
  'nav.home': 'Trang chủ',
  'nav.menu': 'Menu',
  'home.title': 'Hôm nay',
  'home.search': 'Tìm khách hàng',
  'home.searchHint': 'Tên, một phần số điện thoại hoặc mã khách hàng.',
  'home.searchButton': 'Tìm',
  'home.actions': 'Thao tác nhanh',
  'home.sendSms': 'Gửi tin nhắn',
  'home.unreadSms': 'Tin nhắn chưa đọc',
  'home.callsToReturn': 'Cuộc gọi cần gọi lại',
  'home.lastCopies': 'Các lần sao chép thẻ gần đây',
  'home.noCopies': 'Chưa sao chép thẻ nào.',
  'home.copyLine': '{name}: {outcome}',
  'home.box': 'Hộp',
  'home.remindersToday': 'Nhắc việc hôm nay',
  'home.noReminders': 'Hôm nay không có việc cần nhắc.',
  'home.seeAll': 'Xem tất cả',
  'home.diskLine': '{disk}: {state}',
  'home.shoots': 'Buổi chụp hôm nay',
  'home.selections': 'Chọn ảnh',
  'home.pickups': 'Nhận ảnh',
  'home.todayOrders': 'Đơn hàng hôm nay',
  'home.nothingToday': 'Hôm nay không có.',
  'home.overdue': 'quá hạn',
  'home.takings': 'Thu hôm nay',
  'home.takingsClosed': 'Thu hôm nay (đã chốt ngày)',

  'setup.step': 'Bước {n} / {total}',
  'setup.stepStudio': 'Studio của bạn',
  'setup.stepRegion': 'Khu vực',
  'setup.next': 'Tiếp',
  'setup.nameRequired': 'Hãy đặt tên cho studio.',
  'setup.usernameRequired': 'Hãy chọn tên đăng nhập.',
  'setup.displayNameRequired': 'Hãy nhập tên mọi người sẽ thấy.',

  'dialog.reason': 'Lý do',
  'dialog.reasonRequired': 'Hãy nêu lý do: lý do được lưu trong nhật ký.',
  'cards.indicator': 'Đã cắm thẻ nhớ',
  'cards.indicatorN': 'Đã cắm {n} thẻ nhớ',
  'cards.ejected': 'Có thể rút thẻ nhớ ra an toàn.',

  'phone.foreign': 'Đây có phải số của {country} không? Hãy nhập {intl}.',
  'phone.useForeign': 'Dùng số này',
};
