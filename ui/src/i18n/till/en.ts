// The till (F1, A3): the price list, the groups' discount limits, bills and their receipts.
// Spread into ../lang/en.ts.

export const tillEn = {
  'entity.price_item': 'Price item',
  'entity.bill': 'Bill',
  'groups.discountLimit': 'Discount limit (%)',
  'groups.discountLimitHint': 'The most off a bill its members may give, as a percentage of the bill before discounts. 0: no discounts.',
  'groups.discountLimitInvalid': 'A whole number from 0 to 100.',
  'priceList.heading': 'Price list',
  'priceList.none': 'Nothing on the price list yet.',
  'priceList.kind': 'Kind',
  'priceList.name': 'Name',
  'priceList.price': 'Price ({currency})',
  'priceList.includes': 'Includes',
  'priceList.includesHint': 'In words, e.g. “30 photos selected, 2 albums”.',
  'priceList.photosIncluded': 'Photos included',
  'priceList.extraPhoto': 'Each extra photo ({currency})',
  'priceList.extraPhotoShort': 'extra photo {price}',
  'priceList.photosShort': '{count} photos',
  'priceList.add': 'Add to the price list',
  'priceList.retire': 'Retire',
  'priceList.reactivate': 'Sell again',
  'priceList.retired': 'retired',
  'priceList.wholeNumber': 'A whole number, or empty.',
  'priceKind.package': 'Package',
  'priceKind.service': 'Service',
  'priceKind.product': 'Product',
};

export type TillMessages = Record<keyof typeof tillEn, string>;
