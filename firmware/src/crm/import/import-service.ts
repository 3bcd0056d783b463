// Customer import (C1): an uploaded file is kept under run/customer-imports until it is
// imported or forgotten; a dry run reads it as a stream and checks every row; the import
// writes the valid rows in ONE transaction (all or nothing). Checks and imports work in the
// background; the UI polls status() for its progress bar.
import type { CountryCode } from 'libphonenumber-js';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as turn } from 'node:timers/promises';
import {
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  IMPORT_PROBLEMS_SHOWN,
  type ImportCheckResult,
  type ImportedCustomer,
  type ImportMapping,
  type ImportRowProblems,
  type ImportStatus,
  type ImportUpload,
  type Language,
  type UserRef,
} from '../../api-types.js';
import { AppError, ConflictError, DuplicatePhoneError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import type { Db } from '../../db/connection.js';
import type { Logger } from '../../log.js';
import type { CustomerService } from '../customer-service.js';
import { customerNumber } from '../search-text.js';
import { cellText } from './cell-values.js';
import { guessMapping, mappingProblems } from './header-guess.js';
import { reportLines, writeReport } from './import-report.js';
import { ImportStaging } from './import-staging.js';
import { checkRow, DuplicateCheck, isEmptyRow, type RowContext } from './row-check.js';
import { csvEncoding, readSheet, sniffFormat, type SheetFormat, type SheetRow } from './sheet-reader.js';

/** Rows shown under the header at upload, and as they will be saved after a check. */
const SAMPLE_ROWS = 5;
const PREVIEW_ROWS = 10;
/** An upload nobody touched for this long is forgotten (and its file deleted). */
const FORGET_AFTER_MS = 6 * 3600_000;
/** Rows checked between turns of the event loop, so that other requests keep being answered. */
const ROWS_PER_TURN = 250;

interface Upload {
  id: string;
  owner: number;
  fileName: string;
  file: string;
  format: SheetFormat;
  encoding: string | null;
  columns: string[];
  headerRow: number;
  status: ImportStatus;
  /** The last check's rows, kept for the import and the report. */
  valid: ImportedCustomer[];
  rejected: ImportRowProblems[];
  /** After the import: the customer number of each saved row. */
  saved: { row: number; name: string; customerNo: string }[] | null;
  skipped: boolean;
  cancelled: boolean;
  touched: number;
}

export interface ImportServiceOptions {
  dir: string;
  db: Db;
  customers: CustomerService;
  country: () => CountryCode;
  timeZone: () => string;
  log: Logger;
  now?: () => number;
}

export class CustomerImportService {
  private readonly uploads = new Map<string, Upload>();
  /** One check or import at a time on the box: they are CPU work on a small computer. */
  private working: string | null = null;
  private readonly now: () => number;

  constructor(private readonly o: ImportServiceOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Files left by an earlier run of the daemon are forgotten uploads. */
  async start(): Promise<void> {
    await rm(this.o.dir, { recursive: true, force: true });
    await mkdir(this.o.dir, { recursive: true });
  }

  /** Stores the body as a file, reads its header and first rows, and guesses the mapping. */
  async receive(actor: UserRef, fileName: string, body: Readable): Promise<ImportUpload> {
    await this.forgetOld();
    await mkdir(this.o.dir, { recursive: true });
    const id = randomUUID();
    const file = join(this.o.dir, id);
    let bytes = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            bytes += chunk.length;
            if (bytes > IMPORT_MAX_BYTES) throw new AppError(413, 'too_large', `the file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB`);
            yield chunk;
          }
        },
        createWriteStream(file),
      );
      if (bytes === 0) throw new ValidationError([{ path: '(body)', message: 'the file is empty' }]);
      const format = await sniffFormat(file);
      if (format === 'xls') throw new ValidationError([{ path: '(body)', message: 'an old .xls workbook: save it as .xlsx or CSV in Excel or WPS first' }]);
      const head = await readHead(file, format);
      const upload: Upload = {
        id,
        owner: actor.id,
        fileName,
        file,
        format,
        encoding: format === 'csv' ? await csvEncoding(file) : null,
        columns: head.columns,
        headerRow: head.headerRow,
        status: { id, fileName, phase: 'uploaded', done: 0, fraction: 0, step: null, check: null, imported: null, range: null, mapping: null, error: null },
        valid: [],
        rejected: [],
        saved: null,
        skipped: false,
        cancelled: false,
        touched: this.now(),
      };
      this.uploads.set(id, upload);
      return { id, fileName, format, encoding: upload.encoding, columns: head.columns, sample: head.sample, mapping: guessMapping(head.columns) };
    } catch (err) {
      await rm(file, { force: true });
      if (err instanceof AppError) throw err;
      throw new ValidationError([{ path: '(body)', message: `the file cannot be read as a spreadsheet: ${(err as Error).message}` }]);
    }
  }

  status(actor: UserRef & { isAdmin?: boolean }, id: string): ImportStatus {
    return this.mine(actor, id).status;
  }

  /** Starts a dry run; status() follows it. */
  check(actor: UserRef, id: string, mapping: ImportMapping): ImportStatus {
    const u = this.startWork(actor, id, mapping, 'checking');
    void this.work(u, mapping, false, false);
    return u.status;
  }

  /**
   * Starts the import: the file is checked again (the customers may have changed), then, when
   * no row is rejected (or `skipRejected`), every valid row is saved in one transaction.
   */
  run(actor: UserRef, id: string, mapping: ImportMapping, skipRejected: boolean): ImportStatus {
    const before = this.mine(actor, id).status;
    // A finished check with this mapping is not read again: the file has not changed, and a
    // phone that became a customer's since is found by the saving transaction itself.
    const reuse = before.phase === 'checked' && before.check !== null && JSON.stringify(before.mapping) === JSON.stringify(mapping);
    const u = this.startWork(actor, id, mapping, 'importing');
    void this.work(u, mapping, true, skipRejected, actor, reuse ? before.check : null);
    return u.status;
  }

  /** Forgets an upload (and stops its check); an import already saving finishes. */
  async discard(actor: UserRef, id: string): Promise<void> {
    const u = this.mine(actor, id);
    u.cancelled = true;
    this.uploads.delete(id);
    await rm(u.file, { force: true });
  }

  /** The result as .xlsx, in `lang`. */
  async report(actor: UserRef, id: string, lang: Language, out: Writable): Promise<void> {
    const u = this.mine(actor, id);
    if (!u.status.check) throw new ConflictError('check the file first: there is no result yet', 'import_not_checked');
    const accepted = u.saved ?? u.valid.map((c) => ({ row: c.row, name: c.name, customerNo: '' }));
    await writeReport(out, reportLines(u.rejected, accepted, u.saved !== null && u.skipped, u.saved !== null), lang);
  }

  private startWork(actor: UserRef, id: string, mapping: ImportMapping, phase: 'checking' | 'importing'): Upload {
    const u = this.mine(actor, id);
    const problems = mappingProblems(mapping, u.columns.length);
    if (problems.length) throw new ValidationError(problems.map((message) => ({ path: 'mapping', message })));
    if (u.status.phase === 'done') throw new ConflictError('this file has been imported already', 'import_done');
    if (this.working) throw new ConflictError('another import is being checked or saved; try again when it is done', 'import_busy');
    this.working = u.id;
    u.status = { ...u.status, phase, done: 0, fraction: 0, step: 'reading', error: null, mapping };
    return u;
  }

  private async work(u: Upload, mapping: ImportMapping, save: boolean, skipRejected: boolean, actor?: UserRef, checked: ImportCheckResult | null = null): Promise<void> {
    // The import stages its valid rows while it reads (import-staging.ts); the check only reads.
    const staging = save ? new ImportStaging(this.o.db) : null;
    try {
      const check = checked ?? (await this.read(u, mapping, staging));
      if (checked && staging) await this.stageChecked(u, staging);
      if (u.cancelled) return;
      u.status = { ...u.status, check };
      if (!save) {
        u.status = { ...u.status, phase: 'checked', step: null, fraction: 1 };
        return;
      }
      if (check.rejected > 0 && !skipRejected) {
        u.status = { ...u.status, phase: 'checked', step: null, error: { code: 'rejected_rows', message: `${check.rejected} rows would be rejected; nothing was saved` } };
        return;
      }
      if (check.valid === 0) {
        u.status = { ...u.status, phase: 'checked', step: null, error: { code: 'nothing_to_import', message: 'no row can be imported; nothing was saved' } };
        return;
      }
      u.status = { ...u.status, step: 'saving' };
      await turn(); // one poll may see "saving" before the transaction holds the event loop
      const ids = this.o.customers.saveImport(actor!, staging!, u.fileName);
      u.saved = u.valid.map((c, i) => ({ row: c.row, name: c.name, customerNo: customerNumber(ids[i]!) }));
      u.skipped = skipRejected;
      u.status = { ...u.status, phase: 'done', step: null, imported: ids.length, range: { first: customerNumber(ids[0]!), last: customerNumber(ids.at(-1)!) } };
      await rm(u.file, { force: true });
    } catch (err) {
      const e = err as Error;
      const code = err instanceof DuplicatePhoneError ? 'duplicate_phone' : err instanceof AppError ? err.code : 'unreadable';
      if (!(err instanceof AppError)) this.o.log.warn({ err, file: u.fileName }, 'customer import failed');
      u.status = { ...u.status, phase: 'failed', step: null, error: { code, message: `${e.message}; nothing was saved` } };
    } finally {
      staging?.drop();
      if (this.working === u.id) this.working = null;
      u.touched = this.now();
    }
  }

  /** Stages the rows of the last check, a piece per turn of the event loop. */
  private async stageChecked(u: Upload, staging: ImportStaging): Promise<void> {
    for (let i = 0; i < u.valid.length && !u.cancelled; i += ROWS_PER_TURN) {
      staging.add(u.valid.slice(i, i + ROWS_PER_TURN));
      u.status = { ...u.status, done: Math.min(i + ROWS_PER_TURN, u.valid.length), fraction: Math.min(1, (i + ROWS_PER_TURN) / u.valid.length) };
      await turn();
    }
  }

  /** Reads every row once, checking it; keeps the valid rows and the rejected ones on `u`. */
  private async read(u: Upload, mapping: ImportMapping, staging: ImportStaging | null): Promise<ImportCheckResult> {
    const ctx: RowContext = { country: this.o.country(), timeZone: this.o.timeZone(), dayOrder: this.o.country() === 'US' ? 'mdy' : 'dmy' };
    const dupes = new DuplicateCheck((e164) => this.o.customers.phoneOwner(e164));
    const valid: ImportedCustomer[] = [];
    const rejected: ImportRowProblems[] = [];
    let total = 0;
    let staged = 0;
    const stage = () => {
      staging?.add(valid.slice(staged));
      staged = valid.length;
    };
    for await (const r of dataRows(u.file, u.format, u.headerRow)) {
      if (u.cancelled) break;
      if (++total > IMPORT_MAX_ROWS) throw new AppError(413, 'too_many_rows', `the file has more than ${IMPORT_MAX_ROWS} rows; split it`);
      const res = checkRow(r.cells, mapping, r.row, ctx);
      const problems = [...res.problems, ...dupes.check(res.customer)];
      if (problems.length) rejected.push({ row: r.row, name: res.customer.name, problems });
      else valid.push(res.customer);
      if (total % ROWS_PER_TURN === 0) {
        stage();
        u.status = { ...u.status, done: total, fraction: r.fraction };
        await turn();
      }
    }
    stage();
    u.valid = valid;
    u.rejected = rejected;
    u.saved = null;
    u.status = { ...u.status, done: total, fraction: 1 };
    return { total, valid: valid.length, rejected: rejected.length, problems: rejected.slice(0, IMPORT_PROBLEMS_SHOWN), preview: valid.slice(0, PREVIEW_ROWS) };
  }

  private mine(actor: UserRef & { isAdmin?: boolean }, id: string): Upload {
    const u = this.uploads.get(id);
    if (!u) throw new NotFoundError(`import ${id}`);
    if (u.owner !== actor.id && !actor.isAdmin) throw new ForbiddenError('this import was started by someone else');
    u.touched = this.now();
    return u;
  }

  private async forgetOld(): Promise<void> {
    for (const u of [...this.uploads.values()]) {
      if (this.now() - u.touched > FORGET_AFTER_MS && this.working !== u.id) {
        this.uploads.delete(u.id);
        await rm(u.file, { force: true });
      }
    }
    // A file of an upload the map no longer knows (a failed receive) is removed too.
    const names = await readdir(this.o.dir).catch(() => [] as string[]);
    for (const n of names) if (!this.uploads.has(n) && (await stat(join(this.o.dir, n)).catch(() => null))?.isFile()) await rm(join(this.o.dir, n), { force: true }).catch(() => {});
  }
}

/** The rows under the header that are not empty. */
async function* dataRows(file: string, format: SheetFormat, headerRow: number): AsyncGenerator<SheetRow> {
  for await (const r of readSheet(file, format)) {
    if (r.row <= headerRow || isEmptyRow(r.cells)) continue;
    yield r;
  }
}

/** The header (the first row with anything in it) and the first rows under it, as text. */
async function readHead(file: string, format: SheetFormat): Promise<{ columns: string[]; headerRow: number; sample: string[][] }> {
  let columns: string[] | null = null;
  let headerRow = 0;
  const sample: string[][] = [];
  for await (const r of readSheet(file, format)) {
    if (isEmptyRow(r.cells)) continue;
    if (!columns) {
      columns = r.cells.map(cellText);
      headerRow = r.row;
      continue;
    }
    sample.push(r.cells.map(cellText));
    if (sample.length >= SAMPLE_ROWS) break;
  }
  if (!columns) throw new ValidationError([{ path: '(body)', message: 'the file has no rows' }]);
  // Data cells beyond the last header still need a column to be mapped.
  const width = Math.max(columns.length, ...sample.map((s) => s.length));
  while (columns.length < width) columns.push('');
  return { columns, headerRow, sample: sample.map((s) => columns!.map((_, i) => s[i] ?? '')) };
}
