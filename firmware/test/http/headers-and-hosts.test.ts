// Headers and hosts (issue 11 item 8): a Content-Security-Policy the UI lives under, no
// framing, no referrer; a request naming a Host that is not the box's own is refused (DNS
// rebinding), before setup and for a logged-in user alike; the session cookie is Secure
// when the box is reached over HTTPS through a trusted TLS proxy.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeHost, ownHostNames } from '../../src/http/host-check.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { rowCount } from '../helpers/set-up-box.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http, because fetch will not send a Host header of our choosing. */
function raw(tb: TestBox, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: tb.box.port, method, path, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const users = (tb: TestBox) => rowCount(tb, 'users');

describe('host names (pure)', () => {
  it('compares hosts case-, bracket-, zone- and trailing-dot-blind', () => {
    expect(normalizeHost('Studio-Box.LOCAL.')).toBe('studio-box.local');
    expect(normalizeHost('[::1]')).toBe('::1');
    expect(normalizeHost('fe80::1%eth0')).toBe('fe80::1');
  });
  it("lists the box's own names: loopback, mDNS, hostname and every address", () => {
    const names = ownHostNames('Pi-Studio', ['192.168.1.50', 'fe80::ba27:ebff:fe00:1%wlan0', '127.0.0.1']);
    expect(names).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', '::1', 'studio-box.local', 'pi-studio', 'pi-studio.local', '192.168.1.50', 'fe80::ba27:ebff:fe00:1']));
    expect(names).not.toContain('evil.example');
  });
});

describe('a box on the LAN', () => {
  let tb: TestBox;
  beforeAll(async () => {
    tb = await startTestBox();
  });
  afterAll(() => tb?.close());

  it('refuses a DNS-rebinding page before setup: 421 naming what to do, and no admin is made', async () => {
    const host = `evil.example:${tb.box.port}`;
    const page = await raw(tb, 'GET', '/', { host });
    expect(page.status).toBe(421);
    expect(page.headers['content-type']).toMatch(/^text\/plain/);
    expect(page.body).toContain('does not answer to the name "evil.example"');
    expect(page.body).toContain('http.allowedHosts');
    expect(page.body).toContain('http://studio-box.local/');
    const setup = await raw(tb, 'POST', '/api/setup', { host }, JSON.stringify(SETUP));
    expect(setup.status).toBe(421);
    expect(JSON.parse(setup.body).error.code).toBe('wrong_host');
    expect(users(tb)).toBe(0);
  });

  it("answers to its own names and addresses", async () => {
    const port = tb.box.port;
    for (const host of ['localhost', '127.0.0.1', '[::1]', 'studio-box.local', 'STUDIO-BOX.local.', hostname(), `${hostname()}.local`]) {
      const r = await raw(tb, 'GET', '/api/health', { host: `${host}:${port}` });
      expect(r.status, host).toBe(200);
    }
    const lan = ownHostNames(hostname(), Object.values((await import('node:os')).networkInterfaces()).flatMap((l) => (l ?? []).map((i) => i.address)));
    for (const address of lan.filter((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a))) {
      expect((await raw(tb, 'GET', '/api/health', { host: `${address}:${port}` })).status, address).toBe(200);
    }
    expect((await raw(tb, 'GET', '/api/health', { host: '10.255.255.254' })).status).toBe(421);
  });

  it('refuses a rebinding page that carries a logged-in cookie', async () => {
    const admin = new ApiClient(tb.url);
    expect((await admin.post('/api/setup', SETUP)).status).toBe(201);
    const cookie = admin.sessionCookie!;
    expect((await raw(tb, 'GET', '/api/customers', { host: '127.0.0.1', cookie })).status).toBe(200);
    const evil = await raw(tb, 'GET', '/api/customers', { host: 'rebind.attacker.test', cookie });
    expect(evil.status).toBe(421);
    expect(evil.body).not.toContain('items');
    const write = await raw(tb, 'POST', '/api/customers', { host: 'rebind.attacker.test', cookie, origin: 'http://rebind.attacker.test' }, JSON.stringify({ name: 'x' }));
    expect(write.status).toBe(421);
  });

  it('sends a CSP without inline script, no framing, no referrer, on pages and API answers', async () => {
    for (const path of ['/', '/app.js', '/api/health', '/api/nothing-here']) {
      const r = await raw(tb, 'GET', path, { host: '127.0.0.1' });
      const csp = String(r.headers['content-security-policy']);
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      // WebAssembly only (the Scan button's barcode reader), never eval of JavaScript.
      expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';");
      expect(csp.replace("'wasm-unsafe-eval'", '')).not.toContain('unsafe-eval');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('the built page has no inline script, style or event handler', () => {
    const html = readFileSync(join(tb.box.ctx.uiDir, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\ssrc="\/[^"]+"/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
  });
});

describe('extra names and a TLS proxy', () => {
  let tb: TestBox;
  beforeAll(async () => {
    tb = await startTestBox({ config: { http: { host: '127.0.0.1', port: 0, allowedHosts: ['Box.Studio.lan'], trustProxy: 'loopback' } } });
    await new ApiClient(tb.url).post('/api/setup', SETUP);
  });
  afterAll(() => tb?.close());

  const login = (headers: Record<string, string>) =>
    raw(tb, 'POST', '/api/auth/login', { host: '127.0.0.1', ...headers }, JSON.stringify({ username: SETUP.admin.username, password: SETUP.admin.password }));

  it('answers to a name in http.allowedHosts', async () => {
    expect((await raw(tb, 'GET', '/api/health', { host: 'box.studio.lan' })).status).toBe(200);
    expect((await raw(tb, 'GET', '/api/health', { host: 'other.studio.lan' })).status).toBe(421);
  });

  it('sets the cookie Secure when the trusted proxy says HTTPS, not otherwise', async () => {
    const https = await login({ 'x-forwarded-proto': 'https' });
    expect(https.status).toBe(200);
    expect(String(https.headers['set-cookie'])).toMatch(/;\s*Secure/);
    const plain = await login({});
    expect(plain.status).toBe(200);
    expect(String(plain.headers['set-cookie'])).not.toMatch(/Secure/);
  });

  it("checks the proxy's X-Forwarded-Host like a Host", async () => {
    expect((await raw(tb, 'GET', '/api/health', { host: '127.0.0.1', 'x-forwarded-host': 'evil.example' })).status).toBe(421);
    expect((await raw(tb, 'GET', '/api/health', { host: '127.0.0.1', 'x-forwarded-host': 'box.studio.lan' })).status).toBe(200);
  });
});

describe('without a trusted proxy', () => {
  let tb: TestBox;
  beforeAll(async () => {
    tb = await startTestBox();
    await new ApiClient(tb.url).post('/api/setup', SETUP);
  });
  afterAll(() => tb?.close());

  it("a client's own X-Forwarded-* headers change nothing", async () => {
    const r = await raw(tb, 'POST', '/api/auth/login', { host: '127.0.0.1', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'studio-box.local' }, JSON.stringify({ username: SETUP.admin.username, password: SETUP.admin.password }));
    expect(r.status).toBe(200);
    expect(String(r.headers['set-cookie'])).not.toMatch(/Secure/);
    expect((await raw(tb, 'GET', '/api/health', { host: 'evil.example', 'x-forwarded-host': 'studio-box.local' })).status).toBe(421);
  });
});
