import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ApiError } from '../api-types.js';
import { AppError, DuplicatePhoneError, ThrottledError, ValidationError } from '../errors.js';
import { ClashError } from '../appointments/appointment-service.js';
import type { Logger } from '../log.js';

/** Turns any thrown error into the one API envelope `{ error }` with the right status. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    let status = 500;
    let body: ApiError = { code: 'internal', message: 'internal error; see the box log' };
    if (err instanceof AppError) {
      status = err.status;
      body = { code: err.code, message: err.message };
      if (err instanceof ValidationError) body.fields = err.fields;
      if (err instanceof DuplicatePhoneError) body.duplicates = err.duplicates;
      if (err instanceof ClashError) body.clash = err.clash;
      if (err instanceof ThrottledError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    } else if (isClientError(err)) {
      // The router's bad %-escape in the path, or the body reader's (bad JSON, too large,
      // a Content-Encoding it cannot undo): the client's mistake, not the box's.
      status = err.status;
      const where = err instanceof URIError ? '(url)' : '(body)';
      const message = err instanceof URIError ? `bad %-escape in the address (${err.message})` : clientBodyMessage(err);
      body = { code: 'validation', message: `${where === '(url)' ? 'address' : 'request body'}: ${message}`, fields: [{ path: where, message }] };
    } else {
      log.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
    }
    res.status(status).json({ error: body });
  };
}

// Errors from express's own layers (http-errors style) carry a 4xx `status`: body-parser's
// (bad JSON, too large, unsupported encoding, a gzip body that is not gzip) and the router's
// URIError for a path it cannot decode.
function isClientError(err: unknown): err is Error & { status: number; type?: string; errno?: unknown } {
  if (!(err instanceof Error) || !('status' in err)) return false;
  const status = (err as { status: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function clientBodyMessage(err: Error & { type?: string; errno?: unknown }): string {
  // zlib's errors (with an errno) say "incorrect header check"; say which part was wrong.
  if (err.type === undefined && typeof err.errno === 'number') {
    return `cannot be decompressed as its Content-Encoding says (${err.message})`;
  }
  return err.message;
}

export const notFoundApi: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: `no API route ${req.method} ${req.path}` } satisfies ApiError });
};
