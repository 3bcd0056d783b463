import { Router } from 'express';
import { z } from 'zod';
import { groupCreateSchema, groupPatchSchema } from '../../auth/group-service.js';
import { userCreateSchema, userPatchSchema } from '../../auth/user-service.js';
import { studioSettingsSchema } from '../../settings/settings-service.js';
import { authOf, requireLogin, requirePermission } from '../auth-middleware.js';
import type { HttpContext } from '../context.js';
import { idParam, parseInput } from '../validate.js';

const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional(),
  entity: z.string().max(40).optional(),
  userId: z.coerce.number().int().positive().optional(),
});

/** Studio settings, users, groups and the audit log (A1, A3). */
export function adminRoutes(ctx: HttpContext): Router {
  const r = Router();

  r.get('/settings', requireLogin, (_req, res) => {
    res.json({ data: ctx.settings.require() });
  });
  r.put('/settings', requirePermission('settings', 'edit'), (req, res) => {
    const input = parseInput(studioSettingsSchema, req.body);
    res.json({ data: ctx.db.transaction(() => ctx.settings.save(authOf(res).actor, input))() });
  });

  r.get('/users', requirePermission('users', 'view'), (_req, res) => {
    res.json({ data: ctx.users.list() });
  });
  r.get('/users/:id', requirePermission('users', 'view'), (req, res) => {
    res.json({ data: ctx.users.get(idParam(req.params.id)) });
  });
  r.post('/users', requirePermission('users', 'add'), async (req, res) => {
    res.status(201).json({ data: await ctx.users.create(authOf(res).actor, parseInput(userCreateSchema, req.body)) });
  });
  r.patch('/users/:id', requirePermission('users', 'edit'), async (req, res) => {
    const id = idParam(req.params.id);
    const patch = parseInput(userPatchSchema, req.body);
    const user = await ctx.users.update(authOf(res).actor, id, patch);
    // A new password ends the old one's lock: the user can log in with it at once.
    if (patch.password) ctx.throttle.clearUser(user.username);
    res.json({ data: user });
  });
  r.delete('/users/:id', requirePermission('users', 'delete'), (req, res) => {
    ctx.users.delete(authOf(res).actor, idParam(req.params.id));
    res.status(204).end();
  });

  r.get('/groups', requirePermission('users', 'view'), (_req, res) => {
    res.json({ data: ctx.groups.list() });
  });
  r.get('/groups/:id', requirePermission('users', 'view'), (req, res) => {
    res.json({ data: ctx.groups.get(idParam(req.params.id)) });
  });
  r.post('/groups', requirePermission('users', 'add'), (req, res) => {
    res.status(201).json({ data: ctx.groups.create(authOf(res).actor, parseInput(groupCreateSchema, req.body)) });
  });
  r.patch('/groups/:id', requirePermission('users', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    res.json({ data: ctx.groups.update(authOf(res).actor, id, parseInput(groupPatchSchema, req.body)) });
  });
  r.delete('/groups/:id', requirePermission('users', 'delete'), (req, res) => {
    ctx.groups.delete(authOf(res).actor, idParam(req.params.id));
    res.status(204).end();
  });

  r.get('/audit', requirePermission('audit', 'view'), (req, res) => {
    res.json({ data: ctx.audit.list(parseInput(auditQuery, req.query)) });
  });

  return r;
}
