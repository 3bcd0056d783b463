import { Router } from 'express';
import { z } from 'zod';
import { BOX_NAME_PATTERN, LOG_LEVELS, type NetworkInfo } from '../../../api-types.js';
import { logAsText } from '../../../system/host/box-log.js';
import { AppError, ConflictError, ForbiddenError, ValidationError } from '../../../errors.js';
import { currentAddresses, currentHostname, runRename } from '../../../system/box-network.js';
import { UpdateUploads } from '../../../system/update-upload.js';
import { join } from 'node:path';
import type { RequestHandler } from 'express';
import { authOf, requireLogin, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { parseInput } from '../../validate.js';

const nameBody = z
  .object({ name: z.string().regex(BOX_NAME_PATTERN, 'a box name is 1–63 of a–z, 0–9 and "-", not starting or ending with "-"') })
  .strict();

const logQuery = z
  .object({
    level: z.enum(LOG_LEVELS).default('debug'),
    limit: z.coerce.number().int().min(1).max(2000).default(500),
  })
  .strict();

const updateQuery = z.object({
  name: z.string().max(200),
  /** The release's SHA256SUMS and SHA256SUMS.sig, base64url: small, and the body stays the file itself. */
  sha256sums: z.string().max(8000),
  signature: z.string().max(400).optional(),
});

/** An update replaces the box's software: admins only, like the scrub's controls. */
const requireAdmin: RequestHandler = (_req, res, next) => {
  if (!authOf(res).actor.isAdmin) throw new ForbiddenError('only an admin can do this');
  next();
};

/** The box on the studio network (H6): its name and addresses; renaming is a setting. Updates (admins). */
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

  // The front panel's LEDs with their reasons (the status page, any logged-in user): a fresh look,
  // so a disk unplugged a moment ago shows at once.
  r.get('/system/leds', requireLogin, async (_req, res) => {
    res.json({ data: await ctx.leds.refresh() });
  });

  // The System page (admins): the computer's readings and the daemon's recent log.
  r.get('/system/host', requireAdmin, async (_req, res) => {
    res.json({ data: await ctx.host.status() });
  });
  r.get('/system/log', requireAdmin, async (req, res) => {
    const q = parseInput(logQuery, req.query);
    res.json({ data: await ctx.host.log(q.level, q.limit) });
  });
  r.get('/system/log.txt', requireAdmin, async (req, res) => {
    const q = parseInput(logQuery, req.query);
    const read = await ctx.host.log(q.level, q.limit);
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    res.type('text/plain; charset=utf-8').attachment(`studio-box-log-${stamp}.txt`).send(logAsText(read));
  });

  const updates = new UpdateUploads({ dir: join(ctx.config.dataDir, 'updates'), command: ctx.config.system.updateCommand });
  r.get('/system/update', requireAdmin, async (_req, res) => {
    res.json({ data: await updates.status() });
  });
  r.post('/system/update', requireAdmin, async (req, res) => {
    if (req.is('application/json') || req.is('application/x-www-form-urlencoded') || req.is('multipart/form-data')) {
      throw new ValidationError([{ path: '(body)', message: 'send the release file itself as the body (Content-Type: application/octet-stream)' }]);
    }
    const q = parseInput(updateQuery, req.query);
    const sums = Buffer.from(q.sha256sums, 'base64url').toString('utf8');
    const started = await updates.receive(q.name, sums, q.signature ? Buffer.from(q.signature, 'base64url') : null, req);
    ctx.audit.record(authOf(res).actor, { action: 'update', entity: 'software', summary: `update ${started.fileName} uploaded and started`, detail: { fileName: started.fileName, sha256: started.sha256 } });
    res.status(202).json({ data: started });
  });
  return r;
}
