import { Router } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../../errors.js';
import { authOf } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { parseInput } from '../../validate.js';
import { adminOnly } from './simulator-routes.js';

const passphrase = z.string().max(200).nullable().optional();
const restoreBody = z.object({ confirm: z.string().max(200), passphrase }).strict();
const checkBody = z.object({ passphrase }).strict();
// The uploaded file's own name (a backup's name gives its date); optional.
const uploadQuery = z.object({ name: z.string().max(300).optional() }).strict();
// null turns encryption off; a string is checked by the service (length, no control characters).
const passphraseBody = z.object({ passphrase: z.string().max(200).nullable() }).strict();

/** Database backups and restore (A2): admins only — a backup holds every customer's data. */
export function backupRoutes(ctx: HttpContext): Router {
  const r = Router();

  r.get('/backups', adminOnly, async (_req, res) => {
    res.json({ data: await ctx.backups.list() });
  });
  r.post('/backups', adminOnly, async (_req, res) => {
    res.status(201).json({ data: await ctx.backups.backUp('admin', authOf(res).actor) });
  });
  // What a backup holds (checked: integrity, schema version), shown before a restore.
  r.get('/backups/:name', adminOnly, async (req, res) => {
    res.json({ data: await ctx.backups.inspect(String(req.params.name)) });
  });
  // The same with the passphrase of an encrypted backup (in the body: never in a URL or a log).
  r.post('/backups/:name/check', adminOnly, async (req, res) => {
    const body = parseInput(checkBody, req.body);
    res.json({ data: await ctx.backups.inspect(String(req.params.name), body.passphrase ?? null) });
  });
  // The passphrase new backups are encrypted with; the answer says only whether one is set.
  r.put('/backups/passphrase', adminOnly, async (req, res) => {
    const body = parseInput(passphraseBody, req.body);
    res.json({ data: await ctx.backups.setPassphrase(authOf(res).actor, body.passphrase) });
  });
  // A backup file uploaded to restore from: the body is the file itself, streamed to disk.
  r.post('/backups/upload', adminOnly, async (req, res) => {
    if (req.is('application/json') || req.is('application/x-www-form-urlencoded') || req.is('multipart/form-data')) {
      throw new ValidationError([{ path: '(body)', message: 'send the backup file itself as the body (Content-Type: application/octet-stream)' }]);
    }
    const q = parseInput(uploadQuery, req.query);
    const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
    res.status(201).json({ data: await ctx.backups.upload(req, Number.isFinite(declared) ? declared : null, q.name ?? null) });
  });
  r.post('/backups/uploads/:id/check', adminOnly, async (req, res) => {
    const body = parseInput(checkBody, req.body);
    res.json({ data: await ctx.backups.checkUpload(String(req.params.id), body.passphrase ?? null) });
  });
  r.post('/backups/uploads/:id/restore', adminOnly, async (req, res) => {
    const body = parseInput(restoreBody, req.body);
    const contents = await ctx.backups.restoreUpload(authOf(res).actor, String(req.params.id), body.confirm, body.passphrase ?? null);
    res.on('finish', () => ctx.backups.restartNow());
    res.status(202).json({ data: contents });
  });
  r.delete('/backups/uploads/:id', adminOnly, async (req, res) => {
    await ctx.backups.dropUpload(String(req.params.id));
    res.status(204).end();
  });
  // The box answers, then restarts its services on the restored database.
  r.post('/backups/:name/restore', adminOnly, async (req, res) => {
    const body = parseInput(restoreBody, req.body);
    const contents = await ctx.backups.restore(authOf(res).actor, String(req.params.name), body.confirm, body.passphrase ?? null);
    res.on('finish', () => ctx.backups.restartNow());
    res.status(202).json({ data: contents });
  });

  return r;
}
