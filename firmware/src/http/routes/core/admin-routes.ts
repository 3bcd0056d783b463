import { Router } from 'express';
import { z } from 'zod';
import { groupCreateSchema, groupPatchSchema } from '../../../auth/group-service.js';
import { userCreateSchema, userPatchSchema } from '../../../auth/user-service.js';
import { studioSettingsSchema } from '../../../settings/settings-service.js';
import { authOf, requireAnyPermission, requireLogin, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

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
    // Their open screens reconnect with the new rights (or not at all when disabled or their sessions ended).
    if (patch.groupIds || patch.isAdmin !== undefined || patch.disabled || patch.password) ctx.streams.endUsers([id]);
    res.json({ data: user });
  });
  r.delete('/users/:id', requirePermission('users', 'delete'), (req, res) => {
    const id = idParam(req.params.id);
    ctx.users.delete(authOf(res).actor, id);
    ctx.streams.endUsers([id]);
    res.status(204).end();
  });

  // Groups are read by whoever manages users (to put them in groups) or groups; changing a
  // group changes who holds which rights, so it needs the groups right, which only admins have
  // unless an admin grants it.
  const readGroups = requireAnyPermission(['users', 'view'], ['groups', 'view']);
  r.get('/groups', readGroups, (_req, res) => {
    res.json({ data: ctx.groups.list() });
  });
  r.get('/groups/:id', readGroups, (req, res) => {
    res.json({ data: ctx.groups.get(idParam(req.params.id)) });
  });
  r.post('/groups', requirePermission('groups', 'add'), (req, res) => {
    const auth = authOf(res);
    res.status(201).json({ data: ctx.groups.create(auth.actor, auth.permissions, parseInput(groupCreateSchema, req.body)) });
  });
  r.patch('/groups/:id', requirePermission('groups', 'edit'), (req, res) => {
    const auth = authOf(res);
    const id = idParam(req.params.id);
    const patch = parseInput(groupPatchSchema, req.body);
    const group = ctx.groups.update(auth.actor, auth.permissions, id, patch);
    if (patch.permissions) ctx.streams.endUsers(group.memberIds);
    res.json({ data: group });
  });
  r.delete('/groups/:id', requirePermission('groups', 'delete'), (req, res) => {
    const auth = authOf(res);
    const id = idParam(req.params.id);
    const members = ctx.groups.get(id).memberIds;
    ctx.groups.delete(auth.actor, auth.permissions, id);
    ctx.streams.endUsers(members);
    res.status(204).end();
  });

  r.get('/audit', requirePermission('audit', 'view'), (req, res) => {
    res.json({ data: ctx.audit.list(parseInput(auditQuery, req.query)) });
  });

  return r;
}
