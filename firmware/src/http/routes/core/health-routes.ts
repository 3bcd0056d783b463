import { Router } from 'express';
import type { Health, PublicHealth } from '../../../api-types.js';
import type { HttpContext } from '../../context.js';

/** What a stranger on the LAN may know: whether each part works, nothing about where or what. */
export function publicHealth(h: Health): PublicHealth {
  return {
    status: h.status,
    db: { state: h.db.state },
    modem: { state: h.modem.state },
    cardSource: { state: h.cardSource.state },
    disks: h.disks.map((d) => ({ role: d.role, state: d.state })),
    landline: h.landline ? { state: h.landline.state } : null,
  };
}

/**
 * GET /api/health: for monitoring (no login needed) ok/degraded per part; the whole picture
 * (paths, free space, ports, card labels, errors, version) for a logged-in user's status page.
 * Mounted after the session reader, before the "setup needed" gate: it answers before setup too.
 */
export function healthRoutes(ctx: HttpContext): Router {
  const r = Router();
  r.get('/health', async (_req, res) => {
    const h = await ctx.health();
    res.json({ data: res.locals.auth ? h : publicHealth(h) });
  });
  return r;
}
