import { Router } from 'express';
import { z } from 'zod';
import { authOf } from '../auth-middleware.js';
import type { HttpContext } from '../context.js';
import { parseInput } from '../validate.js';
import { adminOnly } from './simulator-routes.js';

const restoreBody = z.object({ confirm: z.string().max(200) }).strict();

/** Database backups and restore (A2): admins only — a backup holds every customer's data. */
export function backupRoutes(ctx: HttpContext): Router {
  const r = Router();

  r.get('/backups', adminOnly, async (_req, res) => {
    res.json({ data: await ctx.backups.list() });
  });
  r.post('/backups', adminOnly, async (_req, res) => {
    res.status(201).json({ data: await ctx.backups.backUp('admin', authOf(res).actor) });
  });
  // What a backup holds (checked: integrity, schema version), shown before a restore.
  r.get('/backups/:name', adminOnly, async (req, res) => {
    res.json({ data: await ctx.backups.inspect(String(req.params.name)) });
  });
  // The box answers, then restarts its services on the restored database.
  r.post('/backups/:name/restore', adminOnly, async (req, res) => {
    const body = parseInput(restoreBody, req.body);
    const contents = await ctx.backups.restore(authOf(res).actor, String(req.params.name), body.confirm);
    res.on('finish', () => ctx.backups.restartNow());
    res.status(202).json({ data: contents });
  });

  return r;
}
