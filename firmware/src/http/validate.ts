import type { z } from 'zod';
import { ValidationError } from '../errors.js';

/** Parses a request body (or query) with its schema; a failure lists every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new ValidationError(
    r.error.issues.map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const path = [...issue.path.map(String), ...(keys.length === 1 ? keys : [])].join('.');
      return { path: path || '(body)', message: keys.length > 1 ? `${issue.message}` : issue.message };
    }),
  );
}

/** A positive integer id from a route parameter, or a 400 naming it. */
export function idParam(raw: string | string[] | undefined, name = 'id'): number {
  const n = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new ValidationError([{ path: name, message: 'must be a positive whole number' }]);
  return n;
}
