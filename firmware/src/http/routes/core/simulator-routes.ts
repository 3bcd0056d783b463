import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { ForbiddenError, NotFoundError } from '../../../errors.js';
import type { SimulatorControl } from '../../../modem/simulator-control.js';
import { authOf } from '../../auth-middleware.js';
import { parseInput } from '../../validate.js';

const ringBody = z
  .object({
    number: z.string().min(1).max(40),
    answer: z.boolean().optional(),
    hangUpAfterSeconds: z.number().positive().max(3600).optional(),
  })
  .strict();
const smsBody = z.object({ from: z.string().max(40), text: z.string().max(4000) }).strict();
const reportsBody = z.object({ on: z.boolean() }).strict();

/** The API's guard: the simulator is an admin's tool. */
export const adminOnly: RequestHandler = (_req, res, next) => {
  if (!authOf(res).actor.isAdmin) throw new ForbiddenError('only an admin can drive the simulated modem');
  next();
};

/**
 * The simulated modem's controls. Served to admins on the API (guard) and, without a session,
 * on the daemon's control socket in the data folder (`studio-box sim`; the folder's
 * permissions are its lock, as they are the database's).
 */
export function simulatorRoutes(control: SimulatorControl | null, guard: RequestHandler): Router {
  const r = Router();
  const need = (): SimulatorControl => {
    if (!control) throw new NotFoundError('a simulated modem (this box has a real modem or none)');
    return control;
  };
  r.get('/simulator', guard, (_req, res) => {
    res.json({ data: need().state() });
  });
  r.post('/simulator/ring', guard, (req, res) => {
    res.json({ data: need().ring(parseInput(ringBody, req.body)) });
  });
  r.post('/simulator/hang-up', guard, (_req, res) => {
    res.json({ data: need().hangUp() });
  });
  r.post('/simulator/sms', guard, (req, res) => {
    res.json({ data: need().sms(parseInput(smsBody, req.body)) });
  });
  r.put('/simulator/delivery-reports', guard, (req, res) => {
    res.json({ data: need().setDeliveryReports(parseInput(reportsBody, req.body).on) });
  });
  return r;
}
