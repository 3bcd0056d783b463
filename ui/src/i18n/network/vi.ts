// Thẻ mạng trên trang trạng thái (H6). Trải vào ../lang/vi.ts.
import type { networkEn } from './en';

export const networkVi: Record<keyof typeof networkEn, string> = {
  'network.title': 'Mạng',
  'network.openAt': 'Mở hộp tại',
  'network.addresses': 'Nếu tên không mở được, hãy gõ một địa chỉ:',
  'network.noAddress': 'Hộp không có địa chỉ mạng: hãy kiểm tra dây mạng hoặc Wi-Fi.',
  'network.name': 'Tên hộp',
  'network.nameHint': 'Chữ thường, chữ số và “-”. Máy tính và điện thoại tìm thấy hộp qua TÊN.local.',
  'network.rename': 'Đổi tên',
  'network.renamed': 'Đã đổi tên: hộp giờ ở {url}',
  'network.nameInvalid': 'Dùng 1–63 chữ thường, chữ số và “-”, không bắt đầu hay kết thúc bằng “-”.',
  'serverError.rename_failed': 'Không đổi được tên hộp; hộp giữ tên cũ.',
  'serverError.rename_unavailable': 'Hộp này không tự đổi tên được: tên do máy tính chạy nó đặt.',
  'entity.box': 'Hộp',
  'audit.sum.box.update': 'Đổi tên hộp thành {name}',
};
