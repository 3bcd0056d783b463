import type { RequestHandler } from 'express';
import { AppError } from '../errors.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * State-changing requests must come from the box's own pages. Browsers send Origin (and
 * Sec-Fetch-Site) with such requests; a foreign one is refused. A request with neither
 * (curl, the CLI) carries no browser cookie risk and passes.
 */
export const originCheck: RequestHandler = (req, _res, next) => {
  if (SAFE.has(req.method)) return next();
  const site = req.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') {
    return next(new AppError(403, 'bad_origin', `cross-site request refused (Sec-Fetch-Site: ${site})`));
  }
  const origin = req.get('origin');
  if (origin !== undefined) {
    let host: string | null = null;
    try {
      host = origin === 'null' ? null : new URL(origin).host;
    } catch {
      host = null;
    }
    // req.host: the Host header, or a trusted TLS proxy's X-Forwarded-Host (http.trustProxy).
    if (host === null || host !== req.host) {
      return next(new AppError(403, 'bad_origin', `request from another origin refused (${origin})`));
    }
  }
  next();
};
