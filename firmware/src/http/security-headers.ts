import type { RequestHandler } from 'express';

/**
 * The UI is one module script, one stylesheet and its chunks, all from the box: no inline
 * script or style element (preact sets the one dynamic style through the CSSOM, which CSP
 * allows), no eval (only WebAssembly may be compiled: the Scan button's barcode reader), no other origin. The policy says exactly that, so an injected
 * `<script>` or `<img onerror>` in a customer's name would not run even if escaping failed.
 * Thumbnails are same-origin images; EventSource and fetch are same-origin connections.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // WebAssembly compiled from the box's own file (the barcode reader): no eval of JavaScript.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  // Customer ids and search words in the URL stay on the box.
  'Referrer-Policy': 'no-referrer',
  // For browsers that predate frame-ancestors: no framing, so no click-jacking.
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  // Another site's window cannot keep a handle on the box's, nor embed its images/answers.
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), payment=()',
};

/** On every answer, UI or API: the cost is a few hundred bytes per response. */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  for (const [name, value] of Object.entries(HEADERS)) res.setHeader(name, value);
  next();
};
