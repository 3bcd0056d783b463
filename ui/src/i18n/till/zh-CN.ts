// The till (F1, A3) in Chinese. Spread into ../lang/zh-CN.ts.
import type { TillMessages } from './en';

export const tillZh: TillMessages = {
  'entity.price_item': '价目',
  'entity.bill': '账单',
  'groups.discountLimit': '折扣权限（%）',
  'groups.discountLimitHint': '本组成员在一张账单上最多可给的折扣，按折前金额的百分比计。0 表示不可打折。',
  'groups.discountLimitInvalid': '请填写 0 到 100 的整数。',
  'priceList.heading': '价目表',
  'priceList.none': '价目表还是空的。',
  'priceList.kind': '类别',
  'priceList.name': '名称',
  'priceList.price': '价格（{currency}）',
  'priceList.includes': '包含内容',
  'priceList.includesHint': '用文字写，例如“精选 30 张、相册 2 本”。',
  'priceList.photosIncluded': '含照片张数',
  'priceList.extraPhoto': '每加一张（{currency}）',
  'priceList.extraPhotoShort': '加片 {price}/张',
  'priceList.photosShort': '{count} 张',
  'priceList.add': '加入价目表',
  'priceList.retire': '停售',
  'priceList.reactivate': '恢复销售',
  'priceList.retired': '已停售',
  'priceList.wholeNumber': '请填写整数，或留空。',
  'priceKind.package': '套餐',
  'priceKind.service': '服务',
  'priceKind.product': '产品',
};
