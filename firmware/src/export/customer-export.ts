// A customer list or search result as spreadsheet rows in the reader's language. The columns
// carry the import's own headers and words (crm/field-words.ts), so an exported file can be
// imported again as it is.
import { IMPORT_FIELDS, type Customer, type Language } from '../api-types.js';
import { BUSINESS_WORDS, fieldLabel, GENDER_WORDS, STAGE_WORDS, wordFor } from '../crm/field-words.js';
import { wallClock } from '../util/local-time.js';
import { CUSTOMER_EXTRA } from './export-words.js';
import type { XlsxCell, XlsxColumn } from './xlsx-table.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** UTC ISO → "YYYY-MM-DD HH:mm" on the studio's clock (what the import reads back). */
export function localStamp(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const w = wallClock(new Date(iso), timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
}

const WIDTHS: Partial<Record<(typeof IMPORT_FIELDS)[number], number>> = { name: 20, phone: 28, email: 26, address: 30, notes: 40, stage: 22 };

export function customerColumns(lang: Language): XlsxColumn[] {
  const x = CUSTOMER_EXTRA[lang];
  return [
    { header: x.customerNo, width: 12 },
    ...IMPORT_FIELDS.map((f) => ({ header: fieldLabel(f, lang), width: WIDTHS[f] ?? 14 })),
    { header: x.createdAt, width: 17 },
    { header: x.createdBy, width: 12 },
    { header: x.updatedAt, width: 17 },
  ];
}

export function customerRow(c: Customer, lang: Language, timeZone: string): XlsxCell[] {
  const value: Record<(typeof IMPORT_FIELDS)[number], XlsxCell> = {
    name: c.name,
    phone: c.phones.map((p) => p.display).join(' / '),
    email: c.email ?? '',
    gender: c.gender ? wordFor(GENDER_WORDS, c.gender, lang) : '',
    birthday: c.birthday ?? '',
    address: c.address,
    area: c.area,
    occupation: c.occupation,
    source: c.source,
    businessType: c.businessType ? wordFor(BUSINESS_WORDS, c.businessType, lang) : '',
    babyBirthDate: c.babyBirthDate ?? '',
    weddingDate: c.weddingDate ?? '',
    notes: c.notes,
    tags: c.tags.join(', '),
    stage: wordFor(STAGE_WORDS, c.stage, lang),
    stageAddedAt: localStamp(c.stageAddedAt, timeZone),
    stageDueAt: localStamp(c.stageDueAt, timeZone),
  };
  return [c.customerNo, ...IMPORT_FIELDS.map((f) => value[f]), localStamp(c.createdAt, timeZone), c.createdBy?.name ?? '', localStamp(c.updatedAt, timeZone)];
}
