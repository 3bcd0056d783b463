import { Router } from 'express';
import { appointmentInputSchema, appointmentSettingsSchema, calendarQuerySchema, cancelSchema } from '../../../appointments/appointment-schemas.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

/**
 * Appointments (O3, docs/appointments.md): the calendar and the check (workflow:view), booking,
 * moving and cancelling (workflow:edit, like moving orders on the board), rooms, working hours
 * and days off (read with workflow:view, changed with settings:edit).
 */
export function appointmentRoutes(ctx: HttpContext): Router {
  const r = Router();
  r.get('/appointments/settings', requirePermission('workflow', 'view'), (_req, res) => {
    res.json({ data: ctx.appointments.settings.get() });
  });
  r.put('/appointments/settings', requirePermission('settings', 'edit'), (req, res) => {
    const body = parseInput(appointmentSettingsSchema, req.body);
    res.json({ data: ctx.appointments.settings.save(authOf(res).actor, body) });
  });
  r.get('/appointments', requirePermission('workflow', 'view'), (req, res) => {
    const q = parseInput(calendarQuerySchema, req.query);
    res.json({ data: ctx.appointments.calendar(q) });
  });
  r.post('/appointments/check', requirePermission('workflow', 'view'), (req, res) => {
    const body = parseInput(appointmentInputSchema, req.body);
    const id = req.query.id === undefined ? 0 : idParam(String(req.query.id), 'id');
    res.json({ data: ctx.appointments.check(body, id) });
  });
  r.post('/appointments', requirePermission('workflow', 'edit'), (req, res) => {
    const body = parseInput(appointmentInputSchema, req.body);
    res.status(201).json({ data: ctx.appointments.book(authOf(res).actor, body) });
  });
  r.get('/appointments/:id', requirePermission('workflow', 'view'), (req, res) => {
    res.json({ data: ctx.appointments.get(idParam(req.params.id)) });
  });
  r.put('/appointments/:id', requirePermission('workflow', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const body = parseInput(appointmentInputSchema, req.body);
    res.json({ data: ctx.appointments.update(authOf(res).actor, id, body) });
  });
  r.post('/appointments/:id/cancel', requirePermission('workflow', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const body = parseInput(cancelSchema, req.body);
    res.json({ data: ctx.appointments.cancel(authOf(res).actor, id, body.reason) });
  });
  return r;
}
