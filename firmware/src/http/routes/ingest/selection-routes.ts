import { Router } from 'express';
import { thumbSheetGroups, type SelectionSession } from '../../../api-types.js';
import { markSchema, openSchema } from '../../../selection/selection-service.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';
import { notModified } from '../../not-modified.js';

/**
 * The session's grid sheets made ahead (in the sizes a grid may use: all but the full-screen
 * one), the first screens of each size first: the tablet's first look finds them made.
 */
function warmSheets(ctx: HttpContext, s: SelectionSession | null): void {
  if (!s || s.state !== 'open') return;
  const sizes = s.thumbSizes.length > 1 ? s.thumbSizes.slice(0, -1) : s.thumbSizes;
  const groups = thumbSheetGroups(s.photos);
  ctx.sheets.warm([
    ...groups.slice(0, 3).flatMap((g) => sizes.map((size) => ({ keys: g.keys, size }))),
    ...sizes.flatMap((size) => groups.slice(3).map((g) => ({ keys: g.keys, size }))),
  ]);
}

/**
 * Photo selection (O4, docs/selection.md): staff open a session for an order (photos:add), the
 * customer marks and notes on the tablet (photos:edit), finishing copies the kept originals to
 * `selected/` (photos:edit), the production sheet is printed (photos:print). The grid's
 * thumbnails come 24 to an image from /api/thumb-sheets (made ahead when a session is opened or
 * looked at), previews from /api/thumbs (both cached for good, ETag); the original only when zoomed.
 */
export function selectionRoutes(ctx: HttpContext): Router {
  const r = Router();
  r.get('/orders/:id/selection', requirePermission('photos', 'view'), async (req, res) => {
    const start = await ctx.selection.start(idParam(req.params.id));
    warmSheets(ctx, start.latestSession);
    res.json({ data: start });
  });
  r.post('/orders/:id/selection', requirePermission('photos', 'add'), async (req, res) => {
    const id = idParam(req.params.id);
    const input = parseInput(openSchema, req.body);
    const out = await ctx.selection.open(authOf(res).actor, id, input);
    warmSheets(ctx, out.session);
    res.status(out.created ? 201 : 200).json({ data: out.session });
  });
  r.get('/selections/:id', requirePermission('photos', 'view'), async (req, res) => {
    const session = await ctx.selection.get(idParam(req.params.id));
    warmSheets(ctx, session);
    res.json({ data: session });
  });
  r.put('/selections/:id/photos/:fileId', requirePermission('photos', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const fileId = idParam(req.params.fileId, 'fileId');
    const input = parseInput(markSchema, req.body);
    res.json({ data: ctx.selection.mark(authOf(res).actor, id, fileId, input) });
  });
  r.post('/selections/:id/finish', requirePermission('photos', 'edit'), async (req, res) => {
    res.json({ data: await ctx.selection.finish(authOf(res).actor, idParam(req.params.id)) });
  });
  r.get('/selections/:id/sheet', requirePermission('photos', 'print'), async (req, res) => {
    const html = await ctx.selection.sheet(idParam(req.params.id));
    // A page of its own: its one inline style block, nothing else (no script, no fetch).
    res.set({ 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" });
    res.type('text/html; charset=utf-8').send(html);
  });
  // The full-size original, only when the customer zooms in: the same bytes forever, so cached.
  r.get('/selections/:id/photos/:fileId/original', requirePermission('photos', 'view'), (req, res) => {
    const f = ctx.selection.original(idParam(req.params.id), idParam(req.params.fileId, 'fileId'));
    const etag = `"${f.hash}"`;
    res.set({ 'Cache-Control': 'private, max-age=31536000, immutable', ETag: etag });
    if (notModified(req.get('if-none-match'), etag)) return res.status(304).end();
    res.type(f.name.replace(/^.*\./, '') || 'application/octet-stream');
    res.sendFile(f.path, { dotfiles: 'allow' });
  });
  return r;
}
