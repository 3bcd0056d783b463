import { Router } from 'express';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { parseInput } from '../../validate.js';
import { shareInputSchema } from '../../../mirror/share-settings.js';
import { adminOnly } from './simulator-routes.js';

/**
 * The mirror to the studio PC's shared folder (H4). Its status is for whoever sees the status
 * page; the share's settings (a password behind them) and its controls are for admins. The
 * password goes in, never out.
 */
export function mirrorRoutes(ctx: HttpContext): Router {
  const r = Router();

  r.get('/mirror', requirePermission('ingest', 'view'), (_req, res) => {
    res.json({ data: ctx.mirror.status() });
  });
  r.get('/mirror/share', adminOnly, async (_req, res) => {
    res.json({ data: await ctx.mirror.settings.get() });
  });
  r.put('/mirror/share', adminOnly, async (req, res) => {
    const input = parseInput(shareInputSchema, req.body);
    res.json({ data: await ctx.mirror.saveShare(authOf(res).actor, input) });
  });
  r.post('/mirror/share/test', adminOnly, async (req, res) => {
    const input = parseInput(shareInputSchema, req.body);
    res.json({ data: await ctx.mirror.test(input) });
  });
  r.post('/mirror/recheck', adminOnly, (_req, res) => {
    res.json({ data: ctx.mirror.recheckAll(authOf(res).actor) });
  });

  return r;
}
