// A member card's number as a Code 128 barcode and a QR code (M1), drawn by bwip-js as SVG:
// shown on the card's page and printed on receipts, read back by a phone camera or a desk
// scanner (both symbologies carry the number exactly as stored). bwip-js is large, so it is
// loaded on the first code asked for, not at start-up.
export const CARD_CODE_KINDS = ['code128', 'qrcode'] as const;
export type CardCodeKind = (typeof CARD_CODE_KINDS)[number];

type Bwip = typeof import('bwip-js');
let bwip: Promise<Bwip> | null = null;

/**
 * The SVG of a card number. White background and quiet zones (10 modules beside a barcode,
 * 4 around a QR code, error correction M by default) are part of the image, so it scans on a dark page or printed on any paper.
 */
export async function cardCodeSvg(cardNo: string, kind: CardCodeKind): Promise<string> {
  bwip ??= import('bwip-js');
  const b = await bwip;
  const common = { text: cardNo, backgroundcolor: 'FFFFFF' };
  return kind === 'code128'
    ? b.toSVG({ ...common, bcid: 'code128', scale: 2, height: 12, paddingwidth: 10, paddingheight: 2 })
    : b.toSVG({ ...common, bcid: 'qrcode', scale: 4, padding: 4 });
}
