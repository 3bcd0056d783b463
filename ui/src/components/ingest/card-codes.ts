// A member card's number as a Code 128 barcode and a QR code (M1), drawn by the box
// (GET /api/member-cards/:id/code.svg): on the card's place on the customer's page and on a
// printed receipt, for a desk scanner or a phone's Scan. White quiet zones are in the images.
import { html } from 'htm/preact';
import { t } from '../../i18n/catalog';

export function CardCodes(p: { card: { id: number; cardNo: string }; alt?: (key: 'card.barcode' | 'card.qr') => string }) {
  const { id, cardNo } = p.card;
  const alt = p.alt ?? ((key) => t(key, { cardNo }));
  return html`<figure class="card-codes" data-card-codes=${cardNo}>
    <img class="card-barcode" src=${`/api/member-cards/${id}/code.svg`} alt=${alt('card.barcode')} />
    <img class="card-qr" src=${`/api/member-cards/${id}/code.svg?kind=qrcode`} alt=${alt('card.qr')} />
    <figcaption class="card-no">${cardNo}</figcaption>
  </figure>`;
}
