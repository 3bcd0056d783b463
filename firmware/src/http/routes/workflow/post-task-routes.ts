import { Router } from 'express';
import { can } from '../../../auth/permissions.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam } from '../../validate.js';

/**
 * Post-production tasks (O4, docs/workflow.md): the list (anyone's or "me", workflow:view), new
 * tasks and any change (workflow:edit); with workflow:view alone, the state of one's own task.
 */
export function postTaskRoutes(ctx: HttpContext): Router {
  const r = Router();
  r.get('/post-tasks', requirePermission('workflow', 'view'), (req, res) => {
    res.json({ data: ctx.postTasks.list(authOf(res).actor, req.query) });
  });
  r.post('/post-tasks', requirePermission('workflow', 'edit'), (req, res) => {
    res.status(201).json({ data: ctx.postTasks.create(authOf(res).actor, req.body) });
  });
  r.patch('/post-tasks/:id', requirePermission('workflow', 'view'), (req, res) => {
    const auth = authOf(res);
    res.json({ data: ctx.postTasks.update(auth.actor, can(auth.permissions, 'workflow', 'edit'), idParam(req.params.id), req.body) });
  });
  return r;
}
