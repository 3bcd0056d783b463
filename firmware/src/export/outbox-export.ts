// The SMS outbox (send records, S5) as spreadsheet rows in the reader's language.
import type { Language, OutboxMessage } from '../api-types.js';
import { localStamp } from './customer-export.js';
import { OUTBOX_COLUMNS, OUTBOX_STATE_WORDS, ORIGIN_WORDS } from './export-words.js';
import type { XlsxCell, XlsxColumn } from './xlsx-table.js';

export function outboxColumns(lang: Language): XlsxColumn[] {
  const w = OUTBOX_COLUMNS[lang];
  return [
    { header: w.time, width: 17 },
    { header: w.to, width: 16 },
    { header: w.customerNo, width: 12 },
    { header: w.name, width: 18 },
    { header: w.origin, width: 12 },
    { header: w.purpose, width: 14 },
    { header: w.text, width: 50 },
    { header: w.parts, width: 7 },
    { header: w.state, width: 12 },
    { header: w.sentAt, width: 17 },
    { header: w.deliveredAt, width: 17 },
    { header: w.error, width: 24 },
    { header: w.by, width: 12 },
  ];
}

/** `phone` shows a number as staff write it (customer-service displayPhone). */
export function outboxRow(m: OutboxMessage, lang: Language, timeZone: string, phone: (e164: string) => string): XlsxCell[] {
  return [
    localStamp(m.createdAt, timeZone),
    phone(m.to),
    m.customer?.customerNo ?? '',
    m.customer?.name ?? '',
    ORIGIN_WORDS[lang][m.origin],
    m.purpose ?? '',
    m.body,
    m.partsTotal,
    OUTBOX_STATE_WORDS[lang][m.state],
    localStamp(m.sentAt, timeZone),
    localStamp(m.deliveredAt, timeZone),
    m.error ?? '',
    m.createdBy?.name ?? '',
  ];
}
