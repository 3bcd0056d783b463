import type { RequestHandler } from 'express';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
};

/** The favicon, the app icon and the web manifest (ui/icons/, copied by scripts/build.mjs). */
const ICONS = ['icon.svg', 'icon-192.png', 'icon-512.png', 'apple-touch-icon.png', 'manifest.webmanifest'];
/** The barcode reader's WebAssembly (ui/src/components/till/barcode-detect.ts), fetched only by Scan. */
const WASM = ['zxing_reader.wasm'];

/** Small files on a LAN: always revalidate, so an update is seen at once. */
const REVALIDATE = 'no-cache';
/** A chunk's name carries a hash of its content: a new build makes new names, so keep it for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** esbuild's chunk names (scripts/build.mjs: `chunks/[name]-[hash]`): only these, so nothing else in the folder is served. */
const CHUNK_NAME = /^[A-Za-z0-9_-]+-[A-Z0-9]{8,}\.js$/;

interface Asset {
  type: string;
  body: Buffer;
  gz: Buffer | null;
  cacheControl: string;
}

/**
 * Serves the built UI from memory, pre-compressed at build time (no compression at run
 * time, and none on the SSE route). Unknown non-API paths get index.html (hash routing).
 * Only the files found at start are served, by exact path (index.html, app.js, styles.css
 * and the hashed chunks under chunks/, e.g. each language's catalog): a request is never
 * turned into a file path, so nothing outside the UI folder can be reached.
 */
export function staticUi(uiDir: string): RequestHandler {
  const assets = new Map<string, Asset>();
  const add = (name: string, cacheControl: string) => {
    const file = join(uiDir, name);
    if (!existsSync(file)) return;
    assets.set('/' + name, {
      type: TYPES[extname(name)]!,
      body: readFileSync(file),
      gz: existsSync(file + '.gz') ? readFileSync(file + '.gz') : null,
      cacheControl,
    });
  };
  for (const name of ['index.html', 'app.js', 'styles.css', ...ICONS, ...WASM]) add(name, REVALIDATE);
  const chunks = join(uiDir, 'chunks');
  if (existsSync(chunks)) {
    for (const entry of readdirSync(chunks, { withFileTypes: true })) {
      if (entry.isFile() && CHUNK_NAME.test(entry.name)) add('chunks/' + entry.name, IMMUTABLE);
    }
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
    res.setHeader('Cache-Control', asset.cacheControl);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (asset.gz && /\bgzip\b/.test(req.get('accept-encoding') ?? '')) {
      res.setHeader('Content-Encoding', 'gzip');
      res.end(req.method === 'HEAD' ? undefined : asset.gz);
    } else {
      res.end(req.method === 'HEAD' ? undefined : asset.body);
    }
  };
}
