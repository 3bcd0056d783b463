import { Router } from 'express';
import { z } from 'zod';
import { PHOTO_KINDS } from '../../../api-types.js';
import { NotFoundError, ValidationError } from '../../../errors.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';
import { notModified } from '../../not-modified.js';
import { THUMB_GENERATOR } from '../../../ingest/photos/thumbnail-cache.js';

const startBody = z
  .object({
    cardId: z.string().min(1).max(200),
    customerId: z.number().int().positive(),
    orderLabel: z.string().trim().max(60).nullable().optional(),
    override: z.boolean().optional(),
    subfolder: z.enum(PHOTO_KINDS).optional(),
  })
  .strict();

const nextBody = z
  .object({
    customerId: z.number().int().positive().nullable(),
    orderLabel: z.string().trim().max(60).nullable().optional(),
  })
  .strict();

const jobsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  customerId: z.coerce.number().int().positive().optional(),
});

const importQuery = z.object({
  kind: z.string().min(1),
  order: z.string().min(1).max(200),
  name: z.string().min(1).max(400),
});

/** Card ingest (H3): cards, copy jobs, "next card goes to", a customer's photos and thumbnails. */
export function ingestRoutes(ctx: HttpContext): Router {
  const r = Router();
  const desk = ctx.ingestDesk;

  r.get('/ingest/cards', requirePermission('ingest', 'view'), async (_req, res) => {
    res.json({ data: await desk.cards() });
  });
  r.post('/ingest/cards/:id/eject', requirePermission('ingest', 'add'), async (req, res) => {
    await desk.eject(String(req.params.id));
    res.json({ data: { ejected: true } });
  });
  r.get('/ingest/jobs', requirePermission('ingest', 'view'), (req, res) => {
    const q = parseInput(jobsQuery, req.query);
    res.json({ data: desk.jobs({ limit: q.limit, ...(q.customerId ? { customerId: q.customerId } : {}) }) });
  });
  r.post('/ingest/jobs', requirePermission('ingest', 'add'), async (req, res) => {
    const input = parseInput(startBody, req.body);
    // The desk writes the audit line, for this copy as for one started by itself.
    const job = await desk.startFromCard(input, authOf(res).actor);
    res.status(201).json({ data: job });
  });
  r.get('/ingest/next', requirePermission('ingest', 'view'), (_req, res) => {
    res.json({ data: desk.next() });
  });
  r.put('/ingest/next', requirePermission('ingest', 'add'), (req, res) => {
    const input = parseInput(nextBody, req.body);
    res.json({ data: desk.setNext(input.customerId, input.orderLabel ?? null, authOf(res).actor) });
  });

  r.get('/customers/:id/photos', requirePermission('photos', 'view'), async (req, res) => {
    res.json({ data: await ctx.photos.list(idParam(req.params.id)) });
  });
  r.post('/customers/:id/photos/import', requirePermission('photos', 'add'), async (req, res) => {
    const id = idParam(req.params.id);
    if (req.is('application/json') || req.is('application/x-www-form-urlencoded') || req.is('multipart/form-data')) {
      throw new ValidationError([{ path: '(body)', message: 'send the file itself as the body (Content-Type: application/octet-stream)' }]);
    }
    const q = parseInput(importQuery, req.query);
    const length = Number(req.get('content-length'));
    const actor = authOf(res).actor;
    const result = await ctx.photos.importEdited({
      customerId: id,
      kind: q.kind,
      order: q.order,
      name: q.name,
      body: req,
      contentLength: Number.isFinite(length) ? length : null,
      actor,
    });
    if (result.action === 'copied') {
      ctx.audit.record(actor, { action: 'create', entity: 'photo', entityId: result.file?.id ?? null, summary: `${q.kind} ${result.name} imported for customer ${id}`, detail: { ...q, stored: result.name } });
      // To the studio PC's share too, now rather than at the mirror's next look.
      ctx.mirror.wake();
    }
    res.status(result.action === 'copied' ? 201 : 200).json({ data: result });
  });

  // Thumbnails by content hash: the same bytes always give the same picture, so they are cached for good.
  r.get('/thumbs/:key/:size', requirePermission('photos', 'view'), async (req, res) => {
    const key = String(req.params.key);
    const size = Number(req.params.size);
    if (!ctx.thumbs.sizes.includes(size)) throw new NotFoundError(`thumbnail size ${req.params.size} (sizes: ${ctx.thumbs.sizes.join(', ')})`);
    const file = /^[0-9a-f]{16,128}$/.test(key) ? ctx.photos.fileByHash(key) : null;
    if (!file) throw new NotFoundError('photo');
    // The same key, size and generator always give the same bytes: a strong validator without
    // reading the file, and a 304 without making or opening anything.
    const etag = `"${key}-${size}-g${THUMB_GENERATOR}"`;
    if (notModified(req.get('if-none-match'), etag)) {
      res.set({ 'Cache-Control': 'private, max-age=31536000, immutable', ETag: etag });
      return res.status(304).end();
    }
    const t = await ctx.thumbs.serve(ctx.photos.thumbJobOf(file), size, { waitMs: 2000 });
    if (t.status === 'ready') {
      res.set({ 'Cache-Control': 'private, max-age=31536000, immutable', ETag: etag });
      res.type('image/jpeg');
      return res.sendFile(t.path);
    }
    if (t.status === 'pending' || t.status === 'error') {
      res.set('Retry-After', '3');
      return res.status(503).json({ error: { code: 'thumbnail_pending', message: t.status === 'error' ? `not ready yet: ${t.reason}` : 'not ready yet' } });
    }
    res.status(404).json({ error: { code: 'no_thumbnail', message: t.reason } });
  });

  return r;
}
