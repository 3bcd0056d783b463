// The one way the UI talks to the box: JSON over same-origin fetch with the session
// cookie, the `{ data }` / `{ error }` envelope unwrapped, failures thrown as ApiFailure.
import type { ApiError, AppointmentCheck, PhoneMatch } from './contract';

export class ApiFailure extends Error {
  readonly code: string;
  readonly fields: { path: string; message: string }[];
  readonly duplicates: PhoneMatch[];
  /** 409 appointment_clash: the warnings and the nearest free slots. */
  readonly clash: AppointmentCheck | null;

  constructor(
    readonly status: number,
    error: ApiError,
    /** Seconds from the Retry-After header (429), else null. */
    readonly retryAfter: number | null = null,
  ) {
    super(error.message);
    this.code = error.code;
    this.fields = error.fields ?? [];
    this.duplicates = error.duplicates ?? [];
    this.clash = error.clash ?? null;
  }
}

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called when the session is gone (401 on anything but the login itself). */
export function onUnauthenticated(fn: Listener): () => void {
  unauthenticatedListeners.add(fn);
  return () => unauthenticatedListeners.delete(fn);
}

export type Query = Record<string, string | number | undefined>;

export function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(query)) {
    const v = query[key];
    if (v !== undefined && v !== '') params.set(key, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return send<T>(method, path, body === undefined ? undefined : JSON.stringify(body), body === undefined ? undefined : 'application/json');
}

/** A file's bytes as the request body (an import's upload), answered in the usual envelope. */
export async function upload<T>(path: string, file: Blob): Promise<T> {
  return send<T>('POST', path, file, 'application/octet-stream');
}

async function send<T>(method: string, path: string, body: BodyInit | undefined, type: string | undefined): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: type === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': type },
      body,
    });
  } catch {
    throw new ApiFailure(0, { code: 'network', message: 'network error' });
  }
  if (res.status === 204) return undefined as T;
  let payload: { data?: T; error?: ApiError } | null = null;
  try {
    payload = (await res.json()) as { data?: T; error?: ApiError };
  } catch {
    payload = null;
  }
  if (res.ok && payload && 'data' in payload) return payload.data as T;
  const error = payload?.error ?? { code: 'internal', message: `HTTP ${res.status}` };
  const retry = Number(res.headers.get('Retry-After'));
  const failure = new ApiFailure(res.status, error, Number.isFinite(retry) && retry > 0 ? retry : null);
  if (res.status === 401 && path !== '/api/auth/login') for (const fn of unauthenticatedListeners) fn();
  throw failure;
}
