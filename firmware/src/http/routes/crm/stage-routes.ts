import { Router } from 'express';
import { z } from 'zod';
import { BUSINESS_TYPES } from '../../../api-types.js';
import { lineText } from '../../../util/text-schemas.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

const boardQuery = z.object({
  staff: lineText(100).optional(),
  tag: lineText(40).optional(),
  businessType: z.enum(BUSINESS_TYPES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const direction = z.enum(['next', 'back']);
const instant = z.iso.datetime({ offset: true });
const moveBody = z.object({ direction, dueAt: instant.nullable().optional() }).strict();
const timesBody = z
  .object({ addedAt: instant.optional(), dueAt: instant.nullable().optional() })
  .strict()
  .refine((b) => b.addedAt !== undefined || b.dueAt !== undefined, { message: 'nothing to change', when: (ctx) => ctx.issues.length === 0 });

/** The stage board (C2): read with customers:view, moves and corrections with customers:edit. */
export function stageRoutes(ctx: HttpContext): Router {
  const r = Router();
  r.get('/stages', requirePermission('customers', 'view'), (req, res) => {
    res.json({ data: ctx.stages.board(parseInput(boardQuery, req.query)) });
  });
  r.get('/customers/:id/stage/preview', requirePermission('customers', 'view'), (req, res) => {
    const { direction: d } = parseInput(z.object({ direction }), req.query);
    res.json({ data: ctx.stages.preview(idParam(req.params.id), d) });
  });
  r.post('/customers/:id/stage/move', requirePermission('customers', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const body = parseInput(moveBody, req.body);
    ctx.stages.move(authOf(res).actor, id, body.direction, body.dueAt);
    res.json({ data: ctx.customers.get(id) });
  });
  r.patch('/customers/:id/stage', requirePermission('customers', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const body = parseInput(timesBody, req.body);
    ctx.stages.setTimes(authOf(res).actor, id, body);
    res.json({ data: ctx.customers.get(id) });
  });
  return r;
}
