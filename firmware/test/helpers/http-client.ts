// A tiny cookie-keeping client for API tests over real HTTP, speaking the { data } / { error } envelope.
import type { ApiError, User } from '../../src/api-types.js';

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

/**
 * A user (named `name`, password `<name>-password-1`) in a group of their own with these
 * rights, made by `admin`, logged in on a client of their own.
 */
export async function userWith(admin: ApiClient, name: string, permissions: Record<string, string[]>): Promise<{ client: ApiClient; user: User }> {
  const g = await admin.post<{ id: number }>('/api/groups', { name: `${name} group`, permissions });
  if (g.status !== 201) throw new Error(`group for ${name}: ${g.status} ${JSON.stringify(g.error)}`);
  const password = `${name}-password-1`;
  const u = await admin.post<User>('/api/users', { username: name, displayName: name, password, groupIds: [g.data.id] });
  if (u.status !== 201) throw new Error(`user ${name}: ${u.status} ${JSON.stringify(u.error)}`);
  const client = new ApiClient(admin.baseUrl);
  const login = await client.post('/api/auth/login', { username: name, password });
  if (login.status !== 200) throw new Error(`login ${name}: ${login.status} ${JSON.stringify(login.error)}`);
  return { client, user: u.data };
}
