import type { UserRef } from './core.js';

// The till (F1, A3): the price list.

export const PRICE_KINDS = ['package', 'service', 'product'] as const;
export type PriceKind = (typeof PRICE_KINDS)[number];

/** One line of the studio's price list. Retired items stay (old bills name them) but are not sold. */
export interface PriceItem {
  id: number;
  kind: PriceKind;
  name: string;
  /** Minor unit of `currency`. */
  priceMinor: number;
  currency: string;
  /** What a package includes, in the studio's words: "30 photos selected, 2 albums". */
  includes: string;
  /** Photos included in the price; null when the item does not count photos. */
  photosIncluded: number | null;
  /** Price of each photo beyond photosIncluded, minor unit; null when extras are not sold. */
  extraPhotoMinor: number | null;
  active: boolean;
  createdAt: string;
  createdBy: UserRef | null;
  updatedAt: string;
  updatedBy: UserRef | null;
}

/** POST /api/price-items. The currency is the studio's. */
export interface PriceItemInput {
  kind: PriceKind;
  name: string;
  priceMinor: number;
  includes?: string;
  photosIncluded?: number | null;
  extraPhotoMinor?: number | null;
}

/** PATCH /api/price-items/:id: any of these; `active: false` retires the item. */
export type PriceItemPatch = Partial<PriceItemInput> & { active?: boolean };
