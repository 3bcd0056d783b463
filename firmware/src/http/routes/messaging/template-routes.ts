import { Router } from 'express';
import { z } from 'zod';
import { templateInputSchema, templatePatchSchema } from '../../../care/template-store.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

const valuesQuery = z.object({ customerId: z.coerce.number().int().positive() });

/** Message templates (S1), under the `templates` right: view, add, edit, delete. */
export function templateRoutes(ctx: HttpContext): Router {
  const r = Router();
  const t = ctx.care.templates;
  r.get('/care/templates', requirePermission('templates', 'view'), (_req, res) => {
    res.json({ data: t.list() });
  });
  r.get('/care/templates/:id', requirePermission('templates', 'view'), (req, res) => {
    res.json({ data: t.get(idParam(req.params.id)) });
  });
  r.post('/care/templates', requirePermission('templates', 'add'), (req, res) => {
    res.status(201).json({ data: t.create(authOf(res).actor, parseInput(templateInputSchema, req.body)) });
  });
  r.patch('/care/templates/:id', requirePermission('templates', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    res.json({ data: t.update(authOf(res).actor, id, parseInput(templatePatchSchema, req.body)) });
  });
  r.delete('/care/templates/:id', requirePermission('templates', 'delete'), (req, res) => {
    t.delete(authOf(res).actor, idParam(req.params.id));
    res.status(204).end();
  });
  // The preview shows a real customer's name, orders and points: both rights are needed.
  r.get('/care/template-values', requirePermission('templates', 'view'), requirePermission('customers', 'view'), (req, res) => {
    res.json({ data: ctx.care.valuesFor(parseInput(valuesQuery, req.query).customerId) });
  });
  return r;
}
