// A tiny cookie-keeping client for API tests over real HTTP, speaking the { data } / { error } envelope.
import type { ApiError } from '../../src/api-types.js';

export interface ApiResponse<T = unknown> {
  status: number;
  data: T;
  error: ApiError | undefined;
  headers: Headers;
}

export class ApiClient {
  private cookie: string | null = null;

  constructor(
    readonly baseUrl: string,
    /** Sent as Origin on every request, as a browser on the box's page would. */
    private readonly origin: string | null = baseUrl.replace(/\/$/, ''),
  ) {}

  async call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.origin && method !== 'GET' ? { origin: this.origin } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? null : pair;
    }
    const text = await res.text();
    const json = text ? (JSON.parse(text) as { data?: T; error?: ApiError }) : {};
    return { status: res.status, data: json.data as T, error: json.error, headers: res.headers };
  }

  get<T = any>(path: string) {
    return this.call<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.call<T>('POST', path, body ?? {});
  }
  patch<T = any>(path: string, body: unknown) {
    return this.call<T>('PATCH', path, body);
  }
  put<T = any>(path: string, body: unknown) {
    return this.call<T>('PUT', path, body);
  }
  delete<T = any>(path: string) {
    return this.call<T>('DELETE', path);
  }

  get sessionCookie(): string | null {
    return this.cookie;
  }
}

export const SETUP = {
  studioName: 'Ánh Dương Studio',
  language: 'en',
  timeZone: 'Asia/Shanghai',
  currency: 'CNY',
  country: 'CN',
  admin: { username: 'admin', displayName: 'Boss', password: 'correct horse 1' },
} as const;
