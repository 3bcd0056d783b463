// Thumbnail sheets (api/ingest.ts, ingest/photos/thumb-sheets.ts): many thumbnails in one
// image for the grids that scroll. Named by content, so cached for good like a thumbnail.
import { Router } from 'express';
import { NotFoundError, ValidationError } from '../../../errors.js';
import { parseSheetKeys, sheetId } from '../../../ingest/photos/thumb-sheets.js';
import { requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { notModified } from '../../not-modified.js';

export function thumbSheetRoutes(ctx: HttpContext): Router {
  const r = Router();
  r.get('/thumb-sheets/:size/:keys', requirePermission('photos', 'view'), async (req, res) => {
    const size = Number(req.params.size);
    if (!ctx.thumbs.sizes.includes(size)) throw new NotFoundError(`thumbnail size ${req.params.size} (sizes: ${ctx.thumbs.sizes.join(', ')})`);
    const parsed = parseSheetKeys(String(req.params.keys));
    if ('error' in parsed) throw new ValidationError([{ path: 'keys', message: parsed.error }]);
    const etag = `"sheet-${sheetId(parsed.keys, size)}"`;
    const cache = { 'Cache-Control': 'private, max-age=31536000, immutable', ETag: etag };
    if (notModified(req.get('if-none-match'), etag)) return res.set(cache).status(304).end();
    const s = await ctx.sheets.serve(parsed.keys, size, { waitMs: 2000 });
    if (s.status === 'not_found') throw new NotFoundError(`photo ${s.key}`);
    if (s.status === 'pending') {
      res.set('Retry-After', '2');
      return res.status(503).json({ error: { code: 'thumbnail_pending', message: `not ready yet: ${s.reason}` } });
    }
    res.set(cache).type('image/jpeg');
    return res.sendFile(s.path);
  });

  return r;
}
