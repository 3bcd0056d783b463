import { Router } from 'express';
import { z } from 'zod';
import { IMPORT_FIELDS, LANGUAGES } from '../../../api-types.js';
import { ValidationError } from '../../../errors.js';
import { attachment } from '../../../export/xlsx-table.js';
import { lineText } from '../../../util/text-schemas.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { parseInput } from '../../validate.js';

const uploadQuery = z.object({ name: lineText(200).refine((s) => s !== '', 'the file name is missing') });
const mapping = z.array(z.enum(IMPORT_FIELDS).nullable()).max(500);
const checkBody = z.object({ mapping }).strict();
const runBody = z.object({ mapping, skipRejected: z.boolean().optional() }).strict();
const reportQuery = z.object({ lang: z.enum(LANGUAGES).optional() });
const importId = (raw: unknown): string => {
  const s = String(raw);
  if (!/^[0-9a-f-]{36}$/.test(s)) throw new ValidationError([{ path: 'id', message: 'not an import id' }]);
  return s;
};

/**
 * Customer import (C1): upload a file (its bytes as the body), check it with a mapping (a dry
 * run), import it; the status is polled; the report downloads as .xlsx. Needs customers: add.
 */
export function importRoutes(ctx: HttpContext): Router {
  const r = Router();
  const imports = ctx.customerImports;
  const add = requirePermission('customers', 'add');

  r.post('/customer-imports', add, async (req, res) => {
    if (req.is('application/json') || req.is('application/x-www-form-urlencoded') || req.is('multipart/form-data')) {
      throw new ValidationError([{ path: '(body)', message: 'send the file itself as the body (Content-Type: application/octet-stream)' }]);
    }
    const q = parseInput(uploadQuery, req.query);
    res.status(201).json({ data: await imports.receive(authOf(res).actor, q.name, req) });
  });
  r.get('/customer-imports/:id', add, (req, res) => {
    res.json({ data: imports.status(authOf(res).actor, importId(req.params.id)) });
  });
  r.post('/customer-imports/:id/check', add, (req, res) => {
    const body = parseInput(checkBody, req.body);
    res.status(202).json({ data: imports.check(authOf(res).actor, importId(req.params.id), body.mapping) });
  });
  r.post('/customer-imports/:id/run', add, (req, res) => {
    const body = parseInput(runBody, req.body);
    res.status(202).json({ data: imports.run(authOf(res).actor, importId(req.params.id), body.mapping, body.skipRejected ?? false) });
  });
  r.get('/customer-imports/:id/report', add, async (req, res) => {
    const id = importId(req.params.id);
    const lang = parseInput(reportQuery, req.query).lang ?? ctx.settings.get()?.language ?? 'en';
    const status = imports.status(authOf(res).actor, id);
    const base = status.fileName.replace(/\.[^.]*$/, '') || 'import';
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', attachment(`${base}-report.xlsx`));
    await imports.report(authOf(res).actor, id, lang, res);
    res.end();
  });
  r.delete('/customer-imports/:id', add, async (req, res) => {
    await imports.discard(authOf(res).actor, importId(req.params.id));
    res.status(204).end();
  });

  return r;
}
