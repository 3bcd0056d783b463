import type { RequestHandler, Response } from 'express';
import type { Action, Feature, PermissionMap } from '../api-types.js';
import { can } from '../auth/permissions.js';
import type { Actor } from '../auth/user-service.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import type { HttpContext } from './context.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';

export interface Auth {
  actor: Actor;
  username: string;
  permissions: PermissionMap;
  token: string;
}

/** Reads the session cookie; sets res.locals.auth when it names a live session of an enabled user. */
export function sessionReader(ctx: HttpContext): RequestHandler {
  return (req, res, next) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    const auth = token ? resolveAuth(ctx, token) : null;
    if (auth) res.locals.auth = auth;
    next();
  };
}

/** The session's user and their rights now, or null when the session ended or the user is disabled or gone. */
export function resolveAuth(ctx: HttpContext, token: string, touch = true): Auth | null {
  const session = ctx.sessions.resolve(token, touch);
  const user = session ? safeGet(ctx, session.userId) : null;
  if (!user || user.disabled) return null;
  return {
    actor: { id: user.id, name: user.displayName, isAdmin: user.isAdmin },
    username: user.username,
    permissions: ctx.users.permissionsOf(user.id, user.isAdmin),
    token,
  };
}

function safeGet(ctx: HttpContext, id: number) {
  try {
    return ctx.users.get(id);
  } catch {
    return null;
  }
}

/** The logged-in user, or a 401. */
export function authOf(res: Response): Auth {
  const auth = res.locals.auth as Auth | undefined;
  if (!auth) throw new UnauthenticatedError();
  return auth;
}

export const requireLogin: RequestHandler = (_req, res, next) => {
  authOf(res);
  next();
};

/** For a route that either of two rights opens (reading groups: those who manage users, or groups). */
export function requireAnyPermission(...rights: [Feature, Action][]): RequestHandler {
  return (_req, res, next) => {
    const auth = authOf(res);
    if (!rights.some(([f, a]) => can(auth.permissions, f, a))) {
      throw new ForbiddenError(`you need one of: ${rights.map(([f, a]) => `the "${a}" right on "${f}"`).join(', ')}`);
    }
    next();
  };
}

/** Every API route names the right it needs; the server checks it, whatever the UI shows. */
export function requirePermission(feature: Feature, action: Action): RequestHandler {
  return (_req, res, next) => {
    const auth = authOf(res);
    if (!can(auth.permissions, feature, action)) throw new ForbiddenError(`you need the "${action}" right on "${feature}"`);
    next();
  };
}
