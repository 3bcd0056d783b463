import { Router } from 'express';
import { z } from 'zod';
import { billBodySchema } from '../../../till/bill-schemas.js';
import { priceItemCreateSchema, priceItemPatchSchema } from '../../../till/price-list-service.js';
import { authOf, requireAnyPermission, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

const priceQuery = z.object({ active: z.enum(['1', '0']).optional() }).strict();

/**
 * The till (F1): the price list (read by the desk that bills and by whoever sees the
 * settings; changed with settings:edit, it is part of how the studio is set up) and bills.
 */
export function tillRoutes(ctx: HttpContext): Router {
  const r = Router();

  r.get('/price-items', requireAnyPermission(['finance', 'view'], ['settings', 'view']), (req, res) => {
    const q = parseInput(priceQuery, req.query);
    res.json({ data: ctx.priceList.list(q.active === '1') });
  });
  r.post('/price-items', requirePermission('settings', 'edit'), (req, res) => {
    const body = parseInput(priceItemCreateSchema, req.body);
    res.status(201).json({ data: ctx.priceList.create(authOf(res).actor, body) });
  });
  r.patch('/price-items/:id', requirePermission('settings', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const body = parseInput(priceItemPatchSchema, req.body);
    res.json({ data: ctx.priceList.patch(authOf(res).actor, id, body) });
  });

  // A bill and the payments taken with it are money taken: finance:add. The discount limit is
  // checked by the service against the user's groups.
  r.post('/orders/:id/bill', requirePermission('finance', 'add'), (req, res) => {
    const id = idParam(req.params.id);
    const body = parseInput(billBodySchema, req.body);
    res.status(201).json({ data: ctx.bills.create(authOf(res).actor, id, body) });
  });
  r.get('/orders/:id/bill', requirePermission('finance', 'view'), (req, res) => {
    res.json({ data: ctx.bills.forOrder(idParam(req.params.id)) });
  });

  return r;
}
