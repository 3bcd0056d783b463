import { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { ForbiddenError } from '../../../errors.js';
import { authOf, requireLogin, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

const startBody = z.object({ customerId: z.number().int().positive().nullable().optional() }).strict();

/** Starting, pausing and acknowledging touch both disks of the whole studio: admins only. */
const requireAdmin: RequestHandler = (_req, res, next) => {
  if (!authOf(res).actor.isAdmin) throw new ForbiddenError('only an admin can do this');
  next();
};

/** The scrub of both disks (issue 12): status for the status page, controls for admins. */
export function scrubRoutes(ctx: HttpContext): Router {
  const r = Router();

  r.get('/scrub', requirePermission('ingest', 'view'), (_req, res) => {
    res.json({ data: ctx.scrub.status() });
  });
  // Every screen shows the "no good copy" alarm count (the banner); it names no customer.
  r.get('/scrub/alarm', requireLogin, (_req, res) => {
    res.json({ data: { open: ctx.scrub.store.alarms().length } });
  });
  r.post('/scrub/runs', requireAdmin, (req, res) => {
    const body = parseInput(startBody, req.body ?? {});
    res.status(201).json({ data: ctx.scrub.request('admin', body.customerId ?? null, authOf(res).actor) });
  });
  r.post('/scrub/pause', requireAdmin, (_req, res) => {
    res.json({ data: ctx.scrub.pause(authOf(res).actor) });
  });
  r.post('/scrub/resume', requireAdmin, (_req, res) => {
    res.json({ data: ctx.scrub.resume(authOf(res).actor) });
  });
  r.post('/scrub/cancel', requireAdmin, (_req, res) => {
    res.json({ data: ctx.scrub.cancel(authOf(res).actor) });
  });
  r.post('/scrub/findings/:id/acknowledge', requireAdmin, (req, res) => {
    res.json({ data: ctx.scrub.acknowledge(authOf(res).actor, idParam(req.params.id)) });
  });

  return r;
}
