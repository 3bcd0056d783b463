import { Router } from 'express';
import { z } from 'zod';
import { lineText } from '../../../util/text-schemas.js';
import { OUTBOX_STATES } from '../../../api-types.js';
import { MAX_SMS_CHARS } from '../../../modem/sms/sms-service.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

const sendBody = z
  .object({
    to: lineText(40).optional(),
    customerId: z.number().int().positive().optional(),
    text: z.string().max(MAX_SMS_CHARS * 2),
    inReplyTo: z.number().int().positive().optional(),
  })
  .strict();

const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional(),
  customerId: z.coerce.number().int().positive().optional(),
};
const outboxQuery = z.object({ ...pageQuery, state: z.enum(OUTBOX_STATES).optional() });
const inboxQuery = z.object({ ...pageQuery, unread: z.enum(['1', 'true', '0', 'false']).optional() });

/** SMS (H1, S4, S5): send, the outbox with its states, the inbox, and the modem's state. */
export function smsRoutes(ctx: HttpContext): Router {
  const r = Router();

  r.post('/sms', requirePermission('sms', 'add'), (req, res) => {
    res.status(201).json({ data: ctx.sms.send(parseInput(sendBody, req.body), authOf(res).actor) });
  });
  r.get('/sms/outbox', requirePermission('sms', 'view'), (req, res) => {
    res.json({ data: ctx.sms.listOutbox(parseInput(outboxQuery, req.query)) });
  });
  r.get('/sms/outbox/:id', requirePermission('sms', 'view'), (req, res) => {
    res.json({ data: ctx.sms.outbox.get(idParam(req.params.id)) });
  });
  r.post('/sms/outbox/:id/resend', requirePermission('sms', 'edit'), (req, res) => {
    res.json({ data: ctx.sms.resend(idParam(req.params.id), authOf(res).actor) });
  });
  r.post('/sms/outbox/:id/cancel', requirePermission('sms', 'edit'), (req, res) => {
    res.json({ data: ctx.sms.cancel(idParam(req.params.id), authOf(res).actor) });
  });
  r.get('/sms/inbox', requirePermission('sms', 'view'), (req, res) => {
    const q = parseInput(inboxQuery, req.query);
    res.json({ data: ctx.sms.listInbox({ ...q, unread: q.unread === '1' || q.unread === 'true' }) });
  });
  r.get('/sms/unread', requirePermission('sms', 'view'), (_req, res) => {
    res.json({ data: { count: ctx.sms.unreadCount() } });
  });
  // Read or not is shared by every desk: changing it is an edit, not a view.
  r.post('/sms/inbox/:id/read', requirePermission('sms', 'edit'), (req, res) => {
    res.json({ data: ctx.sms.markRead(idParam(req.params.id), authOf(res).actor) });
  });
  r.get('/modem', requirePermission('sms', 'view'), (_req, res) => {
    res.json({ data: ctx.modemStatus() });
  });

  return r;
}
