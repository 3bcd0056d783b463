import { formatIsoDate, localDate } from '../../../util/local-time.js';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Me, User } from '../../../api-types.js';
import { HashGate, LOGIN_HASHES } from '../../../auth/hash-gate.js';
import { DUMMY_HASH_PROMISE, verifyPassword } from '../../../auth/passwords.js';
import { BusyError, ThrottledError, UnauthenticatedError } from '../../../errors.js';
import { authOf } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { clearedSessionCookie, sessionCookie } from '../../cookies.js';
import { parseInput } from '../../validate.js';

const loginSchema = z.object({ username: z.string().trim().min(1, 'required').max(80), password: z.string().min(1, 'required').max(200) }).strict();

export function meOf(ctx: HttpContext, user: Pick<User, 'id' | 'username' | 'displayName' | 'isAdmin'>): Me {
  const now = ctx.clock();
  const settings = ctx.settings.require();
  return {
    user: { id: user.id, username: user.username, displayName: user.displayName, isAdmin: user.isAdmin },
    permissions: ctx.users.permissionsOf(user.id, user.isAdmin),
    settings,
    discountLimitPct: ctx.groups.discountLimitOf(user.id),
    clock: { now: now.toISOString(), today: formatIsoDate(localDate(now, settings.timeZone)) },
  };
}

export function startSession(ctx: HttpContext, req: Request, res: Response, user: User): Me {
  const { token } = ctx.sessions.create(user.id, `${req.socket.remoteAddress ?? ''} ${req.get('user-agent') ?? ''}`);
  res.setHeader('Set-Cookie', sessionCookie(token, ctx.config.auth.sessionMaxHours * 3600, req.secure));
  return meOf(ctx, user);
}

export function authRoutes(ctx: HttpContext): Router {
  const r = Router();

  // One gate per box: bounds the password hashes in flight (auth/hash-gate.ts).
  const hashes = new HashGate(LOGIN_HASHES);

  r.post('/auth/login', async (req, res) => {
    const { username, password } = parseInput(loginSchema, req.body);
    // req.ip: the client's address, or behind a trusted TLS proxy (http.trustProxy) the one it forwards.
    const address = req.ip ?? req.socket.remoteAddress ?? '';
    // The attempt takes its slot before the slow hash, so parallel guesses count at once.
    const slot = ctx.throttle.reserve(username, address);
    if (!slot.ok) throw new ThrottledError(slot.retryAfter);
    const attempt = slot.reservation;
    try {
      const found = ctx.users.findForLogin(username);
      // Verify against a dummy hash for unknown users so timing does not reveal which names exist.
      const stored = found?.passwordHash ?? (await DUMMY_HASH_PROMISE);
      const checking = hashes.run(address, () => verifyPassword(password, stored));
      if (!checking) throw new BusyError();
      const ok = await checking;
      if (!found || !ok || found.disabled) {
        attempt.fail();
        ctx.audit.record(found ? { id: found.id, name: found.displayName } : null, {
          action: 'login_failed',
          entity: 'session',
          summary: `failed login for "${username}" from ${address}${found?.disabled ? ' (account disabled)' : ''}`,
        });
        throw new UnauthenticatedError('wrong user name or password');
      }
      attempt.succeed();
      const user = ctx.users.get(found.id);
      const data = startSession(ctx, req, res, user);
      ctx.audit.record({ id: user.id, name: user.displayName }, { action: 'login', entity: 'session', entityId: user.id, summary: `${user.username} logged in from ${address}` });
      res.json({ data });
    } finally {
      // Not checked (busy, or an error before the verdict): the slot goes back uncounted. No-op after fail/succeed.
      attempt.release();
    }
  });

  r.post('/auth/logout', (_req, res) => {
    const auth = res.locals.auth as ReturnType<typeof authOf> | undefined;
    if (auth) {
      ctx.sessions.destroy(auth.token);
      ctx.streams.endSession(auth.token);
      ctx.audit.record(auth.actor, { action: 'logout', entity: 'session', entityId: auth.actor.id, summary: `${auth.username} logged out` });
    }
    res.setHeader('Set-Cookie', clearedSessionCookie());
    res.status(204).end();
  });

  r.get('/auth/me', (_req, res) => {
    const auth = authOf(res);
    res.json({ data: meOf(ctx, { id: auth.actor.id, username: auth.username, displayName: auth.actor.name, isAdmin: auth.actor.isAdmin }) });
  });

  return r;
}
