// Customer import from a spreadsheet (C1): upload → mapping → dry run → import, all or nothing.
import type { CustomerFields, Stage } from './customers.js';

/** What a column of the file can fill. `phone`, `notes` and `tags` may come from several columns. */
export const IMPORT_FIELDS = [
  'name',
  'phone',
  'email',
  'gender',
  'birthday',
  'address',
  'area',
  'occupation',
  'source',
  'businessType',
  'babyBirthDate',
  'weddingDate',
  'notes',
  'tags',
  'stage',
  'stageAddedAt',
  'stageDueAt',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const IMPORT_MULTI_FIELDS: readonly ImportField[] = ['phone', 'notes', 'tags'];

/** One entry per column of the file: the field it fills, or null to leave it out. */
export type ImportMapping = (ImportField | null)[];

/** The largest file the box takes (a 50,000-row sheet is about 4 MB). */
export const IMPORT_MAX_BYTES = 40 * 1024 * 1024;
/** The most rows one import takes. */
export const IMPORT_MAX_ROWS = 100_000;

export type ImportProblemCode =
  | 'missing_name'
  | 'bad_phone'
  | 'too_many_phones'
  | 'duplicate_existing'
  | 'duplicate_in_file'
  | 'bad_date'
  | 'bad_email'
  | 'bad_value'
  | 'too_long';

export interface ImportProblem {
  field: ImportField;
  code: ImportProblemCode;
  /** The cell's text as the file had it. */
  value: string;
  /** English detail (the UI words it from `code`). */
  message: string;
  /** duplicate_in_file: the earlier row with this phone. */
  otherRow?: number;
  /** duplicate_existing: the customer who already has this phone. */
  customer?: { id: number; customerNo: string; name: string };
}

/** A row as it will be saved: the customer's fields, phones in E.164, and the stage. */
export interface ImportedCustomer extends CustomerFields {
  /** The row number a spreadsheet program shows (the header is row 1 when it is the first). */
  row: number;
  /** E.164 */
  phones: string[];
  stage: Stage;
  /** UTC ISO, null = the time of the import. */
  stageAddedAt: string | null;
  stageDueAt: string | null;
}

export interface ImportRowProblems {
  row: number;
  /** The name cell, to find the row by eye. */
  name: string;
  problems: ImportProblem[];
}

export interface ImportUpload {
  id: string;
  fileName: string;
  format: 'xlsx' | 'csv';
  /** CSV only: 'utf-8', 'utf-16le', 'utf-16be' or 'gb18030' (GBK files). */
  encoding: string | null;
  /** The header row's cells (the first non-empty row). */
  columns: string[];
  /** The first rows under the header, as text. */
  sample: string[][];
  /** The box's guess from the headers (zh-CN, vi, en). */
  mapping: ImportMapping;
}

export type ImportPhase = 'uploaded' | 'checking' | 'checked' | 'importing' | 'done' | 'failed';

export interface ImportCheckResult {
  /** Data rows read (empty rows not counted). */
  total: number;
  valid: number;
  rejected: number;
  /** Rows with problems, in file order (at most IMPORT_PROBLEMS_SHOWN; the report has all). */
  problems: ImportRowProblems[];
  /** The first rows as they will be saved. */
  preview: ImportedCustomer[];
}
export const IMPORT_PROBLEMS_SHOWN = 500;

/** GET /api/customer-imports/:id — where an upload stands; polled while it works. */
export interface ImportStatus {
  id: string;
  fileName: string;
  phase: ImportPhase;
  /** While checking or importing: rows read so far. */
  done: number;
  /** How far through the file, 0–1 (by bytes of an .xlsx, by rows of a CSV). */
  fraction: number;
  /** 'reading' while rows are read and checked, 'saving' during the one write transaction. */
  step: 'reading' | 'saving' | null;
  /** The last dry run (or the run's own check). */
  check: ImportCheckResult | null;
  /** After a successful import. */
  imported: number | null;
  /** Customer numbers of the first and last imported customers. */
  range: { first: string; last: string } | null;
  /** The mapping of the last check or run. */
  mapping: ImportMapping | null;
  /** When it failed: the code and what happened. Nothing was saved. */
  error: { code: string; message: string } | null;
}

export interface ImportRunRequest {
  mapping: ImportMapping;
  /** Import the valid rows and leave the rejected ones out; without it any rejected row stops the import. */
  skipRejected?: boolean;
}
