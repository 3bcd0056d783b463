import { Router, type Response } from 'express';
import { z } from 'zod';
import { LANGUAGES, OUTBOX_STATES, type Language } from '../../../api-types.js';
import { sendRecordDays } from '../../../campaigns/send-records.js';
import { displayPhone } from '../../../crm/phone.js';
import { recipientColumns, recipientRow, RECIPIENT_COLUMNS, recordColumns, recordRow, RECORD_COLUMNS } from '../../../export/campaign-export.js';
import { attachment, writeXlsxTable } from '../../../export/xlsx-table.js';
import { localDate } from '../../../util/local-time.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

const daysQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(30), lang: z.enum(LANGUAGES).optional() });
const recipientsExport = z.object({ state: z.enum(['pending', 'excluded', ...OUTBOX_STATES]).optional(), lang: z.enum(LANGUAGES).optional() });

/**
 * Send records (S5): every SMS by studio day and origin (sms: view), and the downloads: a
 * campaign's recipients (campaigns: print) and the day table (sms: print), audited.
 */
export function sendRecordRoutes(ctx: HttpContext): Router {
  const r = Router();
  const studio = () => ctx.settings.get();
  const zone = () => studio()?.timeZone ?? 'UTC';
  const today = () => {
    const d = localDate(ctx.campaigns.now(), zone());
    return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  };
  const start = (res: Response, name: string) => {
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', attachment(name));
  };

  r.get('/sms/records', requirePermission('sms', 'view'), (req, res) => {
    const q = parseInput(daysQuery, req.query);
    res.json({ data: sendRecordDays(ctx.db, ctx.campaigns.now(), zone(), q.days) });
  });

  r.get('/exports/sms-records', requirePermission('sms', 'print'), async (req, res) => {
    const q = parseInput(daysQuery, req.query);
    const language: Language = q.lang ?? studio()?.language ?? 'en';
    const rows = sendRecordDays(ctx.db, ctx.campaigns.now(), zone(), q.days);
    start(res, `sms-by-day-${today()}.xlsx`);
    const n = await writeXlsxTable(res, RECORD_COLUMNS[language].sheet, recordColumns(language), rows.map((x) => recordRow(x, language)));
    ctx.audit.record(authOf(res).actor, { action: 'export', entity: 'sms', summary: `SMS by day exported (${q.days} days, ${n} rows)`, detail: { days: q.days, count: n, lang: language } });
    res.end();
  });

  r.get('/exports/campaigns/:id', requirePermission('campaigns', 'print'), requirePermission('customers', 'view'), async (req, res) => {
    const id = idParam(req.params.id);
    const q = parseInput(recipientsExport, req.query);
    const c = ctx.campaigns.campaigns.store.row(id);
    const language: Language = q.lang ?? studio()?.language ?? 'en';
    const country = ctx.settings.country();
    const store = ctx.campaigns.campaigns.store;
    const rows = function* () {
      let after: number | undefined;
      do {
        const page = store.recipients(id, { state: q.state, after, limit: 500 });
        for (const x of page.items) yield recipientRow(x, language, zone(), (e164) => displayPhone(e164, country));
        after = page.nextAfter ?? undefined;
      } while (after !== undefined);
    };
    start(res, `group-sms-${id}-${today()}.xlsx`);
    const n = await writeXlsxTable(res, RECIPIENT_COLUMNS[language].sheet, recipientColumns(language), rows());
    ctx.audit.record(authOf(res).actor, {
      action: 'export', entity: 'campaign', entityId: id,
      summary: `records of group SMS "${c.name}" exported (${n} recipients${q.state ? `, state ${q.state}` : ''})`,
      detail: { count: n, state: q.state ?? null, lang: language },
    });
    res.end();
  });
  return r;
}
