import { Router } from 'express';
import { authOf, requireLogin } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';

/** GET /api/dashboard (R1): every logged-in user; each part only for those with its right (dashboard-service.ts). */
export function dashboardRoutes(ctx: HttpContext): Router {
  const r = Router();
  r.get('/dashboard', requireLogin, (_req, res) => {
    res.json({ data: ctx.dashboard.today(authOf(res).permissions) });
  });
  return r;
}
