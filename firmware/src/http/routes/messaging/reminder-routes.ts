import { Router } from 'express';
import { z } from 'zod';
import { REMINDER_PAGE_MAX, REMINDER_RANGE_DAYS_MAX } from '../../../api-types.js';
import { dateOnly } from '../../../crm/customer-schemas.js';
import { reminderRulesPatchSchema } from '../../../reminders/reminder-settings.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

const DAY_MS = 86400_000;
const rangeQuery = z
  .object({ from: dateOnly, to: dateOnly, limit: z.coerce.number().int().min(1).max(REMINDER_PAGE_MAX).default(200) })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'], when: (c) => c.issues.length === 0 })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS < REMINDER_RANGE_DAYS_MAX, {
    message: `at most ${REMINDER_RANGE_DAYS_MAX} days at once`,
    path: ['to'],
    when: (c) => c.issues.length === 0,
  });
const snoozeBody = z.object({ until: z.iso.datetime({ offset: true }) }).strict();
const calledBody = z.object({ note: z.string().max(2000).optional() }).strict();

/**
 * Reminders (C4): read with reminders:view; done / snooze / reopen with reminders:edit;
 * "called them" also writes a contact record, so it needs contacts:add too. The kinds' settings
 * are the studio's settings (settings:edit).
 */
export function reminderRoutes(ctx: HttpContext): Router {
  const r = Router();
  r.get('/reminders/today', requirePermission('reminders', 'view'), (_req, res) => {
    res.json({ data: ctx.reminders.today() });
  });
  r.get('/reminders/today/count', requirePermission('reminders', 'view'), (_req, res) => {
    res.json({ data: ctx.reminders.todayCount() });
  });
  r.get('/reminders/days', requirePermission('reminders', 'view'), (req, res) => {
    const q = parseInput(rangeQuery, req.query);
    res.json({ data: ctx.reminders.days(q.from, q.to) });
  });
  r.get('/reminders/rules', requirePermission('reminders', 'view'), (_req, res) => {
    res.json({ data: ctx.reminders.settings.get() });
  });
  r.put('/reminders/rules', requirePermission('settings', 'edit'), (req, res) => {
    const body = parseInput(reminderRulesPatchSchema, req.body);
    res.json({ data: ctx.reminders.saveRules(authOf(res).actor, body) });
  });
  r.get('/reminders', requirePermission('reminders', 'view'), (req, res) => {
    const q = parseInput(rangeQuery, req.query);
    res.json({ data: ctx.reminders.range(q.from, q.to, q.limit) });
  });
  // Plans now rather than at the next hour (after entering many birthdays, say).
  r.post('/reminders/run', requirePermission('reminders', 'edit'), (_req, res) => {
    res.json({ data: ctx.reminders.run() });
  });
  r.post('/reminders/:id/done', requirePermission('reminders', 'edit'), (req, res) => {
    res.json({ data: ctx.reminders.done(authOf(res).actor, idParam(req.params.id)) });
  });
  r.post('/reminders/:id/reopen', requirePermission('reminders', 'edit'), (req, res) => {
    res.json({ data: ctx.reminders.reopen(authOf(res).actor, idParam(req.params.id)) });
  });
  r.post('/reminders/:id/snooze', requirePermission('reminders', 'edit'), (req, res) => {
    const body = parseInput(snoozeBody, req.body);
    res.json({ data: ctx.reminders.snooze(authOf(res).actor, idParam(req.params.id), body.until) });
  });
  r.post('/reminders/:id/called', requirePermission('reminders', 'edit'), requirePermission('contacts', 'add'), (req, res) => {
    const body = parseInput(calledBody, req.body);
    res.json({ data: ctx.reminders.called(authOf(res).actor, idParam(req.params.id), body.note, 'Called about the reminder') });
  });
  return r;
}
