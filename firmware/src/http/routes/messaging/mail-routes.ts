import { Router } from 'express';
import { mailTestSchema, smtpSettingsSchema } from '../../../mail/mail-service.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { parseInput } from '../../validate.js';

/** E-mail (S6): the SMTP server in settings and its "send test". */
export function mailRoutes(ctx: HttpContext): Router {
  const r = Router();
  r.get('/mail/settings', requirePermission('settings', 'view'), (_req, res) => {
    res.json({ data: ctx.mail.view() });
  });
  r.put('/mail/settings', requirePermission('settings', 'edit'), (req, res) => {
    res.json({ data: ctx.mail.save(authOf(res).actor, parseInput(smtpSettingsSchema, req.body)) });
  });
  r.post('/mail/test', requirePermission('settings', 'edit'), async (req, res) => {
    res.json({ data: await ctx.mail.sendTest(authOf(res).actor, parseInput(mailTestSchema, req.body).to) });
  });
  return r;
}
