import { Router } from 'express';
import type { Me, SetupState } from '../../../api-types.js';
import { hashPassword } from '../../../auth/passwords.js';
import { passwordSchema, usernameSchema } from '../../../auth/user-service.js';
import { AppError } from '../../../errors.js';
import { studioSettingsSchema, suggestedSettings } from '../../../settings/settings-service.js';
import { z } from 'zod';
import { nameText } from '../../../util/text-schemas.js';
import type { HttpContext } from '../../context.js';
import { parseInput } from '../../validate.js';
import { startSession } from './auth-routes.js';

const setupSchema = studioSettingsSchema
  .extend({
    admin: z
      .object({ username: usernameSchema, displayName: nameText(80), password: passwordSchema })
      .strict(),
  })
  .strict();

/** First run: the studio's settings and the first admin. There is no default password. */
export function setupRoutes(ctx: HttpContext): Router {
  const r = Router();

  r.get('/setup', (_req, res) => {
    const settings = ctx.settings.get();
    // After setup a stranger learns only that, and what the login screen shows anyway.
    const data: SetupState =
      ctx.users.count() === 0 || !settings
        ? { needed: true, defaults: settings ?? suggestedSettings() }
        : { needed: false, login: { studioName: settings.studioName, language: settings.language } };
    res.json({ data });
  });

  r.post('/setup', async (req, res) => {
    const input = parseInput(setupSchema, req.body);
    if (ctx.users.count() > 0) throw new AppError(409, 'setup_done', 'the box is already set up; log in');
    const hash = await hashPassword(input.admin.password);
    const { admin, ...settings } = input;
    // Settings and admin land together; a second wizard racing this one finds a user and stops.
    const user = ctx.db.transaction(() => {
      if (ctx.users.count() > 0) throw new AppError(409, 'setup_done', 'the box is already set up; log in');
      const user = ctx.users.createHashed(null, { ...admin, isAdmin: true }, hash);
      const actor = { id: user.id, name: user.displayName };
      ctx.settings.save(actor, settings);
      ctx.audit.record(actor, { action: 'setup', entity: 'settings', summary: `first-run setup by ${user.username}` });
      return user;
    })();
    ctx.log.info({ username: user.username }, 'first-run setup done');
    const data: Me = startSession(ctx, req, res, user);
    res.status(201).json({ data });
  });

  return r;
}
