import { Router } from 'express';
import { z } from 'zod';
import { CUSTOMER_PAGE_MAX, STAGES } from '../../../api-types.js';
import { customerCreateSchema, customerPatchSchema } from '../../../crm/customer-schemas.js';
import { lineText } from '../../../util/text-schemas.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

const searchQuery = z.object({
  // A NUL or other control character is refused here (it ends the FTS5 query string early);
  // invisible format characters are dropped, as they are from the names searched.
  q: lineText(100).default(''),
  limit: z.coerce.number().int().min(1).max(CUSTOMER_PAGE_MAX).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  stage: z.enum(STAGES).optional(),
});

const phoneCheckQuery = z.object({
  phone: z.string().max(40),
  excludeId: z.coerce.number().int().positive().optional(),
});

/** Customers (C1). */
export function customerRoutes(ctx: HttpContext): Router {
  const r = Router();

  r.get('/customers', requirePermission('customers', 'view'), (req, res) => {
    const { q, limit, offset, stage } = parseInput(searchQuery, req.query);
    res.json({ data: ctx.customers.search(q, limit, offset, stage) });
  });
  r.get('/customers/phone-check', requirePermission('customers', 'view'), (req, res) => {
    const { phone, excludeId } = parseInput(phoneCheckQuery, req.query);
    res.json({ data: ctx.customers.checkPhone(phone, excludeId ?? null) });
  });
  r.get('/customers/:id', requirePermission('customers', 'view'), (req, res) => {
    res.json({ data: ctx.customers.get(idParam(req.params.id)) });
  });
  r.post('/customers', requirePermission('customers', 'add'), (req, res) => {
    res.status(201).json({ data: ctx.customers.create(authOf(res).actor, parseInput(customerCreateSchema, req.body)) });
  });
  r.patch('/customers/:id', requirePermission('customers', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    res.json({ data: ctx.customers.update(authOf(res).actor, id, parseInput(customerPatchSchema, req.body)) });
  });
  r.delete('/customers/:id', requirePermission('customers', 'delete'), (req, res) => {
    ctx.customers.delete(authOf(res).actor, idParam(req.params.id));
    res.status(204).end();
  });

  return r;
}
