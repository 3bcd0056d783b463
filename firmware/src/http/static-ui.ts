import type { RequestHandler } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

interface Asset {
  type: string;
  body: Buffer;
  gz: Buffer | null;
}

/**
 * Serves the built UI from memory, pre-compressed at build time (no compression at run
 * time, and none on the SSE route). Unknown non-API paths get index.html (hash routing).
 */
export function staticUi(uiDir: string): RequestHandler {
  const assets = new Map<string, Asset>();
  for (const name of ['index.html', 'app.js', 'styles.css']) {
    const file = join(uiDir, name);
    if (!existsSync(file)) continue;
    assets.set('/' + name, {
      type: TYPES[extname(name)]!,
      body: readFileSync(file),
      gz: existsSync(file + '.gz') ? readFileSync(file + '.gz') : null,
    });
  }
  const index = assets.get('/index.html');
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const asset = assets.get(req.path) ?? (req.path.includes('.') ? undefined : index);
    if (!asset) {
      if (!index && !req.path.includes('.')) {
        res.status(503).type('text/plain').send('The UI is not built. Run `npm run build` (npm install does it).');
        return;
      }
      return next();
    }
    res.setHeader('Content-Type', asset.type);
    res.setHeader('Vary', 'Accept-Encoding');
    // Small files on a LAN: always revalidate, so an update is seen at once.
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (asset.gz && /\bgzip\b/.test(req.get('accept-encoding') ?? '')) {
      res.setHeader('Content-Encoding', 'gzip');
      res.end(req.method === 'HEAD' ? undefined : asset.gz);
    } else {
      res.end(req.method === 'HEAD' ? undefined : asset.body);
    }
  };
}
