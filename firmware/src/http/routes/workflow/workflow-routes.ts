import { Router } from 'express';
import { boardQuerySchema, moveSchema, stagesSchema } from '../../../workflow/workflow-service.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

/**
 * The order workflow (O2, docs/workflow.md): the stage list (read with workflow:view, defined
 * with settings:edit), the board of open orders and the one-action move (workflow:edit).
 */
export function workflowRoutes(ctx: HttpContext): Router {
  const r = Router();
  r.get('/workflow/stages', requirePermission('workflow', 'view'), (_req, res) => {
    res.json({ data: ctx.workflow.stages() });
  });
  r.put('/workflow/stages', requirePermission('settings', 'edit'), (req, res) => {
    const body = parseInput(stagesSchema, req.body);
    res.json({ data: ctx.workflow.saveStages(authOf(res).actor, body) });
  });
  r.get('/workflow/board', requirePermission('workflow', 'view'), (req, res) => {
    const q = parseInput(boardQuerySchema, req.query);
    res.json({ data: ctx.workflow.board(q) });
  });
  r.post('/workflow/orders/:id/move', requirePermission('workflow', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const body = parseInput(moveSchema, req.body);
    res.json({ data: ctx.workflow.move(authOf(res).actor, id, body) });
  });
  return r;
}
