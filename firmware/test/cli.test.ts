// The studio-box command as a person runs it: the built bin, in a child process.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, SETUP } from './helpers/http-client.js';
import { startTestBox } from './helpers/test-box.js';
import { waitFor } from './helpers/wait-for.js';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'dist/firmware/src/cli.js');

// Every folder this suite makes lives under one root, removed at the end.
const scratch = mkdtempSync(join(tmpdir(), 'sb-cli-'));
const tmp = (prefix: string) => mkdtempSync(join(scratch, prefix));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeAll(() => {
  // The bin is built by `npm install` (prepare); build it if this checkout has not.
  if (!existsSync(bin)) spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), 'firmware'], { stdio: 'inherit' });
}, 120_000);

const run = (args: string[], env: Record<string, string> = {}, input = '') =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input, cwd: tmp('run-'), env: { PATH: process.env.PATH ?? '', ...env } });

describe('studio-box command', () => {
  it('prints help', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/studio-box serve/);
    expect(r.stdout).toMatch(/STUDIO_BOX_/);
  });

  it('as installed (bin.cjs): runs the same command with libuv\'s thread pool at 16, or what the caller set', () => {
    // A probe loaded before bin.cjs reports the setting at exit; the pool starts after bin.cjs
    // ran (bin.cts says why it is CommonJS).
    const probe = `--import=data:text/javascript,process.on('exit',()=>process.stderr.write('pool='+process.env.UV_THREADPOOL_SIZE))`;
    const viaBin = (env: Record<string, string>) =>
      spawnSync(process.execPath, [join(root, 'dist/firmware/src/bin.cjs'), '--help'], { encoding: 'utf8', cwd: tmp('bin-'), env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: probe, ...env } });
    const plain = viaBin({});
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/studio-box serve/);
    expect(plain.stderr).toBe('pool=16');
    expect(viaBin({ UV_THREADPOOL_SIZE: '5' }).stderr).toBe('pool=5');
  });

  it('refuses an unknown command or option', () => {
    expect(run(['fly']).status).toBe(2);
    expect(run(['serve', '--colour']).status).toBe(2);
  });

  it('stops on bad configuration, naming the key and the problem', () => {
    const r = run(['serve'], { STUDIO_BOX_HTTP__PORT: '99999' });
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/http\.port: .*65535/);
    const dir = tmp('cfg-');
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ modem: { kind: 'serial' } }));
    const f = run(['config', '--config', join(dir, 'c.json')]);
    expect(f.status).toBe(78);
    expect(f.stderr).toMatch(/modem\.port: required/);
  });

  it('prints the effective configuration', () => {
    const r = run(['config', '--port', '9001']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ http: { port: 9001 }, modem: { kind: 'simulator' } });
  });

  it('reset-password gives a forgotten admin a way back in', async () => {
    const dataDir = tmp('reset-');
    const tb = await startTestBox({ dataDir });
    const admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    expect(run(['reset-password', 'admin', '--data', dataDir], {}, 'short\n').status).toBe(1);
    expect(run(['reset-password', 'nobody', '--data', dataDir], {}, 'long enough pw\n').stderr).toMatch(/user "nobody" not found/);
    const r = run(['reset-password', 'admin', '--data', dataDir], {}, 'brand new secret\n');
    expect(r.status, r.stderr).toBe(0);
    expect((await admin.get('/api/auth/me')).status).toBe(401);
    const again = new ApiClient(tb.url);
    expect((await again.post('/api/auth/login', { username: 'admin', password: SETUP.admin.password })).status).toBe(401);
    expect((await again.post('/api/auth/login', { username: 'admin', password: 'brand new secret' })).status).toBe(200);
    await tb.close();
  });

  it('ingest copies a folder into the customer\'s folder on both disks, and a second time copies nothing', async () => {
    const dataDir = tmp('ingest-');
    const tb = await startTestBox({ dataDir });
    const admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    const c = (await admin.post('/api/customers', { name: 'Lê Văn Nam', phones: [{ number: '13812345678' }] })).data as { customerNo: string };
    await tb.close();
    const card = tmp('card-');
    mkdirSync(join(card, 'DCIM/100CANON'), { recursive: true });
    for (let i = 1; i <= 3; i++) writeFileSync(join(card, `DCIM/100CANON/IMG_000${i}.JPG`), Buffer.alloc(50_000 + i, i));
    const env = { STUDIO_BOX_DISKS__LIBRARY__PATH: join(dataDir, 'library'), STUDIO_BOX_DISKS__BACKUP__PATH: join(dataDir, 'backup') };
    mkdirSync(env.STUDIO_BOX_DISKS__LIBRARY__PATH, { recursive: true });
    mkdirSync(env.STUDIO_BOX_DISKS__BACKUP__PATH, { recursive: true });
    const first = run(['ingest', '--from', card, '--customer', c.customerNo, '--data', dataDir], env);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^done: 3 new files copied to library and backup, verified; 0 were already there/m);
    const again = run(['ingest', '--from', card, '--customer', c.customerNo, '--data', dataDir], env);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^done: 0 new files copied .*; 3 were already there/m);
    expect(run(['ingest', '--from', card, '--customer', 'C999999', '--data', dataDir], env).stderr).toMatch(/customer C999999 not found/);
    expect(run(['ingest', '--customer', c.customerNo, '--data', dataDir], env).status).toBe(2);
  });

  it('callerid decode prints the decoded caller ID as JSON, and a clear error for garbage', () => {
    const clip = run(['callerid', 'decode', '+CLIP: "13812345678",129,"",,"",0']);
    expect(clip.status, clip.stderr).toBe(0);
    expect(JSON.parse(clip.stdout)).toMatchObject({ ok: true, value: { source: 'clip', number: '13812345678' } });
    const bad = run(['callerid', 'decode', '80 05 02 03 31 32 33 00']);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.any(String) } });
    expect(run(['callerid']).status).toBe(2);
  });

  it('pdu encode prints the PDUs of a text, and pdu decode reads them back', () => {
    const enc = run(['pdu', 'encode', '--to', '+84912345678', '--text', 'Chào chị Hoa, ảnh đã sẵn sàng']);
    expect(enc.status, enc.stderr).toBe(0);
    const encoded = JSON.parse(enc.stdout) as { encoding: string; parts: { hex: string; tpduLength: number }[] };
    expect(encoded.encoding).toBe('ucs2');
    expect(encoded.parts).toHaveLength(1);
    const dec = run(['pdu', 'decode', encoded.parts[0]!.hex]);
    expect(dec.status, dec.stderr).toBe(0);
    expect(dec.stdout).toContain('Chào chị Hoa, ảnh đã sẵn sàng');
    expect(dec.stdout).toContain('84912345678');
    const bad = run(['pdu', 'decode', '0011000B91']);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, error: { code: expect.any(String) } });
    expect(run(['pdu', 'encode', '--to', '+84912345678']).status).toBe(2);
  });

  it('modem status says so when the box has never run with a modem here', () => {
    const r = run(['modem', 'status']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no modem status/);
    expect(run(['modem']).status).toBe(2);
    expect(run(['sms']).status).toBe(2);
  });

  // The daemon and a dozen CLI processes, each a Node start: slow on a busy 2-core machine.
  it('serve starts the box with no configuration, prints the URL and how to begin, and stops on SIGTERM', async () => {
    const cwd = tmp('serve-');
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd, env: { PATH: process.env.PATH ?? '', STUDIO_BOX_HTTP__HOST: '127.0.0.1' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 60_000);
      child.stdout.on('data', () => {
        const m = /Open (http:\/\/\S+\/)/.exec(out);
        if (m) (clearTimeout(timer), resolve(m[1]!));
      });
    });
    expect(out).toMatch(/setup wizard/);
    expect(out).toMatch(/no default password/);
    // The simulated modem (on a socat pty) is ready a moment after the URL is printed.
    const health = await waitFor(async () => {
      const h = (await (await fetch(new URL('/api/health', url))).json()) as { data: { status: string; modem: { state: string } } };
      return h.data.status === 'ok' ? h.data : null;
    }, 'health ok');
    expect(health.modem.state).toBe('simulated');
    expect(existsSync(join(cwd, 'data/studio-box.db'))).toBe(true);
    expect(existsSync(join(cwd, 'data/card-slot'))).toBe(true);

    // The support commands from a shell, beside the running daemon.
    const inData = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd, env: { PATH: process.env.PATH ?? '' } });
    const status = await waitFor(() => {
      const r = inData(['modem', 'status']);
      return r.status === 0 && /IMEI\s+867959030000001/.test(r.stdout) ? r.stdout : null;
    }, 'modem status with the IMEI');
    expect(status).toMatch(/registration\s+home/);
    expect(status).toMatch(/signal\s+CSQ 20, -73 dBm/);
    const sent = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const c = spawn(process.execPath, [bin, 'sms', 'send', '--to', '138 1234 5678', '--text', 'Ảnh của bạn đã sẵn sàng', '--wait'], { cwd, env: { PATH: process.env.PATH ?? '' } });
      let o = '';
      c.stdout.on('data', (d: Buffer) => (o += d.toString()));
      c.on('exit', (code) => resolve({ code, out: o }));
    });
    expect(sent.out).toMatch(/queued SMS 1 to \+8613812345678 \(1 part, UCS-2\)/);
    expect(sent.out).toMatch(/^(sent|delivered)$/m);
    expect(sent.code).toBe(0);
    // The simulated network reports it delivered a moment later (delivery reports are on by default).
    const list = await waitFor(() => {
      const r = inData(['sms', 'list']);
      return /delivered\s+\+8613812345678/.test(r.stdout) ? r : null;
    }, 'delivered');
    expect(list.stdout).toMatch(/outbox: 0 queued, 0 sending, 0 sent, 1 delivered/);
    expect(list.stdout).toMatch(/delivered\s+\+8613812345678\s+1p\s+Ảnh của bạn/);
    expect(inData(['sms', 'list', '--state', 'bogus']).status).toBe(2);
    expect(inData(['sms', 'send', '--to', '12', '--text', 'x']).stderr).toMatch(/--to: /);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  }, 120_000);
});
