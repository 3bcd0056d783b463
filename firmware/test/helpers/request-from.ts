// An HTTP request from a chosen source address (127.0.0.2, 127.0.0.3 … are all loopback on
// Linux): for the per-address login rules, which `fetch` cannot exercise.
import { request } from 'node:http';

export interface FromResponse<T = any> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { data?: T; error?: { code: string; message: string } };
}

export function requestFrom<T = any>(baseUrl: string, localAddress: string, method: string, path: string, body?: unknown, cookie?: string): Promise<FromResponse<T>> {
  const url = new URL(path, baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        localAddress,
        agent: false,
        headers: {
          origin: url.origin,
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(cookie ? { cookie } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : {} }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** POST /api/auth/login from `localAddress`. */
export const loginFrom = (baseUrl: string, localAddress: string, username: string, password: string) =>
  requestFrom(baseUrl, localAddress, 'POST', '/api/auth/login', { username, password });
