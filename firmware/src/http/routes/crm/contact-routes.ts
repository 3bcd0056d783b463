import { Router } from 'express';
import { z } from 'zod';
import { contactBodySchema } from '../../../crm/contact-service.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Contact records (C3), under their customer. */
export function contactRoutes(ctx: HttpContext): Router {
  const r = Router();

  r.get('/customers/:id/contacts', requirePermission('contacts', 'view'), (req, res) => {
    const id = idParam(req.params.id);
    const { limit } = parseInput(listQuery, req.query);
    res.json({ data: ctx.contacts.list(id, limit) });
  });
  r.post('/customers/:id/contacts', requirePermission('contacts', 'add'), (req, res) => {
    const customerId = idParam(req.params.id);
    const body = parseInput(contactBodySchema, req.body);
    res.status(201).json({ data: ctx.contacts.add(authOf(res).actor, { ...body, customerId }) });
  });

  return r;
}
