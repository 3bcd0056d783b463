import { Router } from 'express';
import { z } from 'zod';
import { CALL_OUTCOMES, CALL_PAGE_MAX } from '../../../api-types.js';
import { cardFor } from '../../../events/event-rights.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(CALL_PAGE_MAX).default(50),
  before: z.coerce.number().int().positive().optional(),
  customerId: z.coerce.number().int().positive().optional(),
  outcome: z.enum(CALL_OUTCOMES).optional(),
});
const missedQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** Calls (H2): the call log, who to call back, and the calls ringing now. */
export function callRoutes(ctx: HttpContext): Router {
  const r = Router();

  r.get('/calls', requirePermission('calls', 'view'), (req, res) => {
    res.json({ data: ctx.calls.list(parseInput(listQuery, req.query)) });
  });
  r.get('/calls/missed', requirePermission('calls', 'view'), (req, res) => {
    res.json({ data: ctx.calls.missed(parseInput(missedQuery, req.query).limit) });
  });
  r.get('/calls/active', requirePermission('calls', 'view'), (_req, res) => {
    const { permissions } = authOf(res);
    res.json({ data: ctx.calls.active().map((c) => cardFor(c, permissions)) });
  });
  r.post('/calls/:id/called-back', requirePermission('calls', 'edit'), (req, res) => {
    res.json({ data: ctx.calls.markCalledBack(idParam(req.params.id), authOf(res).actor) });
  });

  return r;
}
