import { Router, type Response } from 'express';
import { REPORT_NAMES, type Language } from '../../../api-types.js';
import { can } from '../../../auth/permissions.js';
import { ForbiddenError } from '../../../errors.js';
import { attachment } from '../../../export/xlsx-table.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';

/**
 * Reports (R1): GET /api/reports/:name?from=&to=&group=&lang= is reports:view (and the
 * report's own right, finance:view for money); its .xlsx is reports:print, audited like every
 * download. docs/reports.md.
 */
export function reportRoutes(ctx: HttpContext): Router {
  const r = Router();
  const reportFor = (res: Response, name: unknown) => {
    const def = ctx.reports.def(typeof name === 'string' ? name : '');
    const needs = def.needs;
    if (needs && !can(authOf(res).permissions, needs[0], needs[1])) throw new ForbiddenError(`you need the "${needs[1]}" right on "${needs[0]}" for this report`);
    return def;
  };

  r.get('/reports', requirePermission('reports', 'view'), (_req, res) => {
    const perms = authOf(res).permissions;
    res.json({ data: REPORT_NAMES.filter((n) => {
      const needs = ctx.reports.def(n).needs;
      return !needs || can(perms, needs[0], needs[1]);
    }) });
  });

  r.get('/reports/:name', requirePermission('reports', 'view'), (req, res) => {
    const def = reportFor(res, req.params.name);
    res.json({ data: ctx.reports.run(def.name, req.query) });
  });

  r.get('/reports/:name/export', requirePermission('reports', 'print'), async (req, res) => {
    const def = reportFor(res, req.params.name);
    const table = ctx.reports.run(def.name, req.query);
    const language: Language = typeof req.query.lang === 'string' ? (req.query.lang as Language) : (ctx.settings.get()?.language ?? 'en');
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', attachment(`${def.name}-${table.from}-${table.to}.xlsx`));
    const n = await ctx.reports.writeXlsx(res, table, language);
    ctx.audit.record(authOf(res).actor, {
      action: 'export',
      entity: 'report',
      summary: `report ${def.name} ${table.from}–${table.to}${table.group ? ` by ${table.group}` : ''} exported (${n} rows)`,
      detail: { report: def.name, from: table.from, to: table.to, group: table.group, lang: language, count: n },
    });
    res.end();
  });

  return r;
}
