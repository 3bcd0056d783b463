// Domain errors. Services throw these; the HTTP layer maps each to its status and envelope.
import type { PhoneMatch } from './api-types.js';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldProblem {
  path: string;
  message: string;
}

export class ValidationError extends AppError {
  constructor(readonly fields: FieldProblem[]) {
    super(400, 'validation', fields.map((f) => `${f.path}: ${f.message}`).join('; '));
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'not_found', `${what} not found`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict') {
    super(409, code, message);
  }
}

export class DuplicatePhoneError extends AppError {
  constructor(readonly duplicates: PhoneMatch[]) {
    super(409, 'duplicate_phone', `phone already belongs to another customer: ${duplicates.map((d) => `${d.e164} (${d.customerNo} ${d.name})`).join(', ')}`);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'you do not have permission for this') {
    super(403, 'forbidden', message);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'please log in') {
    super(401, 'unauthenticated', message);
  }
}

/** Refused for now; the answer carries Retry-After. */
export class ThrottledError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message = `too many failed logins; try again in ${retryAfterSeconds} s`,
    status = 429,
    code = 'throttled',
  ) {
    super(status, code, message);
  }
}

/** Too many password checks under way (a login flood): the box answers at once instead of queueing. */
export class BusyError extends ThrottledError {
  constructor(retryAfterSeconds = 1) {
    super(retryAfterSeconds, `the box is busy checking other logins; try again in ${retryAfterSeconds} s`, 503, 'busy');
  }
}
