import { Router, type Response } from 'express';
import { z } from 'zod';
import { LANGUAGES, OUTBOX_STATES, STAGES, type Language } from '../../../api-types.js';
import { segmentIdsSql } from '../../../campaigns/segment-sql.js';
import { displayPhone } from '../../../crm/phone.js';
import { customerColumns, customerRow } from '../../../export/customer-export.js';
import { CUSTOMER_EXTRA, OUTBOX_COLUMNS } from '../../../export/export-words.js';
import { outboxColumns, outboxRow } from '../../../export/outbox-export.js';
import { attachment, writeXlsxTable } from '../../../export/xlsx-table.js';
import { lineText } from '../../../util/text-schemas.js';
import { localDate } from '../../../util/local-time.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

/** The most rows one download holds (a studio's whole customer file after years). */
export const EXPORT_MAX_ROWS = 200_000;

const lang = z.enum(LANGUAGES).optional();
const customersQuery = z.object({ q: lineText(100).default(''), stage: z.enum(STAGES).optional(), lang });
const outboxQuery = z.object({ state: z.enum(OUTBOX_STATES).optional(), customerId: z.coerce.number().int().positive().optional(), lang });

/**
 * Downloads as .xlsx with the reader's language in the headers (A1: the "print" right of the
 * feature; every export is audited with what was asked and how many rows went out).
 */
export function exportRoutes(ctx: HttpContext): Router {
  const r = Router();
  const studio = () => ctx.settings.get();
  const today = () => {
    const d = localDate(new Date(), studio()?.timeZone ?? 'UTC');
    return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  };
  const start = (res: Response, name: string) => {
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', attachment(name));
  };

  r.get('/exports/customers', requirePermission('customers', 'print'), async (req, res) => {
    const q = parseInput(customersQuery, req.query);
    const language: Language = q.lang ?? studio()?.language ?? 'en';
    const zone = studio()?.timeZone ?? 'UTC';
    const slices = ctx.customers.searchAll(q.q, q.stage, EXPORT_MAX_ROWS);
    const rows = function* () {
      for (const slice of slices) for (const c of slice) yield customerRow(c, language, zone);
    };
    start(res, `customers-${today()}.xlsx`);
    const n = await writeXlsxTable(res, CUSTOMER_EXTRA[language].sheet, customerColumns(language), rows());
    ctx.audit.record(authOf(res).actor, {
      action: 'export',
      entity: 'customer',
      summary: `${n} customers exported${q.q ? ` (search "${q.q}")` : ''}${q.stage ? ` (stage ${q.stage})` : ''}`,
      detail: { count: n, q: q.q, stage: q.stage ?? null, lang: language },
    });
    res.end();
  });

  // A saved segment of the group sends (S3): its customers, as the customer list exports them.
  r.get('/exports/segments/:id', requirePermission('customers', 'print'), requirePermission('campaigns', 'view'), async (req, res) => {
    const id = idParam(req.params.id);
    const q = parseInput(z.object({ lang }), req.query);
    const segment = ctx.campaigns.segments.get(id);
    const language: Language = q.lang ?? studio()?.language ?? 'en';
    const zone = studio()?.timeZone ?? 'UTC';
    const sql = segmentIdsSql(segment.filter, ctx.campaigns.now(), EXPORT_MAX_ROWS);
    const ids = (ctx.db.prepare(sql.sql).all(...sql.params) as { id: number }[]).map((r) => r.id);
    const rows = function* () {
      for (const slice of ctx.customers.wholeCustomers(ids)) for (const c of slice) yield customerRow(c, language, zone);
    };
    start(res, `segment-${id}-${today()}.xlsx`);
    const n = await writeXlsxTable(res, CUSTOMER_EXTRA[language].sheet, customerColumns(language), rows());
    ctx.audit.record(authOf(res).actor, {
      action: 'export',
      entity: 'customer',
      summary: `${n} customers of segment "${segment.name}" exported`,
      detail: { count: n, segmentId: id, filter: segment.filter, lang: language },
    });
    res.end();
  });

  r.get('/exports/outbox', requirePermission('sms', 'print'), async (req, res) => {
    const q = parseInput(outboxQuery, req.query);
    const language: Language = q.lang ?? studio()?.language ?? 'en';
    const zone = studio()?.timeZone ?? 'UTC';
    const country = ctx.settings.country();
    const sms = ctx.sms;
    const rows = function* () {
      let before: number | undefined;
      let n = 0;
      do {
        const page = sms.listOutbox({ limit: 200, before, state: q.state, customerId: q.customerId });
        for (const m of page.items) {
          if (++n > EXPORT_MAX_ROWS) return;
          yield outboxRow(m, language, zone, (e164) => displayPhone(e164, country));
        }
        before = page.nextBefore ?? undefined;
      } while (before !== undefined);
    };
    start(res, `sms-${today()}.xlsx`);
    const n = await writeXlsxTable(res, OUTBOX_COLUMNS[language].sheet, outboxColumns(language), rows());
    ctx.audit.record(authOf(res).actor, {
      action: 'export',
      entity: 'sms',
      summary: `${n} sent SMS exported${q.state ? ` (state ${q.state})` : ''}${q.customerId ? ` (customer ${q.customerId})` : ''}`,
      detail: { count: n, state: q.state ?? null, customerId: q.customerId ?? null, lang: language },
    });
    res.end();
  });

  return r;
}
