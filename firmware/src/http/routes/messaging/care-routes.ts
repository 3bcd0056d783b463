import { Router } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../../errors.js';
import { careSettingsSchema } from '../../../care/care-settings.js';
import { normalizePhone } from '../../../crm/phone.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

const optOutBody = z.object({ optedOut: z.boolean() }).strict();

/** SMS the box sends by itself: its settings (quiet hours), and a customer's opt-out (issue 14). */
export function careRoutes(ctx: HttpContext): Router {
  const r = Router();
  r.get('/care/settings', requirePermission('settings', 'view'), (_req, res) => {
    res.json({ data: ctx.care.settings.get() });
  });
  r.put('/care/settings', requirePermission('settings', 'edit'), (req, res) => {
    const next = parseInput(careSettingsSchema, req.body);
    if (next.ownerPhone) {
      const phone = normalizePhone(next.ownerPhone, ctx.settings.country());
      if (!phone.ok) throw new ValidationError([{ path: 'ownerPhone', message: phone.error }]);
      next.ownerPhone = phone.phone.e164;
    }
    res.json({ data: ctx.care.settings.save(authOf(res).actor, next) });
  });
  r.get('/customers/:id/sms-opt-out', requirePermission('customers', 'view'), (req, res) => {
    const id = idParam(req.params.id);
    ctx.customers.get(id); // 404 for an unknown customer
    res.json({ data: { optOut: ctx.care.optOuts.get(id) } });
  });
  r.put('/customers/:id/sms-opt-out', requirePermission('customers', 'edit'), (req, res) => {
    const body = parseInput(optOutBody, req.body);
    res.json({ data: { optOut: ctx.care.optOuts.set(idParam(req.params.id), body.optedOut, authOf(res).actor) } });
  });
  return r;
}
