// E-mail (S6) against real SMTP servers started here (smtp-server): the settings, a test mail
// that arrives, and each way it can fail told apart (DNS, connection, TLS, login, addresses).
import { createServer as createNetServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailTestResult, SmtpSettingsView } from '../../src/api-types.js';
import { ApiClient, userWith } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

interface Received {
  from: string;
  to: string[];
  data: string;
}

let tb: TestBox;
let admin: ApiClient;
const received: Received[] = [];
let plain: SMTPServer;
let tls: SMTPServer;
let plainPort: number;
let tlsPort: number;

function listen(server: SMTPServer): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port)));
}

/** What the servers saw go wrong on their side (a client that refused the certificate hangs up): kept, not thrown. */
const serverErrors: Error[] = [];

function smtp(secure: boolean): SMTPServer {
  const server = new SMTPServer({
    secure,
    // The plain server offers no STARTTLS, as a LAN relay may not.
    disabledCommands: secure ? [] : ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'studio' && auth.password === 'mail-secret') return cb(null, { user: 'studio' });
      cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onMailFrom(addr, _session, cb) {
      if (addr.address.startsWith('blocked@')) return cb(Object.assign(new Error('Sender not allowed'), { responseCode: 550 }));
      cb();
    },
    onRcptTo(addr, _session, cb) {
      if (addr.address.startsWith('nobody@')) return cb(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      let data = '';
      stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data });
        cb();
      });
    },
  });
  server.on('error', (e: Error) => serverErrors.push(e));
  return server;
}

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox());
  plain = smtp(false);
  tls = smtp(true);
  plainPort = await listen(plain);
  tlsPort = await listen(tls);
});
afterAll(async () => {
  await tb?.close();
  await new Promise<void>((r) => plain?.close(() => r()));
  await new Promise<void>((r) => tls?.close(() => r()));
});

const settings = (over: Record<string, unknown> = {}) => ({ host: '127.0.0.1', port: plainPort, security: 'none', user: 'studio', password: 'mail-secret', from: 'Ánh Dương Studio <studio@example.com>', ...over });
const test = async (to = 'hoa@example.com') => (await admin.post<MailTestResult>('/api/mail/test', { to })).data;

describe('e-mail settings and the test mail', () => {
  it('says the server is not set before it is', async () => {
    expect((await admin.get('/api/mail/settings')).data).toBeNull();
    expect(await test()).toMatchObject({ ok: false, reason: 'not_configured' });
  });

  it('keeps the settings, never shows the password, audits the change', async () => {
    const r = await admin.put<SmtpSettingsView>('/api/mail/settings', settings());
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data).toEqual({ host: '127.0.0.1', port: plainPort, security: 'none', user: 'studio', hasPassword: true, from: 'Ánh Dương Studio <studio@example.com>', allowInvalidCertificate: false });
    expect(JSON.stringify((await admin.get('/api/mail/settings')).data)).not.toContain('mail-secret');
    const audit = (await admin.get('/api/audit?entity=settings&limit=1')).data.items[0];
    expect(audit.summary).toBe(`e-mail server set to 127.0.0.1:${plainPort} (none)`);
    expect(JSON.stringify(audit.detail)).not.toContain('mail-secret');
  });

  it('sends a test mail that the server receives', async () => {
    const r = await test();
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, to: 'hoa@example.com' });
    const got = received.at(-1)!;
    expect(got).toMatchObject({ from: 'studio@example.com', to: ['hoa@example.com'] });
    expect(got.data).toMatch(/Subject: Studio Box test e-mail/);
    expect((await admin.get('/api/audit?entity=settings&limit=1')).data.items[0]).toMatchObject({ action: 'mail.test', summary: 'test e-mail sent to hoa@example.com' });
  });

  it('a saved password stays when the form leaves it out', async () => {
    const { password: _omit, ...withoutPassword } = settings();
    expect((await admin.put('/api/mail/settings', withoutPassword)).data.hasPassword).toBe(true);
    expect((await test()).ok).toBe(true);
  });

  it.each([
    ['a wrong password', { password: 'wrong' }, 'hoa@example.com', 'auth'],
    ['a refused recipient', {}, 'nobody@example.com', 'recipient_rejected'],
    ['a refused sender', { from: 'blocked@example.com' }, 'hoa@example.com', 'sender_rejected'],
    ['a name that does not resolve', { host: 'no-such-host.invalid' }, 'hoa@example.com', 'dns'],
    ['STARTTLS required from a server without it', { security: 'starttls' }, 'hoa@example.com', 'tls'],
  ] as const)('tells %s apart', { timeout: 60_000 }, async (_what, over, to, reason) => {
    await admin.put('/api/mail/settings', settings(over));
    const r = await test(to);
    expect(r, JSON.stringify(r)).toMatchObject({ ok: false, reason });
  });

  it('tells a port where nothing listens', { timeout: 60_000 }, async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createNetServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    await admin.put('/api/mail/settings', settings({ port: closed }));
    expect(await test()).toMatchObject({ ok: false, reason: 'connect' });
  });

  it('refuses a self-signed certificate unless told to accept it', { timeout: 60_000 }, async () => {
    await admin.put('/api/mail/settings', settings({ port: tlsPort, security: 'tls' }));
    expect(await test()).toMatchObject({ ok: false, reason: 'tls' });
    await admin.put('/api/mail/settings', settings({ port: tlsPort, security: 'tls', allowInvalidCertificate: true }));
    const r = await test('lan@example.com');
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
    expect(received.at(-1)!.to).toEqual(['lan@example.com']);
  });

  it('refuses bad settings with the field named, and needs the settings rights', async () => {
    const bad = await admin.put('/api/mail/settings', settings({ from: 'not an address', port: 0, security: 'ssl' }));
    expect(bad.status).toBe(400);
    expect(bad.error?.fields?.map((f) => f.path).sort()).toEqual(['from', 'port', 'security']);
    expect((await admin.post('/api/mail/test', { to: 'x' })).status).toBe(400);
    const viewer = await userWith(admin, 'viewer', { settings: ['view'] });
    expect((await viewer.client.get('/api/mail/settings')).status).toBe(200);
    expect((await viewer.client.put('/api/mail/settings', settings())).status).toBe(403);
    expect((await viewer.client.post('/api/mail/test', { to: 'hoa@example.com' })).status).toBe(403);
  });
});
