import { Router } from 'express';
import { normaliseOrderNo, lookupSchema } from '../../../workflow/order-lookup.js';
import { AppError, ThrottledError } from '../../../errors.js';
import type { HttpContext } from '../../context.js';
import { parseInput } from '../../validate.js';

/**
 * A customer's own order (O2), public: POST so the order number and digits stay out of URLs,
 * browser history and any log of paths; never logged or audited. Failed guesses are throttled
 * per address as logins are (auth/login-throttle.ts, keyed by the order number, in memory).
 * "No such order" and "wrong digits" are the same 404.
 */
export function lookupRoutes(ctx: HttpContext): Router {
  const r = Router();
  r.post('/lookup', (req, res) => {
    const { orderNo, phoneLast4 } = parseInput(lookupSchema, req.body);
    const address = req.ip ?? req.socket.remoteAddress ?? '';
    const slot = ctx.lookupThrottle.reserve(normaliseOrderNo(orderNo).toLowerCase(), address);
    if (!slot.ok) throw new ThrottledError(slot.retryAfter, `too many tries; try again in ${slot.retryAfter} s`);
    const attempt = slot.reservation;
    try {
      const answer = ctx.lookup.find(orderNo, phoneLast4);
      if (!answer) {
        attempt.fail();
        throw new AppError(404, 'no_match', 'no order matches this number and phone');
      }
      attempt.succeed();
      res.json({ data: answer });
    } finally {
      attempt.release();
    }
  });
  return r;
}
