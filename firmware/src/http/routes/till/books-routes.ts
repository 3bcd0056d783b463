import { Router } from 'express';
import { z } from 'zod';
import { LANGUAGES, STATEMENT_PERIODS, type Language } from '../../../api-types.js';
import { statementColumns, statementRows, STATEMENT_WORDS } from '../../../export/statement-export.js';
import { attachment, writeXlsxTable } from '../../../export/xlsx-table.js';
import { minorDigits } from '../../../finance/money.js';
import { categoryCreateSchema, categoryPatchSchema, cashEntrySchema } from '../../../till/cash-book.js';
import { dayParam } from '../../../till/day-closing.js';
import { reasonSchema } from '../../../till/till-schemas.js';
import { ValidationError } from '../../../errors.js';
import { authOf, requireAnyPermission, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

const iso = z.iso.datetime({ offset: true });
const statementQuery = z.object({ period: z.enum(STATEMENT_PERIODS), date: dayParam }).strict();
const exportQuery = z.object({ period: z.enum(STATEMENT_PERIODS), date: dayParam, lang: z.enum(LANGUAGES).optional() }).strict();
const entriesQuery = z.object({ day: dayParam.optional(), from: iso.optional(), to: iso.optional() }).strict();

/**
 * The books (F2): income and expense categories are how the studio is set up (settings:edit
 * to add, rename, retire; read by whoever keeps the books or sees the settings); the cash book
 * is money (finance: view, add; a reversal is finance:edit like reversing a payment).
 */
export function booksRoutes(ctx: HttpContext): Router {
  const r = Router();

  r.get('/money-categories', requireAnyPermission(['finance', 'view'], ['settings', 'view']), (_req, res) => {
    res.json({ data: ctx.cashBook.categories() });
  });
  r.post('/money-categories', requirePermission('settings', 'edit'), (req, res) => {
    const body = parseInput(categoryCreateSchema, req.body);
    res.status(201).json({ data: ctx.cashBook.addCategory(authOf(res).actor, body) });
  });
  r.patch('/money-categories/:id', requirePermission('settings', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const body = parseInput(categoryPatchSchema, req.body);
    res.json({ data: ctx.cashBook.patchCategory(authOf(res).actor, id, body) });
  });

  r.get('/cash-entries', requirePermission('finance', 'view'), (req, res) => {
    const q = parseInput(entriesQuery, req.query);
    let range: { from: string; to: string };
    if (q.day !== undefined) {
      if (q.from !== undefined || q.to !== undefined) throw new ValidationError([{ path: 'day', message: 'give day, or from and to, not both' }]);
      range = ctx.closing.range(q.day);
    } else {
      if (q.from === undefined || q.to === undefined) throw new ValidationError([{ path: q.from === undefined ? 'from' : 'to', message: 'give day, or from and to' }]);
      range = { from: new Date(q.from).toISOString(), to: new Date(q.to).toISOString() };
      if (range.to <= range.from) throw new ValidationError([{ path: 'to', message: 'after from' }]);
    }
    res.json({ data: { ...range, entries: ctx.cashBook.entries(range.from, range.to) } });
  });
  r.post('/cash-entries', requirePermission('finance', 'add'), (req, res) => {
    const body = parseInput(cashEntrySchema, req.body);
    res.status(201).json({ data: ctx.cashBook.record(authOf(res).actor, body) });
  });
  r.post('/cash-entries/:id/reverse', requirePermission('finance', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const { reason } = parseInput(reasonSchema, req.body);
    res.status(201).json({ data: ctx.cashBook.reverse(authOf(res).actor, id, reason) });
  });

  // Statements (F2): finance:view; the .xlsx is finance:print, audited like every download.
  r.get('/statements', requirePermission('finance', 'view'), (req, res) => {
    const q = parseInput(statementQuery, req.query);
    res.json({ data: ctx.statements.of(q.period, q.date) });
  });
  r.get('/exports/statement', requirePermission('finance', 'print'), async (req, res) => {
    const q = parseInput(exportQuery, req.query);
    const language: Language = q.lang ?? ctx.settings.get()?.language ?? 'en';
    const s = ctx.statements.of(q.period, q.date);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', attachment(`statement-${q.period}-${s.firstDay}.xlsx`));
    const n = await writeXlsxTable(res, STATEMENT_WORDS[language].sheet, statementColumns(language), statementRows(s, language, minorDigits(s.currency)));
    ctx.audit.record(authOf(res).actor, {
      action: 'export',
      entity: 'statement',
      summary: `${q.period} statement ${s.firstDay}–${s.lastDay} exported (${n} rows)`,
      detail: { period: q.period, firstDay: s.firstDay, lastDay: s.lastDay, lang: language, count: n },
    });
    res.end();
  });

  return r;
}
