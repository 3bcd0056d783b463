// One spreadsheet row → the customer it will be saved as, or the reasons it will not be.
// Pure: the studio's country, zone and date order come in; existing customers' phones are
// asked through a function. Every row then passes the same zod schema as the customer form.
import type { CountryCode } from 'libphonenumber-js';
import {
  type ImportedCustomer,
  type ImportField,
  type ImportMapping,
  type ImportProblem,
  type ImportProblemCode,
} from '../../api-types.js';
import { customerCreateSchema, emailAddress } from '../customer-schemas.js';
import { BUSINESS_WORDS, GENDER_WORDS, STAGE_WORDS } from '../field-words.js';
import { normalizePhone } from '../phone.js';
import { DEFAULT_DUE_HOUR } from '../stage-machine.js';
import { cellText, parseDateOnly, parseInstant, splitList, type DayOrder, type RawCell } from './cell-values.js';
import { wordMatcher } from './header-guess.js';

export interface RowContext {
  country: CountryCode;
  timeZone: string;
  dayOrder: DayOrder;
}

export interface RowResult {
  customer: ImportedCustomer;
  problems: ImportProblem[];
}

const matchGender = wordMatcher(GENDER_WORDS);
const matchBusiness = wordMatcher(BUSINESS_WORDS);
const matchStage = wordMatcher(STAGE_WORDS);

/** The same limit as the customer form's. */
const MAX_PHONES = 10;

/** The cells of each field, in column order (several columns for phones, notes, tags). */
function cellsByField(cells: RawCell[], mapping: ImportMapping): Map<ImportField, RawCell[]> {
  const out = new Map<ImportField, RawCell[]>();
  mapping.forEach((f, i) => {
    if (!f) return;
    const cell = cells[i] ?? null;
    if (cellText(cell) === '') return;
    out.set(f, [...(out.get(f) ?? []), cell]);
  });
  return out;
}

/** True when every cell of the row is empty (such rows are skipped, not rejected). */
export function isEmptyRow(cells: RawCell[]): boolean {
  return cells.every((c) => cellText(c) === '');
}

/** The row read and checked on its own (duplicates are DuplicateCheck's). */
export function checkRow(cells: RawCell[], mapping: ImportMapping, row: number, ctx: RowContext): RowResult {
  const byField = cellsByField(cells, mapping);
  const problems: ImportProblem[] = [];
  const problem = (field: ImportField, code: ImportProblemCode, value: string, message: string) => problems.push({ field, code, value, message });
  const one = (f: ImportField): RawCell => byField.get(f)?.[0] ?? null;
  const text = (f: ImportField): string => cellText(one(f));

  const name = text('name');
  if (!name) problem('name', 'missing_name', '', 'the name is empty');

  const phones: string[] = [];
  for (const cell of byField.get('phone') ?? []) {
    // Excel's "'" before a number typed as text stays in some exports.
    for (const part of splitList(cellText(cell).replace(/^'/, ''))) {
      const r = normalizePhone(part, ctx.country);
      if (!r.ok) problem('phone', 'bad_phone', part, r.error);
      else if (!phones.includes(r.phone.e164)) phones.push(r.phone.e164);
    }
  }
  if (phones.length > MAX_PHONES) problem('phone', 'too_many_phones', phones.join(' '), `${phones.length} phones; at most ${MAX_PHONES}`);

  const date = (f: 'birthday' | 'babyBirthDate' | 'weddingDate'): string | null => {
    const cell = one(f);
    if (cell === null) return null;
    const d = parseDateOnly(cell, ctx.dayOrder);
    if (!d) problem(f, 'bad_date', cellText(cell), 'not a date (write it as 2024-03-05)');
    return d;
  };
  const instant = (f: 'stageAddedAt' | 'stageDueAt'): string | null => {
    const cell = one(f);
    if (cell === null) return null;
    const d = parseInstant(cell, ctx.dayOrder, ctx.timeZone, DEFAULT_DUE_HOUR);
    if (!d) problem(f, 'bad_date', cellText(cell), 'not a date and time (write it as 2024-03-05 14:30)');
    return d;
  };
  const word = <K extends string>(f: ImportField, match: (t: string) => K | null, what: string): K | null => {
    const t = text(f);
    if (!t) return null;
    const v = match(t);
    if (!v) problem(f, 'bad_value', t, `not a known ${what}`);
    return v;
  };

  const email = ((): string | null => {
    const t = text('email');
    if (!t) return null;
    const r = emailAddress.safeParse(t.replace(/^mailto:/i, ''));
    if (!r.success) problem('email', 'bad_email', t, r.error.issues[0]?.message ?? 'not an e-mail address');
    return r.success ? r.data : null;
  })();

  const customer: ImportedCustomer = {
    row,
    name,
    phones,
    gender: word('gender', matchGender, 'gender'),
    birthday: date('birthday'),
    // A lunar birthday is set on the customer's page; a spreadsheet's dates are solar.
    birthdayLunar: false,
    address: text('address'),
    area: text('area'),
    occupation: text('occupation'),
    source: text('source'),
    businessType: word('businessType', matchBusiness, 'business type'),
    babyBirthDate: date('babyBirthDate'),
    weddingDate: date('weddingDate'),
    notes: (byField.get('notes') ?? []).map(cellText).join('\n'),
    tags: [...new Set((byField.get('tags') ?? []).flatMap((c) => splitList(cellText(c), false)))],
    email,
    stage: word('stage', matchStage, 'stage') ?? 'lead',
    stageAddedAt: instant('stageAddedAt'),
    stageDueAt: instant('stageDueAt'),
  };
  if (name) schemaProblems(customer, problems);
  return { customer, problems };
}

// The form's schema, for what the cells above do not check: lengths, control characters, names
// that show nothing. Its paths name the field.
const SCHEMA_FIELD: Record<string, ImportField> = {
  name: 'name',
  phones: 'phone',
  address: 'address',
  area: 'area',
  occupation: 'occupation',
  source: 'source',
  notes: 'notes',
  tags: 'tags',
};

function schemaProblems(c: ImportedCustomer, problems: ImportProblem[]): void {
  const r = customerCreateSchema.safeParse({
    name: c.name,
    phones: c.phones.slice(0, MAX_PHONES).map((number) => ({ number })),
    address: c.address,
    area: c.area,
    occupation: c.occupation,
    source: c.source,
    notes: c.notes,
    tags: c.tags,
  });
  if (r.success) return;
  const seen = new Set<string>();
  for (const issue of r.error.issues) {
    const field = SCHEMA_FIELD[String(issue.path[0])] ?? 'name';
    const key = `${field} ${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const value = field === 'tags' ? c.tags.join(', ') : field === 'phone' ? c.phones.join(' ') : String(c[field as keyof ImportedCustomer] ?? '');
    problems.push({ field, code: issue.code === 'too_big' ? 'too_long' : 'bad_value', value: value.slice(0, 200), message: issue.message });
  }
}

export interface ExistingPhone {
  id: number;
  customerNo: string;
  name: string;
}

/**
 * Phones seen so far in the file, and the box's own: a row whose phone another row already
 * has, or an existing customer has, is rejected (the first row with it keeps it).
 */
export class DuplicateCheck {
  private readonly seen = new Map<string, number>();

  constructor(private readonly existing: (e164: string) => ExistingPhone | null) {}

  check(c: ImportedCustomer): ImportProblem[] {
    const out: ImportProblem[] = [];
    for (const e164 of c.phones) {
      const owner = this.existing(e164);
      if (owner) {
        out.push({ field: 'phone', code: 'duplicate_existing', value: e164, message: `already the phone of ${owner.customerNo} ${owner.name}`, customer: owner });
        continue;
      }
      const first = this.seen.get(e164);
      if (first !== undefined) out.push({ field: 'phone', code: 'duplicate_in_file', value: e164, message: `row ${first} has the same phone`, otherRow: first });
      else this.seen.set(e164, c.row);
    }
    return out;
  }
}
