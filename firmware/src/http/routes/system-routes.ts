import { Router } from 'express';
import { z } from 'zod';
import { BOX_NAME_PATTERN, type NetworkInfo } from '../../api-types.js';
import { AppError, ConflictError } from '../../errors.js';
import { currentAddresses, currentHostname, runRename } from '../../system/box-network.js';
import { authOf, requireLogin, requirePermission } from '../auth-middleware.js';
import type { HttpContext } from '../context.js';
import { parseInput } from '../validate.js';

const nameBody = z
  .object({ name: z.string().regex(BOX_NAME_PATTERN, 'a box name is 1–63 of a–z, 0–9 and "-", not starting or ending with "-"') })
  .strict();

/** The box on the studio network (H6): its name and addresses; renaming is a setting. */
export function systemRoutes(ctx: HttpContext, sys = { addresses: currentAddresses, hostname: currentHostname }): Router {
  const r = Router();
  const info = (hostname = sys.hostname()): NetworkInfo => ({
    hostname,
    addresses: sys.addresses(),
    renamable: ctx.config.system.renameCommand !== null,
  });

  r.get('/system/network', requireLogin, (_req, res) => {
    res.json({ data: info() });
  });
  r.put('/system/name', requirePermission('settings', 'edit'), async (req, res) => {
    const { name } = parseInput(nameBody, req.body);
    const command = ctx.config.system.renameCommand;
    if (!command) throw new ConflictError('this box cannot rename itself (system.renameCommand is not set): its name is the computer’s', 'rename_unavailable');
    const before = sys.hostname();
    try {
      await runRename(command, name);
    } catch (err) {
      // The helper's own words (it refuses, or hostnamectl failed): the box keeps its old name.
      throw new AppError(502, 'rename_failed', `the box could not be renamed: ${(err as Error).message}`);
    }
    ctx.audit.record(authOf(res).actor, { action: 'update', entity: 'box', summary: `box renamed from ${before} to ${name}`, detail: { name, before: { name: before } } });
    res.json({ data: info(name) });
  });
  return r;
}
