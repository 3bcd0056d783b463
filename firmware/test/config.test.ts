import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromEnv, loadConfig } from '../src/config.js';
import { problemsOf } from './helpers/config-problems.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-config-'));
const tmp = () => mkdtempSync(join(scratch, 'c-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('config', () => {
  it('runs on embedded defaults with nothing given: the laptop box', () => {
    const c = loadConfig({ cwd: '/home/me/box' });
    expect(c.dataDir).toBe('/home/me/box/data');
    expect(c.http).toEqual({ host: '0.0.0.0', port: 8080, allowedHosts: [], trustProxy: false });
    expect(c.log).toEqual({ level: 'info', format: 'text' });
    expect(c.modem).toEqual({ kind: 'simulator', port: null, baudRate: 115200, simulatorSendDelayMs: 300, simulatorDeliveryReports: true });
    expect(c.mail).toEqual({ perMinute: 20, retrySeconds: 300 });
    expect(c.sms).toEqual({ perMinute: 20, maxAttempts: 5, retryBaseSeconds: 30, deliveryReports: true, incompleteAfterMinutes: 30, sendTimeoutSeconds: 60, sweepSeconds: 300 });
    expect(c.cardSource.path).toBe('/home/me/box/data/card-slot');
    expect(c.disks.library.path).toBe('/home/me/box/data/library');
    expect(c.disks.backup.path).toBe('/home/me/box/data/backup');
    expect(c.auth.maxFailedLogins).toBe(5);
  });

  it('takes a box without a modem, and SMS pacing from the environment', () => {
    const c = loadConfig({ env: { STUDIO_BOX_MODEM__KIND: 'none', STUDIO_BOX_SMS__PER_MINUTE: '6', STUDIO_BOX_SMS__DELIVERY_REPORTS: 'false' } });
    expect(c.modem.kind).toBe('none');
    expect(c.sms).toMatchObject({ perMinute: 6, deliveryReports: false });
    expect(problemsOf(() => loadConfig({ overrides: { sms: { perMinute: 0 } } }))).toEqual([expect.stringMatching(/^sms\.perMinute: /)]);
    expect(problemsOf(() => loadConfig({ overrides: { modem: { kind: 'usb' } } }))).toEqual([expect.stringMatching(/^modem\.kind: /)]);
  });

  it('layers defaults, then the file, then the environment, then overrides', () => {
    const dir = tmp();
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ http: { port: 9000, host: '127.0.0.1' }, modem: { kind: 'serial', port: '/dev/ttyS0' }, disks: { backup: { path: '/mnt/backup' } } }));
    const c = loadConfig({ file, env: { STUDIO_BOX_HTTP__PORT: '9100', STUDIO_BOX_LOG__LEVEL: 'debug', PATH: '/bin' }, overrides: { dataDir: dir } });
    expect(c.http).toEqual({ host: '127.0.0.1', port: 9100, allowedHosts: [], trustProxy: false });
    expect(c.log.level).toBe('debug');
    expect(c.modem).toMatchObject({ kind: 'serial', port: '/dev/ttyS0' });
    expect(c.disks.backup.path).toBe('/mnt/backup');
    expect(c.disks.library.path).toBe(join(dir, 'library'));
    expect(loadConfig({ file, overrides: { http: { port: 1 } } }).http.port).toBe(1);
  });

  it('takes the extra host names as a list, or comma-separated from the environment', () => {
    const c = loadConfig({ env: { STUDIO_BOX_HTTP__ALLOWED_HOSTS: 'box.lan, studio.example', STUDIO_BOX_HTTP__TRUST_PROXY: 'loopback' } });
    expect(c.http).toMatchObject({ allowedHosts: ['box.lan', 'studio.example'], trustProxy: 'loopback' });
    expect(problemsOf(() => loadConfig({ overrides: { http: { allowedHosts: [''] } } }))).toEqual([expect.stringMatching(/^http\.allowedHosts\.0: /)]);
  });

  it('maps environment names to nested keys and typed values', () => {
    expect(configFromEnv({ STUDIO_BOX_DATA_DIR: '/srv/box', STUDIO_BOX_AUTH__SESSION_IDLE_MINUTES: '30', STUDIO_BOX_MODEM__PORT: 'null', OTHER: 'x' })).toEqual({
      dataDir: '/srv/box',
      auth: { sessionIdleMinutes: 30 },
      modem: { port: null },
    });
  });

  it('stops on a bad value, naming the key and the problem', () => {
    expect(problemsOf(() => loadConfig({ env: { STUDIO_BOX_HTTP__PORT: '70000' } }))).toEqual([expect.stringMatching(/^http\.port: .*65535/)]);
    expect(problemsOf(() => loadConfig({ env: { STUDIO_BOX_HTTP__PORT: 'eighty' } }))).toEqual([expect.stringMatching(/^http\.port: .*number/)]);
    expect(problemsOf(() => loadConfig({ overrides: { modem: { kind: 'serial' } } }))).toEqual([
      'modem.port: required when modem.kind is "serial": "auto" finds the modem by itself, or a device such as /dev/serial0 or /dev/ttyUSB2',
    ]);
    expect(problemsOf(() => loadConfig({ overrides: { log: { level: 'loud' } } }))[0]).toMatch(/^log\.level: /);
  });

  it('modem.port may be "auto"; the landline modem\'s port may not', () => {
    expect(loadConfig({ overrides: { modem: { kind: 'serial', port: 'auto' } } }).modem).toMatchObject({ kind: 'serial', port: 'auto' });
    expect(loadConfig({ env: { STUDIO_BOX_MODEM__KIND: 'serial', STUDIO_BOX_MODEM__PORT: 'auto' } }).modem.port).toBe('auto');
    // A landline modem on its own port beside an auto-found GSM modem is fine.
    const both = loadConfig({ overrides: { modem: { kind: 'serial', port: 'auto' }, callerId: { analog: { port: '/dev/ttyACM0' } } } });
    expect(both.callerId.analog.port).toBe('/dev/ttyACM0');
    for (const port of ['auto', 'AUTO']) {
      expect(problemsOf(() => loadConfig({ overrides: { callerId: { analog: { port } } } }))).toEqual([
        expect.stringMatching(/^callerId\.analog\.port: cannot be "auto" \(the box cannot tell two modems apart safely\).*\/dev\/serial\/by-id/),
      ]);
    }
  });

  it('refuses unknown keys (a typo must not be silently ignored)', () => {
    expect(problemsOf(() => loadConfig({ overrides: { htpp: { port: 1 } } }))[0]).toMatch(/htpp/);
    expect(problemsOf(() => loadConfig({ env: { STUDIO_BOX_HTTP__PROT: '1' } }))[0]).toMatch(/^http\.prot/);
  });

  it('reports a missing or broken config file by its path', () => {
    const dir = tmp();
    expect(problemsOf(() => loadConfig({ file: join(dir, 'nope.json') }))[0]).toMatch(/nope\.json: ENOENT/);
    writeFileSync(join(dir, 'bad.json'), '{ "http": ');
    expect(problemsOf(() => loadConfig({ file: join(dir, 'bad.json') }))[0]).toMatch(/bad\.json: not valid JSON/);
  });
});
