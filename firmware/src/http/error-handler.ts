import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ApiError } from '../api-types.js';
import { AppError, DuplicatePhoneError, ThrottledError, ValidationError } from '../errors.js';
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
      if (err instanceof ThrottledError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    } else if (isBodyParserError(err)) {
      status = err.status;
      body = { code: 'validation', message: `request body: ${err.message}`, fields: [{ path: '(body)', message: err.message }] };
    } else {
      log.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
    }
    res.status(status).json({ error: body });
  };
}

// body-parser's errors (bad JSON, too large) carry a 4xx `status` and a `type`.
function isBodyParserError(err: unknown): err is { status: number; message: string; type: string } {
  if (typeof err !== 'object' || err === null || !('type' in err) || !('status' in err)) return false;
  const status = (err as { status: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

export const notFoundApi: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: `no API route ${req.method} ${req.path}` } satisfies ApiError });
};
