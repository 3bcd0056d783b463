// The till (F1, A3) in Vietnamese. Spread into ../lang/vi.ts.
import type { TillMessages } from './en';

export const tillVi: TillMessages = {
  'entity.price_item': 'Mục bảng giá',
  'entity.bill': 'Hóa đơn',
  'groups.discountLimit': 'Hạn mức giảm giá (%)',
  'groups.discountLimitHint': 'Mức giảm tối đa thành viên nhóm được cho trên một hóa đơn, tính theo phần trăm tổng trước giảm. 0: không được giảm.',
  'groups.discountLimitInvalid': 'Một số nguyên từ 0 đến 100.',
  'priceList.heading': 'Bảng giá',
  'priceList.none': 'Bảng giá chưa có gì.',
  'priceList.kind': 'Loại',
  'priceList.name': 'Tên',
  'priceList.price': 'Giá ({currency})',
  'priceList.includes': 'Bao gồm',
  'priceList.includesHint': 'Ghi bằng chữ, ví dụ “chọn 30 ảnh, 2 album”.',
  'priceList.photosIncluded': 'Số ảnh bao gồm',
  'priceList.extraPhoto': 'Mỗi ảnh thêm ({currency})',
  'priceList.extraPhotoShort': 'ảnh thêm {price}',
  'priceList.photosShort': '{count} ảnh',
  'priceList.add': 'Thêm vào bảng giá',
  'priceList.retire': 'Ngừng bán',
  'priceList.reactivate': 'Bán lại',
  'priceList.retired': 'đã ngừng bán',
  'priceList.wholeNumber': 'Một số nguyên, hoặc để trống.',
  'priceKind.package': 'Gói chụp',
  'priceKind.service': 'Dịch vụ',
  'priceKind.product': 'Sản phẩm',
};
